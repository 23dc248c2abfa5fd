//! The web layer: one request in, one response out. Routing, CORS, input and
//! pages, and the thin handlers in [`routes`]; every error becomes the wire
//! `ApiError` in one place, [`handle`].
//!
//! Invariants: the web layer reaches storage and the outside only through the
//! domain and the ports; it never names an adapter or the runtime.

pub mod cors;
pub mod first_view;
pub mod input;
pub mod limits;
pub mod pay_page;
pub mod routes;

use crate::base::http::{HttpRequest, HttpResponse, Method};
use crate::base::log::log_error;
use crate::domain::catalogue::shops;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::{ApiError, ShopId};
use routes::{agents, hooks, orders, owner, pay, shop};

/// Answers one request: routes it, turns any error into its `ApiError` response,
/// and adds the CORS and request-id headers.
pub async fn handle<P: Ports>(
    app: &Services<P>,
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
        Err(e) => HttpResponse::error(&e.into_api(request_id, log_error)),
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

async fn dispatch<P: Ports>(
    app: &Services<P>,
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
                ([], Get | Head) => shop::get_shop::get_shop(app, &shop, req).await,
                ([], _) => Err(not_allowed(&["GET"])),
                (["products"], Get | Head) => {
                    shop::list_products::list_products(app, &shop, req).await
                }
                (["products"], _) => Err(not_allowed(&["GET"])),
                (["products", id], Get | Head) => {
                    shop::get_product::get_product(app, &shop, id, req).await
                }
                (["products", _], _) => Err(not_allowed(&["GET"])),
                (["first-view"], Get | Head) => {
                    shop::get_first_view::get_first_view(app, &shop, req).await
                }
                (["first-view"], _) => Err(not_allowed(&["GET"])),
                (["quote"], Post) => shop::create_quote::create_quote(app, &shop, req).await,
                (["quote"], _) => Err(not_allowed(&["POST"])),
                (["orders"], Post) => shop::create_order::create_order(app, &shop, req).await,
                (["orders"], _) => Err(not_allowed(&["POST"])),
                // A shopper's coupons, and share links that credit the sharer.
                (["coupons"], Get | Head) => {
                    shop::get_coupon_wallet::get_coupon_wallet(app, &shop, req).await
                }
                (["coupons"], _) => Err(not_allowed(&["GET"])),
                (["sharers"], Post) => shop::create_sharer::create_sharer(app, &shop, req).await,
                (["sharers"], _) => Err(not_allowed(&["POST"])),
                (["sharers", code], Get | Head) => {
                    shop::get_sharer::get_sharer(app, &shop, code, req).await
                }
                (["sharers", _], _) => Err(not_allowed(&["GET"])),
                // Flash sales and group deals.
                (["campaigns"], Get | Head) => {
                    shop::list_campaigns::list_campaigns(app, &shop, req).await
                }
                (["campaigns"], _) => Err(not_allowed(&["GET"])),
                (["groups", group], Get | Head) => {
                    shop::get_group::get_group(app, &shop, group, req).await
                }
                (["groups", _], _) => Err(not_allowed(&["GET"])),
                // Agents, bargains and pre-sale voting.
                (["agents"], Post) => shop::apply_agent::apply_agent(app, &shop, req).await,
                (["agents"], _) => Err(not_allowed(&["POST"])),
                (["bargain-offers"], Get | Head) => {
                    shop::list_bargain_offers::list_bargain_offers(app, &shop, req).await
                }
                (["bargain-offers"], _) => Err(not_allowed(&["GET"])),
                (["bargains"], Post) => shop::start_bargain::start_bargain(app, &shop, req).await,
                (["bargains"], _) => Err(not_allowed(&["POST"])),
                (["bargains", id], Get | Head) => {
                    shop::get_bargain::get_bargain(app, &shop, id, req).await
                }
                (["bargains", _], _) => Err(not_allowed(&["GET"])),
                (["bargains", id, "help"], Post) => {
                    shop::help_bargain::help_bargain(app, &shop, id, req).await
                }
                (["bargains", _, "help"], _) => Err(not_allowed(&["POST"])),
                (["presale"], Get | Head) => shop::get_presale::get_presale(app, &shop, req).await,
                (["presale"], _) => Err(not_allowed(&["GET"])),
                (["presale", style, "votes"], Post) => {
                    shop::vote_style::vote_style(app, &shop, style, req).await
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
            Get | Head => orders::get_order::get_order(app, req, id, cors_origin).await,
            _ => Err(not_allowed(&["GET"])),
        },
        ["v1", "orders", id, "after-sales"] => match req.method {
            Options => orders::request_after_sales::preflight(app, req, id, cors_origin).await,
            Post => {
                orders::request_after_sales::request_after_sales(app, req, id, cors_origin).await
            }
            _ => Err(not_allowed(&["POST"])),
        },
        ["v1", "hooks", "supply"] => match req.method {
            Post => hooks::receive_supplier_event::receive_supplier_event(app, req).await,
            _ => Err(not_allowed(&["POST"])),
        },
        ["v1", "hooks", "payments", provider] => match req.method {
            Post => hooks::receive_payment_notice::receive_payment_notice(app, req, provider).await,
            _ => Err(not_allowed(&["POST"])),
        },
        ["v1", "pay", "wechat", order] => match req.method {
            Get | Head => pay::show_wechat_pay_page::show_wechat_pay_page(app, req, order).await,
            _ => Err(not_allowed(&["GET"])),
        },
        ["v1", "pay", "sandbox", reference] => match req.method {
            Get | Head => pay::pay_sandbox::show_sandbox_pay(app, req, reference).await,
            Post => pay::pay_sandbox::pay_sandbox(app, req, reference).await,
            _ => Err(not_allowed(&["GET", "POST"])),
        },
        // An agent applicant's own view, by its capability token.
        ["v1", "agents", id] => match req.method {
            Get | Head => agents::get_agent::get_agent(app, req, id, cors_origin).await,
            _ => Err(not_allowed(&["GET"])),
        },
        ["v1", "agents", id, "markup"] => match req.method {
            Options => agents::set_agent_markup::preflight(app, req, id, cors_origin).await,
            Method::Put => {
                let answer =
                    agents::set_agent_markup::set_agent_markup(app, req, id, cors_origin).await;
                // The agent's sub-shop is priced anew (`shops.rs`).
                app.shops.clear();
                answer
            }
            _ => Err(not_allowed(&["PUT"])),
        },
        _ => Err(ApiError::NotFound.into()),
    }
}

