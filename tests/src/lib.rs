//! Helpers for the API integration tests: where the running edge and supplier are,
//! their secrets, and a small blocking HTTP client that never treats a status as an
//! error (the tests assert on statuses).
//!
//! The runtime is started by `cargo xtask test`, which sets `POCKETSHOP_EDGE_URL`,
//! `POCKETSHOP_SUPPLY_URL` and `POCKETSHOP_ROOT`; run alone, the tests fail with a
//! message saying so rather than passing without testing anything.

use hmac::{Hmac, Mac};
use pocketshop_shared::signing::SigningKey;
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// The origin of the local demo host page, allowed by the seeded `demo` shop.
pub const ORIGIN: &str = "http://127.0.0.1:8790";
/// The key id the edge signs supplier requests with (`SUPPLY_KEY_ID`).
pub const EDGE_KEY_ID: &str = "edge-local";
/// The key id the supplier signs webhooks with (`WEBHOOK_KEY_ID`).
pub const WEBHOOK_KEY_ID: &str = "supply-local";

/// The running runtime.
pub struct Runtime {
    /// The edge's base URL.
    pub edge: String,
    /// The supplier's base URL.
    pub supply: String,
    /// Signs requests to the supplier as the edge does.
    pub edge_key: SigningKey,
    /// Signs webhooks to the edge as the supplier does.
    pub webhook_key: SigningKey,
}

fn required(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the integration tests with `cargo xtask test`, which starts the runtime")
    })
}

/// Reads `KEY=VALUE` lines of a `.dev.vars` file.
fn dev_var(file: &PathBuf, key: &str) -> String {
    let text =
        std::fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .unwrap_or_else(|| panic!("{key} missing from {}", file.display()))
}

/// The runtime the tests run against.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        let root = PathBuf::from(required("POCKETSHOP_ROOT"));
        let edge_vars = root.join(".dev.vars");
        let supply_vars = root.join("supply/.dev.vars");
        Runtime {
            edge: required("POCKETSHOP_EDGE_URL"),
            supply: required("POCKETSHOP_SUPPLY_URL"),
            edge_key: SigningKey::new(
                EDGE_KEY_ID,
                dev_var(&supply_vars, "EDGE_SECRET").into_bytes(),
            )
            .expect("secret"),
            webhook_key: SigningKey::new(
                WEBHOOK_KEY_ID,
                dev_var(&edge_vars, "WEBHOOK_SECRET").into_bytes(),
            )
            .expect("secret"),
        }
    })
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// Headers, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `code` of an error body.
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_owned()
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text, for assertion messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `code` of an error body; for an error without one (the local runtime's own
    /// 5xx page) its first 60 characters instead, so a tally of a race still tells the
    /// failures apart; empty for a success without a code.
    pub fn code_or_excerpt(&self) -> String {
        let json: Value = serde_json::from_slice(&self.body).unwrap_or(Value::Null);
        json["code"].as_str().map_or_else(
            || {
                if self.status >= 400 {
                    self.text().chars().take(60).collect()
                } else {
                    String::new()
                }
            },
            str::to_owned,
        )
    }
}

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are what some routes answer (pay pages): tests check them.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into()
    })
}

/// Sends a request and reads the whole reply.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Reply {
    try_send(method, url, headers, body).unwrap_or_else(|e| panic!("{e}"))
}

/// [`send`], with a connection that failed before the whole reply came as an error.
pub fn try_send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<Reply, String> {
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("cf-connecting-ip"))
    {
        // Each request is another shopper unless a test says otherwise, so the edge's
        // per-client rate limits count only what a test means them to.
        builder = builder.header("cf-connecting-ip", shopper_ip());
    }
    let request = builder
        .body(body.map(<[u8]>::to_vec).unwrap_or_default())
        .expect("request");
    let mut response = agent()
        .run(request)
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let status = response.status().as_u16();
    // A 204 or 304 has no body to read (workerd may still label it gzip-encoded).
    let body = if status == 204 || status == 304 || method == "HEAD" {
        Vec::new()
    } else {
        response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| format!("{method} {url}: the body: {e}"))?
    };
    Ok(Reply {
        status,
        headers: response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body,
    })
}

/// A client address no other request of this run has used (`10.128.0.0/9`).
pub fn shopper_ip() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!(
        "10.{}.{}.{}",
        128 + (n >> 16) % 128,
        (n >> 8) % 256,
        n % 256
    )
}

/// GET from the edge as the demo page would.
pub fn get(path: &str) -> Reply {
    send(
        "GET",
        &format!("{}{path}", runtime().edge),
        &[("origin", ORIGIN)],
        None,
    )
}

