//! The Pocketshop edge API Worker: prices the supplier's catalogue for each shop,
//! quotes carts, takes orders and hands them to the supplier, and receives the
//! supplier's webhooks.
//!
//! This file only routes. Requests arrive through [`runtime`] as plain
//! [`http::HttpRequest`]s, so routing and every handler also run natively against
//! in-memory fakes; errors become the wire `ApiError` in one place, [`handle`].

pub mod admin;
pub mod app;
pub mod auth;
pub mod cache;
pub mod catalogue;
pub mod checkout;
pub mod config;
pub mod cors;
pub mod error;
pub mod holds;
pub mod hooks;
pub mod http;
pub mod input;
pub mod lifecycle;
pub mod limits;
pub mod members;
pub mod pay_page;
pub mod payments;
pub mod platform;
pub mod random;
pub mod routes;
pub mod runtime;
pub mod selection;
pub mod store;
pub mod supplier;
#[cfg(test)]
mod testing;
pub mod timer;
pub mod token;

use app::App;
use cache::Cache;
use error::Error;
use http::{HttpRequest, HttpResponse, Method};
use platform::Platform;
use pocketshop_shared::{ApiError, ShopId};
use routes::{
    create_order, create_quote, create_shop, export_orders, follow_categories, get_admin_shop,
    get_me, get_order, get_product, get_shop, list_admin_catalogue, list_owner_orders,
    list_products, pay_sandbox, pay_wechat, pick_product, preview_markup, receive_payment_hook,
    receive_supply_hook, request_after_sales, rotate_member_secret, set_daily_picks, set_markup,
    sign_in, sign_out, sign_up, update_shop,
};
use store::Store;
use supplier::Supplier;

#[worker::event(fetch)]
async fn fetch(
    req: worker::Request,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::Response> {
    runtime::serve(req, env).await
}

/// Answers one request: routes it, turns any error into its `ApiError` response,
/// and adds the CORS and request-id headers.
pub async fn handle<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    request_id: &str,
) -> HttpResponse {
    let mut cors_origin = None;
    let routed = match req.check_size() {
        Ok(()) => dispatch(app, req, &mut cors_origin).await,
        Err(e) => Err(e.into()),
    };
    let mut response = match routed {
        Ok(response) => response,
        Err(e) => HttpResponse::error(&e.into_api(request_id, runtime::log_error)),
    };
    if let Some(origin) = cors_origin {
        cors::allow(&mut response, &origin);
    }
    response.set_header("x-request-id", request_id);
    if req.method == Method::Head {
        response.body.clear();
    }
    response
}

fn not_allowed(allowed: &[&str]) -> Error {
    ApiError::MethodNotAllowed {
        allowed: allowed.iter().map(|m| (*m).to_owned()).collect(),
    }
    .into()
}

