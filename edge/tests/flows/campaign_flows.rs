//! Flash sales and group deals against the fakes (the fake platform keeps each
//! campaign counter with the Durable Object's own logic): the owner's routes, the
//! public list and group view, and the checkout seam as checkout calls it (a campaign
//! loaded once, its terms, taking from it, release, confirm) under a crowd of shoppers,
//! expiry of held places and of whole groups.

use crate::common::*;
use crate::common::{body, code, get, owner_request};
use pocketshop_edge::base::http::{HttpResponse, Method};
use pocketshop_edge::domain::community::campaigns::{flash, group};
use pocketshop_edge::domain::owners::auth;
use pocketshop_edge::ports::store::OwnerRecord;
use pocketshop_shared::campaign::{
    CampaignList, FlashSale, FlashSaleView, GroupDeal, GroupStatus, GroupView, Phase,
};
use pocketshop_shared::offer::{CampaignTerms, Gate};
use pocketshop_shared::ShopperId;
use serde_json::{json, Value};

const NOW: i64 = 1_790_000_000;

/// The demo shop owned by a signed-in owner; their bearer token.
fn owner(app: &TestApp) -> String {
    let record = OwnerRecord {
        id: "owner-1".into(),
        email: "tea@example.com".into(),
        password_hash: "unused".into(),
        member_secret: None,
        created_at: NOW,
    };
    app.store.owners.borrow_mut().push(record.clone());
    let demo = ShopId::parse("demo").expect("valid");
    if let Some(shop) = app.store.shops.borrow_mut().get_mut(&demo) {
        shop.owner_id = Some(record.id.clone());
    }
    pollster::block_on(auth::open_session(app, &record))
        .expect("session")
        .0
}

fn created<T: serde::de::DeserializeOwned>(r: &HttpResponse) -> T {
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    body(r)
}

fn new_flash(app: &TestApp, token: &str, cap: u32, per_shopper: u32) -> FlashSale {
    let b = json!({"product_id": "P1", "price": {"amount": 1_100, "currency": "CNY"},
                   "cap": cap, "per_shopper": per_shopper});
    created(&owner_request(
        app,
        Method::Post,
        "/v1/admin/shops/demo/flash-sales",
        Some(token),
        Some(&b),
    ))
}

fn new_deal(app: &TestApp, token: &str, size: u32, window_secs: i64) -> GroupDeal {
    let b = json!({"product_id": "P1", "skus": ["P1-A"], "price": {"amount": 1_050, "currency": "CNY"},
                   "size": size, "window_secs": window_secs});
    created(&owner_request(
        app,
        Method::Post,
        "/v1/admin/shops/demo/group-deals",
        Some(token),
        Some(&b),
    ))
}

fn shop(app: &TestApp) -> ShopRecord {
    app.store
        .shops
        .borrow()
        .get(&ShopId::parse("demo").expect("valid"))
        .cloned()
        .expect("demo")
}

fn shopper(i: usize) -> ShopperId {
    ShopperId::parse(&format!("shopper-{i:04}-abcdefgh")).expect("valid")
}

fn order(i: usize) -> OrderId {
    OrderId::parse(&format!("ord{i:04}")).expect("valid")
}

