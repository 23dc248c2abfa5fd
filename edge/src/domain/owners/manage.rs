//! The owner API's domain logic: checking what owners send (shop settings, themes,
//! origins, markup rules, categories) and shaping what they read (their shop, the
//! catalogue priced for it, orders with earnings, the CSV export).
//!
//! Invariants:
//! - every owner input is checked here and refused with `invalid_field` naming the
//!   field, never stored half-checked; theme values reach the widget's CSS, so they
//!   are restricted to characters that cannot leave a CSS value;
//! - an order's earnings are the owner's part of [`commission::split`] with the
//!   platform's fee, and count only for paid, submitted, shipped or delivered orders;
//! - every CSV cell is quoted when needed and a cell starting with `= + - @` (or a tab
//!   or carriage return) gets a leading `'`, so a spreadsheet never runs it as a
//!   formula.

use crate::ports::store::{OrderSummary, ShopRecord};
use pocketshop_shared::api::Theme;
use pocketshop_shared::catalogue::{Category, SupplyProduct};
use pocketshop_shared::commission::{self, CommissionPolicy, Participants};
use pocketshop_shared::owner::{Earnings, OwnerOrder, OwnerProduct, OwnerShop};
use pocketshop_shared::pricing::{Markup, MarkupRule, PricingError, ShopPricing};
use pocketshop_shared::{ApiError, Currency, Money, OrderStatus, PaymentMethod};

/// The longest shop name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// The most origins one shop allows.
pub const MAX_ORIGINS: usize = 20;
/// The most markup rules one shop has.
pub const MAX_RULES: usize = 500;
/// The largest percentage markup, in basis points (1 000 %).
pub const MAX_PERCENT_BP: u32 = 100_000;
/// The largest fixed markup, in minor units.
pub const MAX_FIXED_AMOUNT: i64 = 10_000_000;
/// The largest corner radius, in CSS pixels.
pub const MAX_RADIUS_PX: u8 = 32;
/// The longest font list, in characters.
const MAX_FONT_CHARS: usize = 200;
/// The longest logo URL.
const MAX_LOGO_URL: usize = 2048;

fn invalid(field: &str, message: impl ToString) -> ApiError {
    ApiError::InvalidField {
        field: field.to_owned(),
        message: message.to_string(),
    }
}

/// A shop name: trimmed plain text of 1 to [`MAX_NAME_CHARS`] characters.
pub fn shop_name(raw: &str) -> Result<String, ApiError> {
    let name = raw.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(invalid(
            "name",
            format!("must be 1 to {MAX_NAME_CHARS} characters of plain text"),
        ));
    }
    Ok(name.to_owned())
}

/// One allowed origin: exactly `http(s)://host[:port]`, lowercase ASCII, no path.
pub fn origin(raw: &str) -> Result<String, ApiError> {
    let o = raw.trim();
    let bad = || {
        invalid(
            "allowed_origins",
            format!("{o:?} is not an origin like https://shop.example"),
        )
    };
    let host = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host_ok = !host.is_empty()
        && o.len() <= 200
        && crate::base::http::origin_of(o) == Some(o)
        && host.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
        });
    if host_ok {
        Ok(o.to_owned())
    } else {
        Err(bad())
    }
}

/// A shop's allowed origins: at most [`MAX_ORIGINS`], each checked, duplicates dropped.
pub fn origins(raw: &[String]) -> Result<Vec<String>, ApiError> {
    if raw.len() > MAX_ORIGINS {
        return Err(invalid(
            "allowed_origins",
            format!("at most {MAX_ORIGINS} origins"),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for o in raw {
        let o = origin(o)?;
        if !out.contains(&o) {
            out.push(o);
        }
    }
    Ok(out)
}

/// A theme the widget can apply safely: `#rrggbb`, a radius of 0 to 32 px, a font
/// list of letters, digits, spaces, `,` `-` `_` `.` `'` `"`, and an https logo URL.
pub fn theme(t: &Theme) -> Result<Theme, ApiError> {
    let colour = t.primary_colour.trim();
    let colour_ok = colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if !colour_ok {
        return Err(invalid("theme.primary_colour", "must be #rrggbb"));
    }
    if t.radius_px > MAX_RADIUS_PX {
        return Err(invalid(
            "theme.radius_px",
            format!("must be 0 to {MAX_RADIUS_PX}"),
        ));
    }
    let font = t.font.trim();
    let font_ok = !font.is_empty()
        && font.chars().count() <= MAX_FONT_CHARS
        && font
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | ',' | '-' | '_' | '.' | '\'' | '"'));
    if !font_ok {
        return Err(invalid(
            "theme.font",
            "must be a CSS font-family list (letters, digits, spaces, commas, quotes)",
        ));
    }
    let logo_url = match t.logo_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => {
            let ok = url.len() <= MAX_LOGO_URL
                && url.starts_with("https://")
                && crate::base::http::origin_of(url)
                    .is_some_and(|o| o.len() > "https://".len() && !o.contains('@'))
                && !url.chars().any(|c| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, '"' | '\'' | '(' | ')' | '<' | '>' | '\\')
                });
            if !ok {
                return Err(invalid("theme.logo_url", "must be an https:// URL"));
            }
            Some(url.to_owned())
        }
    };
    Ok(Theme {
        primary_colour: colour.to_ascii_lowercase(),
        radius_px: t.radius_px,
        font: font.to_owned(),
        logo_url,
    })
}

