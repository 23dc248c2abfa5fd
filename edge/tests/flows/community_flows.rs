//! Agents and sub-shops, bargains and pre-sale voting against the fakes: the routes as
//! shoppers and owners call them, and the checkout seam of bargains.

use crate::common::*;
use crate::common::{body, code, get, owner_request, post, run, sign_up};
use pocketshop_edge::base::http::{HttpRequest, HttpResponse, Method};
use pocketshop_edge::ports::store::community::CommunityStore;
use pocketshop_shared::agent::{AgentApplied, AgentStatus, AgentStatusView, OwnerAgents};
use pocketshop_shared::bargain::{BargainStatus, BargainView, Helped, OwnerBargains};
use pocketshop_shared::catalogue::ShopProduct;
use pocketshop_shared::presale::{PresaleView, Style, StyleStatus, Voted};
use pocketshop_shared::ShopperId;
use serde_json::{json, Value};

/// An owner signed in, who owns the demo shop; returns their token.
fn owner_of_demo(app: &TestApp) -> String {
    let s = sign_up(app, "owner@demo.example");
    let owner = app.store.owners.borrow()[0].id.clone();
    if let Some(shop) = app
        .store
        .shops
        .borrow_mut()
        .get_mut(&ShopId::parse("demo").expect("valid"))
    {
        shop.owner_id = Some(owner);
    }
    s.token
}

fn put_json(app: &TestApp, path: &str, body: &Value) -> HttpResponse {
    run(
        app,
        HttpRequest::new(Method::Put, path)
            .with_header("origin", ORIGIN)
            .with_header("content-type", "application/json")
            .with_body(serde_json::to_vec(body).expect("json")),
    )
}

fn shopper(n: u32) -> String {
    format!("shopper-{n:04}-abcdefgh")
}

fn apply(app: &TestApp, shop: &str, who: &str, name: &str) -> HttpResponse {
    post(
        app,
        &format!("/v1/shops/{shop}/agents"),
        &json!({"shopper": who, "name": name, "origins": ["https://amy.example"]}),
        None,
    )
}

