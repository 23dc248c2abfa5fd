//! The owner API v1 wire types: what the console sends to and reads from
//! `/v1/admin/*` on the edge.
//!
//! Invariants:
//! - every route except sign-up and sign-in takes `Authorization: Bearer <token>`; a
//!   missing, expired or revoked session is `unauthorized`, and a shop owned by another
//!   owner answers exactly like a missing shop (`unknown_shop`);
//! - a shop's public selection is its picked products ∪ the products of the categories
//!   it follows; daily picks are a subset of that selection, at most
//!   [`MAX_DAILY_PICKS`], in the owner's order;
//! - money is always [`Money`] in the shop's currency; earnings are the owner's part of
//!   [`crate::commission::split`] and count only paid, submitted, shipped or delivered
//!   orders;
//! - owner text (shop names, product titles) is plain text, never HTML.
//!
//! Bodies that carry codes the edge must validate (slugs, currencies, locales, origins,
//! category slugs) keep them as `String` so a bad value is answered with
//! `invalid_field` naming the field rather than a generic decoding error.

use crate::api::Theme;
use crate::catalogue::{Category, Localized};
use crate::id::{OrderId, ProductId, ShopId};
use crate::locale::Locale;
use crate::money::{Currency, Money};
use crate::order::{OrderStatus, PaymentMethod};
use crate::pricing::MarkupRule;
use serde::{Deserialize, Serialize};

/// The shortest password accepted at sign-up, in characters.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// The longest password accepted at sign-up, in characters.
pub const PASSWORD_MAX_CHARS: usize = 200;
/// The most products one catalogue page holds (the `limit` ceiling).
pub const MAX_CATALOGUE_LIMIT: u32 = 60;
/// The most daily picks a shop shows.
pub const MAX_DAILY_PICKS: usize = 12;
/// The most products a markup preview lists.
pub const MAX_PREVIEW_LINES: usize = 60;
/// The header row of `GET /v1/admin/shops/{shop}/orders.csv`.
pub const ORDERS_CSV_HEADER: &str =
    "order,created_at,status,payment_method,currency,total,supply_cost,earnings,member_id";

/// `POST /v1/admin/signup` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUp {
    /// The owner's e-mail address; compared case-insensitively.
    pub email: String,
    /// [`PASSWORD_MIN_CHARS`] to [`PASSWORD_MAX_CHARS`] characters.
    pub password: String,
}

/// `POST /v1/admin/signin` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    /// The e-mail address signed up with.
    pub email: String,
    /// The password.
    pub password: String,
}

/// A signed-in session: the answer to sign-up and sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The bearer token for `Authorization: Bearer …`; shown once, stored only hashed.
    pub token: String,
    /// When the session ends (unix seconds).
    pub expires_at: i64,
    /// Who is signed in.
    pub owner: Owner,
}

/// A shop owner's account (one owner = one brand, possibly several shops).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// The owner's id, issued by the edge.
    pub id: String,
    /// The owner's e-mail address, lowercased.
    pub email: String,
}

/// `GET /v1/admin/me`: the owner and their shops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The signed-in owner.
    pub owner: Owner,
    /// The owner's shops, oldest first.
    pub shops: Vec<ShopSummary>,
}

/// One shop in the owner's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopSummary {
    /// The slug.
    pub id: ShopId,
    /// The shop's name.
    pub name: String,
    /// What it sells in.
    pub currency: Currency,
    /// Its language.
    pub locale: Locale,
}

/// `POST /v1/admin/shops` body: a new shop, which starts with nothing selected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewShop {
    /// The slug (lowercase letters, digits and `-`, at most 32); `shop_taken` if used.
    pub id: String,
    /// The shop's name, 1 to 80 characters.
    pub name: String,
    /// An ISO 4217 code the supplier prices in (`CNY`).
    pub currency: String,
    /// A locale tag (`zh-CN`, `en`).
    pub locale: String,
    /// Origins (`https://example.com`) whose pages may show the shop's widget.
    pub allowed_origins: Vec<String>,
}

/// `PATCH /v1/admin/shops/{shop}` body: only the fields present change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ShopSettings {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new locale tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The new full list of allowed origins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<Vec<String>>,
    /// A new look.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// The new full list of payment methods offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_methods: Option<Vec<PaymentMethod>>,
}

/// A shop as its owner manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerShop {
    /// The slug.
    pub id: ShopId,
    /// The shop's name.
    pub name: String,
    /// What it sells in.
    pub currency: Currency,
    /// Its language.
    pub locale: Locale,
    /// Origins whose pages may show the widget.
    pub allowed_origins: Vec<String>,
    /// Its look.
    pub theme: Theme,
    /// How shoppers can pay.
    pub payment_methods: Vec<PaymentMethod>,
    /// Its markup rules.
    pub markup: Vec<MarkupRule>,
    /// Category slugs whose products (present and future) are in the selection.
    pub followed_categories: Vec<String>,
    /// Products picked one by one, oldest pick first.
    pub picked_products: Vec<ProductId>,
    /// The daily picks, in display order.
    pub daily_picks: Vec<ProductId>,
    /// The edge's own origin (`PUBLIC_URL`), for the embed snippet's script URL.
    pub snippet_origin: String,
}

