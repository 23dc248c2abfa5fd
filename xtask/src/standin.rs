//! A loopback stand-in for the payment providers' APIs (Stripe, WeChat Pay v3 and
//! WeChat's OAuth), for the test runtime: the edge is configured to call it instead
//! of the real hosts, it answers as their documentation says, and it records every
//! request so tests can check exactly what the edge sent (`GET /__requests`).
//!
//! Also makes the test runtime's provider credentials: a fresh Stripe webhook secret,
//! and fresh RSA key pairs for the WeChat Pay merchant and platform (with `openssl`),
//! written under the run's directory for the tests to sign and verify with.
//!
//! Invariants: nothing here talks to a real provider; the credentials exist only for
//! one run and never in the repository.

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The largest request body the stand-in reads.
const MAX_BODY: usize = 1024 * 1024;

/// One recorded request.
type Recorded = Value;

/// The running stand-in and the credentials the edge and the tests share.
pub struct Standin {
    /// Vars for the edge, as name and value.
    pub edge_vars: Vec<(String, String)>,
    /// Environment for the tests.
    pub test_env: Vec<(String, String)>,
}

fn random_hex(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .context("reading /dev/urandom")?;
    Ok(hex::encode(buf))
}

/// Makes an RSA key pair with `openssl`: the private key (PKCS#8) and the public
/// key (SPKI), as PEM files in `dir` named `{name}.pem` and `{name}.pub.pem`.
fn key_pair(dir: &Path, name: &str) -> Result<(String, String)> {
    let private = dir.join(format!("{name}.pem"));
    let public = dir.join(format!("{name}.pub.pem"));
    let run = |args: &[&str]| -> Result<()> {
        let status = Command::new("openssl")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .context("running openssl (apt-get install openssl)")?;
        if !status.success() {
            bail!("openssl {} failed", args.join(" "));
        }
        Ok(())
    };
    let private_s = private.to_string_lossy().into_owned();
    let public_s = public.to_string_lossy().into_owned();
    run(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        &private_s,
    ])?;
    run(&["pkey", "-in", &private_s, "-pubout", "-out", &public_s])?;
    Ok((
        std::fs::read_to_string(&private).context("reading a new private key")?,
        std::fs::read_to_string(&public).context("reading a new public key")?,
    ))
}

/// Starts the stand-in on a free port and makes the run's credentials in `dir`.
pub fn start(dir: &Path) -> Result<Standin> {
    std::fs::create_dir_all(dir).context("creating the providers' directory")?;
    let listener = TcpListener::bind(("127.0.0.1", 0)).context("binding the stand-in")?;
    let url = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
    let log: Arc<Mutex<Vec<Recorded>>> = Arc::default();
    let counter = Arc::new(AtomicU64::new(0));
    let base = url.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (log, counter, base) = (log.clone(), counter.clone(), base.clone());
            std::thread::spawn(move || {
                // A broken connection only concerns that request.
                let _ = serve(stream, &log, &counter, &base);
            });
        }
    });
    let (merchant_key, _) = key_pair(dir, "wechat-merchant")?;
    let (_, platform_public) = key_pair(dir, "wechat-platform")?;
    let webhook_secret = format!("whsec_{}", random_hex(24)?);
    let api_v3_key = random_hex(16)?;
    let platform_serial = format!("PUB_KEY_ID_{}", random_hex(8)?.to_uppercase());
    let var = |k: &str, v: String| (k.to_owned(), v);
    let edge_vars = vec![
        var("STRIPE_SECRET_KEY", "sk_test_pocketshop_local".to_owned()),
        var("STRIPE_WEBHOOK_SECRET", webhook_secret.clone()),
        var("STRIPE_API_BASE", url.clone()),
        var("WECHAT_MCH_ID", "1900000109".to_owned()),
        var("WECHAT_APP_ID", "wxd678efh567hg6787".to_owned()),
        var("WECHAT_APP_SECRET", random_hex(16)?),
        var("WECHAT_SERIAL_NO", random_hex(20)?.to_uppercase()),
        var("WECHAT_PRIVATE_KEY", merchant_key),
        var("WECHAT_API_V3_KEY", api_v3_key.clone()),
        var("WECHAT_PLATFORM_PUBLIC_KEY", platform_public),
        var("WECHAT_PLATFORM_SERIAL", platform_serial.clone()),
        var("WECHAT_API_BASE", url.clone()),
        var("WECHAT_OAUTH_API_BASE", url.clone()),
    ];
    let test_env = vec![
        ("POCKETSHOP_PROVIDER_URL".to_owned(), url.clone()),
        (
            "POCKETSHOP_STRIPE_WEBHOOK_SECRET".to_owned(),
            webhook_secret,
        ),
        ("POCKETSHOP_WECHAT_API_V3_KEY".to_owned(), api_v3_key),
        (
            "POCKETSHOP_WECHAT_PLATFORM_SERIAL".to_owned(),
            platform_serial,
        ),
        (
            "POCKETSHOP_WECHAT_KEYS".to_owned(),
            dir.to_string_lossy().into_owned(),
        ),
    ];
    Ok(Standin {
        edge_vars,
        test_env,
    })
}