fn api_code(e: pocketshop_edge::ports::error::Error) -> String {
    match e {
        pocketshop_edge::ports::error::Error::Api(api) => serde_json::to_value(&api).expect("json")
            ["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        other => panic!("not a client error: {other:?}"),
    }
}

/// The terms flash sale `sale` gives a checkout, as checkout loads them.
fn flash_terms(app: &TestApp, sale: &str) -> Result<CampaignTerms, String> {
    let shop = shop(app);
    pollster::block_on(async {
        let sale = flash::sale(app, &shop, sale).await?;
        flash::sale_terms(app, &sale).await
    })
    .map_err(api_code)
}

/// Takes `units` of flash sale `sale` for order `o` of shopper `s`, as checkout does:
/// the sale loaded, then taken from.
fn reserve_flash(app: &TestApp, sale: &str, s: usize, o: usize, units: u32) -> Result<(), String> {
    let shop = shop(app);
    pollster::block_on(async {
        let sale = flash::sale(app, &shop, sale).await?;
        flash::take(app, &sale, &shopper(s), &order(o), units).await
    })
    .map_err(api_code)
}

/// The terms opening a group of `deal` gives a checkout.
fn open_terms(app: &TestApp, deal: &str) -> Result<CampaignTerms, String> {
    let shop = shop(app);
    pollster::block_on(async { group::open_terms(app, &group::deal(app, &shop, deal).await?) })
        .map_err(api_code)
}

/// The terms joining group `id` gives a checkout.
fn join_terms(app: &TestApp, id: &str) -> Result<CampaignTerms, String> {
    let shop = shop(app);
    pollster::block_on(async {
        let (record, deal) = group::group(app, &shop, id).await?;
        group::join_terms(app, &record, deal).await
    })
    .map_err(api_code)
}

/// When a place taken now lapses unpaid: 15 minutes on the counters' clock.
fn hold_until(app: &TestApp) -> i64 {
    app.platform.holds_clock_ms.get() / 1000 + 900
}

/// Opens a group of `deal` for order `i` of shopper `i`, as checkout does: the deal
/// loaded, then a group opened with their place. Returns the group id.
fn open_group(app: &TestApp, deal: &str, i: usize) -> Result<String, String> {
    let shop = shop(app);
    pollster::block_on(async {
        let deal = group::deal(app, &shop, deal).await?;
        group::open(
            app,
            &shop,
            &deal,
            &shopper(i),
            &order(i),
            "王小明",
            hold_until(app),
        )
        .await
    })
    .map_err(api_code)
}

/// Takes a place in group `id` of `shop` for order `o` of shopper `s`, held until
/// `until`, as checkout does: the group loaded, then joined.
fn join_as(
    app: &TestApp,
    shop: &ShopRecord,
    id: &str,
    s: &ShopperId,
    o: &OrderId,
    until: i64,
) -> Result<String, String> {
    pollster::block_on(async {
        let (record, _) = group::group(app, shop, id).await?;
        group::join(app, &record, s, o, "王小明", until).await
    })
    .map_err(api_code)
}

/// Order `i` of shopper `i` joins group `id` of the demo shop.
fn join_group(app: &TestApp, id: &str, i: usize) -> Result<String, String> {
    join_as(app, &shop(app), id, &shopper(i), &order(i), hold_until(app))
}

fn confirm(app: &TestApp, group_id: &str, i: usize) -> Gate {
    pollster::block_on(group::confirm(app, group_id, &order(i))).expect("confirm")
}

fn group_view(app: &TestApp, id: &str) -> GroupView {
    let r = get(app, &format!("/v1/shops/demo/groups/{id}"));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    body(&r)
}

/// Whether shopper `i` holds a place in group `id`, as the group's view tells them.
fn yours(app: &TestApp, id: &str, i: usize) -> bool {
    let r = get(
        app,
        &format!("/v1/shops/demo/groups/{id}?shopper={}", shopper(i)),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    body::<GroupView>(&r).yours
}

#[test]
fn an_owner_starts_a_flash_sale_and_shoppers_see_it_with_its_live_count() {
    let app = app(3);
    let token = owner(&app);
    let sale = new_flash(&app, &token, 20, 2);
    assert_eq!(sale.prices.len(), 2, "every SKU of P1");
    assert_eq!(sale.window.ends_at - sale.window.starts_at, 48 * 3600);
    reserve_flash(&app, &sale.id, 1, 1, 2).expect("granted");
    let r = get(&app, "/v1/shops/demo/campaigns");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let list: CampaignList = body(&r);
    assert_eq!(list.now, NOW);
    let view = &list.flash_sales[0];
    assert_eq!((view.phase, view.sold, view.left), (Phase::Active, 2, 18));
    let owners: Vec<FlashSaleView> = body(&owner_request(
        &app,
        Method::Get,
        "/v1/admin/shops/demo/flash-sales",
        Some(&token),
        None,
    ));
    assert_eq!(owners[0].sold, 2);
}

#[test]
fn a_flash_sale_below_the_suppliers_floor_or_with_bad_numbers_is_refused() {
    let app = app(3);
    let token = owner(&app);
    let path = "/v1/admin/shops/demo/flash-sales";
    let cases = [
        (
            json!({"product_id": "P1", "price": {"amount": 900, "currency": "CNY"}, "cap": 5, "per_shopper": 1}),
            "price",
        ),
        (
            json!({"product_id": "P1", "price": {"amount": 1_100, "currency": "CNY"}, "cap": 5, "per_shopper": 6}),
            "per_shopper",
        ),
        (
            json!({"product_id": "P1", "price": {"amount": 1_100, "currency": "CNY"}, "cap": 0, "per_shopper": 1}),
            "cap",
        ),
        (
            json!({"product_id": "P9", "price": {"amount": 1_100, "currency": "CNY"}, "cap": 5, "per_shopper": 1}),
            "product_id",
        ),
        (
            json!({"product_id": "P1", "skus": ["P2-A"], "price": {"amount": 1_100, "currency": "CNY"}, "cap": 5, "per_shopper": 1}),
            "skus",
        ),
        (
            json!({"product_id": "P1", "price": {"amount": 1_100, "currency": "CNY"}, "cap": 5, "per_shopper": 1, "ends_at": NOW - 1}),
            "ends_at",
        ),
    ];
    for (b, field) in cases {
        let r = owner_request(&app, Method::Post, path, Some(&token), Some(&b));
        assert_eq!(r.status, 400, "{b}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(body::<Value>(&r)["field"], field, "{b}");
    }
    let r = owner_request(
        &app,
        Method::Post,
        path,
        Some("0".repeat(64).as_str()),
        Some(&json!({})),
    );
    assert_eq!(r.status, 401);
    assert!(app.store.campaigns.borrow().flash_sales.is_empty());
}

#[test]
fn a_flash_sale_capped_at_20_grants_exactly_20_of_500_buyers() {
    let app = app(3);
    let token = owner(&app);
    let sale = new_flash(&app, &token, 20, 1);
    let results: Vec<Result<(), String>> = (0..500)
        .map(|i| reserve_flash(&app, &sale.id, i, i, 1))
        .collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 20);
    assert!(results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .all(|c| c == "sold_out"));
    assert_eq!(flash_terms(&app, &sale.id), Err("sold_out".into()));
    // An order given up gives its unit back to the next buyer.
    pollster::block_on(flash::release(&app, &sale.id, &order(3))).expect("released");
    pollster::block_on(flash::release(&app, &sale.id, &order(3))).expect("idempotent");
    assert_eq!(reserve_flash(&app, &sale.id, 600, 600, 1), Ok(()));
    assert_eq!(
        reserve_flash(&app, &sale.id, 601, 601, 1),
        Err("sold_out".into())
    );
}

#[test]
fn a_shopper_gets_the_flash_price_up_to_the_limit_and_only_while_the_sale_runs() {
    let mut app = app(3);
    let token = owner(&app);
    let sale = new_flash(&app, &token, 20, 2);
    let terms = flash_terms(&app, &sale.id).expect("terms");
    assert_eq!(terms.max_units, Some(2));
    assert!(!terms.coupons_allowed);
    assert_eq!(terms.prices.values().next().map(|m| m.amount), Some(1_100));
    assert_eq!(reserve_flash(&app, &sale.id, 1, 1, 1), Ok(()));
    assert_eq!(reserve_flash(&app, &sale.id, 1, 2, 1), Ok(()));
    assert_eq!(
        reserve_flash(&app, &sale.id, 1, 3, 1),
        Err("per_shopper_limit".into())
    );
    let r = owner_request(
        &app,
        Method::Post,
        &format!("/v1/admin/shops/demo/flash-sales/{}/end", sale.id),
        Some(&token),
        None,
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        reserve_flash(&app, &sale.id, 2, 4, 1),
        Err("campaign_ended".into())
    );
    let list: CampaignList = body(&get(&app, "/v1/shops/demo/campaigns"));
    assert!(list.flash_sales.is_empty(), "an ended sale is not listed");
    // A sale that starts tomorrow is shown but sells nothing yet.
    let b = json!({"product_id": "P2", "price": {"amount": 1_100, "currency": "CNY"},
                   "cap": 5, "per_shopper": 1, "starts_at": NOW + 86_400});
    let later: FlashSale = created(&owner_request(
        &app,
        Method::Post,
        "/v1/admin/shops/demo/flash-sales",
        Some(&token),
        Some(&b),
    ));
    assert_eq!(
        reserve_flash(&app, &later.id, 2, 5, 1),
        Err("campaign_not_started".into())
    );
    let list: CampaignList = body(&get(&app, "/v1/shops/demo/campaigns"));
    assert_eq!(list.flash_sales[0].phase, Phase::Upcoming);
    app.now += 86_400;
    assert_eq!(reserve_flash(&app, &later.id, 2, 5, 1), Ok(()));
    assert_eq!(flash_terms(&app, "nope"), Err("unknown_campaign".into()));
}

#[test]
fn two_hundred_joins_of_a_group_of_five_fill_it_exactly_and_it_completes_once_all_pay() {
    let app = app(3);
    let token = owner(&app);
    let deal = new_deal(&app, &token, 5, 3600);
    let terms = open_terms(&app, &deal.id).expect("terms");
    assert!(terms.prepaid_only);
    assert_eq!(terms.max_units, Some(1));
    let id = open_group(&app, &deal.id, 0).expect("opened");
    let joins: Vec<Result<String, String>> = (1..200).map(|i| join_group(&app, &id, i)).collect();
    assert_eq!(joins.iter().filter(|r| r.is_ok()).count(), 4);
    assert!(joins
        .iter()
        .filter_map(|r| r.as_ref().err())
        .all(|c| c == "group_full"));
    let joined: Vec<usize> = (1..200).filter(|i| joins[i - 1].is_ok()).collect();
    let view = group_view(&app, &id);
    assert_eq!((view.size, view.places_left), (5, 0));
    assert_eq!(view.members.len(), 5);
    assert!(view.members.iter().all(|m| m.name == "王**" && !m.paid));
    assert_eq!(join_terms(&app, &id), Err("group_full".into()));
    // Members pay one by one: each waits for the group's close until the last pays.
    assert_eq!(confirm(&app, &id, 0), Gate::Wait { until: NOW + 3600 });
    for i in &joined[..3] {
        assert_eq!(confirm(&app, &id, *i), Gate::Wait { until: NOW + 3600 });
    }
    assert_eq!(confirm(&app, &id, joined[3]), Gate::Submit);
    let woken: Vec<OrderId> = app
        .platform
        .wakes
        .borrow()
        .iter()
        .map(|(o, _)| o.clone())
        .collect();
    assert_eq!(woken.len(), 4, "the other members' orders are woken");
    assert!(!woken.contains(&order(joined[3])));
    assert_eq!(
        confirm(&app, &id, 0),
        Gate::Submit,
        "and go ahead when they ask"
    );
    assert_eq!(app.platform.wakes.borrow().len(), 4, "woken once");
    let view = group_view(&app, &id);
    assert_eq!(view.status, GroupStatus::Complete);
    assert!(view.members.iter().all(|m| m.paid));
}

#[test]
fn a_group_that_closes_unfilled_refunds_every_paid_member() {
    let app = app(3);
    let token = owner(&app);
    let deal = new_deal(&app, &token, 3, 600);
    let id = open_group(&app, &deal.id, 0).expect("opened");
    join_group(&app, &id, 1).expect("joined");
    assert_eq!(confirm(&app, &id, 0), Gate::Wait { until: NOW + 600 });
    assert_eq!(confirm(&app, &id, 1), Gate::Wait { until: NOW + 600 });
    // The members' order timers wake at the close and ask again.
    app.platform.holds_clock_ms.set((NOW + 600) * 1000);
    assert_eq!(confirm(&app, &id, 0), Gate::Refund);
    assert_eq!(confirm(&app, &id, 1), Gate::Refund);
    assert_eq!(group_view(&app, &id).status, GroupStatus::Failed);
    assert_eq!(join_group(&app, &id, 2), Err("campaign_ended".into()));
}

#[test]
fn an_unpaid_place_is_freed_by_its_release_or_its_deadline_and_a_shopper_holds_one_place() {
    let app = app(3);
    let token = owner(&app);
    let deal = new_deal(&app, &token, 2, 3600);
    let id = open_group(&app, &deal.id, 0).expect("opened");
    join_group(&app, &id, 1).expect("joined");
    assert_eq!(join_group(&app, &id, 2), Err("group_full".into()));
    assert!(yours(&app, &id, 1), "a held place is the shopper's");
    pollster::block_on(group::release(&app, &id, &order(1))).expect("released");
    assert!(!yours(&app, &id, 1), "a released place is not");
    assert_eq!(join_group(&app, &id, 2), Ok(id.clone()));
    // The shopper of order 2 cannot take a second place with another order.
    let again = join_as(&app, &shop(&app), &id, &shopper(2), &order(99), NOW + 900);
    assert_eq!(again, Err("per_shopper_limit".into()));
    // Past their payment deadline, unpaid places hold nothing.
    confirm(&app, &id, 0);
    app.platform.holds_clock_ms.set((NOW + 900) * 1000);
    let view = group_view(&app, &id);
    assert_eq!((view.places_left, view.members.len()), (1, 1));
    assert!(!view.yours, "nobody asked");
    assert!(yours(&app, &id, 0), "the paid opener's place holds");
    assert!(!yours(&app, &id, 2), "a lapsed place is not the shopper's");
    // A member who pays after their place lapsed is refunded if it was taken meanwhile.
    assert_eq!(join_group(&app, &id, 3), Ok(id.clone()));
    assert_eq!(confirm(&app, &id, 2), Gate::Refund);
}

#[test]
fn a_group_link_of_another_shop_or_an_unknown_group_is_unknown() {
    let app = app(3);
    let token = owner(&app);
    let deal = new_deal(&app, &token, 2, 3600);
    let id = open_group(&app, &deal.id, 0).expect("opened");
    let mut other = demo_shop();
    other.id = ShopId::parse("other").expect("valid");
    app.store
        .shops
        .borrow_mut()
        .insert(other.id.clone(), other.clone());
    let r = get(&app, &format!("/v1/shops/other/groups/{id}"));
    assert_eq!((r.status, code(&r)), (404, "unknown_campaign".to_owned()));
    let r = get(&app, "/v1/shops/demo/groups/nope");
    assert_eq!(r.status, 404);
    let join = join_as(&app, &other, &id, &shopper(5), &order(5), NOW + 900);
    assert_eq!(join, Err("unknown_campaign".into()), "another shop's group");
    let list: CampaignList = body(&get(&app, "/v1/shops/demo/campaigns"));
    assert_eq!(list.group_deals[0].open_groups.len(), 1);
    assert_eq!(list.group_deals[0].open_groups[0].places_left, 1);
    assert!(!list.group_deals[0].open_groups[0].yours, "nobody asked");
    let r = owner_request(
        &app,
        Method::Post,
        &format!("/v1/admin/shops/demo/group-deals/{}/end", deal.id),
        Some(&token),
        None,
    );
    assert_eq!(r.status, 204);
    let opened = open_group(&app, &deal.id, 7);
    assert_eq!(opened, Err("campaign_ended".into()));
}

#[test]
fn the_campaign_list_marks_the_open_groups_the_asking_shopper_is_in() {
    let app = app(3);
    let token = owner(&app);
    let deal = new_deal(&app, &token, 3, 3600);
    let mine = open_group(&app, &deal.id, 0).expect("opened");
    let theirs = open_group(&app, &deal.id, 1).expect("opened");
    join_group(&app, &theirs, 2).expect("joined");
    let marked = |i: usize| -> Vec<(String, bool)> {
        let list: CampaignList = body(&get(
            &app,
            &format!("/v1/shops/demo/campaigns?shopper={}", shopper(i)),
        ));
        let mut groups: Vec<(String, bool)> = list.group_deals[0]
            .open_groups
            .iter()
            .map(|g| (g.id.clone(), g.yours))
            .collect();
        groups.sort();
        groups
    };
    let expect = |a: bool, b: bool| {
        let mut v = vec![(mine.clone(), a), (theirs.clone(), b)];
        v.sort();
        v
    };
    assert_eq!(marked(0), expect(true, false), "the opener of one");
    assert_eq!(marked(2), expect(false, true), "a member of the other");
    assert_eq!(marked(5), expect(false, false), "a stranger");
    let r = get(&app, "/v1/shops/demo/campaigns?shopper=..");
    assert_eq!((r.status, code(&r)), (400, "invalid_field".to_owned()));
}