/// `GET /v1/admin/shops/{shop}/catalogue` query parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CatalogueQuery {
    /// Only this category (a slug).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Only products whose title contains this text (either language, any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Products per page, 1 to [`MAX_CATALOGUE_LIMIT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `true`: only the selection; `false`: only products outside it; absent: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
}

impl CatalogueQuery {
    /// The query string (without `?`), parameters percent-encoded, for a client.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: &str| parts.push(format!("{k}={}", percent_encode(v)));
        if let Some(c) = &self.category {
            push("category", c);
        }
        if let Some(q) = &self.q {
            push("q", q);
        }
        if let Some(c) = &self.cursor {
            push("cursor", c);
        }
        if let Some(l) = self.limit {
            push("limit", &l.to_string());
        }
        if let Some(s) = self.selected {
            push("selected", if s { "true" } else { "false" });
        }
        parts.join("&")
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One product of the supplier's catalogue, priced for one shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerProduct {
    /// The product id.
    pub id: ProductId,
    /// Its title.
    pub title: Localized,
    /// Its category.
    pub category: Category,
    /// The cover image URL.
    pub image: Option<String>,
    /// What the shop pays the supplier for the cheapest variant.
    pub supply_price: Money,
    /// The supplier's suggested price of that variant.
    pub suggested_price: Money,
    /// The shop's price of that variant at its current rules (lowest of any variant).
    pub retail_price: Money,
    /// `retail_price − supply_price`.
    pub margin: Money,
    /// In the shop's selection (picked or in a followed category).
    pub selected: bool,
    /// Picked one by one.
    pub picked: bool,
    /// Its category is followed.
    pub followed: bool,
    /// When the supplier last changed it (unix seconds), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
}

/// `GET /v1/admin/shops/{shop}/catalogue`: one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerProductPage {
    /// The products on this page.
    pub items: Vec<OwnerProduct>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
    /// Every category of the supplier, for the filter.
    pub categories: Vec<Category>,
}

/// `PUT /v1/admin/shops/{shop}/categories` body: the full list of followed categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowCategories {
    /// Category slugs; new arrivals in them join the selection by themselves.
    pub categories: Vec<String>,
}

/// `PUT /v1/admin/shops/{shop}/markup` and `…/markup/preview` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkupRules {
    /// The shop's full rule set (most specific wins).
    pub rules: Vec<MarkupRule>,
}

/// `POST /v1/admin/shops/{shop}/markup/preview`: prices before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkupPreview {
    /// Up to [`MAX_PREVIEW_LINES`] selected products.
    pub items: Vec<PreviewLine>,
}

/// One product in a markup preview (its cheapest variant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLine {
    /// The product.
    pub product_id: ProductId,
    /// Its title.
    pub title: Localized,
    /// What the shop pays the supplier.
    pub supply_price: Money,
    /// The price under the saved rules.
    pub current_price: Money,
    /// The price under the proposed rules.
    pub new_price: Money,
    /// `new_price − supply_price`.
    pub new_margin: Money,
}

/// `PUT /v1/admin/shops/{shop}/picks` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyPicks {
    /// At most [`MAX_DAILY_PICKS`] products of the selection, in display order.
    pub products: Vec<ProductId>,
}

/// One order as the shop's owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerOrder {
    /// The order id.
    pub id: OrderId,
    /// When it was placed (unix seconds).
    pub created_at: i64,
    /// Where it is.
    pub status: OrderStatus,
    /// How it is paid.
    pub payment_method: PaymentMethod,
    /// What the shopper pays.
    pub total: Money,
    /// What the shop pays the supplier.
    pub supply_cost: Money,
    /// The owner's part of the margin (zero unless paid, submitted, shipped or delivered).
    pub earnings: Money,
    /// The chain-store member who placed it, from a verified member token.
    pub member_id: Option<String>,
}

/// `GET /v1/admin/shops/{shop}/orders`: one page, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerOrders {
    /// The orders on this page.
    pub items: Vec<OwnerOrder>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
    /// Totals over all of the shop's orders that count.
    pub totals: Earnings,
}

/// What a shop has earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earnings {
    /// Orders that count (paid, submitted, shipped or delivered).
    pub orders: u32,
    /// Σ their totals.
    pub revenue: Money,
    /// Σ the owner's part of their margins.
    pub earnings: Money,
}

/// `POST /v1/admin/member-secret`: the owner's new secret for member tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSecret {
    /// Hex; shown once, replaces the previous secret (old tokens stop verifying).
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalogue_query_becomes_an_encoded_query_string() {
        let q = CatalogueQuery {
            category: Some("home".into()),
            q: Some("tea cup&".into()),
            cursor: None,
            limit: Some(24),
            selected: Some(false),
        };
        assert_eq!(
            q.to_query_string(),
            "category=home&q=tea%20cup%26&limit=24&selected=false"
        );
        assert_eq!(CatalogueQuery::default().to_query_string(), "");
    }

    #[test]
    fn shop_settings_leave_absent_fields_out() {
        let s = ShopSettings {
            name: Some("Tea".into()),
            ..ShopSettings::default()
        };
        assert_eq!(
            serde_json::to_value(&s).expect("json"),
            serde_json::json!({"name": "Tea"})
        );
        let back: ShopSettings = serde_json::from_str("{}").expect("decoded");
        assert_eq!(back, ShopSettings::default());
    }
}