/// The payment methods a shop offers: at least one, duplicates dropped, order kept.
/// Only methods the deployment `offered` may be listed: a shop cannot send its
/// shoppers to a provider that is not set up (the sandbox above all, which takes no
/// money).
pub fn payment_methods(
    raw: &[PaymentMethod],
    offered: impl Fn(PaymentMethod) -> bool,
) -> Result<Vec<PaymentMethod>, ApiError> {
    let mut out: Vec<PaymentMethod> = Vec::new();
    for m in raw {
        if !offered(*m) {
            return Err(invalid(
                "payment_methods",
                format!("{} is not offered by this deployment", m.as_str()),
            ));
        }
        if !out.contains(m) {
            out.push(*m);
        }
    }
    if out.is_empty() {
        return Err(invalid("payment_methods", "must offer at least one method"));
    }
    Ok(out)
}

/// A shop's markup rules: at most [`MAX_RULES`], one per scope, amounts in range.
pub fn markup_rules(rules: &[MarkupRule]) -> Result<Vec<MarkupRule>, ApiError> {
    if rules.len() > MAX_RULES {
        return Err(invalid("rules", format!("at most {MAX_RULES} rules")));
    }
    for (i, r) in rules.iter().enumerate() {
        match r.markup {
            Markup::Percent { basis_points } if basis_points > MAX_PERCENT_BP => {
                return Err(invalid(
                    "rules",
                    format!("a percentage markup is at most {MAX_PERCENT_BP} basis points"),
                ))
            }
            Markup::Fixed { amount } if !(0..=MAX_FIXED_AMOUNT).contains(&amount) => {
                return Err(invalid(
                    "rules",
                    format!("a fixed markup is 0 to {MAX_FIXED_AMOUNT} minor units"),
                ))
            }
            _ => {}
        }
        if rules[..i].iter().any(|earlier| earlier.scope == r.scope) {
            return Err(invalid("rules", "at most one rule per scope"));
        }
    }
    Ok(rules.to_vec())
}

/// Category slugs: each one of the supplier's, duplicates dropped, display order.
pub fn categories(slugs: &[String]) -> Result<Vec<Category>, ApiError> {
    let parsed = slugs
        .iter()
        .map(|s| Category::parse(s).map_err(|e| invalid("categories", e)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Category::ALL
        .into_iter()
        .filter(|c| parsed.contains(c))
        .collect())
}

/// The shop as its owner manages it.
pub fn owner_shop(shop: &ShopRecord, public_url: &str) -> OwnerShop {
    OwnerShop {
        id: shop.id.clone(),
        name: shop.name.clone(),
        currency: shop.pricing.currency,
        locale: shop.locale,
        allowed_origins: shop.allowed_origins.clone(),
        theme: shop.theme.clone(),
        payment_methods: shop.payment_methods.clone(),
        markup: shop.pricing.rules.clone(),
        followed_categories: shop
            .selection
            .categories
            .iter()
            .map(|c| c.slug().to_owned())
            .collect(),
        picked_products: shop.selection.picked.clone(),
        daily_picks: shop.selection.daily_picks.clone(),
        snippet_origin: public_url.to_owned(),
    }
}

/// A product's cheapest variant under `pricing`: (supply, suggested, retail).
pub fn cheapest(
    pricing: &ShopPricing,
    product: &SupplyProduct,
) -> Result<(Money, Money, Money), PricingError> {
    let mut best: Option<(Money, Money, Money)> = None;
    for sku in &product.skus {
        let retail = pricing.retail_price(product, sku)?;
        if best.is_none_or(|(_, _, r)| retail.amount < r.amount) {
            best = Some((sku.supply_price, sku.suggested_price, retail));
        }
    }
    best.ok_or(PricingError::NoVariants)
}

/// One catalogue product priced for the shop, with its place in the selection.
pub fn owner_product(
    shop: &ShopRecord,
    product: &SupplyProduct,
) -> Result<OwnerProduct, PricingError> {
    let (supply_price, suggested_price, retail_price) = cheapest(&shop.pricing, product)?;
    Ok(OwnerProduct {
        id: product.id.clone(),
        title: product.title.clone(),
        category: product.category,
        image: product.images.first().cloned(),
        supply_price,
        suggested_price,
        retail_price,
        margin: retail_price.checked_sub(supply_price)?,
        selected: shop.selection.contains(product),
        picked: shop.selection.picks(&product.id),
        followed: shop.selection.follows(product.category),
        created_at: Some(product.updated_at),
    })
}

/// Whether an order's money counts as earned.
pub fn counts(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::Paid | OrderStatus::Submitted | OrderStatus::Shipped | OrderStatus::Delivered
    )
}

