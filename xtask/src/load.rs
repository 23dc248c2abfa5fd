//! The bounded load run (`cargo xtask load [--duration 30s]`, and one test of
//! `cargo xtask test` at [`TEST_DURATION`]): the edge and the reference supplier
//! served straight from workerd ([`crate::workerd`], not `wrangler dev`, whose proxy
//! throttles), fresh D1 state migrated and seeded as the test runtime's, then wrk on
//! loopback driving catalogue pages, product details and cash-on-delivery checkouts
//! at once, one wrk per kind (`tests/load/mixed.lua`) so each kind's requests per
//! second and p50/p99 latency are measured on their own while the edge serves the mix.
//!
//! Invariants the run checks, failing with what went wrong:
//! - no request failed: every answer 2xx, no socket error, no timeout (wrk's 10 s);
//! - every checkout answered 201 is in the edge's D1 exactly once (its id is the
//!   primary key; each answer names another order), handed to the supplier, and at
//!   the supplier exactly once (one supplier order with that reference, the one the
//!   edge recorded);
//! - no supplier order lacks its edge order, and at most one order per checkout
//!   connection was left without an answer (cut off when wrk stopped); none of those
//!   is at the supplier twice either.
//!
//! Every process it starts is gone when it returns (see [`crate::workerd`]).

use crate::runtime::{edge_sql, free_port, migrate, seed_demo_shops, seed_supplier, supply_sql};
use crate::workerd::{request, wait_healthy, Reply, Worker, Workerd};
use crate::{root, setup};
use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How long `cargo xtask test` drives the load.
pub const TEST_DURATION: Duration = Duration::from_secs(120);

/// The shop the shoppers buy in (seeded by the edge's migrations).
pub const SHOP: &str = "demo";
/// An origin the demo shop allows.
pub const ORIGIN: &str = "http://127.0.0.1:8790";
/// How many SKUs the checkouts spread over.
const SKUS: usize = 8;
/// The stock each of them gets first: more than any run can sell.
const STOCK: u32 = 1_000_000;
/// The traffic kinds with their wrk connections (one wrk thread each): a few
/// shoppers at a time each, enough to keep the edge busy; more would only queue
/// (workerd runs a Worker's requests on one thread) and add latency.
const KINDS: [(&str, u32); 3] = [("list", 2), ("detail", 2), ("checkout", 2)];
/// wrk's per-request timeout: an answer slower than this fails the run.
const TIMEOUT: &str = "10s";

/// Parses `--duration` values: `90`, `90s`, `2m`.
pub fn parse_duration(text: &str) -> Result<Duration> {
    let (number, unit) = match text.strip_suffix('m') {
        Some(n) => (n, 60),
        None => (text.strip_suffix('s').unwrap_or(text), 1),
    };
    let n: u64 = number.parse().ok().filter(|n| *n > 0).with_context(|| {
        format!("--duration takes seconds like 30s or minutes like 2m, not {text:?}")
    })?;
    Ok(Duration::from_secs(n * unit))
}

/// Runs the load for `duration`, prints its `figure:` lines, and fails when a request
/// failed or an order is missing or doubled.
pub fn run(duration: Duration) -> Result<()> {
    let wrk = setup::wrk()?;
    let base = fresh_dir("load")?;
    println!(
        "xtask: load run: the edge and the supplier in workerd, {} s of wrk",
        duration.as_secs()
    );
    let Served {
        workerd: mut served,
        edge_url,
        supply_url,
        edge_state,
        supply_state,
    } = serve(&base, |_| Vec::new())?;
    let outcome = (|| {
        let data = base.join("load-data.tsv");
        prepare(&edge_url, &supply_url, &data)?;
        let before = load_average();
        let results = drive(&wrk, &edge_url, &data, duration, &base)?;
        println!(
            "xtask: load average {before} before the run, {} after (other work on the machine slows it)",
            load_average()
        );
        served.check_alive()?;
        // Answers cut off by wrk's stop finish (or not) inside the edge meanwhile.
        std::thread::sleep(Duration::from_secs(3));
        served.check_alive()?;
        Ok::<_, anyhow::Error>(results)
    })();
    // The databases are checked at rest: workerd gone, its writes on disk.
    served.stop();
    let results = match outcome {
        Ok(r) => r,
        Err(e) => {
            served.show_log();
            return Err(e);
        }
    };
    let verdict = check_requests(&results).and_then(|reset| {
        if reset > 0 {
            println!(
                "figure: load checkout: {reset} connection(s) reset by the runtime before their answer (wrk read errors); their orders are checked below like every other"
            );
        }
        check_orders(&results, &edge_state, &supply_state, reset)
    });
    report(&results, duration, verdict.as_ref().ok());
    if verdict.is_err() {
        served.show_log();
        eprintln!("load run: wrk logs and state are in {}", base.display());
    }
    verdict.map(|_| ())
}

