//! The Pocketshop edge API Worker: prices the supplier's catalogue for each shop,
//! quotes carts, takes orders and hands them to the supplier, and receives the
//! supplier's webhooks.
//!
//! This file only routes. Requests arrive through [`runtime`] as plain
//! [`http::HttpRequest`]s, so routing and every handler also run natively against
//! in-memory fakes; errors become the wire `ApiError` in one place, [`handle`].

pub mod admin;
pub mod agents;
pub mod app;
pub mod auth;
pub mod bargain;
pub mod binding;
pub mod cache;
pub mod campaigns;
pub mod catalogue;
pub mod checkout;
pub mod config;
pub mod cors;
pub mod coupons;
pub mod error;
pub mod first_view;
pub mod holds;
pub mod hooks;
pub mod http;
pub mod input;
pub mod ledger;
pub mod lifecycle;
pub mod limits;
pub mod members;
pub mod offers;
pub mod pages;
pub mod pay_page;
pub mod payments;
pub mod platform;
pub mod presale;
pub mod random;
pub mod referral;
pub mod routes;
pub mod runtime;
pub mod selection;
pub mod shops;
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

/// The Worker's fetch handler, called by `edge/entry.mjs`: see [`runtime::fetch`].
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn fetch(
    req: worker::worker_sys::web_sys::Request,
    env: worker::Env,
    ctx: worker::worker_sys::Context,
) -> wasm_bindgen::JsValue {
    runtime::fetch(req, env, ctx)
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
            // Catalogue pages may use this isolate's recent copy of the shop
            // (`shops.rs`); everything else, money above all, reads it fresh.
            let page = matches!(req.method, Get | Head)
                && matches!(rest, [] | ["products"] | ["products", _] | ["first-view"]);
            let shop = match ShopId::parse(shop) {
                Ok(id) => shops::find(app, &id, page).await?,
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
                (["first-view"], Get | Head) => {
                    routes::get_first_view::get_first_view(app, &shop, req).await
                }
                (["first-view"], _) => Err(not_allowed(&["GET"])),
                (["quote"], Post) => create_quote::create_quote(app, &shop, req).await,
                (["quote"], _) => Err(not_allowed(&["POST"])),
                (["orders"], Post) => create_order::create_order(app, &shop, req).await,
                (["orders"], _) => Err(not_allowed(&["POST"])),
                // A shopper's coupons, and share links that credit the sharer.
                (["coupons"], Get | Head) => routes::get_wallet::get_wallet(app, &shop, req).await,
                (["coupons"], _) => Err(not_allowed(&["GET"])),
                (["sharers"], Post) => routes::create_sharer::create_sharer(app, &shop, req).await,
                (["sharers"], _) => Err(not_allowed(&["POST"])),
                (["sharers", code], Get | Head) => {
                    routes::get_sharer::get_sharer(app, &shop, code, req).await
                }
                (["sharers", _], _) => Err(not_allowed(&["GET"])),
                // Flash sales and group deals.
                (["campaigns"], Get | Head) => {
                    routes::list_campaigns::list_campaigns(app, &shop, req).await
                }
                (["campaigns"], _) => Err(not_allowed(&["GET"])),
                (["groups", group], Get | Head) => {
                    routes::get_group::get_group(app, &shop, group, req).await
                }
                (["groups", _], _) => Err(not_allowed(&["GET"])),
                // Agents, bargains and pre-sale voting.
                (["agents"], Post) => routes::apply_agent::apply_agent(app, &shop, req).await,
                (["agents"], _) => Err(not_allowed(&["POST"])),
                (["bargain-offers"], Get | Head) => {
                    routes::list_bargain_offers::list_bargain_offers(app, &shop, req).await
                }
                (["bargain-offers"], _) => Err(not_allowed(&["GET"])),
                (["bargains"], Post) => routes::start_bargain::start_bargain(app, &shop, req).await,
                (["bargains"], _) => Err(not_allowed(&["POST"])),
                (["bargains", id], Get | Head) => {
                    routes::get_bargain::get_bargain(app, &shop, id, req).await
                }
                (["bargains", _], _) => Err(not_allowed(&["GET"])),
                (["bargains", id, "help"], Post) => {
                    routes::help_bargain::help_bargain(app, &shop, id, req).await
                }
                (["bargains", _, "help"], _) => Err(not_allowed(&["POST"])),
                (["presale"], Get | Head) => {
                    routes::get_presale::get_presale(app, &shop, req).await
                }
                (["presale"], _) => Err(not_allowed(&["GET"])),
                (["presale", style, "votes"], Post) => {
                    routes::vote_style::vote_style(app, &shop, style, req).await
                }
                (["presale", _, "votes"], _) => Err(not_allowed(&["POST"])),
                _ => Err(ApiError::NotFound.into()),
            }
        }
        // The owner API: the console is served from the edge's own origin, so no CORS;
        // nothing it answers may be cached anywhere.
        ["v1", "admin", rest @ ..] => {
            let answer = admin_dispatch(app, req, rest).await;
            // An owner's write to a shop may change it and its sub-shops: once it is
            // done, catalogue pages here read shops fresh (`shops.rs`). Sign-ins and
            // the like leave the held shops alone.
            if matches!(rest, ["shops", ..]) && !matches!(req.method, Get | Head) {
                app.shops.clear();
            }
            answer.map(|r| r.with_header("cache-control", "no-store"))
        }
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
        // An agent applicant's own view, by its capability token.
        ["v1", "agents", id] => match req.method {
            Get | Head => routes::get_agent::get_agent(app, req, id, cors_origin).await,
            _ => Err(not_allowed(&["GET"])),
        },
        ["v1", "agents", id, "markup"] => match req.method {
            Options => routes::set_agent_markup::preflight(app, req, id, cors_origin).await,
            Method::Put => {
                let answer =
                    routes::set_agent_markup::set_agent_markup(app, req, id, cors_origin).await;
                // The agent's sub-shop is priced anew (`shops.rs`).
                app.shops.clear();
                answer
            }
            _ => Err(not_allowed(&["PUT"])),
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
        // Coupons and their issue rules.
        (["shops", shop, "coupons"], Get | Head) => {
            routes::list_coupons::list_coupons(app, req, shop).await
        }
        (["shops", shop, "coupons"], Post) => {
            routes::create_coupon::create_coupon(app, req, shop).await
        }
        (["shops", _, "coupons"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "coupon-rules"], Get | Head) => {
            routes::get_coupon_rules::get_coupon_rules(app, req, shop).await
        }
        (["shops", shop, "coupon-rules"], Put) => {
            routes::set_coupon_rules::set_coupon_rules(app, req, shop).await
        }
        (["shops", _, "coupon-rules"], _) => Err(not_allowed(&["GET", "PUT"])),
        // What agents and sharers earn.
        (["shops", shop, "commission"], Get | Head) => {
            routes::get_commission_shares::get_commission_shares(app, req, shop).await
        }
        (["shops", shop, "commission"], Put) => {
            routes::set_commission_shares::set_commission_shares(app, req, shop).await
        }
        (["shops", _, "commission"], _) => Err(not_allowed(&["GET", "PUT"])),
        // Flash sales and group deals.
        (["shops", shop, "flash-sales"], Post) => {
            routes::create_flash_sale::create_flash_sale(app, req, shop).await
        }
        (["shops", shop, "flash-sales"], Get | Head) => {
            routes::list_flash_sales::list_flash_sales(app, req, shop).await
        }
        (["shops", _, "flash-sales"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "flash-sales", id, "end"], Post) => {
            routes::end_flash_sale::end_flash_sale(app, req, shop, id).await
        }
        (["shops", _, "flash-sales", _, "end"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop, "group-deals"], Post) => {
            routes::create_group_deal::create_group_deal(app, req, shop).await
        }
        (["shops", shop, "group-deals"], Get | Head) => {
            routes::list_group_deals::list_group_deals(app, req, shop).await
        }
        (["shops", _, "group-deals"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "group-deals", id, "end"], Post) => {
            routes::end_group_deal::end_group_deal(app, req, shop, id).await
        }
        (["shops", _, "group-deals", _, "end"], _) => Err(not_allowed(&["POST"])),
        // Agents, bargains and pre-sale styles.
        (["shops", shop, "agents"], Get | Head) => {
            routes::list_agents::list_agents(app, req, shop).await
        }
        (["shops", _, "agents"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "agents", "policy"], Put) => {
            routes::set_agent_policy::set_agent_policy(app, req, shop).await
        }
        (["shops", _, "agents", "policy"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "agents", id, "approve"], Post) => {
            routes::approve_agent::approve_agent(app, req, shop, id).await
        }
        (["shops", shop, "agents", id, "reject"], Post) => {
            routes::reject_agent::reject_agent(app, req, shop, id).await
        }
        (["shops", _, "agents", _, "approve" | "reject"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop, "bargains"], Get | Head) => {
            routes::list_admin_bargains::list_admin_bargains(app, req, shop).await
        }
        (["shops", _, "bargains"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "bargain-offers", product], Put) => {
            routes::set_bargain_offer::set_bargain_offer(app, req, shop, product).await
        }
        (["shops", shop, "bargain-offers", product], Delete) => {
            routes::set_bargain_offer::delete_bargain_offer(app, req, shop, product).await
        }
        (["shops", _, "bargain-offers", _], _) => Err(not_allowed(&["PUT", "DELETE"])),
        (["shops", shop, "styles"], Get | Head) => {
            routes::list_styles::list_styles(app, req, shop).await
        }
        (["shops", shop, "styles"], Post) => routes::list_styles::post_style(app, req, shop).await,
        (["shops", _, "styles"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "styles", id, "promote"], Post) => {
            routes::promote_style::promote_style(app, req, shop, id).await
        }
        (["shops", _, "styles", _, "promote"], _) => Err(not_allowed(&["POST"])),
        _ => Err(ApiError::NotFound.into()),
    }
}
