//! The route table: which path and method is which handler. Handlers are thin, one
//! per route, named verb + noun, in the modules below.
//!
//! Invariants: every `/v1/*` route is an [`ApiRoute`] (signed), the rest are
//! [`OpenRoute`]s; an unknown path is `not_found`, a known path with another method
//! `method_not_allowed` naming the allowed one(s); the `/sim` routes do not exist
//! unless simulation is on, and an after-sales action other than `approve`, `reject`
//! or `complete` is no route at all. `HEAD` is answered wherever `GET` is.

pub mod cancel_order;
pub mod check_stock;
pub mod create_order;
pub mod find_orders;
pub mod get_order;
pub mod get_product;
pub mod inject_faults;
pub mod list_products;
pub mod request_after_sales;
pub mod resolve_after_sales;
pub mod serve_image;
pub mod simulate;

use crate::after_sales::CaseAction;
use pocketshop_shared::ApiError;
use worker::Method;

/// A request's route, with the path parameters it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// Unsigned: health, images, simulation.
    Open(OpenRoute<'a>),
    /// Supply API v1: signed.
    Api(ApiRoute<'a>),
}

/// The routes anyone may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenRoute<'a> {
    /// `GET /health`.
    Health,
    /// `GET /images/{id}/{file}`.
    ServeImage {
        /// The product id.
        id: &'a str,
        /// `{n}.svg`.
        file: &'a str,
    },
    /// `POST /sim/orders/{id}/ship`.
    ShipOrder {
        /// The order id or the edge's reference.
        id: &'a str,
    },
    /// `POST /sim/orders/{id}/deliver`.
    DeliverOrder {
        /// The order id or the edge's reference.
        id: &'a str,
    },
    /// `POST /sim/orders/{id}/after-sales/{case_id}/{action}`.
    ResolveAfterSales {
        /// The order id or the edge's reference.
        id: &'a str,
        /// The after-sales case id.
        case_id: &'a str,
        /// What the after-sales desk does.
        action: CaseAction,
    },
    /// `GET /sim/orders?reference=…`.
    FindOrders,
    /// `GET /sim/faults`.
    GetFaults,
    /// `POST /sim/faults`.
    SetFaults,
    /// `POST /sim/stock`: sets one SKU's stock.
    SetStock,
}

/// Supply API v1: only the edge, signing, may call them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiRoute<'a> {
    /// `GET /v1/products`.
    ListProducts,
    /// `GET /v1/products/{id}`.
    GetProduct {
        /// The product id.
        id: &'a str,
    },
    /// `POST /v1/stock/check`.
    CheckStock,
    /// `POST /v1/orders`.
    CreateOrder,
    /// `GET /v1/orders/{id}`.
    GetOrder {
        /// The order id.
        id: &'a str,
    },
    /// `POST /v1/orders/{id}/cancel`.
    CancelOrder {
        /// The order id.
        id: &'a str,
    },
    /// `POST /v1/orders/{id}/after-sales`.
    RequestAfterSales {
        /// The order id.
        id: &'a str,
    },
}

fn not_allowed(allowed: &[&str]) -> ApiError {
    ApiError::MethodNotAllowed {
        allowed: allowed.iter().map(|m| (*m).to_owned()).collect(),
    }
}

