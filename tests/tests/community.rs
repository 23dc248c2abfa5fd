//! Agents, bargains and pre-sale voting against the real local runtime (workerd, D1):
//! a sub-shop priced at the owner's price plus its agent's markup, two levels and no
//! third, friends racing to help one bargain (exactly the configured number succeed and
//! the price lands on the floor), buying at the bargained price through checkout, and
//! a shopper's votes racing (one counts), with the notice told once.

use pocketshop_tests::{
    admin, contact, create_shop, edge_query, request_from, sign_up_owner, unique, Reply,
};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// The owners' site in these tests.
const SITE: &str = "http://127.0.0.1:9";
/// The agent's own site.
const AGENT_SITE: &str = "https://amy.example";

/// A shopper's request from `origin`.
fn shopper_from(origin: &str, method: &str, path: &str, body: Option<&Value>) -> Reply {
    request_from(origin, method, path, body, &[])
}

fn shopper(method: &str, path: &str, body: Option<&Value>) -> Reply {
    shopper_from(SITE, method, path, body)
}

fn shopper_id() -> String {
    unique("s").replace('-', "_")
}

/// A new owner with a shop on [`SITE`] that follows every category at a 100 % markup:
/// (token, shop id).
fn owner_with_shop() -> (String, String) {
    let token = sign_up_owner("community");
    let shop = create_shop(&token, "Tea & Co", SITE);
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/categories"),
        Some(&token),
        Some(
            &json!({"categories": ["apparel", "beauty", "home", "mother_baby", "snacks", "accessories"]}),
        ),
    );
    assert!((200..300).contains(&r.status), "{}", r.text());
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/markup"),
        Some(&token),
        Some(
            &json!({"rules": [{"scope": {"scope": "shop"}, "markup": {"kind": "percent", "basis_points": 10000}}]}),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    (token, shop)
}

/// The first in-stock product of `shop` and its dearest in-stock SKU: (product, sku,
/// price).
fn product_of(shop: &str) -> (String, String, i64) {
    let list = shopper("GET", &format!("/v1/shops/{shop}/products?limit=20"), None);
    assert_eq!(list.status, 200, "{}", list.text());
    for item in list.json()["items"].as_array().expect("items") {
        let id = item["id"].as_str().expect("id");
        let detail = shopper("GET", &format!("/v1/shops/{shop}/products/{id}"), None).json();
        let best = detail["skus"]
            .as_array()
            .expect("skus")
            .iter()
            .filter(|s| s["stock"] == "in_stock")
            .max_by_key(|s| s["price"]["amount"].as_i64().unwrap_or(0));
        if let Some(s) = best {
            return (
                id.to_owned(),
                s["sku"].as_str().expect("sku").to_owned(),
                s["price"]["amount"].as_i64().expect("price"),
            );
        }
    }
    panic!("no product in stock");
}

