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
pub mod route;
pub mod routes;

use crate::base::http::{HttpRequest, HttpResponse, Method};
use crate::base::log::log_error;
use crate::domain::catalogue::shops;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::{ApiError, ShopId};
use route::{OwnerRoute, Route, RouteError, ShopRoute};
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

async fn dispatch<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    let segments = req.segments().ok_or(ApiError::NotFound)?;
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match route::resolve(&req.method, &segments).map_err(ApiError::from)? {
        Route::Health => Ok(HttpResponse::json(200, &serde_json::json!({ "ok": true }))),
        Route::Shop { shop, route } => serve_shop(app, req, shop, route, cors_origin).await,
        // The console is served from the edge's own origin, so no CORS; nothing the
        // owner API answers may be cached anywhere.
        Route::Owner(route) => {
            let answer = serve_owner(app, req, route).await;
            // A write to a shop may change it and its sub-shops: once it is done,
            // catalogue pages here read shops fresh (`domain::memo::shops`).
            if route.writes_a_shop() {
                app.shops.clear();
            }
            answer.map(|r| r.with_header("cache-control", "no-store"))
        }
        Route::GetOrder { id } => orders::get_order::get_order(app, req, id, cors_origin).await,
        Route::AfterSalesPreflight { id } => {
            orders::request_after_sales::preflight(app, req, id, cors_origin).await
        }
        Route::RequestAfterSales { id } => {
            orders::request_after_sales::request_after_sales(app, req, id, cors_origin).await
        }
        Route::ReceiveSupplierEvent => {
            hooks::receive_supplier_event::receive_supplier_event(app, req).await
        }
        Route::ReceivePaymentNotice { provider } => {
            hooks::receive_payment_notice::receive_payment_notice(app, req, provider).await
        }
        Route::ShowWechatPayPage { order } => {
            pay::show_wechat_pay_page::show_wechat_pay_page(app, req, order).await
        }
        Route::ShowSandboxPage { reference } => {
            pay::show_sandbox_page::show_sandbox_page(app, req, reference).await
        }
        Route::PaySandbox { reference } => pay::pay_sandbox::pay_sandbox(app, req, reference).await,
        // An agent applicant's own view, by its capability token.
        Route::GetAgent { id } => agents::get_agent::get_agent(app, req, id, cors_origin).await,
        Route::AgentMarkupPreflight { id } => {
            agents::set_agent_markup::preflight(app, req, id, cors_origin).await
        }
        Route::SetAgentMarkup { id } => {
            let answer =
                agents::set_agent_markup::set_agent_markup(app, req, id, cors_origin).await;
            // The agent's sub-shop is priced anew.
            app.shops.clear();
            answer
        }
    }
}

/// A shopper's route: the shop is found and the request's origin checked against
/// it before the rest of the path is judged.
async fn serve_shop<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    shop: &str,
    route: Result<ShopRoute<'_>, RouteError>,
    cors_origin: &mut Option<String>,
) -> Result<HttpResponse, Error> {
    use ShopRoute as S;
    // Catalogue pages may use this isolate's recent copy of the shop; everything
    // else, money above all, reads it fresh.
    let page = route.is_ok_and(|r| r.is_catalogue_page());
    let shop = match ShopId::parse(shop) {
        Ok(id) => shops::find(app, &id, page).await?,
        Err(_) => None,
    }
    .ok_or_else(|| ApiError::UnknownShop {
        shop: shop.chars().take(64).collect(),
    })?;
    *cors_origin = cors::check(req, &shop.allowed_origins, &app.config.payments.public_url)?;
    match route.map_err(ApiError::from)? {
        S::Preflight => Ok(cors::preflight(req)?),
        S::GetShop => shop::get_shop::get_shop(app, &shop, req).await,
        S::ListProducts => shop::list_products::list_products(app, &shop, req).await,
        S::GetProduct { id } => shop::get_product::get_product(app, &shop, id, req).await,
        S::GetFirstView => shop::get_first_view::get_first_view(app, &shop, req).await,
        S::CreateQuote => shop::create_quote::create_quote(app, &shop, req).await,
        S::CreateOrder => shop::create_order::create_order(app, &shop, req).await,
        S::GetCouponWallet => shop::get_coupon_wallet::get_coupon_wallet(app, &shop, req).await,
        S::CreateSharer => shop::create_sharer::create_sharer(app, &shop, req).await,
        S::GetSharer { code } => shop::get_sharer::get_sharer(app, &shop, code, req).await,
        S::ListCampaigns => shop::list_campaigns::list_campaigns(app, &shop, req).await,
        S::GetGroup { group } => shop::get_group::get_group(app, &shop, group, req).await,
        S::ApplyAgent => shop::apply_agent::apply_agent(app, &shop, req).await,
        S::ListBargainOffers => {
            shop::list_bargain_offers::list_bargain_offers(app, &shop, req).await
        }
        S::StartBargain => shop::start_bargain::start_bargain(app, &shop, req).await,
        S::GetBargain { id } => shop::get_bargain::get_bargain(app, &shop, id, req).await,
        S::HelpBargain { id } => shop::help_bargain::help_bargain(app, &shop, id, req).await,
        S::GetPresale => shop::get_presale::get_presale(app, &shop, req).await,
        S::VoteStyle { style } => shop::vote_style::vote_style(app, &shop, style, req).await,
    }
}

