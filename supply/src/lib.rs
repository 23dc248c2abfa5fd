//! The reference supply backend: a dropship supplier implementing Supply API v1 over
//! its own D1 database, with a demo catalogue, stock, fulfilment orders, after-sales,
//! self-served product images, and simulation routes that ship and deliver orders
//! and tell the edge through signed webhooks.
//!
//! This file only routes; every error becomes the wire `ApiError` in [`respond`].

pub mod catalogue;
pub mod config;
pub mod context;
pub mod error;
pub mod image;
pub mod orders;
pub mod routes;
pub mod signing;
pub mod store;
pub mod webhook;

use context::Ctx;
use error::Error;
use pocketshop_shared::ApiError;
use worker::{Method, Request, Response};

#[worker::event(fetch)]
async fn fetch(req: Request, env: worker::Env, _ctx: worker::Context) -> worker::Result<Response> {
    let request_id = context::request_id();
    let result = match Ctx::from_env(&env) {
        Ok(ctx) => route(&ctx, req).await,
        Err(e) => Err(e),
    };
    respond(result, &request_id)
}

fn not_allowed(allowed: &[&str]) -> Error {
    ApiError::MethodNotAllowed {
        allowed: allowed.iter().map(|m| (*m).to_owned()).collect(),
    }
    .into()
}

async fn route(ctx: &Ctx, req: Request) -> Result<Response, Error> {
    let path = req.path();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let method = req.method();
    match (segments.as_slice(), &method) {
        (["health"], _) => Ok(Response::from_json(&serde_json::json!({ "ok": true }))?),
        (["images", id, file], Method::Get | Method::Head) => {
            routes::serve_image::serve_image(ctx, id, file).await
        }
        (["sim", "orders", id, action], Method::Post) if ctx.config.simulation => {
            routes::simulate::simulate(ctx, req, id, action).await
        }
        (["v1", ..], _) => {
            let signed = signing::verify(ctx, req).await?;
            match (&segments[1..], &method) {
                (["products"], Method::Get) => {
                    routes::list_products::list_products(ctx, &signed).await
                }
                (["products"], _) => Err(not_allowed(&["GET"])),
                (["products", id], Method::Get) => routes::get_product::get_product(ctx, id).await,
                (["products", _], _) => Err(not_allowed(&["GET"])),
                (["stock", "check"], Method::Post) => {
                    routes::check_stock::check_stock(ctx, &signed).await
                }
                (["stock", "check"], _) => Err(not_allowed(&["POST"])),
                (["orders"], Method::Post) => {
                    routes::create_order::create_order(ctx, &signed).await
                }
                (["orders"], _) => Err(not_allowed(&["POST"])),
                (["orders", id], Method::Get) => routes::get_order::get_order(ctx, id).await,
                (["orders", _], _) => Err(not_allowed(&["GET"])),
                (["orders", id, "cancel"], Method::Post) => {
                    routes::cancel_order::cancel_order(ctx, id).await
                }
                (["orders", id, "after-sales"], Method::Post) => {
                    routes::request_after_sales::request_after_sales(ctx, &signed, id).await
                }
                _ => Err(ApiError::NotFound.into()),
            }
        }
        _ => Err(ApiError::NotFound.into()),
    }
}

/// The one place errors become responses: client errors as they are, anything else
/// logged with its chain and answered `internal` with the request id.
fn respond(result: Result<Response, Error>, request_id: &str) -> worker::Result<Response> {
    let response = match result {
        Ok(r) => r,
        Err(e) => {
            let api = e.into_api(request_id);
            let status = api.status();
            Response::from_json(&api)?.with_status(status)
        }
    };
    let headers = response.headers().clone();
    headers.set("x-request-id", request_id)?;
    Ok(response.with_headers(headers))
}