/// A fresh directory for one run's state and logs, `target/pocketshop/<what>-<pid>`.
pub fn fresh_dir(what: &str) -> Result<PathBuf> {
    let base = root()
        .join("target/pocketshop")
        .join(format!("{what}-{}", std::process::id()));
    if base.exists() {
        std::fs::remove_dir_all(&base).context("clearing old run state")?;
    }
    std::fs::create_dir_all(&base).context("creating the run's directory")?;
    Ok(base)
}

/// The edge and the reference supplier served from workerd on fresh, migrated and
/// seeded state.
pub struct Served {
    /// The running workerd processes.
    pub workerd: Workerd,
    /// The edge's base URL.
    pub edge_url: String,
    /// The supplier's base URL.
    pub supply_url: String,
    /// The edge's `--persist-to` directory.
    pub edge_state: PathBuf,
    /// The supplier's.
    pub supply_state: PathBuf,
}

/// Serves the edge and the supplier from workerd under `base`, with the Workers
/// `extra` makes from the edge's URL beside them, and waits until both answer.
pub fn serve(base: &Path, extra: impl FnOnce(&str) -> Vec<Worker>) -> Result<Served> {
    let (edge_state, supply_state) = (base.join("state/edge"), base.join("state/supply"));
    migrate("wrangler.toml", "DB", &edge_state)?;
    seed_demo_shops(&edge_state)?;
    migrate("supply/wrangler.toml", "SUPPLY_DB", &supply_state)?;
    seed_supplier(&supply_state, base)?;

    let (edge_port, supply_port) = (free_port()?, free_port()?);
    let edge_url = format!("http://127.0.0.1:{edge_port}");
    let supply_url = format!("http://127.0.0.1:{supply_port}");
    let var = |k: &str, v: String| (k.to_owned(), v);
    let mut workers = vec![
        Worker::supplier(supply_port, &supply_state, &edge_url, &supply_url),
        Worker::edge(
            edge_port,
            &edge_state,
            vec![
                var("SUPPLY_URL", supply_url.clone()),
                var("PUBLIC_URL", edge_url.clone()),
            ],
            false,
        ),
    ];
    workers.extend(extra(&edge_url));
    println!("xtask: workerd serves the edge at {edge_url} and the supplier at {supply_url}");
    let mut workerd = Workerd::start(base, &workers)?;
    let healthy = wait_healthy(&supply_url, Duration::from_secs(60))
        .and_then(|()| wait_healthy(&edge_url, Duration::from_secs(60)));
    if let Err(e) = healthy {
        workerd.show_log();
        workerd.stop();
        return Err(e);
    }
    Ok(Served {
        workerd,
        edge_url,
        supply_url,
        edge_state,
        supply_state,
    })
}

fn json_post(base: &str, path: &str, body: &Value, extra: &[(&str, &str)]) -> Result<Reply> {
    let bytes = serde_json::to_vec(body)?;
    let mut headers = vec![("origin", ORIGIN), ("content-type", "application/json")];
    headers.extend_from_slice(extra);
    request(base, "POST", path, &headers, Some(&bytes))
}

