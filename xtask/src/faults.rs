//! A fault-injecting loopback proxy between the test edge and the reference
//! supplier: by default it passes every request through; rules set over its control
//! endpoint make matching requests fail the ways a real supplier fails.
//!
//! Control (unsigned, loopback only):
//! - `POST /__faults` with a rule, JSON: `{"method": "GET", "path": "/v1/products?",
//!   "fault": "status", "status": 503, "times": 3}` — `method` (`*` for any) and
//!   `path` (a prefix of the path and query) match requests; `times` limits how many
//!   it applies to (absent: until cleared). Rules are tried in the order added.
//!   Faults: `latency` (`ms`, then passes through), `status` (`status`, a plain-text
//!   body), `rate_limit` (429 with `Retry-After: retry_after`), `trickle` (the real
//!   answer at one byte a second), `reset` (the real headers and half the body, then
//!   the connection is dropped), `html` (an HTML page with status 200), `huge` (a
//!   10 MB body, chunked so no length warns the client), `null_prices`,
//!   `missing_prices`, `wrong_types` and `invalid_json` (the real body rewritten).
//! - `DELETE /__faults` clears every rule; `GET /__faults` lists them with their
//!   `hits`, and `requests`, how many requests were proxied in all.
//!
//! Invariants: one thread per connection (hundreds at once are fine on loopback);
//! every answer closes its connection, so nothing is pipelined past a fault; a rule
//! is taken atomically, so `times: 1` fails exactly one request however many race.
//!
//! The "reset" closes the socket after part of the body (the client sees the
//! connection end before the declared length). A true RST would need `SO_LINGER 0`,
//! which std cannot set without `unsafe` (forbidden in this workspace) or a new
//! crate; to an HTTP client both are "connection lost mid-body".

use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The largest request or upstream answer the proxy reads.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// The size of the `huge` body.
const HUGE_BODY: usize = 10 * 1024 * 1024;

/// The running proxy.
pub struct FaultProxy {
    /// Its base URL (`http://127.0.0.1:PORT`), the edge's `SUPPLY_URL` in tests.
    pub url: String,
}

/// One rule.
#[derive(Debug, Clone)]
struct Rule {
    method: String,
    path: String,
    fault: String,
    times: Option<u64>,
    spec: Value,
    hits: u64,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    requests: u64,
}

type Shared = Arc<Mutex<State>>;

/// Starts the proxy on a free loopback port in front of `upstream`
/// (`127.0.0.1:PORT`).
pub fn start(upstream: &str) -> Result<FaultProxy> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding the fault proxy")?;
    let url = format!("http://{}", listener.local_addr()?);
    let state: Shared = Arc::new(Mutex::new(State::default()));
    let upstream = upstream.to_owned();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = state.clone();
            let upstream = upstream.clone();
            std::thread::spawn(move || {
                let _ = serve(stream, &state, &upstream);
            });
        }
    });
    Ok(FaultProxy { url })
}

/// A parsed HTTP/1.1 message head and body.
struct Message {
    /// The request line or status line.
    first: String,
    /// Header (name lowercase, value) pairs.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a message; `eof_body` reads the body to the end of the stream when no
/// length is given (answers), else it is empty (requests).
fn read_message(reader: &mut impl BufRead, eof_body: bool) -> Result<Message> {
    let mut first = String::new();
    reader.read_line(&mut first)?;
    if first.is_empty() {
        anyhow::bail!("connection closed");
    }
    let mut headers = Vec::new();
    let mut total = 0;
    loop {
        let mut line = String::new();
        total += reader.read_line(&mut line)?;
        if total > 64 * 1024 {
            anyhow::bail!("headers too large");
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let mut message = Message {
        first: first.trim_end().to_owned(),
        headers,
        body: Vec::new(),
    };
    let chunked = message
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .context("chunk size")?;
            if size == 0 {
                let mut trailer = String::new();
                while reader.read_line(&mut trailer)? > 2 {
                    trailer.clear();
                }
                break;
            }
            if message.body.len() + size > MAX_BODY {
                anyhow::bail!("body too large");
            }
            let start = message.body.len();
            message.body.resize(start + size, 0);
            reader.read_exact(&mut message.body[start..])?;
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf)?;
        }
    } else if let Some(len) = message.header("content-length") {
        let len: usize = len.parse().context("content-length")?;
        if len > MAX_BODY {
            anyhow::bail!("body too large");
        }
        message.body.resize(len, 0);
        reader.read_exact(&mut message.body)?;
    } else if eof_body {
        reader
            .take(MAX_BODY as u64)
            .read_to_end(&mut message.body)?;
    }
    Ok(message)
}

