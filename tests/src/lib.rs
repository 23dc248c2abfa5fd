//! Helpers for the API integration tests: where the running edge and supplier are,
//! their secrets, and a small blocking HTTP client that never treats a status as an
//! error (the tests assert on statuses).
//!
//! The runtime is started by `cargo xtask test`, which sets `POCKETSHOP_EDGE_URL`,
//! `POCKETSHOP_SUPPLY_URL` and `POCKETSHOP_ROOT`; run alone, the tests fail with a
//! message saying so rather than passing without testing anything.

use pocketshop_shared::signing::SigningKey;
use serde_json::{json, Value};
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
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
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
            .expect("body")
    };
    Reply {
        status,
        headers: response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body,
    }
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
    let mut headers = vec![("origin", ORIGIN), ("content-type", "application/json")];
    headers.extend_from_slice(extra);
    let bytes = serde_json::to_vec(body).expect("json");
    send(
        "POST",
        &format!("{}{path}", runtime().edge),
        &headers,
        Some(&bytes),
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

/// Runs one writing SQL statement on the edge's local D1 (to age a session, say),
/// from a connection that waits for the edge's own writes rather than failing them,
/// and holds the write lock only for the statement.
pub fn edge_execute(sql: &str) -> usize {
    let file = edge_database();
    let db = rusqlite::Connection::open(&file)
        .unwrap_or_else(|e| panic!("opening {}: {e}", file.display()));
    db.busy_timeout(Duration::from_secs(5))
        .expect("setting a busy timeout");
    db.execute(sql, [])
        .unwrap_or_else(|e| panic!("running {sql}: {e}"))
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
    let prefix = name.to_lowercase();
    let email = format!("{}@owners.example", unique(&prefix));
    let r = admin(
        "POST",
        "/signup",
        None,
        Some(&json!({"email": email, "password": OWNER_PASSWORD})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let token = r.json()["token"].as_str().expect("token").to_owned();
    let id: String = unique(&prefix[..1])
        .replace('-', "")
        .chars()
        .take(20)
        .collect();
    let r = admin(
        "POST",
        "/shops",
        Some(&token),
        Some(
            &json!({"id": id, "name": name, "currency": "CNY", "locale": "en",
                      "allowed_origins": [ORIGIN]}),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
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

/// Places an order the way the widget does: a checkout the runtime could not finish
/// is sent again with the same key. Local `wrangler dev` drops some simultaneous
/// connections ("restarted mid-request"), and a supplier slowed by the crowd answers
/// `supplier_unavailable` with a `Retry-After`, after which a shopper tries again
/// (a failed checkout gives its flash units or group place back first).
pub fn place_order(shop: &str, body: &Value, key: &str, ip: &str) -> Reply {
    let send = || {
        post(
            &format!("/v1/shops/{shop}/orders"),
            body,
            &[("idempotency-key", key), ("cf-connecting-ip", ip)],
        )
    };
    let mut r = send();
    for _ in 0..6 {
        let wait = if r.status == 503 && r.text().contains("restarted mid-request") {
            Duration::from_millis(200)
        } else if r.status == 503 && r.text().contains("supplier_unavailable") {
            let secs = r.json()["retry_after_secs"].as_u64().unwrap_or(1);
            Duration::from_secs(secs.clamp(1, 5))
        } else {
            break;
        };
        std::thread::sleep(wait);
        r = send();
    }
    r
}
