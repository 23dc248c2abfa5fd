//! Serves Workers straight from workerd, each on its own loopback port, for load runs
//! and benchmarks: `wrangler dev` puts a proxy Worker in front of every request and
//! throttles, so figures taken through it measure the proxy. `tests/load/serve.mjs`
//! drives workerd through miniflare with the bindings wrangler itself reads from each
//! `wrangler.toml` (and its `.dev.vars`); this module starts it, waits for it, and
//! stops it. It also holds the small HTTP/1.1 client the runs use to prepare data.
//!
//! Each Worker gets a workerd of its own, as in production, where the edge and its
//! supplier share no thread.
//!
//! Invariants: no workerd outlives a [`Workerd`]. The Node script and its workerd run
//! in a process group of their own, and three things stop them: dropping the
//! [`Workerd`] (SIGTERM to the group, SIGKILL after 10 s), the end of the script's
//! stdin, whose other end only xtask holds (so Ctrl-C, which kills xtask before any
//! `Drop` runs, still stops them), and the script's own signal handlers. Each state
//! directory has wrangler's `--persist-to` layout, so `wrangler d1 execute --local
//! --persist-to` reads the databases being served.

use crate::root;
use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// One Worker to serve.
pub struct Worker {
    /// Its name in workerd (and in the ready file).
    pub name: String,
    /// Its `wrangler.toml`, relative to the repository root: main module and bindings.
    pub config: String,
    /// The loopback port it listens on, directly (no entry Worker in front).
    pub port: u16,
    /// Its local state (D1, KV, Durable Objects), a `--persist-to` directory.
    pub persist: PathBuf,
    /// Vars that override the config's and `.dev.vars`' (as `wrangler dev --var`).
    pub vars: Vec<(String, String)>,
    /// Instead of a config: a bare module Worker's script (a bench's baseline),
    /// relative to the repository root.
    pub script: Option<String>,
    /// Serve it in the workerd of the Worker of this name rather than its own.
    pub instance: Option<String>,
    /// Whether its config's static assets are served in front of it, as in
    /// production (tests load the widget from them); a load run leaves them out, so
    /// an API request reaches the Worker without the assets router's hop.
    pub assets: bool,
}

impl Worker {
    /// The reference supplier on `port` with its state in `persist`, sending its
    /// webhooks to the edge at `edge_url` and naming itself `supply_url`.
    pub fn supplier(port: u16, persist: &Path, edge_url: &str, supply_url: &str) -> Worker {
        Worker {
            name: "supply".to_owned(),
            config: "supply/wrangler.toml".to_owned(),
            port,
            persist: persist.to_owned(),
            vars: vec![
                (
                    "EDGE_WEBHOOK_URL".to_owned(),
                    format!("{edge_url}/v1/hooks/supply"),
                ),
                ("PUBLIC_URL".to_owned(), supply_url.to_owned()),
            ],
            script: None,
            instance: None,
            assets: false,
        }
    }

    /// The edge on `port` with its state in `persist` and `vars` over its config's.
    pub fn edge(port: u16, persist: &Path, vars: Vec<(String, String)>, assets: bool) -> Worker {
        Worker {
            name: "edge".to_owned(),
            config: "wrangler.toml".to_owned(),
            port,
            persist: persist.to_owned(),
            vars,
            script: None,
            instance: None,
            assets,
        }
    }
}

/// A running workerd serving some Workers.
pub struct Workerd {
    child: Child,
    stdin: Option<ChildStdin>,
    log: PathBuf,
}