/// The owner's earnings on one order (zero when it does not count).
pub fn earnings(order: &OrderSummary, platform_fee_bp: u32) -> Result<Money, ApiError> {
    let zero = Money::zero(order.total.currency);
    if !counts(order.status) {
        return Ok(zero);
    }
    let policy = CommissionPolicy {
        platform_fee_bp,
        ..CommissionPolicy::default()
    };
    // A margin below zero (a supplier price rise after the order) earns nothing; it is
    // not an error the owner can act on here.
    match commission::split(
        order.subtotal,
        order.supply_cost,
        policy,
        Participants::default(),
    ) {
        Ok(split) => Ok(split.owner),
        Err(commission::CommissionError::NegativeMargin) => Ok(zero),
        Err(_) => Err(invalid("orders", "an order's amounts cannot be split")),
    }
}

/// One order as its owner lists it.
pub fn owner_order(order: &OrderSummary, platform_fee_bp: u32) -> Result<OwnerOrder, ApiError> {
    Ok(OwnerOrder {
        id: order.id.clone(),
        created_at: order.created_at,
        status: order.status,
        payment_method: order.payment_method,
        total: order.total,
        supply_cost: order.supply_cost,
        earnings: earnings(order, platform_fee_bp)?,
        member_id: order.member_id.clone(),
    })
}

/// Totals over the orders that count.
pub fn totals(
    orders: &[OrderSummary],
    currency: Currency,
    platform_fee_bp: u32,
) -> Result<Earnings, ApiError> {
    let overflow = |_| invalid("orders", "the totals are too large");
    let mut t = Earnings {
        orders: 0,
        revenue: Money::zero(currency),
        earnings: Money::zero(currency),
    };
    for o in orders
        .iter()
        .filter(|o| counts(o.status) && o.total.currency == currency)
    {
        t.orders = t.orders.saturating_add(1);
        t.revenue = t.revenue.checked_add(o.total).map_err(overflow)?;
        t.earnings = t
            .earnings
            .checked_add(earnings(o, platform_fee_bp)?)
            .map_err(overflow)?;
    }
    Ok(t)
}

/// An amount as a plain decimal string (`12.34`, `-0.05`), no symbol.
pub fn decimal(m: Money) -> String {
    let sign = if m.amount < 0 { "-" } else { "" };
    let abs = m.amount.unsigned_abs();
    let exp = m.currency.exponent();
    if exp == 0 {
        return format!("{sign}{abs}");
    }
    let unit = 10u64.pow(exp);
    format!(
        "{sign}{}.{:0width$}",
        abs / unit,
        abs % unit,
        width = exp as usize
    )
}