async fn dispatch<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    use Method::{Get, Head, Options, Post};
    let segments = req.segments().ok_or(ApiError::NotFound)?;
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["health"] => Ok(HttpResponse::json(200, &serde_json::json!({ "ok": true }))),
        ["v1", "shops", shop, rest @ ..] => {
            let shop = match ShopId::parse(shop) {
                Ok(id) => app.store.shop(&id).await?,
                Err(_) => None,
            }
            .ok_or_else(|| ApiError::UnknownShop {
                shop: shop.chars().take(64).collect(),
            })?;
            *cors_origin =
                cors::check(req, &shop.allowed_origins, &app.config.payments.public_url)?;
            match (rest, &req.method) {
                (_, Options) => Ok(cors::preflight(req)?),
                ([], Get | Head) => get_shop::get_shop(app, &shop, req).await,
                ([], _) => Err(not_allowed(&["GET"])),
                (["products"], Get | Head) => list_products::list_products(app, &shop, req).await,
                (["products"], _) => Err(not_allowed(&["GET"])),
                (["products", id], Get | Head) => {
                    get_product::get_product(app, &shop, id, req).await
                }
                (["products", _], _) => Err(not_allowed(&["GET"])),
                (["quote"], Post) => create_quote::create_quote(app, &shop, req).await,
                (["quote"], _) => Err(not_allowed(&["POST"])),
                (["orders"], Post) => create_order::create_order(app, &shop, req).await,
                (["orders"], _) => Err(not_allowed(&["POST"])),
                _ => Err(ApiError::NotFound.into()),
            }
        }
        // The owner API: the console is served from the edge's own origin, so no CORS;
        // nothing it answers may be cached anywhere.
        ["v1", "admin", rest @ ..] => admin_dispatch(app, req, rest)
            .await
            .map(|r| r.with_header("cache-control", "no-store")),
        ["v1", "orders", id] => match req.method {
            Get | Head => get_order::get_order(app, req, id, cors_origin).await,
            _ => Err(not_allowed(&["GET"])),
        },
        ["v1", "orders", id, "after-sales"] => match req.method {
            Options => request_after_sales::preflight(app, req, id, cors_origin).await,
            Post => request_after_sales::request_after_sales(app, req, id, cors_origin).await,
            _ => Err(not_allowed(&["POST"])),
        },
        ["v1", "hooks", "supply"] => match req.method {
            Post => receive_supply_hook::receive_supply_hook(app, req).await,
            _ => Err(not_allowed(&["POST"])),
        },
        ["v1", "hooks", "payments", provider] => match req.method {
            Post => receive_payment_hook::receive_payment_hook(app, req, provider).await,
            _ => Err(not_allowed(&["POST"])),
        },
        ["v1", "pay", "wechat", order] => match req.method {
            Get | Head => pay_wechat::pay_wechat(app, req, order).await,
            _ => Err(not_allowed(&["GET"])),
        },
        ["v1", "pay", "sandbox", reference] => match req.method {
            Get | Head => pay_sandbox::show_sandbox_pay(app, req, reference).await,
            Post => pay_sandbox::pay_sandbox(app, req, reference).await,
            _ => Err(not_allowed(&["GET", "POST"])),
        },
        _ => Err(ApiError::NotFound.into()),
    }
}

async fn admin_dispatch<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
    rest: &[&str],
) -> Result<HttpResponse, Error> {
    use Method::{Delete, Get, Head, Patch, Post, Put};
    match (rest, &req.method) {
        (["signup"], Post) => sign_up::sign_up(app, req).await,
        (["signin"], Post) => sign_in::sign_in(app, req).await,
        (["signout"], Post) => sign_out::sign_out(app, req).await,
        (["signup" | "signin" | "signout"], _) => Err(not_allowed(&["POST"])),
        (["me"], Get | Head) => get_me::get_me(app, req).await,
        (["me"], _) => Err(not_allowed(&["GET"])),
        (["member-secret"], Post) => rotate_member_secret::rotate_member_secret(app, req).await,
        (["member-secret"], _) => Err(not_allowed(&["POST"])),
        (["shops"], Post) => create_shop::create_shop(app, req).await,
        (["shops"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop], Get | Head) => get_admin_shop::get_admin_shop(app, req, shop).await,
        (["shops", shop], Patch) => update_shop::update_shop(app, req, shop).await,
        (["shops", _], _) => Err(not_allowed(&["GET", "PATCH"])),
        (["shops", shop, "catalogue"], Get | Head) => {
            list_admin_catalogue::list_admin_catalogue(app, req, shop).await
        }
        (["shops", _, "catalogue"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "products", id], Put) => {
            pick_product::pick_product(app, req, shop, id).await
        }
        (["shops", shop, "products", id], Delete) => {
            pick_product::unpick_product(app, req, shop, id).await
        }
        (["shops", _, "products", _], _) => Err(not_allowed(&["PUT", "DELETE"])),
        (["shops", shop, "categories"], Put) => {
            follow_categories::follow_categories(app, req, shop).await
        }
        (["shops", _, "categories"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "markup"], Put) => set_markup::set_markup(app, req, shop).await,
        (["shops", _, "markup"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "markup", "preview"], Post) => {
            preview_markup::preview_markup(app, req, shop).await
        }
        (["shops", _, "markup", "preview"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop, "picks"], Put) => set_daily_picks::set_daily_picks(app, req, shop).await,
        (["shops", _, "picks"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "orders"], Get | Head) => {
            list_owner_orders::list_owner_orders(app, req, shop).await
        }
        (["shops", _, "orders"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "orders.csv"], Get | Head) => {
            export_orders::export_orders(app, req, shop).await
        }
        (["shops", _, "orders.csv"], _) => Err(not_allowed(&["GET"])),
        _ => Err(ApiError::NotFound.into()),
    }
}
