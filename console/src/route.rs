//! The console's places, in the page's fragment: `#/signin`, `#/signup`, `#/shops`,
//! `#/shops/{slug}/{tab}`.
//!
//! Invariants: [`parse`] and [`href`] are inverse for every route; anything unknown
//! parses as the shops list (which itself sends a signed-out owner to sign-in); a shop
//! slug in a route is always a valid [`ShopId`].

use pocketshop_shared::ShopId;

/// A tab of one shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The supplier's catalogue: picks and followed categories.
    Products,
    /// Markup rules with a preview.
    Markup,
    /// Daily picks.
    Picks,
    /// The widget's look, with a live preview.
    Theme,
    /// The embed snippets.
    Snippet,
    /// Orders and earnings.
    Orders,
    /// Coupons and their issue rules.
    Coupons,
    /// Agents and their sub-shops.
    Agents,
    /// Bargain settings and bargains.
    Bargains,
    /// Pre-sale voting.
    Presale,
    /// Flash sales and group deals.
    Campaigns,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 11] = [
        Tab::Products,
        Tab::Markup,
        Tab::Picks,
        Tab::Theme,
        Tab::Snippet,
        Tab::Orders,
        Tab::Coupons,
        Tab::Agents,
        Tab::Bargains,
        Tab::Presale,
        Tab::Campaigns,
    ];

    /// The tab's path segment.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Products => "products",
            Tab::Markup => "markup",
            Tab::Picks => "picks",
            Tab::Theme => "theme",
            Tab::Snippet => "snippet",
            Tab::Orders => "orders",
            Tab::Coupons => "coupons",
            Tab::Agents => "agents",
            Tab::Bargains => "bargains",
            Tab::Presale => "presale",
            Tab::Campaigns => "campaigns",
        }
    }

    fn parse(slug: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

/// Where the console is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Sign in.
    SignIn,
    /// Sign up.
    SignUp,
    /// The owner's shops, and creating one.
    Shops,
    /// One tab of one shop.
    Shop {
        /// The shop.
        shop: ShopId,
        /// The tab.
        tab: Tab,
    },
}

impl Route {
    /// Whether the route needs a session.
    pub fn needs_session(&self) -> bool {
        !matches!(self, Route::SignIn | Route::SignUp)
    }
}

/// The route of a fragment (with or without its `#`).
pub fn parse(fragment: &str) -> Route {
    let path = fragment.trim_start_matches('#').trim_start_matches('/');
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        ["signin"] => Route::SignIn,
        ["signup"] => Route::SignUp,
        ["shops", slug] => ShopId::parse(slug).map_or(Route::Shops, |shop| Route::Shop {
            shop,
            tab: Tab::Products,
        }),
        ["shops", slug, tab] => match (ShopId::parse(slug), Tab::parse(tab)) {
            (Ok(shop), Some(tab)) => Route::Shop { shop, tab },
            (Ok(shop), None) => Route::Shop {
                shop,
                tab: Tab::Products,
            },
            _ => Route::Shops,
        },
        _ => Route::Shops,
    }
}

/// The fragment of a route, with its `#`.
pub fn href(route: &Route) -> String {
    match route {
        Route::SignIn => "#/signin".to_owned(),
        Route::SignUp => "#/signup".to_owned(),
        Route::Shops => "#/shops".to_owned(),
        Route::Shop { shop, tab } => format!("#/shops/{shop}/{}", tab.slug()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(s: &str) -> ShopId {
        ShopId::parse(s).expect("a valid slug")
    }

    #[test]
    fn every_route_survives_a_round_trip() {
        let mut routes = vec![Route::SignIn, Route::SignUp, Route::Shops];
        for tab in Tab::ALL {
            routes.push(Route::Shop {
                shop: shop("tea-house"),
                tab,
            });
        }
        for r in routes {
            assert_eq!(parse(&href(&r)), r);
        }
    }

    #[test]
    fn unknown_fragments_lead_to_the_shops_list() {
        assert_eq!(parse(""), Route::Shops);
        assert_eq!(parse("#/nowhere"), Route::Shops);
        assert_eq!(parse("#/shops/NOT A SLUG/products"), Route::Shops);
        assert_eq!(
            parse("#/shops/tea/unknown"),
            Route::Shop {
                shop: shop("tea"),
                tab: Tab::Products
            }
        );
        assert!(!Route::SignIn.needs_session());
        assert!(Route::Shops.needs_session());
    }
}
