//! The route table: which path and method is which handler, as a typed [`Route`]
//! with the path parameters it carries. [`crate::web::handle`] runs the handler.
//!
//! Invariants: an unknown path is `not_found`; a known path with another method is
//! `method_not_allowed` naming the allowed ones; `HEAD` is answered wherever `GET`
//! is. Under `/v1/shops/{shop}/` the shop is found (and its CORS checked) before
//! the rest of the path is judged, so an unknown shop is `unknown_shop` whatever
//! follows it, and any `OPTIONS` there is a CORS preflight.

use crate::base::http::Method;
use pocketshop_shared::ApiError;

/// A request's route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// `GET /health`.
    Health,
    /// `/v1/shops/{shop}/…`: a shopper's, from a page that embeds the shop. The
    /// rest of the path is judged once the shop is found.
    Shop {
        /// The shop as the path names it.
        shop: &'a str,
        /// What the rest of the path asks, or why it is no route.
        route: Result<ShopRoute<'a>, RouteError>,
    },
    /// `/v1/admin/…`: the owner's API.
    Owner(OwnerRoute<'a>),
    /// `GET /v1/orders/{id}`.
    GetOrder {
        /// The order id.
        id: &'a str,
    },
    /// `OPTIONS /v1/orders/{id}/after-sales`.
    AfterSalesPreflight {
        /// The order id.
        id: &'a str,
    },
    /// `POST /v1/orders/{id}/after-sales`.
    RequestAfterSales {
        /// The order id.
        id: &'a str,
    },
    /// `POST /v1/hooks/supply`.
    ReceiveSupplierEvent,
    /// `POST /v1/hooks/payments/{provider}`.
    ReceivePaymentNotice {
        /// The provider's name.
        provider: &'a str,
    },
    /// `GET /v1/pay/wechat/{order}`.
    ShowWechatPayPage {
        /// The order id.
        order: &'a str,
    },
    /// `GET /v1/pay/sandbox/{reference}`.
    ShowSandboxPage {
        /// The payment's reference.
        reference: &'a str,
    },
    /// `POST /v1/pay/sandbox/{reference}`.
    PaySandbox {
        /// The payment's reference.
        reference: &'a str,
    },
    /// `GET /v1/agents/{id}`.
    GetAgent {
        /// The agent id.
        id: &'a str,
    },
    /// `OPTIONS /v1/agents/{id}/markup`.
    AgentMarkupPreflight {
        /// The agent id.
        id: &'a str,
    },
    /// `PUT /v1/agents/{id}/markup`.
    SetAgentMarkup {
        /// The agent id.
        id: &'a str,
    },
}

/// Why a path is no route: not found, or found for other methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    /// No route has this path.
    NotFound,
    /// The path's route takes only these methods.
    NotAllowed(&'static [&'static str]),
}

impl From<RouteError> for ApiError {
    fn from(e: RouteError) -> ApiError {
        match e {
            RouteError::NotFound => ApiError::NotFound,
            RouteError::NotAllowed(allowed) => ApiError::MethodNotAllowed {
                allowed: allowed.iter().map(|m| (*m).to_owned()).collect(),
            },
        }
    }
}

/// A shopper's route under `/v1/shops/{shop}/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShopRoute<'a> {
    /// Any `OPTIONS`: the CORS preflight.
    Preflight,
    /// `GET …/`: the shop's profile.
    GetShop,
    /// `GET …/products`.
    ListProducts,
    /// `GET …/products/{id}`.
    GetProduct {
        /// The product id.
        id: &'a str,
    },
    /// `GET …/first-view`.
    GetFirstView,
    /// `POST …/quote`.
    CreateQuote,
    /// `POST …/orders`.
    CreateOrder,
    /// `GET …/coupons`: the shopper's coupon wallet.
    GetCouponWallet,
    /// `POST …/sharers`.
    CreateSharer,
    /// `GET …/sharers/{code}`.
    GetSharer {
        /// The sharer code.
        code: &'a str,
    },
    /// `GET …/campaigns`.
    ListCampaigns,
    /// `GET …/groups/{group}`.
    GetGroup {
        /// The group id.
        group: &'a str,
    },
    /// `POST …/agents`.
    ApplyAgent,
    /// `GET …/bargain-offers`.
    ListBargainOffers,
    /// `POST …/bargains`.
    StartBargain,
    /// `GET …/bargains/{id}`.
    GetBargain {
        /// The bargain id.
        id: &'a str,
    },
    /// `POST …/bargains/{id}/help`.
    HelpBargain {
        /// The bargain id.
        id: &'a str,
    },
    /// `GET …/presale`.
    GetPresale,
    /// `POST …/presale/{style}/votes`.
    VoteStyle {
        /// The style id.
        style: &'a str,
    },
}

