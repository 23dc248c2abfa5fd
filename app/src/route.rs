//! Where a widget is, and the `#ps-…` deep links that name it in the host page's URL.
//!
//! Invariants: the widget only ever writes the host page's fragment, and only with
//! a `#ps-` prefix; [`parse`] of [`link`] gives back the same route; a fragment that
//! is not ours, or is malformed, parses to `None` and changes nothing.

use pocketshop_shared::{Category, OrderId, ProductId, ShopId};

/// A place inside a widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The collection, optionally narrowed to a category.
    Home {
        /// The category shown, if any.
        category: Option<Category>,
    },
    /// One product.
    Product(ProductId),
    /// The cart (the drawer).
    Cart,
    /// The orders placed on this device.
    Orders,
    /// One order's page; the token comes from the device's saved orders when the
    /// link does not carry it.
    Order {
        /// The order.
        id: OrderId,
        /// The capability token, when the link carries one.
        token: Option<String>,
    },
    /// One group of a group deal: who joined, places left, Join.
    Group {
        /// The group's id.
        id: String,
    },
}

/// A deep link: the route and the shop it is for (absent: any widget may take it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepLink {
    /// The shop named in the link.
    pub shop: Option<ShopId>,
    /// Where to go.
    pub route: Route,
}

/// Reads a URL fragment (with or without its `#`).
pub fn parse(fragment: &str) -> Option<DeepLink> {
    let rest = fragment.strip_prefix('#').unwrap_or(fragment);
    let rest = rest.strip_prefix("ps-")?;
    let mut first = None;
    let mut shop = None;
    let mut token = None;
    for (i, (key, value)) in form_pairs(rest).enumerate() {
        if i == 0 {
            first = Some((key, value));
            continue;
        }
        match key.as_str() {
            "shop" => shop = Some(ShopId::parse(&value).ok()?),
            "token" => token = Some(value),
            _ => {}
        }
    }
    let (key, value) = first?;
    let route = match key.as_str() {
        "home" => Route::Home { category: None },
        "category" => Route::Home {
            category: Some(Category::parse(&value).ok()?),
        },
        "product" => Route::Product(ProductId::parse(&value).ok()?),
        "cart" => Route::Cart,
        "orders" => Route::Orders,
        "order" => Route::Order {
            id: OrderId::parse(&value).ok()?,
            token: token.filter(|t| !t.is_empty() && t.len() <= 256),
        },
        "group" => Route::Group {
            id: group_id(&value)?,
        },
        _ => return None,
    };
    Some(DeepLink { shop, route })
}

/// The fragment (with `#`) naming `route` in `shop`. Order links never carry the
/// token: the device that placed the order keeps it, and a shared page URL must
/// not open someone's order.
pub fn link(shop: &ShopId, route: &Route) -> String {
    let head = match route {
        Route::Home { category: None } => "home".to_owned(),
        Route::Home {
            category: Some(category),
        } => format!("category={}", category.slug()),
        Route::Product(id) => format!("product={}", encode(id.as_str())),
        Route::Cart => "cart".to_owned(),
        Route::Orders => "orders".to_owned(),
        Route::Order { id, .. } => format!("order={}", encode(id.as_str())),
        Route::Group { id } => format!("group={}", encode(id)),
    };
    format!("#ps-{head}&shop={}", encode(shop.as_str()))
}

/// The fragment of order `id` in `shop` with its token: for the shopper alone to keep,
/// shown only when this device could not keep the order itself. Never put in the
/// page's address, which is shared and kept in history.
pub fn order_link_with_token(shop: &ShopId, id: &OrderId, token: &str) -> String {
    format!(
        "#ps-order={}&token={}&shop={}",
        encode(id.as_str()),
        encode(token),
        encode(shop.as_str())
    )
}

/// A group id as links carry it: 1 to 64 of `[A-Za-z0-9_-]` (the edge makes them
/// from random hex), so a crafted link cannot reach another path of the API.
fn group_id(value: &str) -> Option<String> {
    let ok = (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| value.to_owned())
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn form_pairs(s: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(s.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> ShopId {
        ShopId::parse("demo").expect("shop")
    }

    #[test]
    fn every_route_survives_a_round_trip_through_its_link() {
        let routes = [
            Route::Home { category: None },
            Route::Home {
                category: Some(Category::parse("snacks").expect("category")),
            },
            Route::Product(ProductId::parse("P10001").expect("id")),
            Route::Cart,
            Route::Orders,
            Route::Group {
                id: "a1b2c3d4e5f6a7b8c9".into(),
            },
        ];
        for route in routes {
            let parsed = parse(&link(&shop(), &route)).expect("parses");
            assert_eq!(parsed.route, route);
            assert_eq!(parsed.shop, Some(shop()));
        }
    }

    #[test]
    fn an_order_link_kept_by_the_shopper_carries_its_token_and_reads_back_whole() {
        let id = OrderId::parse("O1234567890").expect("order id");
        let written = order_link_with_token(&shop(), &id, "t0k&n=1");
        let read = parse(&written).expect("parses");
        assert_eq!(
            read.route,
            Route::Order {
                id,
                token: Some("t0k&n=1".into())
            }
        );
        assert_eq!(read.shop, Some(shop()));
    }

    #[test]
    fn an_order_link_leaves_the_token_out_but_a_token_in_a_link_is_read() {
        let id = OrderId::parse("O1234567890").expect("order id");
        let route = Route::Order {
            id: id.clone(),
            token: Some("secret".into()),
        };
        let written = link(&shop(), &route);
        assert!(!written.contains("secret"), "{written}");
        let read = parse("#ps-order=O1234567890&token=abc&shop=demo").expect("parses");
        assert_eq!(
            read.route,
            Route::Order {
                id,
                token: Some("abc".into())
            }
        );
    }

    #[test]
    fn fragments_that_are_not_ours_or_are_malformed_change_nothing() {
        for fragment in [
            "",
            "#",
            "#top",
            "#ps-",
            "#ps-nowhere=1",
            "#ps-product=",
            "#ps-product=../../etc",
            "#ps-category=not-a-category",
            "#ps-cart&shop=Not A Shop",
            "#ps-group=",
            "#ps-group=../orders",
            "#ps-group=a%2Fb",
        ] {
            assert_eq!(parse(fragment), None, "{fragment}");
        }
    }

    #[test]
    fn a_shared_group_link_names_the_group_and_its_shop() {
        let read = parse("#ps-group=0f1e2d3c4b5a697887&shop=demo").expect("parses");
        assert_eq!(
            read.route,
            Route::Group {
                id: "0f1e2d3c4b5a697887".into()
            }
        );
        assert_eq!(read.shop, Some(shop()));
        assert_eq!(
            link(&shop(), &read.route),
            "#ps-group=0f1e2d3c4b5a697887&shop=demo"
        );
    }

    #[test]
    fn a_link_without_a_shop_is_for_any_widget() {
        let read = parse("#ps-product=P10001").expect("parses");
        assert_eq!(read.shop, None);
    }
}
