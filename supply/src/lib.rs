//! The reference supply backend: a dropship supplier implementing Supply API v1 over
//! its own D1 database, with a demo catalogue, stock, fulfilment orders, after-sales,
//! self-served product images, and simulation routes that ship and deliver orders,
//! resolve after-sales cases and tell the edge through signed webhooks, plus faults
//! injected on purpose for tests.
//!
//! This file only declares modules and routes: [`routes::resolve`] picks the route,
//! signed routes pass [`signing::verify`] first, and every result becomes a response
//! in one place, [`error::respond`].

pub mod after_sales;
pub mod catalogue;
pub mod config;
pub mod context;
pub mod error;
pub mod faults;
pub mod image;
pub mod input;
pub mod orders;
pub mod routes;
pub mod signing;
pub mod store;
pub mod webhook;

use context::Ctx;
use error::Error;
use routes::{
    cancel_order, check_stock, create_order, find_orders, get_order, get_product, inject_faults,
    list_products, request_after_sales, resolve_after_sales, serve_image, simulate, ApiRoute,
    OpenRoute, Route,
};
use worker::{Request, Response};

#[worker::event(fetch)]
async fn fetch(req: Request, env: worker::Env, _ctx: worker::Context) -> worker::Result<Response> {
    let request_id = context::request_id();
    error::respond(serve(req, &env).await, &request_id)
}

async fn serve(req: Request, env: &worker::Env) -> Result<Response, Error> {
    let ctx = Ctx::from_env(env)?;
    let path = req.path();
    let route = match routes::resolve(&req.method(), &path, ctx.config.simulation)? {
        Route::Open(route) => {
            return match route {
                OpenRoute::Health => Ok(Response::from_json(&serde_json::json!({ "ok": true }))?),
                OpenRoute::ServeImage { id, file } => {
                    serve_image::serve_image(&ctx, id, file).await
                }
                OpenRoute::ShipOrder { id } => simulate::ship_order(&ctx, req, id).await,
                OpenRoute::DeliverOrder { id } => simulate::deliver_order(&ctx, id).await,
                OpenRoute::SetStock => simulate::set_stock(&ctx, req).await,
                OpenRoute::ResolveAfterSales {
                    id,
                    case_id,
                    action,
                } => resolve_after_sales::resolve_after_sales(&ctx, id, case_id, action).await,
                OpenRoute::FindOrders => find_orders::find_orders(&ctx, &req).await,
                OpenRoute::GetFaults => inject_faults::get_faults(&ctx).await,
                OpenRoute::SetFaults => inject_faults::set_faults(&ctx, req).await,
            }
        }
        Route::Api(route) => route,
    };
    let req = signing::verify(&ctx, req).await?;
    match route {
        ApiRoute::ListProducts => list_products::list_products(&ctx, &req).await,
        ApiRoute::GetProduct { id } => get_product::get_product(&ctx, id).await,
        ApiRoute::CheckStock => check_stock::check_stock(&ctx, &req).await,
        ApiRoute::CreateOrder => create_order::create_order(&ctx, &req).await,
        ApiRoute::GetOrder { id } => get_order::get_order(&ctx, id).await,
        ApiRoute::CancelOrder { id } => cancel_order::cancel_order(&ctx, id).await,
        ApiRoute::RequestAfterSales { id } => {
            request_after_sales::request_after_sales(&ctx, &req, id).await
        }
    }
}