fn approve(app: &TestApp, token: &str, id: &str) -> AgentStatusView {
    let r = owner_request(
        app,
        Method::Post,
        &format!("/v1/admin/shops/demo/agents/{id}/approve"),
        Some(token),
        None,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    body(&r)
}

fn price_of_p1a(app: &TestApp, shop: &str) -> i64 {
    let p: ShopProduct = body(&get(app, &format!("/v1/shops/{shop}/products/P1")));
    p.skus[0].price.amount
}

#[test]
fn an_approved_agent_sells_the_owners_selection_at_the_owners_price_plus_their_markup() {
    let app = app(3);
    let owner = owner_of_demo(&app);
    let r = owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/demo/agents/policy",
        Some(&owner),
        Some(&json!({"open": true, "min_bp": 0, "max_bp": 2000})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));

    let r = apply(&app, "demo", &shopper(1), "Amy's picks");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let applied: AgentApplied = body(&r);
    let status: AgentStatusView = body(&get(
        &app,
        &format!("/v1/agents/{}?token={}", applied.id, applied.token),
    ));
    assert_eq!(status.status, AgentStatus::Pending);
    assert_eq!(status.sub_shop, None);
    let wrong = get(&app, &format!("/v1/agents/{}?token=nope", applied.id));
    assert_eq!((wrong.status, code(&wrong).as_str()), (403, "forbidden"));

    let listed: OwnerAgents = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/demo/agents",
        Some(&owner),
        None,
    ));
    assert_eq!(listed.agents.len(), 1);
    assert_eq!(listed.policy.max_bp, 2000);

    let approved = approve(&app, &owner, &applied.id);
    assert_eq!(approved.status, AgentStatus::Approved);
    let sub = approved.sub_shop.clone().expect("a sub-shop");
    assert!(approved
        .snippet
        .as_deref()
        .is_some_and(|s| s.contains(&format!("shop=\"{sub}\""))));

    // At 0 % the sub-shop sells at the owner's price: ¥10.00 supply + 30 %.
    assert_eq!(price_of_p1a(&app, "demo"), 1_300);
    assert_eq!(price_of_p1a(&app, sub.as_str()), 1_300);
    let r = put_json(
        &app,
        &format!("/v1/agents/{}/markup?token={}", applied.id, applied.token),
        &json!({"markup_bp": 1000}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    // The owner's ¥13.00 raised by 10 %.
    assert_eq!(price_of_p1a(&app, sub.as_str()), 1_430);
    assert_eq!(price_of_p1a(&app, "demo"), 1_300);

    let r = put_json(
        &app,
        &format!("/v1/agents/{}/markup?token={}", applied.id, applied.token),
        &json!({"markup_bp": 2001}),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        body::<Value>(&r),
        json!({"code": "markup_out_of_range", "min_bp": 0, "max_bp": 2000})
    );

    let shop = pollster::block_on(app.store.shop(&sub))
        .expect("store")
        .expect("the sub-shop");
    let link = shop.agent.expect("an agent link");
    assert_eq!(link.agent_id, applied.id);
    assert_eq!(link.root_shop.as_str(), "demo");
    assert_eq!(link.upstream_agent_id, None);
    assert_eq!(shop.owner_id, None);
    assert!(shop
        .allowed_origins
        .contains(&"https://amy.example".to_owned()));
    assert!(shop.allowed_origins.contains(&ORIGIN.to_owned()));
}

#[test]
fn agents_go_two_levels_deep_and_no_further() {
    let app = app(3);
    let owner = owner_of_demo(&app);
    let first: AgentApplied = body(&apply(&app, "demo", &shopper(1), "Level one"));
    let sub1 = approve(&app, &owner, &first.id).sub_shop.expect("sub-shop");

    let r = apply(&app, sub1.as_str(), &shopper(2), "Level two");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let second: AgentApplied = body(&r);
    let view = approve(&app, &owner, &second.id);
    assert_eq!(view.level, 2);
    let sub2 = view.sub_shop.expect("sub-shop");
    let shop = pollster::block_on(app.store.shop(&sub2))
        .expect("store")
        .expect("the sub-shop");
    let link = shop.agent.expect("an agent link");
    assert_eq!(link.upstream_agent_id.as_deref(), Some(first.id.as_str()));
    assert_eq!(link.root_shop.as_str(), "demo");

    let r = apply(&app, sub2.as_str(), &shopper(3), "Level three");
    assert_eq!(r.status, 409);
    assert_eq!(
        body::<Value>(&r),
        json!({"code": "agent_not_allowed", "reason": "too_many_levels"})
    );
}

#[test]
fn a_second_application_a_closed_shop_and_a_second_decision_are_refused() {
    let app = app(3);
    let owner = owner_of_demo(&app);
    let first: AgentApplied = body(&apply(&app, "demo", &shopper(1), "Amy"));
    let again = apply(&app, "demo", &shopper(1), "Amy again");
    assert_eq!(
        (again.status, body::<Value>(&again)["reason"].clone()),
        (409, json!("already_applied"))
    );
    let r = owner_request(
        &app,
        Method::Post,
        &format!("/v1/admin/shops/demo/agents/{}/reject", first.id),
        Some(&owner),
        None,
    );
    assert_eq!(r.status, 200);
    let r = owner_request(
        &app,
        Method::Post,
        &format!("/v1/admin/shops/demo/agents/{}/approve", first.id),
        Some(&owner),
        None,
    );
    assert_eq!(
        (r.status, body::<Value>(&r)["reason"].clone()),
        (409, json!("already_decided"))
    );
    owner_request(
        &app,
        Method::Put,
        "/v1/admin/shops/demo/agents/policy",
        Some(&owner),
        Some(&json!({"open": false, "min_bp": 0, "max_bp": 0})),
    );
    let r = apply(&app, "demo", &shopper(2), "Bo");
    assert_eq!(
        (r.status, body::<Value>(&r)["reason"].clone()),
        (409, json!("closed"))
    );
    // Another owner's session cannot see or decide this shop's agents.
    let r = owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/demo/agents",
        Some(&"0".repeat(64)),
        None,
    );
    assert_eq!(r.status, 401);
}