/// What a provider answers to `method path` with `body`.
fn reply(method: &str, path: &str, body: &str, n: u64, base: &str) -> (u16, Value) {
    let form: Vec<(String, String)> = body
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let json_body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let route = path.split('?').next().unwrap_or_default();
    let parts: Vec<&str> = route.trim_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        ("POST", ["v1", "checkout", "sessions"]) => {
            let id = format!("cs_test_{n}");
            let expires_at: i64 = field("expires_at").parse().unwrap_or(0);
            (
                200,
                json!({
                    "id": id, "object": "checkout.session", "status": "open",
                    "payment_status": "unpaid", "url": format!("{base}/checkout/{id}"),
                    "expires_at": expires_at,
                    "client_reference_id": field("client_reference_id"),
                    "metadata": {"order_id": field("metadata[order_id]")},
                }),
            )
        }
        ("POST", ["v1", "checkout", "sessions", id, "expire"]) => (
            200,
            json!({"id": id, "object": "checkout.session", "status": "expired"}),
        ),
        ("POST", ["v1", "refunds"]) => (
            200,
            json!({
                "id": format!("re_test_{n}"), "object": "refund", "status": "succeeded",
                "amount": field("amount").parse::<i64>().unwrap_or(0),
                "payment_intent": field("payment_intent"),
            }),
        ),
        ("POST", ["v3", "pay", "transactions", "h5"]) => (
            200,
            json!({"h5_url": format!(
                "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx{n}&package=2150917749"
            )}),
        ),
        ("POST", ["v3", "pay", "transactions", "jsapi"]) => {
            (200, json!({"prepay_id": format!("wx2014{n:012}")}))
        }
        ("POST", ["v3", "pay", "transactions", "out-trade-no", _, "close"]) => (204, Value::Null),
        ("POST", ["v3", "refund", "domestic", "refunds"]) => (
            200,
            json!({
                "refund_id": format!("50000000{n:010}"),
                "out_refund_no": json_body["out_refund_no"],
                "transaction_id": json_body["transaction_id"],
                "status": "PROCESSING",
                "amount": json_body["amount"],
            }),
        ),
        ("GET", ["sns", "oauth2", "access_token"]) => {
            let code = path
                .split_once("code=")
                .map(|(_, rest)| rest.split('&').next().unwrap_or_default())
                .unwrap_or_default();
            (
                200,
                json!({"access_token": format!("at{n}"), "expires_in": 7200,
                       "openid": format!("o_test_{code}"), "scope": "snsapi_base"}),
            )
        }
        _ => (
            404,
            json!({"error": {"type": "invalid_request_error", "code": "resource_missing"}}),
        ),
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn serve(
    stream: TcpStream,
    log: &Mutex<Vec<Recorded>>,
    counter: &AtomicU64,
    base: &str,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = serde_json::Map::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? <= 2 {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_owned();
            if name == "content-length" {
                length = value.parse().unwrap_or(0).min(MAX_BODY);
            }
            headers.insert(name, Value::String(value));
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();
    let mut parts = request_line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap_or("").to_owned(),
        parts.next().unwrap_or("").to_owned(),
    );
    let (status, answer) = if method == "GET" && path == "/__requests" {
        let all = log.lock().map(|l| l.clone()).unwrap_or_default();
        (200, Value::Array(all))
    } else {
        if let Ok(mut l) = log.lock() {
            l.push(json!({"method": method, "path": path, "headers": headers, "body": body}));
        }
        let n = counter.fetch_add(1, Ordering::Relaxed) + 1;
        reply(&method, &path, &body, n, base)
    };
    let text = if answer.is_null() {
        String::new()
    } else {
        answer.to_string()
    };
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        _ => "Not Found",
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_percent_decoded() {
        assert_eq!(decode("metadata%5Border_id%5D"), "metadata[order_id]");
        assert_eq!(decode("a+b%2"), "a b%2");
    }

    #[test]
    fn a_checkout_session_answer_has_what_stripe_documents() {
        let (status, v) = reply(
            "POST",
            "/v1/checkout/sessions",
            "mode=payment&expires_at=1800&metadata%5Border_id%5D=PS-1",
            7,
            "http://s",
        );
        assert_eq!(status, 200);
        assert_eq!(v["id"], "cs_test_7");
        assert_eq!(v["url"], "http://s/checkout/cs_test_7");
        assert_eq!(v["metadata"]["order_id"], "PS-1");
        assert_eq!(v["expires_at"], 1800);
    }
}