impl Workerd {
    /// Serves `workers`, each in a workerd of its own, logging to
    /// `log_dir/workerd.log`, and waits until all listen.
    pub fn start(log_dir: &Path, workers: &[Worker]) -> Result<Workerd> {
        std::fs::create_dir_all(log_dir).context("creating the log directory")?;
        let ready = log_dir.join("workerd-ready.json");
        let _ = std::fs::remove_file(&ready);
        let plan = serde_json::json!({
            "ready": ready,
            "workers": workers.iter().map(|w| {
                let mut spec = serde_json::json!({
                    "name": w.name,
                    "port": w.port,
                    "persist": w.persist,
                    "vars": w.vars.iter()
                        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                        .collect::<serde_json::Map<_, _>>(),
                });
                match &w.script {
                    Some(script) => spec["script"] = script.as_str().into(),
                    None => spec["config"] = w.config.as_str().into(),
                }
                if let Some(instance) = &w.instance {
                    spec["instance"] = instance.as_str().into();
                }
                if w.assets {
                    spec["assets"] = true.into();
                }
                spec
            }).collect::<Vec<_>>(),
        });
        let plan_file = log_dir.join("workerd-plan.json");
        std::fs::write(&plan_file, serde_json::to_vec_pretty(&plan)?)
            .context("writing the workerd plan")?;
        let log = log_dir.join("workerd.log");
        let out =
            std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let mut child = Command::new("node")
            .arg(root().join("tests/load/serve.mjs"))
            .arg(&plan_file)
            .current_dir(root())
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CI", "true")
            .stdin(Stdio::piped())
            .stdout(out.try_clone()?)
            .stderr(out)
            .process_group(0)
            .spawn()
            .context("starting node tests/load/serve.mjs (is Node.js installed?)")?;
        let stdin = child.stdin.take();
        let mut served = Workerd { child, stdin, log };
        let deadline = Instant::now() + Duration::from_secs(120);
        while !ready.exists() {
            if let Some(status) = served.child.try_wait()? {
                served.show_log();
                bail!("workerd exited while starting ({status})");
            }
            if Instant::now() > deadline {
                served.show_log();
                bail!("workerd did not start within 120 s");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(served)
    }

    /// Fails when workerd has exited.
    pub fn check_alive(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            self.show_log();
            bail!("workerd exited ({status})");
        }
        Ok(())
    }

    /// Prints the tail of workerd's log.
    pub fn show_log(&self) {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        eprintln!("--- last lines of {} ---", self.log.display());
        for line in &lines[lines.len().saturating_sub(40)..] {
            eprintln!("{line}");
        }
    }

    /// Stops workerd and waits until its whole process group is gone.
    pub fn stop(&mut self) {
        // The end of stdin asks serve.mjs to dispose of workerd; SIGTERM too.
        drop(self.stdin.take());
        let group = format!("-{}", self.child.id());
        signal_group(&group, "TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(100));
        }
        // Whatever is left of the group (workerd, if node died first) goes now.
        signal_group(&group, "KILL");
        let _ = self.child.wait();
    }
}

fn signal_group(group: &str, signal: &str) {
    let _ = Command::new("kill")
        .args(["-s", signal, "--", group])
        .stderr(Stdio::null())
        .status();
}

impl Drop for Workerd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether `GET /health` answers 200.
pub fn health(addr: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

/// Waits until `GET {base}/health` answers 200.
pub fn wait_healthy(base: &str, within: Duration) -> Result<()> {
    let addr = base.trim_start_matches("http://");
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if health(addr) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!(
        "{base}/health did not answer 200 within {} s",
        within.as_secs()
    )
}

/// An HTTP answer: status and body.
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The body, decoded from chunks when chunked.
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body).with_context(|| {
            format!(
                "the answer ({}) is not JSON: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends one HTTP/1.1 request to `base` (`http://127.0.0.1:port`) and reads the
/// whole answer (one connection per request, closed after it).
pub fn request(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<Reply> {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).with_context(|| format!("connecting to {base}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or_default();
    if !body.is_empty() || method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .with_context(|| format!("reading the answer to {method} {path}"))?;
    parse_reply(&raw).with_context(|| format!("the answer to {method} {path}"))
}

fn parse_reply(raw: &[u8]) -> Result<Reply> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no end of headers")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let rest = &raw[split + 4..];
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status code")?;
    let chunked = head.lines().any(|l| {
        l.split_once(':').is_some_and(|(k, v)| {
            k.trim().eq_ignore_ascii_case("transfer-encoding")
                && v.trim().eq_ignore_ascii_case("chunked")
        })
    });
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Ok(Reply { status, body })
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .context("a truncated chunk size")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .with_context(|| format!("a bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            bail!("a truncated chunk");
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::parse_reply;

    #[test]
    fn a_chunked_answer_is_reassembled() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=y\r\n:1}\r\n0\r\n\r\n";
        let reply = parse_reply(raw).expect("parses");
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, b"{\"a\":1}");
    }

    #[test]
    fn a_plain_answer_keeps_its_body() {
        let reply = parse_reply(b"HTTP/1.1 422 Unprocessable\r\nContent-Length: 2\r\n\r\n{}")
            .expect("parses");
        assert_eq!((reply.status, reply.body.as_slice()), (422, &b"{}"[..]));
    }

    #[test]
    fn a_truncated_chunk_is_an_error() {
        assert!(
            parse_reply(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nabc").is_err()
        );
    }
}