async fn admin_dispatch<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    rest: &[&str],
) -> Result<HttpResponse, Error> {
    use Method::{Delete, Get, Head, Patch, Post, Put};
    match (rest, &req.method) {
        (["signup"], Post) => owner::sign_up::sign_up(app, req).await,
        (["signin"], Post) => owner::sign_in::sign_in(app, req).await,
        (["signout"], Post) => owner::sign_out::sign_out(app, req).await,
        (["signup" | "signin" | "signout"], _) => Err(not_allowed(&["POST"])),
        (["me"], Get | Head) => owner::get_me::get_me(app, req).await,
        (["me"], _) => Err(not_allowed(&["GET"])),
        (["member-secret"], Post) => {
            owner::rotate_member_secret::rotate_member_secret(app, req).await
        }
        (["member-secret"], _) => Err(not_allowed(&["POST"])),
        (["shops"], Post) => owner::create_shop::create_shop(app, req).await,
        (["shops"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop], Get | Head) => {
            owner::get_owner_shop::get_owner_shop(app, req, shop).await
        }
        (["shops", shop], Patch) => owner::update_shop::update_shop(app, req, shop).await,
        (["shops", _], _) => Err(not_allowed(&["GET", "PATCH"])),
        (["shops", shop, "catalogue"], Get | Head) => {
            owner::list_owner_catalogue::list_owner_catalogue(app, req, shop).await
        }
        (["shops", _, "catalogue"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "products", id], Put) => {
            owner::pick_product::pick_product(app, req, shop, id).await
        }
        (["shops", shop, "products", id], Delete) => {
            owner::pick_product::unpick_product(app, req, shop, id).await
        }
        (["shops", _, "products", _], _) => Err(not_allowed(&["PUT", "DELETE"])),
        (["shops", shop, "categories"], Put) => {
            owner::follow_categories::follow_categories(app, req, shop).await
        }
        (["shops", _, "categories"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "markup"], Put) => owner::set_markup::set_markup(app, req, shop).await,
        (["shops", _, "markup"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "markup", "preview"], Post) => {
            owner::preview_markup::preview_markup(app, req, shop).await
        }
        (["shops", _, "markup", "preview"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop, "picks"], Put) => {
            owner::set_daily_picks::set_daily_picks(app, req, shop).await
        }
        (["shops", _, "picks"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "orders"], Get | Head) => {
            owner::list_owner_orders::list_owner_orders(app, req, shop).await
        }
        (["shops", _, "orders"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "orders.csv"], Get | Head) => {
            owner::export_orders::export_orders(app, req, shop).await
        }
        (["shops", _, "orders.csv"], _) => Err(not_allowed(&["GET"])),
        // Coupons and their issue rules.
        (["shops", shop, "coupons"], Get | Head) => {
            owner::list_coupons::list_coupons(app, req, shop).await
        }
        (["shops", shop, "coupons"], Post) => {
            owner::create_coupon::create_coupon(app, req, shop).await
        }
        (["shops", _, "coupons"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "coupon-rules"], Get | Head) => {
            owner::get_coupon_rules::get_coupon_rules(app, req, shop).await
        }
        (["shops", shop, "coupon-rules"], Put) => {
            owner::set_coupon_rules::set_coupon_rules(app, req, shop).await
        }
        (["shops", _, "coupon-rules"], _) => Err(not_allowed(&["GET", "PUT"])),
        // What agents and sharers earn.
        (["shops", shop, "commission"], Get | Head) => {
            owner::get_commission_shares::get_commission_shares(app, req, shop).await
        }
        (["shops", shop, "commission"], Put) => {
            owner::set_commission_shares::set_commission_shares(app, req, shop).await
        }
        (["shops", _, "commission"], _) => Err(not_allowed(&["GET", "PUT"])),
        // Flash sales and group deals.
        (["shops", shop, "flash-sales"], Post) => {
            owner::create_flash_sale::create_flash_sale(app, req, shop).await
        }
        (["shops", shop, "flash-sales"], Get | Head) => {
            owner::list_flash_sales::list_flash_sales(app, req, shop).await
        }
        (["shops", _, "flash-sales"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "flash-sales", id, "end"], Post) => {
            owner::end_flash_sale::end_flash_sale(app, req, shop, id).await
        }
        (["shops", _, "flash-sales", _, "end"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop, "group-deals"], Post) => {
            owner::create_group_deal::create_group_deal(app, req, shop).await
        }
        (["shops", shop, "group-deals"], Get | Head) => {
            owner::list_group_deals::list_group_deals(app, req, shop).await
        }
        (["shops", _, "group-deals"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "group-deals", id, "end"], Post) => {
            owner::end_group_deal::end_group_deal(app, req, shop, id).await
        }
        (["shops", _, "group-deals", _, "end"], _) => Err(not_allowed(&["POST"])),
        // Agents, bargains and pre-sale styles.
        (["shops", shop, "agents"], Get | Head) => {
            owner::list_agents::list_agents(app, req, shop).await
        }
        (["shops", _, "agents"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "agents", "policy"], Put) => {
            owner::set_agent_policy::set_agent_policy(app, req, shop).await
        }
        (["shops", _, "agents", "policy"], _) => Err(not_allowed(&["PUT"])),
        (["shops", shop, "agents", id, "approve"], Post) => {
            owner::approve_agent::approve_agent(app, req, shop, id).await
        }
        (["shops", shop, "agents", id, "reject"], Post) => {
            owner::reject_agent::reject_agent(app, req, shop, id).await
        }
        (["shops", _, "agents", _, "approve" | "reject"], _) => Err(not_allowed(&["POST"])),
        (["shops", shop, "bargains"], Get | Head) => {
            owner::list_owner_bargains::list_owner_bargains(app, req, shop).await
        }
        (["shops", _, "bargains"], _) => Err(not_allowed(&["GET"])),
        (["shops", shop, "bargain-offers", product], Put) => {
            owner::set_bargain_offer::set_bargain_offer(app, req, shop, product).await
        }
        (["shops", shop, "bargain-offers", product], Delete) => {
            owner::set_bargain_offer::delete_bargain_offer(app, req, shop, product).await
        }
        (["shops", _, "bargain-offers", _], _) => Err(not_allowed(&["PUT", "DELETE"])),
        (["shops", shop, "styles"], Get | Head) => {
            owner::list_styles::list_styles(app, req, shop).await
        }
        (["shops", shop, "styles"], Post) => owner::list_styles::post_style(app, req, shop).await,
        (["shops", _, "styles"], _) => Err(not_allowed(&["GET", "POST"])),
        (["shops", shop, "styles", id, "promote"], Post) => {
            owner::promote_style::promote_style(app, req, shop, id).await
        }
        (["shops", _, "styles", _, "promote"], _) => Err(not_allowed(&["POST"])),
        _ => Err(ApiError::NotFound.into()),
    }
}