/// The owner offers bargains on P1 of the demo shop down to `floor` (fen) in `helps`
/// helps, for a day.
fn offer_bargain_on_p1(app: &TestApp, owner: &str, floor: i64, helps: u32) -> HttpResponse {
    owner_request(
        app,
        Method::Put,
        "/v1/admin/shops/demo/bargain-offers/P1",
        Some(owner),
        Some(
            &json!({"floor": {"amount": floor, "currency": "CNY"}, "helps": helps, "duration_secs": 86400}),
        ),
    )
}

/// The demo shop's owner offers bargains on P1 down to ¥11.00 in `helps` helps.
fn bargain_on_p1(app: &TestApp, helps: u32) -> String {
    let owner = owner_of_demo(app);
    let r = offer_bargain_on_p1(app, &owner, 1_100, helps);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    owner
}

fn start(app: &TestApp, who: &str) -> BargainView {
    let r = post(
        app,
        "/v1/shops/demo/bargains",
        &json!({"product": "P1", "sku": "P1-A", "shopper": who}),
        None,
    );
    assert!(
        r.status == 201 || r.status == 200,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    body(&r)
}

fn help(app: &TestApp, id: &str, who: &str) -> HttpResponse {
    post(
        app,
        &format!("/v1/shops/demo/bargains/{id}/help"),
        &json!({"shopper": who}),
        None,
    )
}

#[test]
fn five_friends_take_a_bargain_to_its_floor_exactly_and_a_sixth_cannot_help() {
    let app = app(3);
    let owner = bargain_on_p1(&app, 5);
    let b = start(&app, &shopper(0));
    assert_eq!(
        (b.start_price, b.price, b.floor),
        (cny(1_300), cny(1_300), cny(1_100))
    );
    assert_eq!(b.status, BargainStatus::Open);
    // Starting again returns the running bargain.
    assert_eq!(start(&app, &shopper(0)).id, b.id);

    let own = help(&app, &b.id, &shopper(0));
    assert_eq!((own.status, code(&own).as_str()), (409, "already_helped"));
    let mut price = 1_300;
    for n in 1..=5 {
        let r = help(&app, &b.id, &shopper(n));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let h: Helped = body(&r);
        assert!(h.cut.amount >= 1);
        price -= h.cut.amount;
        assert_eq!(h.bargain.price.amount, price);
        assert!(price >= 1_100);
        if n == 1 {
            let twice = help(&app, &b.id, &shopper(1));
            assert_eq!(code(&twice), "already_helped");
        }
    }
    assert_eq!(price, 1_100);
    let sixth = help(&app, &b.id, &shopper(6));
    assert_eq!(
        (sixth.status, code(&sixth).as_str()),
        (409, "campaign_ended")
    );

    let seen: BargainView = body(&get(
        &app,
        &format!("/v1/shops/demo/bargains/{}?shopper={}", b.id, shopper(0)),
    ));
    assert_eq!(seen.status, BargainStatus::Floor);
    assert!(seen.mine && !seen.helped);
    assert_eq!(seen.helps.len(), 5);
    assert!(seen.helps.iter().all(|h| h.helper == "sh***"));

    let listed: OwnerBargains = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/demo/bargains",
        Some(&owner),
        None,
    ));
    assert_eq!((listed.offers.len(), listed.bargains.len()), (1, 1));
}