pub fn ok_json(reply: &Reply, what: &str) -> Result<Value> {
    ensure!(
        (200..300).contains(&reply.status),
        "{what} answered {}: {}",
        reply.status,
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()
}

/// Picks in-stock SKUs of the shop's first catalogue page, gives them ample stock at
/// the supplier, quotes one of each, and writes `mixed.lua`'s data file.
fn prepare(edge: &str, supply: &str, data: &Path) -> Result<()> {
    let first = format!("/v1/shops/{SHOP}/products?limit=24");
    let page = ok_json(
        &request(edge, "GET", &first, &[("origin", ORIGIN)], None)?,
        "the catalogue",
    )?;
    let items = page["items"]
        .as_array()
        .context("the catalogue has no items")?;
    let mut lines = format!("list\t{first}\n");
    if let Some(cursor) = page["next_cursor"].as_str() {
        let _ = writeln!(lines, "list\t{first}&cursor={}", encode(cursor));
    }
    let mut picked: Vec<(String, String)> = Vec::new();
    for item in items {
        let id = item["id"].as_str().context("a product without an id")?;
        let path = format!("/v1/shops/{SHOP}/products/{id}");
        let _ = writeln!(lines, "detail\t{path}");
        if picked.len() == SKUS {
            continue;
        }
        let detail = ok_json(
            &request(edge, "GET", &path, &[("origin", ORIGIN)], None)?,
            "a product",
        )?;
        let in_stock = detail["skus"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["stock"] == "in_stock")
            .and_then(|s| s["sku"].as_str());
        if let Some(sku) = in_stock {
            picked.push((id.to_owned(), sku.to_owned()));
        }
    }
    ensure!(
        picked.len() == SKUS,
        "the first catalogue page has only {} products in stock; the load run needs {SKUS}",
        picked.len()
    );
    for (i, (product, sku)) in picked.iter().enumerate() {
        let take = json!({"sku": sku, "stock": STOCK});
        let set = ok_json(
            &json_post(supply, "/sim/stock", &take, &[])?,
            "the supplier's POST /sim/stock",
        )?;
        ensure!(set == take, "POST /sim/stock answered {set}");
        // Quotes are rate limited per shop and client, like checkouts.
        let ip = format!("10.99.0.{i}");
        let lines_json = json!({"lines": [{"product_id": product, "sku": sku, "quantity": 1}]});
        let quote = ok_json(
            &json_post(
                edge,
                &format!("/v1/shops/{SHOP}/quote"),
                &lines_json,
                &[("cf-connecting-ip", &ip)],
            )?,
            "a quote",
        )?;
        let total = serde_json::to_string(&quote["total"])?;
        ensure!(
            quote["total"]["amount"].is_i64(),
            "a quote without a total: {quote}"
        );
        let _ = writeln!(lines, "sku\t{product}\t{sku}\t{total}");
    }
    std::fs::write(data, lines).context("writing the load data")
}

/// The machine's 1-minute load average, as `/proc/loadavg` tells it.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What one wrk reported (written by `mixed.lua`'s `done`).
struct KindResult {
    kind: String,
    connections: u32,
    json: Value,
}

impl KindResult {
    fn num(&self, key: &str) -> u64 {
        self.json[key].as_u64().unwrap_or(0)
    }

    fn requests(&self) -> u64 {
        self.num("requests")
    }

    fn rps(&self) -> f64 {
        let secs = self.num("duration_us") as f64 / 1e6;
        if secs > 0.0 {
            self.requests() as f64 / secs
        } else {
            0.0
        }
    }

    fn ms(&self, key: &str) -> f64 {
        self.num(key) as f64 / 1000.0
    }

    fn ids(&self) -> Vec<String> {
        self.json["ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    }
}

/// Runs one wrk per kind at once and collects their results.
fn drive(
    wrk: &Path,
    edge: &str,
    data: &Path,
    duration: Duration,
    dir: &Path,
) -> Result<Vec<KindResult>> {
    let script = root().join("tests/load/mixed.lua");
    let mut running: Vec<(String, u32, PathBuf, PathBuf, Child)> = Vec::new();
    for (kind, connections) in KINDS {
        let out = dir.join(format!("wrk-{kind}.json"));
        let log = dir.join(format!("wrk-{kind}.log"));
        let log_file = std::fs::File::create(&log)?;
        let child = Command::new(wrk)
            .args(["-t1", &format!("-c{connections}")])
            .arg(format!("-d{}s", duration.as_secs()))
            .args(["--timeout", TIMEOUT, "--latency", "-s"])
            .arg(&script)
            .arg(edge)
            .env("LOAD_KIND", kind)
            .env("LOAD_DATA", data)
            .env("LOAD_ORIGIN", ORIGIN)
            .env("LOAD_SHOP", SHOP)
            .env("LOAD_OUT", &out)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {}", wrk.display()))?;
        running.push((kind.to_owned(), connections, out, log, child));
    }
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for (kind, connections, out, log, mut child) in running {
        let status = child.wait()?;
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        match serde_json::from_str::<Value>(&text) {
            Ok(json) if status.success() => results.push(KindResult {
                kind,
                connections,
                json,
            }),
            _ => failures.push(format!(
                "wrk for {kind} ({status}) left no result; its log {}:\n{}",
                log.display(),
                std::fs::read_to_string(&log).unwrap_or_default()
            )),
        }
    }
    if !failures.is_empty() {
        bail!("{}", failures.join("\n"));
    }
    Ok(results)
}

/// No request failed, apart from checkout connections the runtime reset mid-answer
/// (wrk's read errors), which [`check_orders`] then accounts for: such a checkout may
/// have placed its order unanswered, so it must be in both databases exactly once
/// like every other. Returns how many checkout connections were reset.
fn check_requests(results: &[KindResult]) -> Result<u32> {
    let mut problems = Vec::new();
    let mut reset = 0;
    for r in results {
        let e = &r.json["errors"];
        let tolerated: &[&str] = if r.kind == "checkout" {
            reset += e["read"].as_u64().unwrap_or(0) as u32;
            &["connect", "write", "timeout"]
        } else {
            &["connect", "read", "write", "timeout"]
        };
        let sockets: Vec<String> = tolerated
            .iter()
            .filter_map(|k| {
                let n = e[k].as_u64().unwrap_or(0);
                (n > 0).then(|| format!("{n} {k}"))
            })
            .collect();
        if !sockets.is_empty() {
            problems.push(format!("{}: socket errors: {}", r.kind, sockets.join(", ")));
        }
        let bad = r.num("not_2xx").max(e["status"].as_u64().unwrap_or(0));
        if bad > 0 {
            problems.push(format!(
                "{}: {bad} of {} answers were not a 2xx with what it asked for; first: {}",
                r.kind,
                r.requests(),
                r.json["samples"]
            ));
        }
        if r.requests() == 0 {
            problems.push(format!("{}: no request completed", r.kind));
        }
    }
    if !problems.is_empty() {
        bail!("the load run had failures:\n  {}", problems.join("\n  "));
    }
    Ok(reset)
}

/// The rows of a `wrangler d1 execute --json` query.
fn rows(mut cmd: Command, what: &str) -> Result<Vec<Value>> {
    let out = cmd
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("querying {what}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    ensure!(
        out.status.success(),
        "querying {what} failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let start = text
        .find('[')
        .with_context(|| format!("no JSON querying {what}: {text}"))?;
    let answer: Value = serde_json::from_str(&text[start..])
        .with_context(|| format!("unexpected answer querying {what}"))?;
    answer[0]["results"]
        .as_array()
        .cloned()
        .with_context(|| format!("no results querying {what}: {answer}"))
}

/// What the databases say about the run's orders.
#[derive(Debug)]
struct OrderCheck {
    /// Checkouts answered 201.
    placed: usize,
    /// Orders whose answers wrk's stop cut off.
    cut_off: usize,
    /// How many of those reached the supplier (once each) all the same.
    cut_off_sent: usize,
}

/// Every order answered is in D1 once and at the supplier once; nothing extra.
fn check_orders(
    results: &[KindResult],
    edge_state: &Path,
    supply_state: &Path,
    reset: u32,
) -> Result<OrderCheck> {
    let answered: Vec<String> = results.iter().flat_map(KindResult::ids).collect();
    let connections: u32 = results
        .iter()
        .filter(|r| r.kind == "checkout")
        .map(|r| r.connections)
        .sum::<u32>()
        + reset;
    let edge_rows = rows(
        edge_sql(
            edge_state,
            &[
                "--json",
                "--command",
                &format!(
                    "SELECT id, status, supplier_order_id FROM orders WHERE shop_id = '{SHOP}'"
                ),
            ],
        ),
        "the edge's orders",
    )?;
    let supply_rows = rows(
        supply_sql(
            supply_state,
            &[
                "--json",
                "--command",
                "SELECT id, json_extract(body, '$.reference') AS reference FROM orders",
            ],
        ),
        "the supplier's orders",
    )?;
    compare(&answered, &edge_rows, &supply_rows, connections)
}

/// Compares the order ids checkouts were answered with (`answered`) with the edge's
/// order rows (`id`, `status`, `supplier_order_id`) and the supplier's (`id`,
/// `reference`); `connections` checkouts may have been cut off unanswered.
fn compare(
    answered: &[String],
    edge_rows: &[Value],
    supply_rows: &[Value],
    connections: u32,
) -> Result<OrderCheck> {
    let unique: HashSet<&String> = answered.iter().collect();
    ensure!(
        unique.len() == answered.len(),
        "{} checkouts answered with an order id another checkout got too",
        answered.len() - unique.len()
    );
    let text = |v: &Value, k: &str| v[k].as_str().map(str::to_owned);
    let mut edge: HashMap<String, (String, Option<String>)> = HashMap::new();
    for row in edge_rows {
        let id = text(row, "id").context("an edge order without an id")?;
        let status = text(row, "status").unwrap_or_default();
        ensure!(
            edge.insert(id.clone(), (status, text(row, "supplier_order_id")))
                .is_none(),
            "order {id} is in the edge's D1 twice"
        );
    }
    let mut supplier: HashMap<String, Vec<String>> = HashMap::new();
    for row in supply_rows {
        let reference = text(row, "reference").context("a supplier order without a reference")?;
        supplier
            .entry(reference)
            .or_default()
            .push(text(row, "id").unwrap_or_default());
    }

    let mut problems = Vec::new();
    for id in answered {
        match edge.get(id) {
            None => problems.push(format!("{id}: answered 201 but not in the edge's D1")),
            Some((status, sent)) => match (sent, supplier.get(id).map(Vec::as_slice)) {
                (_, None) => problems.push(format!("{id} ({status}): not at the supplier")),
                (Some(sent), Some([one])) if one == sent => {}
                (sent, Some(found)) => problems.push(format!(
                    "{id} ({status}): the edge recorded supplier order {sent:?}, the supplier has {found:?}"
                )),
            },
        }
    }
    for (reference, found) in &supplier {
        if found.len() > 1 {
            problems.push(format!(
                "{reference}: {} supplier orders {found:?}",
                found.len()
            ));
        }
        if !edge.contains_key(reference) {
            problems.push(format!(
                "supplier orders {found:?} name {reference}, unknown to the edge"
            ));
        }
    }
    let cut_off: Vec<&String> = edge.keys().filter(|id| !unique.contains(id)).collect();
    if cut_off.len() > connections as usize {
        problems.push(format!(
            "{} orders in D1 that no answer named (at most {connections}, one per connection, may be cut off by wrk's stop): {:?}",
            cut_off.len(),
            cut_off.iter().take(10).collect::<Vec<_>>()
        ));
    }
    if !problems.is_empty() {
        let shown = problems.len().min(20);
        bail!(
            "{} problems with the {} orders placed (first {shown}):\n  {}",
            problems.len(),
            answered.len(),
            problems[..shown].join("\n  ")
        );
    }
    ensure!(!answered.is_empty(), "no checkout placed an order");
    let cut_off_sent = cut_off
        .iter()
        .filter(|id| {
            supplier
                .get(id.as_str())
                .is_some_and(|found| found.len() == 1)
        })
        .count();
    Ok(OrderCheck {
        placed: answered.len(),
        cut_off: cut_off.len(),
        cut_off_sent,
    })
}

/// Prints the figures (also when the checks failed: they help).
fn report(results: &[KindResult], duration: Duration, orders: Option<&OrderCheck>) {
    let mut total = 0.0;
    for r in results {
        total += r.rps();
        println!(
            "figure: load {:<8} {:>7.1} req/s  p50 {:>6.1} ms  p90 {:>6.1} ms  p99 {:>6.1} ms  max {:>7.1} ms  ({} requests, {} connections)",
            r.kind,
            r.rps(),
            r.ms("p50_us"),
            r.ms("p90_us"),
            r.ms("p99_us"),
            r.ms("max_us"),
            r.requests(),
            r.connections
        );
    }
    println!(
        "figure: load all      {total:>7.1} req/s over {} s against the edge in workerd (wrk on loopback, {} cores)",
        duration.as_secs(),
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    if let Some(o) = orders {
        println!(
            "figure: load orders   {} checkouts answered 201, each once in the edge's D1 and once at the supplier; {} answers cut off by wrk's stop ({} of their orders at the supplier, once)",
            o.placed, o.cut_off, o.cut_off_sent
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{compare, encode, parse_duration};
    use serde_json::{json, Value};
    use std::time::Duration;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn edge(id: &str, sent: Option<&str>) -> Value {
        json!({"id": id, "status": if sent.is_some() { "submitted" } else { "pending" }, "supplier_order_id": sent})
    }

    fn supply(id: &str, reference: &str) -> Value {
        json!({"id": id, "reference": reference})
    }

    #[test]
    fn orders_found_once_on_both_sides_pass_with_a_cut_off_one_counted() {
        let check = compare(
            &ids(&["PS-1", "PS-2"]),
            &[
                edge("PS-1", Some("SO-1")),
                edge("PS-2", Some("SO-2")),
                edge("PS-3", None),
            ],
            &[supply("SO-1", "PS-1"), supply("SO-2", "PS-2")],
            2,
        )
        .expect("consistent");
        assert_eq!((check.placed, check.cut_off, check.cut_off_sent), (2, 1, 0));
    }

    #[test]
    fn an_answered_order_missing_from_d1_or_the_supplier_fails() {
        let err = compare(
            &ids(&["PS-1", "PS-2"]),
            &[edge("PS-1", Some("SO-1"))],
            &[supply("SO-1", "PS-1")],
            2,
        )
        .expect_err("PS-2 is missing");
        assert!(format!("{err:#}").contains("PS-2: answered 201 but not in the edge's D1"));
        let err =
            compare(&ids(&["PS-1"]), &[edge("PS-1", None)], &[], 2).expect_err("not handed over");
        assert!(format!("{err:#}").contains("not at the supplier"));
    }

    #[test]
    fn an_order_at_the_supplier_twice_fails() {
        let err = compare(
            &ids(&["PS-1"]),
            &[edge("PS-1", Some("SO-1"))],
            &[supply("SO-1", "PS-1"), supply("SO-9", "PS-1")],
            2,
        )
        .expect_err("doubled");
        assert!(format!("{err:#}").contains("PS-1: 2 supplier orders"));
    }

    #[test]
    fn a_supplier_order_unknown_to_the_edge_fails() {
        let err = compare(
            &ids(&["PS-1"]),
            &[edge("PS-1", Some("SO-1"))],
            &[supply("SO-1", "PS-1"), supply("SO-2", "PS-7")],
            2,
        )
        .expect_err("orphan");
        assert!(format!("{err:#}").contains("unknown to the edge"));
    }

    #[test]
    fn one_order_id_answered_twice_fails() {
        assert!(compare(
            &ids(&["PS-1", "PS-1"]),
            &[edge("PS-1", Some("SO-1"))],
            &[supply("SO-1", "PS-1")],
            2
        )
        .is_err());
    }

    #[test]
    fn more_unanswered_orders_than_checkout_connections_fail() {
        let err = compare(
            &ids(&["PS-1"]),
            &[
                edge("PS-1", Some("SO-1")),
                edge("PS-2", None),
                edge("PS-3", None),
            ],
            &[supply("SO-1", "PS-1")],
            1,
        )
        .expect_err("too many unanswered");
        assert!(format!("{err:#}").contains("2 orders in D1 that no answer named"));
    }

    #[test]
    fn durations_read_as_seconds_or_minutes() {
        assert_eq!(parse_duration("30s").ok(), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m").ok(), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("45").ok(), Some(Duration::from_secs(45)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("fast").is_err());
    }

    #[test]
    fn cursors_are_percent_encoded() {
        assert_eq!(encode("a+b/c=="), "a%2Bb%2Fc%3D%3D");
    }
}