fn price_in(shop: &str, origin: &str, product: &str, sku: &str) -> i64 {
    let r = shopper_from(
        origin,
        "GET",
        &format!("/v1/shops/{shop}/products/{product}"),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["skus"]
        .as_array()
        .expect("skus")
        .iter()
        .find(|s| s["sku"] == sku)
        .and_then(|s| s["price"]["amount"].as_i64())
        .expect("the SKU's price")
}

#[test]
fn an_agent_applies_is_approved_and_sells_at_the_owners_price_plus_their_markup() {
    let (owner, shop) = owner_with_shop();
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/agents/policy"),
        Some(&owner),
        Some(&json!({"open": true, "min_bp": 0, "max_bp": 2000})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = shopper(
        "POST",
        &format!("/v1/shops/{shop}/agents"),
        Some(&json!({"shopper": shopper_id(), "name": "Amy's picks", "origins": [AGENT_SITE]})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let (id, token) = (
        r.json()["id"].as_str().expect("id").to_owned(),
        r.json()["token"].as_str().expect("token").to_owned(),
    );
    let status = shopper("GET", &format!("/v1/agents/{id}?token={token}"), None);
    assert_eq!(status.status, 200, "{}", status.text());
    assert_eq!(status.json()["status"], "pending");
    assert_eq!(
        shopper("GET", &format!("/v1/agents/{id}?token=0000"), None).status,
        403
    );

    let r = admin(
        "POST",
        &format!("/shops/{shop}/agents/{id}/approve"),
        Some(&owner),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let sub = r.json()["sub_shop"].as_str().expect("sub-shop").to_owned();
    assert!(r.json()["snippet"]
        .as_str()
        .is_some_and(|s| s.contains(&sub)));

    // The sub-shop answers its agent's page and sells the owner's selection.
    let (product, sku, owner_price) = product_of(&shop);
    assert_eq!(price_in(&sub, AGENT_SITE, &product, &sku), owner_price);
    let r = shopper_from(
        AGENT_SITE,
        "PUT",
        &format!("/v1/agents/{id}/markup?token={token}"),
        Some(&json!({"markup_bp": 1000})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let raised = price_in(&sub, AGENT_SITE, &product, &sku);
    // 100 % ⊕ 10 % = 12 000 bp of supply: the owner's price × 1.1, to the fen.
    assert!(
        (raised - owner_price * 11 / 10).abs() <= 1,
        "owner {owner_price}, agent {raised}"
    );
    let r = shopper_from(
        AGENT_SITE,
        "PUT",
        &format!("/v1/agents/{id}/markup?token={token}"),
        Some(&json!({"markup_bp": 2500})),
    );
    assert_eq!((r.status, r.code()), (422, "markup_out_of_range".into()));

    // A cash-on-delivery order in the sub-shop counts as the agent's sale.
    let q = shopper_from(
        AGENT_SITE,
        "POST",
        &format!("/v1/shops/{sub}/quote"),
        Some(&json!({"lines": [{"product_id": product, "sku": sku, "quantity": 1}]})),
    );
    assert_eq!(q.status, 200, "{}", q.text());
    let order = request_from(
        AGENT_SITE,
        "POST",
        &format!("/v1/shops/{sub}/orders"),
        Some(&json!({
            "lines": [{"product_id": product, "sku": sku, "quantity": 1}],
            "confirmed_total": q.json()["total"], "contact": contact(),
            "payment_method": "cash_on_delivery"})),
        &[("idempotency-key", &unique("agent-order"))],
    );
    assert_eq!(order.status, 201, "{}", order.text());
    let listed = admin("GET", &format!("/shops/{shop}/agents"), Some(&owner), None);
    assert_eq!(listed.status, 200, "{}", listed.text());
    let agent = listed.json()["agents"][0].clone();
    assert_eq!(agent["id"], id.as_str());
    assert_eq!(agent["status"], "approved");
    assert_eq!(agent["orders"], 1, "{agent}");
    assert!(
        agent["sales"]["amount"].as_i64().unwrap_or(0) > 0,
        "{agent}"
    );
}

#[test]
fn a_sub_shop_of_a_sub_shop_is_the_last_level() {
    let (owner, shop) = owner_with_shop();
    let apply = |to: &str| {
        shopper(
            "POST",
            &format!("/v1/shops/{to}/agents"),
            Some(&json!({"shopper": shopper_id(), "name": "Agent"})),
        )
    };
    let first = apply(&shop);
    assert_eq!(first.status, 201, "{}", first.text());
    let first_id = first.json()["id"].as_str().expect("id").to_owned();
    let r = admin(
        "POST",
        &format!("/shops/{shop}/agents/{first_id}/approve"),
        Some(&owner),
        None,
    );
    let sub1 = r.json()["sub_shop"].as_str().expect("sub-shop").to_owned();
    let second = apply(&sub1);
    assert_eq!(second.status, 201, "{}", second.text());
    let second_id = second.json()["id"].as_str().expect("id").to_owned();
    let r = admin(
        "POST",
        &format!("/shops/{shop}/agents/{second_id}/approve"),
        Some(&owner),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["level"], 2);
    let sub2 = r.json()["sub_shop"].as_str().expect("sub-shop").to_owned();
    let third = apply(&sub2);
    assert_eq!(
        (third.status, third.json()["reason"].clone()),
        (409, json!("too_many_levels"))
    );
    let stored = edge_query(&format!(
        "SELECT upstream_agent_id FROM agents WHERE id = '{second_id}'"
    ));
    assert_eq!(stored[0]["upstream_agent_id"], first_id.as_str());
}

/// An answer of a race: status and code.
type Answer = (u16, String);

/// Sends `n` requests built by `body(i)` to `path` at the same instant.
fn race(path: &str, n: usize, body: impl Fn(usize) -> Value) -> (Vec<Answer>, Duration) {
    let start = Arc::new(Barrier::new(n));
    let began = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let start = Arc::clone(&start);
            let path = path.to_owned();
            let body = body(i);
            std::thread::spawn(move || {
                start.wait();
                let r = shopper("POST", &path, Some(&body));
                (r.status, r.code())
            })
        })
        .collect();
    let answers = handles
        .into_iter()
        .map(|h| h.join().expect("a racer"))
        .collect();
    (answers, began.elapsed())
}

#[test]
fn forty_friends_racing_to_help_leave_exactly_ten_helps_and_the_price_on_the_floor() {
    let (owner, shop) = owner_with_shop();
    let (product, sku, price) = product_of(&shop);
    // At 100 % markup every variant's price is at least twice its supply price, so
    // half the dearest price is a floor no lower than any supply price.
    let floor = price / 2;
    let r = admin(
        "PUT",
        &format!("/shops/{shop}/bargain-offers/{product}"),
        Some(&owner),
        Some(
            &json!({"floor": {"amount": floor, "currency": "CNY"}, "helps": 10, "duration_secs": 86400}),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let starter = shopper_id();
    let r = shopper(
        "POST",
        &format!("/v1/shops/{shop}/bargains"),
        Some(&json!({"product": product, "sku": sku, "shopper": starter})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().expect("id").to_owned();
    assert_eq!(r.json()["price"]["amount"], price);

    let friends: Vec<String> = (0..40).map(|_| shopper_id()).collect();
    let (answers, took) = race(
        &format!("/v1/shops/{shop}/bargains/{id}/help"),
        40,
        |i| json!({"shopper": friends[i]}),
    );
    let helped = answers.iter().filter(|(s, _)| *s == 200).count();
    let ended = answers
        .iter()
        .filter(|(s, c)| *s == 409 && c == "campaign_ended")
        .count();
    eprintln!(
        "40 concurrent helps of a 10-help bargain: {helped} helped, {ended} too late, in {took:?}"
    );
    assert_eq!(helped, 10, "{answers:?}");
    assert_eq!(ended, 30, "{answers:?}");
    let view = shopper(
        "GET",
        &format!("/v1/shops/{shop}/bargains/{id}?shopper={starter}"),
        None,
    );
    assert_eq!(view.json()["price"]["amount"], floor);
    assert_eq!(view.json()["status"], "floor");
    assert_eq!(view.json()["mine"], true);
    let rows = edge_query(&format!(
        "SELECT COUNT(*) AS n, SUM(cut) AS cut, COUNT(DISTINCT shopper) AS friends \
         FROM bargain_helps WHERE bargain_id = '{id}'"
    ));
    assert_eq!(rows[0]["n"], 10);
    assert_eq!(rows[0]["friends"], 10);
    assert_eq!(rows[0]["cut"], price - floor);

    // The starter buys one unit at the floor; a second order is refused.
    let extras = json!({"offer": {"kind": "bargain", "bargain": id}, "shopper": starter});
    let mut q = json!({"lines": [{"product_id": product, "sku": sku, "quantity": 1}]});
    q["offer"] = extras["offer"].clone();
    q["shopper"] = extras["shopper"].clone();
    let quote = shopper("POST", &format!("/v1/shops/{shop}/quote"), Some(&q));
    assert_eq!(quote.status, 200, "{}", quote.text());
    assert_eq!(
        quote.json()["subtotal"]["amount"],
        floor,
        "{}",
        quote.text()
    );
    let order = |key: &str| {
        let mut body = json!({
            "lines": [{"product_id": product, "sku": sku, "quantity": 1}],
            "confirmed_total": quote.json()["total"], "contact": contact(),
            "payment_method": "cash_on_delivery"});
        body["offer"] = extras["offer"].clone();
        body["shopper"] = extras["shopper"].clone();
        request_from(
            SITE,
            "POST",
            &format!("/v1/shops/{shop}/orders"),
            Some(&body),
            &[("idempotency-key", key)],
        )
    };
    let first = order(&unique("bargain"));
    assert_eq!(first.status, 201, "{}", first.text());
    let second = order(&unique("bargain"));
    assert_eq!(
        (second.status, second.code()),
        (409, "campaign_ended".into()),
        "{}",
        second.text()
    );
    let view = shopper("GET", &format!("/v1/shops/{shop}/bargains/{id}"), None);
    assert_eq!(view.json()["status"], "bought");
}

#[test]
fn a_shoppers_twenty_simultaneous_votes_count_once_and_the_presale_notice_is_told_once() {
    let (owner, shop) = owner_with_shop();
    let r = admin(
        "POST",
        &format!("/shops/{shop}/styles"),
        Some(&owner),
        Some(&json!({"title": "Linen shirt, sage", "description": "Loose fit"})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let style = r.json()["id"].as_str().expect("id").to_owned();
    let voter = shopper_id();
    let (answers, took) = race(
        &format!("/v1/shops/{shop}/presale/{style}/votes"),
        20,
        |_| json!({"shopper": voter}),
    );
    eprintln!("20 simultaneous votes of one shopper answered in {took:?}");
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 200).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|(_, c)| c == "already_voted").count(),
        19,
        "{answers:?}"
    );
    let other = shopper(
        "POST",
        &format!("/v1/shops/{shop}/presale/{style}/votes"),
        Some(&json!({"shopper": shopper_id()})),
    );
    assert_eq!(other.json()["style"]["votes"], 2);

    let ship = pocketshop_tests::now() + 30 * 86_400;
    let r = admin(
        "POST",
        &format!("/shops/{shop}/styles/{style}/promote"),
        Some(&owner),
        Some(&json!({"ship_date": ship})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let view = shopper(
        "GET",
        &format!("/v1/shops/{shop}/presale?shopper={voter}"),
        None,
    );
    assert_eq!(view.status, 200, "{}", view.text());
    assert_eq!(view.json()["notices"][0]["id"], style.as_str());
    let again = shopper(
        "GET",
        &format!("/v1/shops/{shop}/presale?shopper={voter}"),
        None,
    );
    assert_eq!(again.json()["notices"], json!([]));
    assert_eq!(again.json()["presale"][0]["ship_date"], ship);
}