#[test]
fn a_help_that_lost_the_race_for_its_place_changes_nothing() {
    let app = app(3);
    bargain_on_p1(&app, 3);
    let b = start(&app, &shopper(0));
    let help_at = |who: u32, position: u32| {
        pollster::block_on(app.store.add_help(
            &b.id,
            position,
            3,
            &pocketshop_edge::ports::store::community::HelpRecord {
                shopper: shopper(who),
                cut: 10,
                at: app.now,
            },
        ))
        .expect("store")
    };
    assert!(help_at(1, 0));
    assert!(!help_at(2, 0), "position 0 is taken");
    assert!(!help_at(1, 1), "a friend helps once");
    assert!(help_at(2, 1));
    assert!(help_at(3, 2));
    assert!(!help_at(4, 3), "no position past the last");
}

/// The bargain terms `who` would buy `id` on in `shop` under.
fn bargain_terms(
    app: &TestApp,
    shop: &ShopRecord,
    id: &str,
    who: &ShopperId,
) -> Result<pocketshop_shared::offer::CampaignTerms, pocketshop_edge::ports::error::Error> {
    pollster::block_on(async {
        let b = pocketshop_edge::domain::community::bargain::load(app, shop, id).await?;
        pocketshop_edge::domain::community::bargain::terms_of(&b, Some(who), app.now)
    })
}

/// Ties bargain `id` of `shop` to order `o` of `who`, as checkout does: the bargain
/// loaded afresh (it may have been tied or released since), then tied.
fn tie_bargain(
    app: &TestApp,
    shop: &ShopRecord,
    id: &str,
    who: &ShopperId,
    o: &OrderId,
) -> Result<(), pocketshop_edge::ports::error::Error> {
    pollster::block_on(async {
        let b = pocketshop_edge::domain::community::bargain::load(app, shop, id).await?;
        pocketshop_edge::domain::community::bargain::tie(app, &b, who, o).await
    })
}

#[test]
fn only_the_starter_buys_one_unit_at_the_bargained_price_with_one_order_at_a_time() {
    let mut app = app(3);
    bargain_on_p1(&app, 2);
    let b = start(&app, &shopper(0));
    let _ = help(&app, &b.id, &shopper(1));
    let starter = ShopperId::parse(&shopper(0)).expect("valid");
    let friend = ShopperId::parse(&shopper(1)).expect("valid");
    let shop = demo_shop();
    let current: BargainView = body(&get(&app, &format!("/v1/shops/demo/bargains/{}", b.id)));

    let terms = bargain_terms(&app, &shop, &b.id, &starter).expect("terms");
    let sku = Sku::parse("P1-A").expect("valid");
    assert_eq!(terms.prices.get(&sku), Some(&current.price));
    assert_eq!(terms.max_units, Some(1));
    assert!(!terms.coupons_allowed);
    let other = bargain_terms(&app, &shop, &b.id, &friend);
    assert!(matches!(
        other,
        Err(pocketshop_edge::ports::error::Error::Api(
            ApiError::Forbidden
        ))
    ));

    let o1 = OrderId::parse("PS-1").expect("valid");
    let o2 = OrderId::parse("PS-2").expect("valid");
    let reserve = |app: &TestApp, o: &OrderId| tie_bargain(app, &shop, &b.id, &starter, o);
    assert!(reserve(&app, &o1).is_ok());
    assert!(reserve(&app, &o1).is_ok(), "the same order again is fine");
    assert!(matches!(
        reserve(&app, &o2),
        Err(pocketshop_edge::ports::error::Error::Api(
            ApiError::CampaignEnded
        ))
    ));
    let bought = bargain_terms(&app, &shop, &b.id, &starter);
    assert!(matches!(
        bought,
        Err(pocketshop_edge::ports::error::Error::Api(
            ApiError::CampaignEnded
        ))
    ));
    pollster::block_on(pocketshop_edge::domain::community::bargain::release(
        &app, &b.id, &o1,
    ))
    .expect("released");
    assert!(reserve(&app, &o2).is_ok());
    pollster::block_on(pocketshop_edge::domain::community::bargain::release(
        &app, &b.id, &o2,
    ))
    .expect("released");

    app.now += 86_400;
    let late = bargain_terms(&app, &shop, &b.id, &starter);
    assert!(matches!(
        late,
        Err(pocketshop_edge::ports::error::Error::Api(
            ApiError::CampaignEnded
        ))
    ));
    let seen: BargainView = body(&get(&app, &format!("/v1/shops/demo/bargains/{}", b.id)));
    assert_eq!(seen.status, BargainStatus::Expired);
    let r = help(&app, &b.id, &shopper(2));
    assert_eq!(code(&r), "campaign_ended");
}