/// Headers worth passing on (framing and connection headers are the proxy's own).
fn end_to_end(headers: &[(String, String)]) -> impl Iterator<Item = &(String, String)> {
    headers.iter().filter(|(n, _)| {
        !matches!(
            n.as_str(),
            "connection" | "keep-alive" | "transfer-encoding" | "content-length" | "host"
        )
    })
}

fn head(status_line: &str, headers: &[(String, String)], length: Option<usize>) -> Vec<u8> {
    let mut out = format!("{status_line}\r\n");
    for (n, v) in end_to_end(headers) {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    if let Some(len) = length {
        out.push_str(&format!("content-length: {len}\r\n"));
    }
    out.push_str("connection: close\r\n\r\n");
    out.into_bytes()
}

fn answer(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    extra: &[(&str, String)],
    body: &[u8],
) -> Result<()> {
    let mut headers = vec![("content-type".to_owned(), content_type.to_owned())];
    headers.extend(extra.iter().map(|(n, v)| ((*n).to_owned(), v.clone())));
    stream.write_all(&head(
        &format!("HTTP/1.1 {status} Fault"),
        &headers,
        Some(body.len()),
    ))?;
    stream.write_all(body)?;
    Ok(())
}

fn serve(stream: TcpStream, state: &Shared, upstream: &str) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    let request = read_message(&mut reader, false)?;
    let mut parts = request.first.split(' ');
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("/").to_owned();
    if target == "/__faults" || target.starts_with("/__faults?") {
        return control(&mut stream, state, &method, &request.body);
    }
    let rule = take_rule(state, &method, &target);
    let spec = rule.as_ref().map(|r| r.spec.clone()).unwrap_or(Value::Null);
    let fault = rule.map(|r| r.fault).unwrap_or_default();
    let number = |name: &str, default: u64| spec[name].as_u64().unwrap_or(default);
    match fault.as_str() {
        "status" => {
            let status = u16::try_from(number("status", 503)).unwrap_or(503);
            return answer(
                &mut stream,
                status,
                "text/plain",
                &[],
                b"injected upstream failure: internal detail",
            );
        }
        "rate_limit" => {
            let secs = number("retry_after", 2).to_string();
            return answer(
                &mut stream,
                429,
                "text/plain",
                &[("retry-after", secs)],
                b"slow down",
            );
        }
        "html" => {
            return answer(
                &mut stream,
                200,
                "text/html",
                &[],
                b"<!doctype html><html><body><h1>Scheduled maintenance</h1></body></html>",
            );
        }
        "huge" => {
            stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                  transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
            )?;
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            stream.write_all(b"1\r\n[\r\n")?;
            while sent < HUGE_BODY {
                stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
                stream.write_all(&chunk)?;
                stream.write_all(b"\r\n")?;
                sent += chunk.len();
            }
            stream.write_all(b"1\r\n]\r\n0\r\n\r\n")?;
            return Ok(());
        }
        "latency" => std::thread::sleep(Duration::from_millis(number("ms", 3_000))),
        _ => {}
    }
    let upstream_answer = forward(upstream, &method, &target, &request)?;
    let mut body = upstream_answer.body.clone();
    match fault.as_str() {
        "null_prices" | "missing_prices" | "wrong_types" => {
            if let Ok(mut value) = serde_json::from_slice::<Value>(&body) {
                rewrite(&mut value, &fault);
                body = serde_json::to_vec(&value)?;
            }
        }
        "invalid_json" => body.truncate(body.len() / 2),
        _ => {}
    }
    match fault.as_str() {
        "trickle" => {
            stream.write_all(&head(
                &upstream_answer.first,
                &upstream_answer.headers,
                Some(body.len()),
            ))?;
            for byte in &body {
                stream.write_all(&[*byte])?;
                stream.flush()?;
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        "reset" => {
            stream.write_all(&head(
                &upstream_answer.first,
                &upstream_answer.headers,
                Some(body.len()),
            ))?;
            stream.write_all(&body[..body.len() / 2])?;
            stream.flush()?;
            std::thread::sleep(Duration::from_millis(100));
            let _ = stream.shutdown(Shutdown::Both);
        }
        _ => {
            stream.write_all(&head(
                &upstream_answer.first,
                &upstream_answer.headers,
                Some(body.len()),
            ))?;
            stream.write_all(&body)?;
        }
    }
    Ok(())
}

/// Breaks every SKU's prices in a catalogue page or a product.
fn rewrite(value: &mut Value, fault: &str) {
    match value {
        Value::Object(map) => {
            if map.contains_key("supply_price") {
                match fault {
                    "null_prices" => {
                        map.insert("supply_price".into(), Value::Null);
                        map.insert("suggested_price".into(), Value::Null);
                    }
                    "missing_prices" => {
                        map.remove("supply_price");
                        map.remove("suggested_price");
                    }
                    _ => {
                        map.insert("supply_price".into(), json!("12.50"));
                        map.insert("stock".into(), json!("plenty"));
                    }
                }
            }
            for v in map.values_mut() {
                rewrite(v, fault);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, fault)),
        _ => {}
    }
}

fn forward(upstream: &str, method: &str, target: &str, request: &Message) -> Result<Message> {
    let mut conn = TcpStream::connect(upstream).context("connecting to the supplier")?;
    conn.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut out = format!("{method} {target} HTTP/1.1\r\nhost: {upstream}\r\n");
    for (n, v) in end_to_end(&request.headers) {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        request.body.len()
    ));
    conn.write_all(out.as_bytes())?;
    conn.write_all(&request.body)?;
    read_message(&mut BufReader::new(conn), true)
}