/// POST JSON to the edge as the demo page would.
pub fn post(path: &str, body: &Value, extra: &[(&str, &str)]) -> Reply {
    request_from(ORIGIN, "POST", path, Some(body), extra)
}

/// A request to the edge from a page on `origin` (a shop's own site rather than the
/// demo page), with a JSON body if given and `extra` headers.
pub fn request_from(
    origin: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
    extra: &[(&str, &str)],
) -> Reply {
    try_request_from(origin, method, path, body, extra).unwrap_or_else(|e| panic!("{e}"))
}

/// [`request_from`], with a connection that failed as an error.
fn try_request_from(
    origin: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
    extra: &[(&str, &str)],
) -> Result<Reply, String> {
    let mut headers = vec![("origin", origin), ("content-type", "application/json")];
    headers.extend_from_slice(extra);
    let bytes = body.map(|b| serde_json::to_vec(b).expect("json"));
    try_send(
        method,
        &format!("{}{path}", runtime().edge),
        &headers,
        bytes.as_deref(),
    )
}

/// A fresh unique string (nonces, idempotency keys).
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{prefix}-{:016x}", h.finish())
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Signing headers for a request, with a fresh nonce and the given timestamp.
pub fn signed(
    key: &SigningKey,
    timestamp: i64,
    method: &str,
    path: &str,
    body: &[u8],
) -> Vec<(String, String)> {
    key.sign(timestamp, &unique("nonce"), method, path, body)
        .pairs()
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// Sends a request signed with `key`.
pub fn send_signed(key: &SigningKey, base: &str, method: &str, path: &str, body: &[u8]) -> Reply {
    let headers = signed(key, now(), method, path, body);
    let mut refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    refs.push(("content-type", "application/json"));
    send(
        method,
        &format!("{base}{path}"),
        &refs,
        (!body.is_empty()).then_some(body),
    )
}

/// A valid delivery contact.
pub fn contact() -> Value {
    serde_json::json!({"name": "王小明", "phone": "138 0013 8000",
           "address": {"region": "浙江省", "city": "杭州市", "district": "西湖区", "line": "文三路 90 号 2 幢 301"}})
}

/// An in-stock SKU of the first product on `shop`'s first page that has one.
pub fn pick_sku(shop: &str) -> (String, String) {
    let list = get(&format!("/v1/shops/{shop}/products?limit=60"));
    assert_eq!(list.status, 200, "{}", list.text());
    for item in list.json()["items"].as_array().expect("items") {
        let id = item["id"].as_str().expect("id");
        let detail = get(&format!("/v1/shops/{shop}/products/{id}")).json();
        if let Some(sku) = detail["skus"]
            .as_array()
            .expect("skus")
            .iter()
            .find(|s| s["stock"] == "in_stock")
        {
            return (id.to_owned(), sku["sku"].as_str().expect("sku").to_owned());
        }
    }
    panic!("no product in stock on the first page");
}

/// The order a checkout's reply `created` made, as its shopper reads it (by its id
/// and token).
pub fn order_view(created: &Value) -> Value {
    let r = get(&format!(
        "/v1/orders/{}?token={}",
        created["order"]["id"].as_str().expect("id"),
        created["token"].as_str().expect("token")
    ));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// `shop`'s quote for `qty` of one SKU.
pub fn quote(shop: &str, product: &str, sku: &str, qty: u32) -> Value {
    let r = post(
        &format!("/v1/shops/{shop}/quote"),
        &serde_json::json!({"lines": [{"product_id": product, "sku": sku, "quantity": qty}]}),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// A value of the edge's local `.dev.vars` (its secrets, for signing as a provider
/// would).
pub fn edge_var(key: &str) -> String {
    dev_var(
        &PathBuf::from(required("POCKETSHOP_ROOT")).join(".dev.vars"),
        key,
    )
}

/// The rows a read-only SQL query returns from the edge's local D1, as `cargo xtask`
/// left it (`POCKETSHOP_EDGE_STATE`): what the edge really stored, not what it said.
///
/// The database file is opened read-only beside the running edge. In SQLite's WAL
/// mode (which the local D1 uses) a reader never blocks the edge's writers; a second
/// `wrangler d1 execute` process did, because it writes its own bookkeeping, and the
/// edge then failed requests of other tests with `SQLITE_BUSY`.
pub fn edge_query(sql: &str) -> Vec<Value> {
    let file = edge_database();
    let db = rusqlite::Connection::open_with_flags(
        &file,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap_or_else(|e| panic!("opening {}: {e}", file.display()));
    // A checkpoint by the edge can hold a lock for a moment; wait for it.
    db.busy_timeout(Duration::from_secs(5))
        .expect("setting a busy timeout");
    let mut statement = db
        .prepare(sql)
        .unwrap_or_else(|e| panic!("preparing {sql}: {e}"));
    let names: Vec<String> = statement
        .column_names()
        .iter()
        .map(|n| (*n).to_owned())
        .collect();
    let rows = statement
        .query_map([], |row| {
            let mut object = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let value = match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(n) => json!(n),
                    rusqlite::types::ValueRef::Real(x) => json!(x),
                    rusqlite::types::ValueRef::Text(t) => {
                        Value::String(String::from_utf8_lossy(t).into_owned())
                    }
                    rusqlite::types::ValueRef::Blob(b) => json!(b),
                };
                object.insert(name.clone(), value);
            }
            Ok(Value::Object(object))
        })
        .unwrap_or_else(|e| panic!("running {sql}: {e}"));
    rows.collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("reading the rows of {sql}: {e}"))
}

/// The SQLite file of the edge's D1 database (binding `DB`, the edge's only one)
/// under `POCKETSHOP_EDGE_STATE`.
fn edge_database() -> PathBuf {
    let dir =
        PathBuf::from(required("POCKETSHOP_EDGE_STATE")).join("v3/d1/miniflare-D1DatabaseObject");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "sqlite")
                && p.file_stem().is_some_and(|s| s != "metadata")
        })
        .collect();
    match files.as_slice() {
        [one] => one.clone(),
        other => panic!(
            "expected one D1 database in {}, found {other:?}",
            dir.display()
        ),
    }
}

