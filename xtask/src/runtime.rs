//! Runs Pocketshop locally: the reference supplier and the edge in `wrangler dev`
//! (workerd, with local D1 and KV), their databases migrated and the supplier seeded.
//! Test runs serve both from workerd directly instead (see [`Runtime::start`]), with
//! the same bindings, state layout and the edge's static assets.
//!
//! Invariants: each Worker gets its own state directory; the supplier is seeded only
//! when its catalogue is empty; no workerd outlives a run. For the last, test runs
//! rely on [`Workerd`]'s own guarantees; under `wrangler dev` the Workers stay in
//! xtask's process group, so Ctrl-C in the terminal reaches wrangler too (which
//! then stops its workerd), and dropping the [`Runtime`] sends wrangler SIGTERM, which
//! it likewise passes on. Process groups of their own would let the Workers survive a
//! Ctrl-C: the signal would kill xtask before any `Drop` ran.

use crate::workerd::{health, Worker, Workerd};
use crate::{root, run_cmd, seed};
use anyhow::{bail, Context, Result};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where and how to run.
pub struct Options {
    /// The edge's port.
    pub edge_port: u16,
    /// The supplier's port.
    pub supply_port: u16,
    /// The demo host pages' port (their own origin).
    pub demo_port: u16,
    /// Local D1/KV state, one subdirectory per Worker.
    pub state_dir: PathBuf,
    /// Where the Workers' output goes.
    pub log_dir: PathBuf,
    /// Whether to add the test-only shops (see [`add_test_shops`]).
    pub test_shops: bool,
}

impl Options {
    /// Fixed ports and the checkout's own state, for `cargo xtask dev`.
    pub fn dev(port: u16) -> Options {
        Options {
            edge_port: port,
            supply_port: port.saturating_add(1),
            demo_port: port.saturating_add(3),
            state_dir: root().join(".wrangler/state"),
            log_dir: root().join("target/pocketshop"),
            test_shops: false,
        }
    }

    /// Free ports and fresh state, for tests.
    pub fn ephemeral() -> Result<Options> {
        let run = format!("run-{}", std::process::id());
        let base = root().join("target/pocketshop").join(run);
        if base.exists() {
            std::fs::remove_dir_all(&base).context("clearing old test state")?;
        }
        Ok(Options {
            edge_port: free_port()?,
            supply_port: free_port()?,
            demo_port: free_port()?,
            state_dir: base.join("state"),
            log_dir: base,
            test_shops: true,
        })
    }
}

/// The lowest port [`free_port`] hands out.
const FROM: u16 = 20000;

/// The first port of the kernel's ephemeral range (Linux's default when unknown).
fn ephemeral_start() -> u16 {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|r| r.split_whitespace().next()?.parse().ok())
        .unwrap_or(32768)
}