/// One CSV cell: formula-neutralised, then quoted when it holds `,` `"` or a newline.
pub fn csv_cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// The CSV export of a shop's orders, header row first, lines ending in CRLF.
pub fn orders_csv(orders: &[OwnerOrder]) -> String {
    let mut out = String::from(pocketshop_shared::owner::ORDERS_CSV_HEADER);
    out.push_str("\r\n");
    for o in orders {
        let cells = [
            o.id.to_string(),
            o.created_at.to_string(),
            o.status.as_str().to_owned(),
            o.payment_method.as_str().to_owned(),
            o.total.currency.code().to_owned(),
            decimal(o.total),
            decimal(o.supply_cost),
            decimal(o.earnings),
            o.member_id.clone().unwrap_or_default(),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fakes::{cny, demo_shop, sample_catalogue};
    use pocketshop_shared::pricing::MarkupScope;
    use pocketshop_shared::OrderId;

    fn summary(status: OrderStatus, subtotal: i64, supply: i64) -> OrderSummary {
        OrderSummary {
            id: OrderId::parse("PS-1").expect("valid"),
            status,
            payment_method: PaymentMethod::CashOnDelivery,
            subtotal: cny(subtotal),
            total: cny(subtotal + 800),
            supply_cost: cny(supply),
            member_id: None,
            created_at: 1,
        }
    }

    #[test]
    fn a_formula_in_a_csv_cell_is_neutralised_and_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn amounts_are_decimal_strings() {
        assert_eq!(decimal(cny(1234)), "12.34");
        assert_eq!(decimal(cny(5)), "0.05");
        assert_eq!(decimal(cny(-5)), "-0.05");
        assert_eq!(decimal(Money::new(1200, Currency::JPY)), "1200");
    }

    #[test]
    fn earnings_count_only_for_orders_that_went_ahead() {
        let paid = summary(OrderStatus::Delivered, 13_000, 10_000);
        assert_eq!(earnings(&paid, 0), Ok(cny(3_000)));
        // A 10 % platform fee on ¥130 retail leaves ¥17.
        assert_eq!(earnings(&paid, 1_000), Ok(cny(1_700)));
        for s in [
            OrderStatus::PendingPayment,
            OrderStatus::Cancelled,
            OrderStatus::Expired,
            OrderStatus::Refunded,
        ] {
            assert_eq!(earnings(&summary(s, 13_000, 10_000), 0), Ok(cny(0)));
        }
        let t = totals(
            &[paid.clone(), summary(OrderStatus::Expired, 5_000, 1_000)],
            Currency::CNY,
            0,
        )
        .expect("totals");
        assert_eq!(
            (t.orders, t.revenue, t.earnings),
            (1, cny(13_800), cny(3_000))
        );
    }

    #[test]
    fn the_csv_has_its_header_and_one_row_per_order() {
        let mut o = summary(OrderStatus::Paid, 13_000, 10_000);
        o.member_id = Some("=cmd".into());
        let csv = orders_csv(&[owner_order(&o, 0).expect("order")]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], pocketshop_shared::owner::ORDERS_CSV_HEADER);
        assert_eq!(
            lines[1],
            "PS-1,1,paid,cash_on_delivery,CNY,138.00,100.00,30.00,'=cmd"
        );
    }

    #[test]
    fn theme_values_that_could_leave_css_are_refused() {
        let ok = Theme {
            primary_colour: "#0A7F3C".into(),
            radius_px: 8,
            font: "\"PingFang SC\", system-ui".into(),
            logo_url: Some("https://cdn.example/logo.png".into()),
        };
        assert_eq!(theme(&ok).expect("valid").primary_colour, "#0a7f3c");
        let bad = [
            Theme {
                primary_colour: "red".into(),
                ..ok.clone()
            },
            Theme {
                radius_px: 200,
                ..ok.clone()
            },
            Theme {
                font: "x;}</style>".into(),
                ..ok.clone()
            },
            Theme {
                logo_url: Some("http://cdn.example/logo.png".into()),
                ..ok.clone()
            },
            Theme {
                logo_url: Some("https://x/a) url(evil".into()),
                ..ok.clone()
            },
            Theme {
                logo_url: Some("javascript:alert(1)".into()),
                ..ok.clone()
            },
        ];
        for t in bad {
            assert!(theme(&t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn origins_must_be_bare_lowercase_origins() {
        assert_eq!(
            origins(&[
                "https://shop.example".into(),
                "http://127.0.0.1:8790".into(),
                "https://shop.example".into()
            ]),
            Ok(vec![
                "https://shop.example".to_owned(),
                "http://127.0.0.1:8790".to_owned()
            ])
        );
        for bad in [
            "shop.example",
            "https://shop.example/",
            "https://Shop.example",
            "https://",
            "ftp://x",
            "https://a@b",
            "null",
        ] {
            assert!(origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn markup_rules_are_bounded_and_one_per_scope() {
        let r = |scope, bp| MarkupRule {
            scope,
            markup: Markup::Percent { basis_points: bp },
        };
        assert!(markup_rules(&[
            r(MarkupScope::Shop, 3_000),
            r(MarkupScope::Category(Category::Home), 0)
        ])
        .is_ok());
        assert!(markup_rules(&[r(MarkupScope::Shop, 3_000), r(MarkupScope::Shop, 1)]).is_err());
        assert!(markup_rules(&[r(MarkupScope::Shop, MAX_PERCENT_BP + 1)]).is_err());
        let fixed = MarkupRule {
            scope: MarkupScope::Shop,
            markup: Markup::Fixed { amount: -1 },
        };
        assert!(markup_rules(&[fixed]).is_err());
    }

    #[test]
    fn a_catalogue_product_shows_its_cheapest_price_and_margin() {
        let products = sample_catalogue(2);
        let p = owner_product(&demo_shop(), &products[0]).expect("priced");
        assert_eq!(
            (p.supply_price, p.retail_price, p.margin),
            (cny(1_000), cny(1_300), cny(300))
        );
        assert!(p.selected && p.followed && !p.picked);
    }
}