/// The password of the owners the tests sign up.
pub const OWNER_PASSWORD: &str = "correct horse battery";

/// A request to the owners' API (`/v1/admin…`), with a session token if given.
pub fn admin(method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Reply {
    admin_request(method, path, token, body, None)
}

/// [`admin`] from the client address `ip`, for tests of per-address limits.
pub fn admin_from(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    ip: &str,
) -> Reply {
    admin_request(method, path, token, body, Some(ip))
}

fn admin_request(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    ip: Option<&str>,
) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", "application/json")];
    if let Some(ip) = ip {
        headers.push(("cf-connecting-ip", ip));
    }
    if let Some(a) = &auth {
        headers.push(("authorization", a));
    }
    let bytes = body.map(|b| serde_json::to_vec(b).expect("json"));
    send(
        method,
        &format!("{}/v1/admin{path}", runtime().edge),
        &headers,
        bytes.as_deref(),
    )
}

/// A fresh owner's e-mail address, starting with `prefix`.
pub fn owner_email(prefix: &str) -> String {
    format!("{}@owners.example", unique(prefix))
}

/// Signs a new owner up as `email` with [`OWNER_PASSWORD`]: the whole session the
/// edge answers (`token` and `owner`), for tests that check the account too.
pub fn sign_up(email: &str) -> Value {
    let r = admin(
        "POST",
        "/signup",
        None,
        Some(&json!({"email": email, "password": OWNER_PASSWORD})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

/// Signs a new owner up under a fresh address starting with `prefix`: their session
/// token.
pub fn sign_up_owner(prefix: &str) -> String {
    sign_up(&owner_email(prefix))["token"]
        .as_str()
        .expect("token")
        .to_owned()
}

/// Creates a shop called `name` for `token`'s owner, in CNY and English, allowing
/// pages on `origin`: its id, a fresh slug of at most 20 characters starting with
/// the name's initial.
pub fn create_shop(token: &str, name: &str, origin: &str) -> String {
    let initial = name
        .chars()
        .find(char::is_ascii_alphanumeric)
        .map_or_else(|| "s".to_owned(), |c| c.to_ascii_lowercase().to_string());
    let id: String = unique(&initial).replace('-', "").chars().take(20).collect();
    let r = admin(
        "POST",
        "/shops",
        Some(token),
        Some(
            &json!({"id": id, "name": name, "currency": "CNY", "locale": "en",
                      "allowed_origins": [origin]}),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    id
}

/// A shop of a new owner: the owner's session token, the shop's id, and a product and
/// SKU it sells.
pub struct OwnedShop {
    /// The owner's session token.
    pub token: String,
    /// The shop's slug.
    pub id: String,
    /// The product it sells.
    pub product: String,
    /// That product's first SKU.
    pub sku: String,
}

/// A new owner with a new shop called `name` on the demo pages' origin, paying in the
/// sandbox or on delivery, selling one product (the `nth` of the supplier's
/// catalogue) whose first SKU gets `stock` units at the supplier.
pub fn owned_shop(name: &str, nth: usize, stock: u32) -> OwnedShop {
    let token = sign_up_owner(&name.to_lowercase());
    let id = create_shop(&token, name, ORIGIN);
    let r = admin(
        "PATCH",
        &format!("/shops/{id}"),
        Some(&token),
        Some(&json!({"payment_methods": ["sandbox", "cash_on_delivery"]})),
    );
    assert!(r.status < 300, "{}", r.text());
    let r = admin(
        "GET",
        &format!("/shops/{id}/catalogue?limit=60"),
        Some(&token),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let product = r.json()["items"][nth]["id"]
        .as_str()
        .expect("a product")
        .to_owned();
    let r = admin(
        "PUT",
        &format!("/shops/{id}/products/{product}"),
        Some(&token),
        None,
    );
    assert!(r.status < 300, "{}", r.text());
    let detail = get(&format!("/v1/shops/{id}/products/{product}"));
    assert_eq!(detail.status, 200, "{}", detail.text());
    let sku = detail.json()["skus"][0]["sku"]
        .as_str()
        .expect("sku")
        .to_owned();
    set_stock(&sku, stock);
    OwnedShop {
        token,
        id,
        product,
        sku,
    }
}

/// Sets the supplier's stock of `sku`.
pub fn set_stock(sku: &str, stock: u32) {
    let r = send(
        "POST",
        &format!("{}/sim/stock", runtime().supply),
        &[("content-type", "application/json")],
        Some(&serde_json::to_vec(&json!({"sku": sku, "stock": stock})).expect("json")),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"sku": sku, "stock": stock}));
}

/// Places an order the way the widget does: a checkout whose connection was cut
/// before the answer is sent again with the same key, and one answered
/// `supplier_unavailable` (a supplier slowed by the crowd) again after its
/// `Retry-After`, as a shopper tries again (a failed checkout gives its flash units
/// or group place back first).
pub fn place_order(shop: &str, body: &Value, key: &str, ip: &str) -> Reply {
    let send = || {
        try_request_from(
            ORIGIN,
            "POST",
            &format!("/v1/shops/{shop}/orders"),
            Some(body),
            &[("idempotency-key", key), ("cf-connecting-ip", ip)],
        )
    };
    let mut r = send();
    for _ in 0..6 {
        let wait = match &r {
            // The connection was cut before the answer: the client sends the same
            // key again, which is what the key is for.
            Err(_) => Duration::from_millis(200),
            Ok(r) if r.status == 503 && r.text().contains("supplier_unavailable") => {
                let secs = r.json()["retry_after_secs"].as_u64().unwrap_or(1);
                Duration::from_secs(secs.clamp(1, 5))
            }
            Ok(_) => break,
        };
        std::thread::sleep(wait);
        r = send();
    }
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// Every order the supplier has under `reference` (the edge's order id), read from
/// the reference supplier's `GET /sim/orders`.
pub fn supplier_orders(reference: &str) -> Vec<Value> {
    let url = format!("{}/sim/orders?reference={reference}", runtime().supply);
    let r = send("GET", &url, &[], None);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["orders"].as_array().expect("orders").clone()
}

/// Delivers `event` to the edge's sandbox payment hook, signed as the sandbox pay
/// page signs it (HMAC-SHA256 over `"{t}.{body}"` with the edge's `SANDBOX_SECRET`).
pub fn sandbox_notice(event: &Value) -> Reply {
    let bytes = serde_json::to_vec(event).expect("json");
    let t = now();
    let mut mac =
        Hmac::<Sha256>::new_from_slice(edge_var("SANDBOX_SECRET").as_bytes()).expect("key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(&bytes);
    let signature = format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()));
    send(
        "POST",
        &format!("{}/v1/hooks/payments/sandbox", runtime().edge),
        &[
            ("content-type", "application/json"),
            ("sandbox-signature", &signature),
        ],
        Some(&bytes),
    )
}

/// The sandbox's `payment.succeeded` event `event_id` for the order `created`
/// (the answer of a sandbox checkout), paying exactly what it asks.
pub fn paid_event(created: &Value, event_id: &str) -> Value {
    let url = created["payment"]["url"].as_str().expect("pay url");
    let reference = url.rsplit('/').next().expect("reference");
    json!({
        "id": event_id, "type": "payment.succeeded",
        "order_id": created["order"]["id"], "reference": reference,
        "payment_id": format!("sbxpay_{reference}"),
        "amount": created["payment"]["amount_due"],
    })
}