/// A free loopback port for a server started later, never one handed out before by
/// this process.
///
/// Why not the port the OS picks for `bind(0)`: it comes from the ephemeral range,
/// from which every outgoing connection also takes its source port. Between this
/// check and the server's own bind, a client under load (wrk, the browser) can take
/// it, and workerd then fails with "address already in use". Ports below that range
/// are never given to outgoing connections, so a port found free there stays free
/// unless another server binds it.
pub(crate) fn free_port() -> Result<u16> {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    let ephemeral_from = ephemeral_start();
    if ephemeral_from > FROM + 1000 {
        let span = u32::from(ephemeral_from - FROM);
        // Start somewhere different in each process, so two test runs on one
        // machine rarely probe the same ports.
        let start = std::process::id().wrapping_mul(7919) % span;
        let mut handed = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
        for step in 0..span {
            let port = FROM + ((start + step) % span) as u16;
            if !handed.contains(&port) && TcpListener::bind(("127.0.0.1", port)).is_ok() {
                handed.insert(port);
                return Ok(port);
            }
        }
    }
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The running Workers.
pub struct Runtime {
    /// The edge's base URL.
    pub edge_url: String,
    /// The supplier's base URL.
    pub supply_url: String,
    /// The demo host pages' base URL.
    pub demo_url: String,
    /// Environment the tests need (the providers' stand-in and its credentials).
    pub test_env: Vec<(String, String)>,
    /// The edge's local D1 state directory (tests change rows there, e.g. to expire
    /// a session, with `wrangler d1 execute --persist-to`).
    pub edge_state: PathBuf,
    children: Vec<Child>,
    logs: Vec<PathBuf>,
    /// The edge and the supplier served from workerd directly (test runs).
    served: Option<Workerd>,
}

fn wrangler() -> Command {
    let mut cmd = Command::new(root().join("node_modules/.bin/wrangler"));
    cmd.current_dir(root())
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CI", "true");
    cmd
}

/// Applies a Worker's D1 migrations to the local state in `state`.
pub(crate) fn migrate(config: &str, binding: &str, state: &Path) -> Result<()> {
    run_cmd(
        wrangler()
            .args([
                "d1",
                "migrations",
                "apply",
                binding,
                "--local",
                "-c",
                config,
                "--persist-to",
            ])
            .arg(state),
    )
}

/// Adds the local shops (`demo`, `lumen`) to the edge's local database in `state`,
/// after its migrations: demo data lives in `edge/seed/`, never in the migrations
/// a production database runs. Idempotent.
pub(crate) fn seed_demo_shops(state: &Path) -> Result<()> {
    run_cmd(&mut edge_sql(
        state,
        &["--file", "edge/seed/demo_shops.sql"],
    ))
}

/// `wrangler d1 execute` on the edge's local database, with `args` added.
pub(crate) fn edge_sql(state: &Path, args: &[&str]) -> Command {
    let mut cmd = wrangler();
    cmd.args(["d1", "execute", "DB", "--local", "-c", "wrangler.toml"])
        .arg("--persist-to")
        .arg(state)
        .args(args);
    cmd
}

/// `wrangler d1 execute` on the supplier's local database, with `args` added.
pub(crate) fn supply_sql(state: &Path, args: &[&str]) -> Command {
    let mut cmd = wrangler();
    cmd.args([
        "d1",
        "execute",
        "SUPPLY_DB",
        "--local",
        "-c",
        "supply/wrangler.toml",
    ])
    .arg("--persist-to")
    .arg(state)
    .args(args);
    cmd
}

/// Lets the demo pages' origin embed every local shop (the migrations allow port
/// 8790; tests and `--port` use others).
fn allow_demo_origin(state: &Path, port: u16) -> Result<()> {
    for host in ["127.0.0.1", "localhost"] {
        let origin = format!("http://{host}:{port}");
        let sql = format!(
            "UPDATE shops SET allowed_origins = json_insert(allowed_origins, '$[#]', '{origin}') \
             WHERE NOT EXISTS (SELECT 1 FROM json_each(shops.allowed_origins) WHERE value = '{origin}')"
        );
        run_cmd(edge_sql(state, &["--command", &sql]).stdout(Stdio::null()))?;
    }
    Ok(())
}

/// The shop id of [`add_test_shops`]' shop whose orders expire quickly.
pub const BRIEF_SHOP: &str = "brief";
/// How long `brief` waits for payment.
pub const BRIEF_WINDOW_SECS: u32 = 4;

/// Adds, for tests only, a copy of the demo shop whose unpaid orders expire after
/// [`BRIEF_WINDOW_SECS`], so expiry is tested in seconds, through the real timers.
fn add_test_shops(state: &Path) -> Result<()> {
    let sql = format!(
        "INSERT OR IGNORE INTO shops (id, name, currency, locale, theme, allowed_origins, features, \
         shipping_fee, free_shipping_over, created_at, payment_methods, payment_window_secs) \
         SELECT '{BRIEF_SHOP}', 'Brief (tests)', currency, locale, theme, allowed_origins, features, \
         shipping_fee, free_shipping_over, created_at, payment_methods, {BRIEF_WINDOW_SECS} FROM shops WHERE id = 'demo'; \
         INSERT OR IGNORE INTO markup_rules (shop_id, scope, target, kind, value) \
         SELECT '{BRIEF_SHOP}', scope, target, kind, value FROM markup_rules WHERE shop_id = 'demo'; \
         INSERT OR IGNORE INTO shop_categories (shop_id, category) \
         SELECT '{BRIEF_SHOP}', category FROM shop_categories WHERE shop_id = 'demo';"
    );
    run_cmd(edge_sql(state, &["--command", &sql]).stdout(Stdio::null()))
}

fn products_in(state: &Path) -> Result<u64> {
    let out = supply_sql(
        state,
        &["--json", "--command", "SELECT COUNT(*) AS n FROM products"],
    )
    .output()
    .context("running wrangler d1 execute")?;
    let text = String::from_utf8_lossy(&out.stdout);
    // The JSON answer holds `"n": <count>`; read the number after it.
    let count = text.split("\"n\":").nth(1).and_then(|rest| {
        rest.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    });
    count.with_context(|| format!("unexpected answer counting products: {text}"))
}

/// Seeds the supplier's catalogue in `state` unless it has one.
pub(crate) fn seed_supplier(state: &Path, log_dir: &Path) -> Result<()> {
    if products_in(state)? > 0 {
        return Ok(());
    }
    let file = log_dir.join("supply-seed.sql");
    let sql = seed::supply_seed_sql() + &seed::fixture_sql();
    std::fs::write(&file, sql).context("writing the seed SQL")?;
    println!(
        "xtask: seeding the supplier with {} demo products",
        seed::DEMO_PRODUCT_COUNT
    );
    let file = file.to_str().context("the seed file's path is not UTF-8")?;
    run_cmd(&mut supply_sql(state, &["--file", file]))
}

impl Runtime {
    /// Migrates, seeds and starts both Workers, and waits until they answer.
    pub fn start(opts: &Options) -> Result<Runtime> {
        std::fs::create_dir_all(&opts.log_dir).context("creating the log directory")?;
        let edge_state = opts.state_dir.join("edge");
        let supply_state = opts.state_dir.join("supply");
        migrate("wrangler.toml", "DB", &edge_state)?;
        seed_demo_shops(&edge_state)?;
        migrate("supply/wrangler.toml", "SUPPLY_DB", &supply_state)?;
        seed_supplier(&supply_state, &opts.log_dir)?;
        allow_demo_origin(&edge_state, opts.demo_port)?;
        if opts.test_shops {
            add_test_shops(&edge_state)?;
        }

        let edge_url = format!("http://127.0.0.1:{}", opts.edge_port);
        let supply_url = format!("http://127.0.0.1:{}", opts.supply_port);
        let demo_url = format!("http://127.0.0.1:{}", opts.demo_port);
        crate::demo::serve(opts.demo_port, &edge_url)?;
        // Tests talk to Stripe and WeChat Pay through a recording stand-in; a local
        // run has only the sandbox (real keys in `.dev.vars` enable real providers).
        let standin = if opts.test_shops {
            Some(crate::standin::start(&opts.log_dir.join("providers"))?)
        } else {
            None
        };
        // Tests reach the supplier through the fault-injecting proxy (pass-through
        // until a test sets a fault; see `faults.rs`), and the edge's breaker cools
        // down in 2 s so a test can watch it recover.
        let faults = if opts.test_shops {
            Some(crate::faults::start(&format!(
                "127.0.0.1:{}",
                opts.supply_port
            ))?)
        } else {
            None
        };
        let edge_supply_url = faults
            .as_ref()
            .map_or(supply_url.clone(), |f| f.url.clone());
        let var = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let mut edge_vars = vec![
            var("SUPPLY_URL", &edge_supply_url),
            var("PUBLIC_URL", &edge_url),
            // Local retries of the supplier hand-off start after 2 s, not 10 s.
            var("RETRY_BASE_SECS", "2"),
        ];
        if let Some(s) = &standin {
            edge_vars.extend(s.edge_vars.iter().cloned());
        }
        if faults.is_some() {
            edge_vars.push(var("SUPPLY_BREAKER_COOLDOWN_SECS", "2"));
        }
        let mut rt = Runtime {
            edge_url: edge_url.clone(),
            supply_url: supply_url.clone(),
            demo_url,
            children: Vec::new(),
            logs: Vec::new(),
            test_env: standin
                .as_ref()
                .map(|s| s.test_env.clone())
                .unwrap_or_default()
                .into_iter()
                .chain(
                    faults
                        .as_ref()
                        .map(|f| ("POCKETSHOP_FAULT_URL".to_owned(), f.url.clone())),
                )
                .collect(),
            edge_state: edge_state.clone(),
            served: None,
        };
        if opts.test_shops {
            // Tests serve both Workers from workerd directly. `wrangler dev` puts a
            // proxy Worker in front of each, and under a race of simultaneous requests
            // that proxy has been seen to lose some: a POST whose forwarding failed is
            // answered 503 "Your worker restarted mid-request" (it says so for any
            // failed forward, restart or not), and a retried one "Cannot reconstruct a
            // Request with a used body". A shopper in production meets neither, so a
            // test must not either. The static assets stay in front of the edge, as in
            // production, since the browser tests load the widget from them.
            let workers = [
                Worker::supplier(opts.supply_port, &supply_state, &edge_url, &supply_url),
                Worker::edge(opts.edge_port, &edge_state, edge_vars, true),
            ];
            rt.served = Some(Workerd::start(&opts.log_dir.join("workerd"), &workers)?);
        } else {
            rt.spawn(
                "supply",
                opts,
                "supply/wrangler.toml",
                opts.supply_port,
                &supply_state,
                &[
                    format!("EDGE_WEBHOOK_URL:{edge_url}/v1/hooks/supply"),
                    format!("PUBLIC_URL:{supply_url}"),
                ],
            )?;
            let edge_vars: Vec<String> =
                edge_vars.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            rt.spawn(
                "edge",
                opts,
                "wrangler.toml",
                opts.edge_port,
                &edge_state,
                &edge_vars,
            )?;
        }
        rt.wait_ready(&supply_url)?;
        rt.wait_ready(&edge_url)?;
        Ok(rt)
    }

    fn spawn(
        &mut self,
        name: &str,
        opts: &Options,
        config: &str,
        port: u16,
        state: &Path,
        vars: &[String],
    ) -> Result<()> {
        let log = opts.log_dir.join(format!("{name}.log"));
        let out =
            std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let mut cmd = wrangler();
        cmd.args([
            "dev",
            "-c",
            config,
            "--ip",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .args(["--inspector-port", &free_port()?.to_string()])
        .args(["--show-interactive-dev-session=false", "--persist-to"])
        .arg(state);
        for v in vars {
            cmd.args(["--var", v]);
        }
        cmd.stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out);
        let child = cmd
            .spawn()
            .with_context(|| format!("starting wrangler dev for the {name}"))?;
        self.children.push(child);
        self.logs.push(log);
        Ok(())
    }

    fn wait_ready(&mut self, base: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(180);
        let addr = base.trim_start_matches("http://").to_owned();
        while Instant::now() < deadline {
            for child in &mut self.children {
                if let Some(status) = child.try_wait()? {
                    self.show_logs();
                    bail!("a Worker exited while starting ({status})");
                }
            }
            if let Some(served) = &mut self.served {
                served.check_alive()?;
            }
            if health(&addr) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        self.show_logs();
        bail!("{base} did not answer within 180 s")
    }

    /// Prints the tail of each Worker's log.
    pub fn show_logs(&self) {
        if let Some(served) = &self.served {
            served.show_log();
        }
        for log in &self.logs {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            eprintln!("--- last lines of {} ---", log.display());
            for line in &lines[lines.len().saturating_sub(40)..] {
                eprintln!("{line}");
            }
        }
    }

    /// Waits until a child exits (the user pressed Ctrl-C, or a Worker died).
    fn wait_any(&mut self) -> Result<()> {
        loop {
            for child in &mut self.children {
                if let Some(status) = child.try_wait()? {
                    bail!("a Worker exited ({status}); logs are in target/pocketshop/");
                }
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

/// Sends `signal` to a child (wrangler, which passes SIGTERM and SIGINT on to the
/// workerd it started; SIGKILL it cannot, so that is only the last resort).
fn signal(child: &Child, signal: &str) {
    let _ = Command::new("kill")
        .args(["-s", signal, "--", &child.id().to_string()])
        .stderr(Stdio::null())
        .status();
}

impl Drop for Runtime {
    fn drop(&mut self) {
        for child in &self.children {
            signal(child, "TERM");
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        for child in &mut self.children {
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(100));
            }
            if matches!(child.try_wait(), Ok(None)) {
                signal(child, "KILL");
                // Reap without blocking for ever.
                for _ in 0..50 {
                    if !matches!(child.try_wait(), Ok(None)) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }
}

/// `cargo xtask dev`: runs until interrupted.
pub fn dev(port: u16) -> Result<()> {
    let opts = Options::dev(port);
    let mut rt = Runtime::start(&opts)?;
    println!();
    println!("Pocketshop is running:");
    println!(
        "  demo pages      {}/  (the widget embedded cross-origin)",
        rt.demo_url
    );
    for (page, what) in crate::demo::PAGES {
        println!("    {}/{page:<16} {what}", rt.demo_url);
    }
    println!(
        "  embed snippet   <script type=\"module\" src=\"{}/embed.js\"></script>",
        rt.edge_url
    );
    println!(
        "  owner console   {}/console/  (sign up, create a shop, copy its snippet)",
        rt.edge_url
    );
    println!("  edge API        {}/v1/shops/demo", rt.edge_url);
    println!("  products        {}/v1/shops/demo/products", rt.edge_url);
    println!(
        "  supplier        {} (signed Supply API; /sim/orders/{{id}}/ship to simulate shipping)",
        rt.supply_url
    );
    println!("  logs            {}", opts.log_dir.display());
    println!("Press Ctrl-C to stop.");
    rt.wait_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_below_the_ephemeral_range_and_never_handed_out_twice() {
        let ports: Vec<u16> = (0..50).map(|_| free_port().expect("a free port")).collect();
        let distinct: std::collections::BTreeSet<&u16> = ports.iter().collect();
        assert_eq!(distinct.len(), ports.len());
        let ephemeral_from = ephemeral_start();
        if ephemeral_from > FROM + 1000 {
            assert!(
                ports.iter().all(|&p| (FROM..ephemeral_from).contains(&p)),
                "{ports:?}"
            );
        }
        // Each one is still free to bind.
        for port in ports {
            TcpListener::bind(("127.0.0.1", port)).expect("still free");
        }
    }
}