#[test]
fn a_floor_below_the_supply_price_or_a_bargain_on_an_unoffered_product_is_refused() {
    let app = app(3);
    let owner = owner_of_demo(&app);
    let r = offer_bargain_on_p1(&app, &owner, 999, 3);
    assert_eq!(
        (r.status, body::<Value>(&r)["field"].clone()),
        (400, json!("floor"))
    );
    let r = post(
        &app,
        "/v1/shops/demo/bargains",
        &json!({"product": "P2", "sku": "P2-A", "shopper": shopper(0)}),
        None,
    );
    assert_eq!(
        (r.status, body::<Value>(&r)),
        (404, json!({"code": "unknown_campaign", "kind": "bargain"}))
    );
}

/// The pre-sale page as shopper `who` sees it.
fn presale(app: &TestApp, who: u32) -> PresaleView {
    body(&get(
        app,
        &format!("/v1/shops/demo/presale?shopper={}", shopper(who)),
    ))
}

fn promote(app: &TestApp, owner: &str, style: &str, b: &Value) -> HttpResponse {
    owner_request(
        app,
        Method::Post,
        &format!("/v1/admin/shops/demo/styles/{style}/promote"),
        Some(owner),
        Some(b),
    )
}

#[test]
fn voters_are_told_once_when_their_style_goes_on_presale() {
    let app = app(3);
    let owner = owner_of_demo(&app);
    let post_style = |title: &str| -> Style {
        let r = owner_request(
            &app,
            Method::Post,
            "/v1/admin/shops/demo/styles",
            Some(&owner),
            Some(&json!({"title": title, "description": "Loose fit"})),
        );
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        body(&r)
    };
    let sage = post_style("Linen shirt, sage");
    let rust = post_style("Linen shirt, rust");
    let vote = |style: &str, who: u32| {
        post(
            &app,
            &format!("/v1/shops/demo/presale/{style}/votes"),
            &json!({"shopper": shopper(who)}),
            None,
        )
    };
    let v: Voted = body(&vote(&sage.id, 1));
    assert_eq!((v.style.votes, v.style.voted), (1, true));
    assert_eq!(code(&vote(&sage.id, 1)), "already_voted");
    assert_eq!(vote(&sage.id, 2).status, 200);
    assert_eq!(vote(&rust.id, 3).status, 200);

    let view = presale(&app, 1);
    assert_eq!(view.voting[0].id, sage.id, "most votes first");
    assert!(view.voting[0].voted && !view.voting[1].voted);
    assert!(view.notices.is_empty());

    let ship = app.now + 30 * 86_400;
    let r = promote(
        &app,
        &owner,
        &sage.id,
        &json!({"ship_date": ship, "product": "P1"}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let promoted: Style = body(&r);
    assert_eq!(
        (promoted.status, promoted.ship_date),
        (StyleStatus::Presale, Some(ship))
    );
    let again = promote(&app, &owner, &sage.id, &json!({"ship_date": ship}));
    assert_eq!(code(&again), "campaign_ended");
    assert_eq!(code(&vote(&sage.id, 4)), "campaign_ended");

    let told = presale(&app, 1);
    assert_eq!(told.notices.len(), 1);
    assert_eq!(told.notices[0].id, sage.id);
    assert_eq!(told.presale.len(), 1);
    let later = presale(&app, 1);
    assert!(later.notices.is_empty(), "told once");
    let other = presale(&app, 3);
    assert!(other.notices.is_empty(), "voted for another style");
    let past = promote(&app, &owner, &rust.id, &json!({"ship_date": app.now - 1}));
    assert_eq!(body::<Value>(&past)["field"], json!("ship_date"));
}