/// Takes the first rule matching the request, counting it.
fn take_rule(state: &Shared, method: &str, target: &str) -> Option<Rule> {
    let mut state = state.lock().ok()?;
    state.requests += 1;
    let index = state.rules.iter().position(|r| {
        (r.method == "*" || r.method.eq_ignore_ascii_case(method))
            && target.starts_with(&r.path)
            && r.times != Some(0)
    })?;
    let rule = &mut state.rules[index];
    rule.hits += 1;
    if let Some(t) = rule.times.as_mut() {
        *t -= 1;
    }
    Some(rule.clone())
}

fn control(stream: &mut TcpStream, state: &Shared, method: &str, body: &[u8]) -> Result<()> {
    let mut guard = state
        .lock()
        .map_err(|_| anyhow::anyhow!("fault state poisoned"))?;
    match method {
        "POST" => {
            let spec: Value = match serde_json::from_slice(body) {
                Ok(v) => v,
                Err(e) => {
                    return answer(stream, 400, "text/plain", &[], e.to_string().as_bytes());
                }
            };
            let text = |name: &str| spec[name].as_str().map(str::to_owned);
            let (Some(path), Some(fault)) = (text("path"), text("fault")) else {
                return answer(
                    stream,
                    400,
                    "text/plain",
                    &[],
                    b"path and fault are required",
                );
            };
            guard.rules.push(Rule {
                method: text("method").unwrap_or_else(|| "*".into()),
                path,
                fault,
                times: spec["times"].as_u64(),
                spec,
                hits: 0,
            });
        }
        "DELETE" => guard.rules.clear(),
        "GET" => {}
        _ => return answer(stream, 405, "text/plain", &[], b"GET, POST or DELETE"),
    }
    let rules: Vec<Value> = guard
        .rules
        .iter()
        .map(|r| json!({"method": r.method, "path": r.path, "fault": r.fault, "times": r.times, "hits": r.hits}))
        .collect();
    let body = serde_json::to_vec(&json!({"rules": rules, "requests": guard.requests}))?;
    drop(guard);
    answer(stream, 200, "application/json", &[], &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many requests the proxy has passed on or faulted (not counting control).
    pub fn requests_seen(proxy: &FaultProxy) -> Result<u64> {
        let addr = proxy.url.trim_start_matches("http://");
        let mut conn = TcpStream::connect(addr)?;
        conn.write_all(
            format!("GET /__faults HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n")
                .as_bytes(),
        )?;
        let answer = read_message(&mut BufReader::new(conn), true)?;
        let value: Value = serde_json::from_slice(&answer.body)?;
        value["requests"].as_u64().context("no request count")
    }

    /// A tiny upstream that answers every request with `body`.
    fn upstream(body: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        std::thread::spawn(move || {
            for mut s in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let _ = read_message(&mut BufReader::new(s.try_clone().expect("clone")), false);
                    let _ = s.write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        )
                        .as_bytes(),
                    );
                });
            }
        });
        addr
    }

    fn call(proxy: &FaultProxy, method: &str, path: &str, body: &str) -> Message {
        let addr = proxy.url.trim_start_matches("http://");
        let mut conn = TcpStream::connect(addr).expect("connect");
        conn.write_all(
            format!(
                "{method} {path} HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .expect("write");
        read_message(&mut BufReader::new(conn), true).expect("answer")
    }

    const PAGE: &str = r#"{"items":[{"id":"P1","skus":[{"sku":"P1-A","supply_price":{"amount":100,"currency":"CNY"},"suggested_price":{"amount":150,"currency":"CNY"},"stock":3}]}],"next_cursor":null}"#;

    #[test]
    fn requests_pass_through_until_a_rule_matches_and_a_counted_rule_runs_out() {
        let proxy = start(&upstream(PAGE)).expect("proxy");
        assert_eq!(
            call(&proxy, "GET", "/v1/products?limit=1", "").body,
            PAGE.as_bytes()
        );
        call(
            &proxy,
            "POST",
            "/__faults",
            r#"{"method":"GET","path":"/v1/products?","fault":"status","status":502,"times":1}"#,
        );
        assert!(call(&proxy, "GET", "/v1/products/P1", "")
            .first
            .contains(" 200 "));
        assert!(call(&proxy, "GET", "/v1/products?limit=1", "")
            .first
            .contains(" 502 "));
        assert!(call(&proxy, "GET", "/v1/products?limit=1", "")
            .first
            .contains(" 200 "));
        assert_eq!(requests_seen(&proxy).expect("count"), 4);
    }

    #[test]
    fn data_faults_rewrite_the_real_body() {
        let proxy = start(&upstream(PAGE)).expect("proxy");
        call(
            &proxy,
            "POST",
            "/__faults",
            r#"{"path":"/v1/","fault":"null_prices","times":1}"#,
        );
        let page: Value =
            serde_json::from_slice(&call(&proxy, "GET", "/v1/products", "").body).expect("json");
        assert!(page["items"][0]["skus"][0]["supply_price"].is_null());
        call(
            &proxy,
            "POST",
            "/__faults",
            r#"{"path":"/v1/","fault":"wrong_types","times":1}"#,
        );
        let page: Value =
            serde_json::from_slice(&call(&proxy, "GET", "/v1/products", "").body).expect("json");
        assert_eq!(page["items"][0]["skus"][0]["stock"], "plenty");
        call(
            &proxy,
            "POST",
            "/__faults",
            r#"{"path":"/v1/","fault":"rate_limit","retry_after":7}"#,
        );
        let limited = call(&proxy, "GET", "/v1/products", "");
        assert!(limited.first.contains(" 429 "));
        assert_eq!(limited.header("retry-after"), Some("7"));
        call(&proxy, "DELETE", "/__faults", "");
        assert_eq!(
            call(&proxy, "GET", "/v1/products", "").body,
            PAGE.as_bytes()
        );
    }

    #[test]
    fn two_hundred_concurrent_connections_are_all_answered() {
        let proxy = Arc::new(start(&upstream(PAGE)).expect("proxy"));
        let threads: Vec<_> = (0..200)
            .map(|_| {
                let proxy = proxy.clone();
                std::thread::spawn(move || call(&proxy, "GET", "/v1/products", "").body.len())
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().expect("thread"), PAGE.len());
        }
    }
}