/// The owner's route; each handler checks the owner's session first.
async fn serve_owner<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    route: OwnerRoute<'_>,
) -> Result<HttpResponse, Error> {
    use OwnerRoute as O;
    match route {
        O::SignUp => owner::sign_up::sign_up(app, req).await,
        O::SignIn => owner::sign_in::sign_in(app, req).await,
        O::SignOut => owner::sign_out::sign_out(app, req).await,
        O::GetMe => owner::get_me::get_me(app, req).await,
        O::RotateMemberSecret => owner::rotate_member_secret::rotate_member_secret(app, req).await,
        O::CreateShop => owner::create_shop::create_shop(app, req).await,
        O::GetOwnerShop { shop } => owner::get_owner_shop::get_owner_shop(app, req, shop).await,
        O::UpdateShop { shop } => owner::update_shop::update_shop(app, req, shop).await,
        O::ListOwnerCatalogue { shop } => {
            owner::list_owner_catalogue::list_owner_catalogue(app, req, shop).await
        }
        O::PickProduct { shop, id } => owner::pick_product::pick_product(app, req, shop, id).await,
        O::UnpickProduct { shop, id } => {
            owner::unpick_product::unpick_product(app, req, shop, id).await
        }
        O::FollowCategories { shop } => {
            owner::follow_categories::follow_categories(app, req, shop).await
        }
        O::SetMarkup { shop } => owner::set_markup::set_markup(app, req, shop).await,
        O::PreviewMarkup { shop } => owner::preview_markup::preview_markup(app, req, shop).await,
        O::SetDailyPicks { shop } => owner::set_daily_picks::set_daily_picks(app, req, shop).await,
        O::ListOwnerOrders { shop } => {
            owner::list_owner_orders::list_owner_orders(app, req, shop).await
        }
        O::ExportOrders { shop } => owner::export_orders::export_orders(app, req, shop).await,
        O::ListCoupons { shop } => owner::list_coupons::list_coupons(app, req, shop).await,
        O::CreateCoupon { shop } => owner::create_coupon::create_coupon(app, req, shop).await,
        O::GetCouponRules { shop } => {
            owner::get_coupon_rules::get_coupon_rules(app, req, shop).await
        }
        O::SetCouponRules { shop } => {
            owner::set_coupon_rules::set_coupon_rules(app, req, shop).await
        }
        O::GetCommissionShares { shop } => {
            owner::get_commission_shares::get_commission_shares(app, req, shop).await
        }
        O::SetCommissionShares { shop } => {
            owner::set_commission_shares::set_commission_shares(app, req, shop).await
        }
        O::CreateFlashSale { shop } => {
            owner::create_flash_sale::create_flash_sale(app, req, shop).await
        }
        O::ListFlashSales { shop } => {
            owner::list_flash_sales::list_flash_sales(app, req, shop).await
        }
        O::EndFlashSale { shop, id } => {
            owner::end_flash_sale::end_flash_sale(app, req, shop, id).await
        }
        O::CreateGroupDeal { shop } => {
            owner::create_group_deal::create_group_deal(app, req, shop).await
        }
        O::ListGroupDeals { shop } => {
            owner::list_group_deals::list_group_deals(app, req, shop).await
        }
        O::EndGroupDeal { shop, id } => {
            owner::end_group_deal::end_group_deal(app, req, shop, id).await
        }
        O::ListAgents { shop } => owner::list_agents::list_agents(app, req, shop).await,
        O::SetAgentPolicy { shop } => {
            owner::set_agent_policy::set_agent_policy(app, req, shop).await
        }
        O::ApproveAgent { shop, id } => {
            owner::approve_agent::approve_agent(app, req, shop, id).await
        }
        O::RejectAgent { shop, id } => owner::reject_agent::reject_agent(app, req, shop, id).await,
        O::ListOwnerBargains { shop } => {
            owner::list_owner_bargains::list_owner_bargains(app, req, shop).await
        }
        O::SetBargainOffer { shop, product } => {
            owner::set_bargain_offer::set_bargain_offer(app, req, shop, product).await
        }
        O::DeleteBargainOffer { shop, product } => {
            owner::delete_bargain_offer::delete_bargain_offer(app, req, shop, product).await
        }
        O::ListStyles { shop } => owner::list_styles::list_styles(app, req, shop).await,
        O::CreateStyle { shop } => owner::create_style::create_style(app, req, shop).await,
        O::PromoteStyle { shop, id } => {
            owner::promote_style::promote_style(app, req, shop, id).await
        }
    }
}