/// Finds the route for `method` and `path` (without the query).
pub fn resolve<'a>(
    method: &Method,
    path: &'a str,
    simulation: bool,
) -> Result<Route<'a>, ApiError> {
    use ApiRoute as A;
    use OpenRoute as O;
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let get = matches!(method, Method::Get | Method::Head);
    let post = *method == Method::Post;
    let only = |ok: bool, route: Route<'a>, allowed: &str| {
        if ok {
            Ok(route)
        } else {
            Err(not_allowed(&[allowed]))
        }
    };
    match segments.as_slice() {
        ["health"] => only(get, Route::Open(O::Health), "GET"),
        ["images", id, file] => only(get, Route::Open(O::ServeImage { id, file }), "GET"),
        ["sim", "orders", id, "ship"] if simulation => {
            only(post, Route::Open(O::ShipOrder { id }), "POST")
        }
        ["sim", "orders", id, "deliver"] if simulation => {
            only(post, Route::Open(O::DeliverOrder { id }), "POST")
        }
        ["sim", "orders", id, "after-sales", case_id, action] if simulation => {
            match CaseAction::parse(action) {
                Some(action) => only(
                    post,
                    Route::Open(O::ResolveAfterSales {
                        id,
                        case_id,
                        action,
                    }),
                    "POST",
                ),
                None => Err(ApiError::NotFound),
            }
        }
        ["sim", "orders"] if simulation => only(get, Route::Open(O::FindOrders), "GET"),
        ["sim", "faults"] if simulation => match (get, post) {
            (true, _) => Ok(Route::Open(O::GetFaults)),
            (_, true) => Ok(Route::Open(O::SetFaults)),
            _ => Err(not_allowed(&["GET", "POST"])),
        },
        ["sim", "stock"] if simulation => only(post, Route::Open(O::SetStock), "POST"),
        ["v1", "products"] => only(get, Route::Api(A::ListProducts), "GET"),
        ["v1", "products", id] => only(get, Route::Api(A::GetProduct { id }), "GET"),
        ["v1", "stock", "check"] => only(post, Route::Api(A::CheckStock), "POST"),
        ["v1", "orders"] => only(post, Route::Api(A::CreateOrder), "POST"),
        ["v1", "orders", id] => only(get, Route::Api(A::GetOrder { id }), "GET"),
        ["v1", "orders", id, "cancel"] => only(post, Route::Api(A::CancelOrder { id }), "POST"),
        ["v1", "orders", id, "after-sales"] => {
            only(post, Route::Api(A::RequestAfterSales { id }), "POST")
        }
        // Unknown `/v1/…` paths too: there is nothing to verify a signature for.
        _ => Err(ApiError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApiRoute as A;
    use OpenRoute as O;

    #[test]
    fn every_supply_api_route_resolves_as_signed() {
        let cases = [
            (Method::Get, "/v1/products", A::ListProducts),
            (
                Method::Get,
                "/v1/products/P10001",
                A::GetProduct { id: "P10001" },
            ),
            (Method::Post, "/v1/stock/check", A::CheckStock),
            (Method::Post, "/v1/orders", A::CreateOrder),
            (Method::Get, "/v1/orders/SO-1", A::GetOrder { id: "SO-1" }),
            (
                Method::Post,
                "/v1/orders/SO-1/cancel",
                A::CancelOrder { id: "SO-1" },
            ),
            (
                Method::Post,
                "/v1/orders/SO-1/after-sales",
                A::RequestAfterSales { id: "SO-1" },
            ),
        ];
        for (method, path, route) in cases {
            assert_eq!(
                resolve(&method, path, false),
                Ok(Route::Api(route)),
                "{path}"
            );
        }
    }

    #[test]
    fn health_and_images_are_open_and_answer_head_too() {
        assert_eq!(
            resolve(&Method::Head, "/health", false),
            Ok(Route::Open(O::Health))
        );
        assert_eq!(
            resolve(&Method::Get, "/images/P10001/2.svg", false),
            Ok(Route::Open(O::ServeImage {
                id: "P10001",
                file: "2.svg"
            }))
        );
    }

    #[test]
    fn a_known_path_with_another_method_is_405_naming_the_allowed_one() {
        assert_eq!(
            resolve(&Method::Delete, "/v1/orders", false),
            Err(ApiError::MethodNotAllowed {
                allowed: vec!["POST".into()]
            })
        );
        for (method, path) in [
            (Method::Post, "/v1/products"),
            (Method::Put, "/v1/orders/SO-1"),
            (Method::Get, "/v1/orders/SO-1/cancel"),
            (Method::Get, "/sim/orders/SO-1/ship"),
        ] {
            assert_eq!(
                resolve(&method, path, true).map_err(|e| e.status()),
                Err(405),
                "{path}"
            );
        }
    }

    #[test]
    fn unknown_paths_are_404() {
        for path in [
            "/",
            "/v1",
            "/v2/products",
            "/v1/products/P1/x",
            "/images/P1",
            "/sim/orders/SO-1/teleport",
        ] {
            assert_eq!(
                resolve(&Method::Get, path, true),
                Err(ApiError::NotFound),
                "{path}"
            );
        }
    }

    #[test]
    fn simulation_routes_exist_only_when_simulation_is_on() {
        assert_eq!(
            resolve(&Method::Post, "/sim/orders/PS-1/ship", true),
            Ok(Route::Open(O::ShipOrder { id: "PS-1" }))
        );
        assert_eq!(
            resolve(&Method::Post, "/sim/orders/PS-1/deliver", true),
            Ok(Route::Open(O::DeliverOrder { id: "PS-1" }))
        );
        assert_eq!(
            resolve(&Method::Post, "/sim/orders/PS-1/ship", false),
            Err(ApiError::NotFound)
        );
        for (method, path) in [
            (Method::Get, "/sim/faults"),
            (Method::Post, "/sim/faults"),
            (Method::Get, "/sim/orders"),
            (Method::Post, "/sim/orders/PS-1/after-sales/AS-1/approve"),
            (Method::Post, "/sim/stock"),
        ] {
            assert_eq!(
                resolve(&method, path, false),
                Err(ApiError::NotFound),
                "{path}"
            );
        }
    }

    #[test]
    fn the_after_sales_desk_approves_rejects_and_completes_cases() {
        for (word, action) in [
            ("approve", CaseAction::Approve),
            ("reject", CaseAction::Reject),
            ("complete", CaseAction::Complete),
        ] {
            assert_eq!(
                resolve(
                    &Method::Post,
                    &format!("/sim/orders/PS-1/after-sales/AS-9F/{word}"),
                    true
                ),
                Ok(Route::Open(O::ResolveAfterSales {
                    id: "PS-1",
                    case_id: "AS-9F",
                    action
                })),
                "{word}"
            );
        }
        assert_eq!(
            resolve(
                &Method::Post,
                "/sim/orders/SO-1/after-sales/AS-1/refund",
                true
            ),
            Err(ApiError::NotFound)
        );
        assert_eq!(
            resolve(
                &Method::Get,
                "/sim/orders/SO-1/after-sales/AS-1/approve",
                true
            ),
            Err(ApiError::MethodNotAllowed {
                allowed: vec!["POST".into()]
            })
        );
    }

    #[test]
    fn faults_are_read_with_get_and_set_with_post() {
        assert_eq!(
            resolve(&Method::Get, "/sim/faults", true),
            Ok(Route::Open(O::GetFaults))
        );
        assert_eq!(
            resolve(&Method::Head, "/sim/faults", true),
            Ok(Route::Open(O::GetFaults))
        );
        assert_eq!(
            resolve(&Method::Post, "/sim/faults", true),
            Ok(Route::Open(O::SetFaults))
        );
        assert_eq!(
            resolve(&Method::Delete, "/sim/faults", true),
            Err(ApiError::MethodNotAllowed {
                allowed: vec!["GET".into(), "POST".into()]
            })
        );
    }

    #[test]
    fn orders_are_found_by_reference_with_get() {
        assert_eq!(
            resolve(&Method::Get, "/sim/orders", true),
            Ok(Route::Open(O::FindOrders))
        );
        assert_eq!(
            resolve(&Method::Post, "/sim/orders", true),
            Err(ApiError::MethodNotAllowed {
                allowed: vec!["GET".into()]
            })
        );
    }

    #[test]
    fn stock_is_set_with_post_only() {
        assert_eq!(
            resolve(&Method::Post, "/sim/stock", true),
            Ok(Route::Open(O::SetStock))
        );
        assert_eq!(
            resolve(&Method::Get, "/sim/stock", true),
            Err(ApiError::MethodNotAllowed {
                allowed: vec!["POST".into()]
            })
        );
    }
}