impl ShopRoute<'_> {
    /// Whether the answer is a catalogue page, which may use this isolate's recent
    /// copy of the shop; everything else, money above all, reads it fresh.
    pub fn is_catalogue_page(&self) -> bool {
        matches!(
            self,
            ShopRoute::GetShop
                | ShopRoute::ListProducts
                | ShopRoute::GetProduct { .. }
                | ShopRoute::GetFirstView
        )
    }
}

/// The owner's route under `/v1/admin/`; `shop` is the shop as the path names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerRoute<'a> {
    /// `POST signup`.
    SignUp,
    /// `POST signin`.
    SignIn,
    /// `POST signout`.
    SignOut,
    /// `GET me`.
    GetMe,
    /// `POST member-secret`.
    RotateMemberSecret,
    /// `POST shops`.
    CreateShop,
    /// `GET shops/{shop}`.
    GetOwnerShop { shop: &'a str },
    /// `PATCH shops/{shop}`.
    UpdateShop { shop: &'a str },
    /// `GET shops/{shop}/catalogue`.
    ListOwnerCatalogue { shop: &'a str },
    /// `PUT shops/{shop}/products/{id}`.
    PickProduct { shop: &'a str, id: &'a str },
    /// `DELETE shops/{shop}/products/{id}`.
    UnpickProduct { shop: &'a str, id: &'a str },
    /// `PUT shops/{shop}/categories`.
    FollowCategories { shop: &'a str },
    /// `PUT shops/{shop}/markup`.
    SetMarkup { shop: &'a str },
    /// `POST shops/{shop}/markup/preview`.
    PreviewMarkup { shop: &'a str },
    /// `PUT shops/{shop}/picks`.
    SetDailyPicks { shop: &'a str },
    /// `GET shops/{shop}/orders`.
    ListOwnerOrders { shop: &'a str },
    /// `GET shops/{shop}/orders.csv`.
    ExportOrders { shop: &'a str },
    /// `GET shops/{shop}/coupons`.
    ListCoupons { shop: &'a str },
    /// `POST shops/{shop}/coupons`.
    CreateCoupon { shop: &'a str },
    /// `GET shops/{shop}/coupon-rules`.
    GetCouponRules { shop: &'a str },
    /// `PUT shops/{shop}/coupon-rules`.
    SetCouponRules { shop: &'a str },
    /// `GET shops/{shop}/commission`.
    GetCommissionShares { shop: &'a str },
    /// `PUT shops/{shop}/commission`.
    SetCommissionShares { shop: &'a str },
    /// `POST shops/{shop}/flash-sales`.
    CreateFlashSale { shop: &'a str },
    /// `GET shops/{shop}/flash-sales`.
    ListFlashSales { shop: &'a str },
    /// `POST shops/{shop}/flash-sales/{id}/end`.
    EndFlashSale { shop: &'a str, id: &'a str },
    /// `POST shops/{shop}/group-deals`.
    CreateGroupDeal { shop: &'a str },
    /// `GET shops/{shop}/group-deals`.
    ListGroupDeals { shop: &'a str },
    /// `POST shops/{shop}/group-deals/{id}/end`.
    EndGroupDeal { shop: &'a str, id: &'a str },
    /// `GET shops/{shop}/agents`.
    ListAgents { shop: &'a str },
    /// `PUT shops/{shop}/agents/policy`.
    SetAgentPolicy { shop: &'a str },
    /// `POST shops/{shop}/agents/{id}/approve`.
    ApproveAgent { shop: &'a str, id: &'a str },
    /// `POST shops/{shop}/agents/{id}/reject`.
    RejectAgent { shop: &'a str, id: &'a str },
    /// `GET shops/{shop}/bargains`.
    ListOwnerBargains { shop: &'a str },
    /// `PUT shops/{shop}/bargain-offers/{product}`.
    SetBargainOffer { shop: &'a str, product: &'a str },
    /// `DELETE shops/{shop}/bargain-offers/{product}`.
    DeleteBargainOffer { shop: &'a str, product: &'a str },
    /// `GET shops/{shop}/styles`.
    ListStyles { shop: &'a str },
    /// `POST shops/{shop}/styles`.
    CreateStyle { shop: &'a str },
    /// `POST shops/{shop}/styles/{id}/promote`.
    PromoteStyle { shop: &'a str, id: &'a str },
}

impl OwnerRoute<'_> {
    /// Whether the route may change a shop (or its sub-shops), so that catalogue
    /// pages here must read shops fresh once it is done.
    pub fn writes_a_shop(&self) -> bool {
        use OwnerRoute as O;
        !matches!(
            self,
            O::SignUp
                | O::SignIn
                | O::SignOut
                | O::GetMe
                | O::RotateMemberSecret
                | O::GetOwnerShop { .. }
                | O::ListOwnerCatalogue { .. }
                | O::ListOwnerOrders { .. }
                | O::ExportOrders { .. }
                | O::ListCoupons { .. }
                | O::GetCouponRules { .. }
                | O::GetCommissionShares { .. }
                | O::ListFlashSales { .. }
                | O::ListGroupDeals { .. }
                | O::ListAgents { .. }
                | O::ListOwnerBargains { .. }
                | O::ListStyles { .. }
        )
    }
}

/// `route` when `ok`, otherwise `method_not_allowed` naming `allowed`.
fn only<T>(ok: bool, route: T, allowed: &'static [&'static str]) -> Result<T, RouteError> {
    if ok {
        Ok(route)
    } else {
        Err(RouteError::NotAllowed(allowed))
    }
}

/// Finds the route for `method` and the path's decoded `segments`.
pub fn resolve<'a>(method: &Method, segments: &[&'a str]) -> Result<Route<'a>, RouteError> {
    let get = matches!(method, Method::Get | Method::Head);
    let post = *method == Method::Post;
    match *segments {
        ["health"] => only(true, Route::Health, &["GET"]),
        ["v1", "shops", shop, ref rest @ ..] => Ok(Route::Shop {
            shop,
            route: shop_route(method, rest),
        }),
        ["v1", "admin", ref rest @ ..] => owner_route(method, rest).map(Route::Owner),
        ["v1", "orders", id] => only(get, Route::GetOrder { id }, &["GET"]),
        ["v1", "orders", id, "after-sales"] => match method {
            Method::Options => Ok(Route::AfterSalesPreflight { id }),
            _ => only(post, Route::RequestAfterSales { id }, &["POST"]),
        },
        ["v1", "hooks", "supply"] => only(post, Route::ReceiveSupplierEvent, &["POST"]),
        ["v1", "hooks", "payments", provider] => {
            only(post, Route::ReceivePaymentNotice { provider }, &["POST"])
        }
        ["v1", "pay", "wechat", order] => only(get, Route::ShowWechatPayPage { order }, &["GET"]),
        ["v1", "pay", "sandbox", reference] if post => Ok(Route::PaySandbox { reference }),
        ["v1", "pay", "sandbox", reference] => {
            only(get, Route::ShowSandboxPage { reference }, &["GET", "POST"])
        }
        ["v1", "agents", id] => only(get, Route::GetAgent { id }, &["GET"]),
        ["v1", "agents", id, "markup"] => match method {
            Method::Options => Ok(Route::AgentMarkupPreflight { id }),
            _ => only(
                *method == Method::Put,
                Route::SetAgentMarkup { id },
                &["PUT"],
            ),
        },
        _ => Err(RouteError::NotFound),
    }
}

/// The shopper's route for what follows `/v1/shops/{shop}`.
fn shop_route<'a>(method: &Method, rest: &[&'a str]) -> Result<ShopRoute<'a>, RouteError> {
    use ShopRoute as S;
    if *method == Method::Options {
        return Ok(S::Preflight);
    }
    let get = matches!(method, Method::Get | Method::Head);
    let post = *method == Method::Post;
    match *rest {
        [] => only(get, S::GetShop, &["GET"]),
        ["products"] => only(get, S::ListProducts, &["GET"]),
        ["products", id] => only(get, S::GetProduct { id }, &["GET"]),
        ["first-view"] => only(get, S::GetFirstView, &["GET"]),
        ["quote"] => only(post, S::CreateQuote, &["POST"]),
        ["orders"] => only(post, S::CreateOrder, &["POST"]),
        ["coupons"] => only(get, S::GetCouponWallet, &["GET"]),
        ["sharers"] => only(post, S::CreateSharer, &["POST"]),
        ["sharers", code] => only(get, S::GetSharer { code }, &["GET"]),
        ["campaigns"] => only(get, S::ListCampaigns, &["GET"]),
        ["groups", group] => only(get, S::GetGroup { group }, &["GET"]),
        ["agents"] => only(post, S::ApplyAgent, &["POST"]),
        ["bargain-offers"] => only(get, S::ListBargainOffers, &["GET"]),
        ["bargains"] => only(post, S::StartBargain, &["POST"]),
        ["bargains", id] => only(get, S::GetBargain { id }, &["GET"]),
        ["bargains", id, "help"] => only(post, S::HelpBargain { id }, &["POST"]),
        ["presale"] => only(get, S::GetPresale, &["GET"]),
        ["presale", style, "votes"] => only(post, S::VoteStyle { style }, &["POST"]),
        _ => Err(RouteError::NotFound),
    }
}

/// The owner's route for what follows `/v1/admin`.
fn owner_route<'a>(method: &Method, rest: &[&'a str]) -> Result<OwnerRoute<'a>, RouteError> {
    use Method::{Delete, Get, Head, Patch, Post, Put};
    use OwnerRoute as O;
    let m = method;
    let get = matches!(m, Get | Head);
    let post = *m == Post;
    let put = *m == Put;
    let get_or = |other: bool, on_get: O<'a>, on_other: O<'a>, allowed| {
        if get {
            Ok(on_get)
        } else {
            only(other, on_other, allowed)
        }
    };
    match *rest {
        ["signup"] => only(post, O::SignUp, &["POST"]),
        ["signin"] => only(post, O::SignIn, &["POST"]),
        ["signout"] => only(post, O::SignOut, &["POST"]),
        ["me"] => only(get, O::GetMe, &["GET"]),
        ["member-secret"] => only(post, O::RotateMemberSecret, &["POST"]),
        ["shops"] => only(post, O::CreateShop, &["POST"]),
        ["shops", shop] => get_or(
            *m == Patch,
            O::GetOwnerShop { shop },
            O::UpdateShop { shop },
            &["GET", "PATCH"],
        ),
        ["shops", shop, "catalogue"] => only(get, O::ListOwnerCatalogue { shop }, &["GET"]),
        ["shops", shop, "products", id] if *m == Delete => Ok(O::UnpickProduct { shop, id }),
        ["shops", shop, "products", id] => {
            only(put, O::PickProduct { shop, id }, &["PUT", "DELETE"])
        }
        ["shops", shop, "categories"] => only(put, O::FollowCategories { shop }, &["PUT"]),
        ["shops", shop, "markup"] => only(put, O::SetMarkup { shop }, &["PUT"]),
        ["shops", shop, "markup", "preview"] => only(post, O::PreviewMarkup { shop }, &["POST"]),
        ["shops", shop, "picks"] => only(put, O::SetDailyPicks { shop }, &["PUT"]),
        ["shops", shop, "orders"] => only(get, O::ListOwnerOrders { shop }, &["GET"]),
        ["shops", shop, "orders.csv"] => only(get, O::ExportOrders { shop }, &["GET"]),
        ["shops", shop, "coupons"] => get_or(
            post,
            O::ListCoupons { shop },
            O::CreateCoupon { shop },
            &["GET", "POST"],
        ),
        ["shops", shop, "coupon-rules"] => get_or(
            put,
            O::GetCouponRules { shop },
            O::SetCouponRules { shop },
            &["GET", "PUT"],
        ),
        ["shops", shop, "commission"] => get_or(
            put,
            O::GetCommissionShares { shop },
            O::SetCommissionShares { shop },
            &["GET", "PUT"],
        ),
        ["shops", shop, "flash-sales"] => get_or(
            post,
            O::ListFlashSales { shop },
            O::CreateFlashSale { shop },
            &["GET", "POST"],
        ),
        ["shops", shop, "flash-sales", id, "end"] => {
            only(post, O::EndFlashSale { shop, id }, &["POST"])
        }
        ["shops", shop, "group-deals"] => get_or(
            post,
            O::ListGroupDeals { shop },
            O::CreateGroupDeal { shop },
            &["GET", "POST"],
        ),
        ["shops", shop, "group-deals", id, "end"] => {
            only(post, O::EndGroupDeal { shop, id }, &["POST"])
        }
        ["shops", shop, "agents"] => only(get, O::ListAgents { shop }, &["GET"]),
        ["shops", shop, "agents", "policy"] => only(put, O::SetAgentPolicy { shop }, &["PUT"]),
        ["shops", shop, "agents", id, "approve"] => {
            only(post, O::ApproveAgent { shop, id }, &["POST"])
        }
        ["shops", shop, "agents", id, "reject"] => {
            only(post, O::RejectAgent { shop, id }, &["POST"])
        }
        ["shops", shop, "bargains"] => only(get, O::ListOwnerBargains { shop }, &["GET"]),
        ["shops", shop, "bargain-offers", product] if *m == Delete => {
            Ok(O::DeleteBargainOffer { shop, product })
        }
        ["shops", shop, "bargain-offers", product] => only(
            put,
            O::SetBargainOffer { shop, product },
            &["PUT", "DELETE"],
        ),
        ["shops", shop, "styles"] => get_or(
            post,
            O::ListStyles { shop },
            O::CreateStyle { shop },
            &["GET", "POST"],
        ),
        ["shops", shop, "styles", id, "promote"] => {
            only(post, O::PromoteStyle { shop, id }, &["POST"])
        }
        _ => Err(RouteError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route<'a>(method: Method, path: &[&'a str]) -> Result<Route<'a>, RouteError> {
        resolve(&method, path)
    }

    #[test]
    fn a_shop_path_keeps_its_shop_and_judges_the_rest_after() {
        assert_eq!(
            route(Method::Get, &["v1", "shops", "demo", "products", "P1"]),
            Ok(Route::Shop {
                shop: "demo",
                route: Ok(ShopRoute::GetProduct { id: "P1" })
            })
        );
        assert_eq!(
            route(Method::Get, &["v1", "shops", "nobody", "nothing"]),
            Ok(Route::Shop {
                shop: "nobody",
                route: Err(RouteError::NotFound)
            })
        );
        assert_eq!(
            route(Method::Options, &["v1", "shops", "demo", "nothing"]),
            Ok(Route::Shop {
                shop: "demo",
                route: Ok(ShopRoute::Preflight)
            })
        );
    }

    #[test]
    fn a_known_path_with_another_method_names_the_allowed_ones() {
        assert_eq!(
            route(Method::Put, &["v1", "admin", "shops", "demo", "coupons"]),
            Err(RouteError::NotAllowed(&["GET", "POST"]))
        );
        assert_eq!(
            route(
                Method::Get,
                &["v1", "admin", "shops", "demo", "products", "P1"]
            ),
            Err(RouteError::NotAllowed(&["PUT", "DELETE"]))
        );
        assert_eq!(
            route(Method::Delete, &["v1", "pay", "sandbox", "ref"]),
            Err(RouteError::NotAllowed(&["GET", "POST"]))
        );
        assert_eq!(
            route(Method::Get, &["v1", "nothing"]),
            Err(RouteError::NotFound)
        );
    }

    #[test]
    fn head_is_answered_wherever_get_is() {
        assert_eq!(
            route(
                Method::Head,
                &["v1", "admin", "shops", "demo", "orders.csv"]
            ),
            Ok(Route::Owner(OwnerRoute::ExportOrders { shop: "demo" }))
        );
        assert_eq!(route(Method::Head, &["health"]), Ok(Route::Health));
    }

    #[test]
    fn only_owner_routes_that_may_change_a_shop_clear_the_held_shops() {
        assert!(OwnerRoute::SetMarkup { shop: "demo" }.writes_a_shop());
        assert!(OwnerRoute::CreateShop.writes_a_shop());
        assert!(!OwnerRoute::SignIn.writes_a_shop());
        assert!(!OwnerRoute::ListOwnerOrders { shop: "demo" }.writes_a_shop());
    }
}
