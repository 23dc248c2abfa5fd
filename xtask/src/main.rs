//! `cargo xtask`: sets a machine up, builds the Workers, runs Pocketshop locally and
//! runs every test. The README's two commands are `cargo xtask dev` and
//! `cargo xtask test`; both work on a bare machine with Rust and Node.js.

mod assets;
mod bench;
mod browser;
mod build;
mod console;
mod demo;
mod docs;
mod faults;
mod layers;
mod load;
mod runtime;
mod secrets;
mod seed;
mod setup;
mod size;
mod standin;
mod widget;
mod workerd;

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

  dev [--port N]   set up, build, and run the edge (port N, default 8787), the
                   reference supplier (port N+1) with D1 migrated and seeded, and the
                   demo host pages with the widget embedded (port N+3, default 8790)
  test             set up, build, and run every test (unit, property, API
                   integration, browser end to end)
  test-api [ARGS]  build the Workers, start a fresh runtime and run only the API
                   integration tests (ARGS go to the test binary: a name filter,
                   `--test FILE` picks one file)
  load [--duration D]
                   build, serve the edge and the reference supplier straight from
                   workerd (no `wrangler dev`) and drive catalogue reads and checkouts
                   with wrk for D (default 120s; `30s`, `2m`), then check every order
                   is in the edge's D1 and at the supplier exactly once
  build            set up and build the widget, the console and both Workers
  size             build the widget in release and print its assets' raw, gzip and
                   brotli sizes and their first-view total
  bench [--runs N] [--seconds S] [--edge-only]
                   build in release and print one JSON object: widget and edge sizes,
                   the first view in headless Chromium over N cold loads (default 20,
                   also with the CPU throttled 4x), and the edge's requests per second
                   in workerd for S seconds per kind (default 10) against a trivial
                   JSON Worker beside it
  docs             check that every relative link in README.md and docs/*.md
                   exists and every `cargo xtask` command they name is one of these
  layers           check every crate's module tree for sibling modules importing
                   each other round a circle, and the edge's modules for imports
                   against its layers (names each file, line and import)
  setup            install what the build needs (wasm target, wasm-bindgen, worker-build, npm)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("dev") => {
            let port = parse_port(&args[1..])?;
            let tools = setup::all()?;
            widget::build(&tools)?;
            console::build(&tools)?;
            build::workers(&tools)?;
            runtime::dev(port)
        }
        Some("test") => {
            let tools = setup::all()?;
            widget::build(&tools)?;
            console::build(&tools)?;
            build::workers(&tools)?;
            test()
        }
        Some("test-api") => {
            let tools = setup::all()?;
            widget::build(&tools)?;
            console::build(&tools)?;
            build::workers(&tools)?;
            test_api(&args[1..])
        }
        Some("load") => {
            let duration = match &args[1..] {
                [] => load::TEST_DURATION,
                [flag, value] if flag == "--duration" => load::parse_duration(value)?,
                _ => bail!("{USAGE}"),
            };
            let tools = setup::all()?;
            widget::build(&tools)?;
            console::build(&tools)?;
            build::workers(&tools)?;
            load::run(duration)
        }
        Some("build") => {
            let tools = setup::all()?;
            widget::build(&tools)?;
            console::build(&tools)?;
            build::workers(&tools)
        }
        Some("size") => {
            let tools = setup::all()?;
            let assets = widget::build(&tools)?;
            size::report(&assets)
        }
        Some("bench") => {
            let opts = bench::Options::parse(&args[1..])?;
            let tools = setup::all()?;
            let assets = widget::build(&tools)?;
            console::build(&tools)?;
            build::workers(&tools)?;
            bench::run(&assets, &opts).map(|_| ())
        }
        Some("docs") => docs::check(&root(), USAGE),
        Some("layers") => layers::check(&root()),
        Some("setup") => setup::all().map(|_| ()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("{USAGE}"),
    }
}

fn parse_port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(8787),
        [flag, value] if flag == "--port" => value
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0 && *p < u16::MAX)
            .with_context(|| format!("--port takes a port number, not {value:?}")),
        _ => bail!("{USAGE}"),
    }
}

/// The repository's root. `cargo run` says where xtask's manifest is at run time;
/// the path compiled in is only a fallback, since one target directory shared by
/// several clones may hold a binary built from another of them.
pub fn root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// Runs a command in the repository, failing with its name when it fails.
/// A command as a person would type it: its program and arguments, never its
/// environment (the test runtime passes secrets made for the run that way).
fn shown(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = shown(cmd);
    let status = cmd
        .current_dir_if_unset()
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

trait CurrentDir {
    fn current_dir_if_unset(&mut self) -> &mut Self;
}

impl CurrentDir for Command {
    fn current_dir_if_unset(&mut self) -> &mut Self {
        if self.get_current_dir().is_none() {
            self.current_dir(root());
        }
        self
    }
}

/// Passed and failed tests, summed over `cargo test` runs and the browser tests.
#[derive(Default)]
struct Counts {
    passed: u64,
    failed: u64,
    /// What failed, by name, repeated at the very end of the run so a long log's
    /// last lines say what to look for.
    failures: Vec<String>,
}

impl Counts {
    /// Adds the counts of a `test result: ok. N passed; M failed; …` line, and
    /// remembers the name of a `test NAME ... FAILED` line.
    fn add_line(&mut self, line: &str) {
        if let Some(name) = line
            .trim()
            .strip_prefix("test ")
            .and_then(|l| l.strip_suffix(" ... FAILED"))
        {
            self.failures.push(name.to_owned());
        }
        let Some(summary) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        for part in summary.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let n: u64 = n.parse().unwrap_or(0);
            match label {
                "passed" => self.passed += n,
                "failed" => self.failed += n,
                _ => {}
            }
        }
    }
}

/// Runs `cargo test` with `cmd`'s arguments, echoing its report and counting tests.
fn cargo_test(cmd: &mut Command, counts: &mut Counts) -> Result<()> {
    use std::io::BufRead;
    let shown = shown(cmd);
    let mut child = cmd
        .current_dir_if_unset()
        .stdout(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {shown}"))?;
    if let Some(out) = child.stdout.take() {
        for line in std::io::BufReader::new(out).lines() {
            let line = line.context("reading test output")?;
            println!("{line}");
            counts.add_line(&line);
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// The API integration tests alone against a fresh runtime: `--test FILE` (one test
/// file) and any further arguments (a name filter) narrow them.
fn test_api(args: &[String]) -> Result<()> {
    let mut counts = Counts::default();
    let rt = runtime::Runtime::start(&runtime::Options::ephemeral()?)?;
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "-p", "pocketshop-tests", "--no-fail-fast"]);
    let (files, filters): (Vec<&String>, Vec<&String>) = {
        let mut files = Vec::new();
        let mut filters = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "--test" {
                files.extend(it.next());
            } else {
                filters.push(a);
            }
        }
        (files, filters)
    };
    for f in files {
        cmd.args(["--test", f]);
    }
    cmd.arg("--").arg("--show-output").args(filters);
    let result = cargo_test(
        cmd.env("POCKETSHOP_EDGE_URL", &rt.edge_url)
            .env("POCKETSHOP_SUPPLY_URL", &rt.supply_url)
            .env("POCKETSHOP_ROOT", root())
            .env("POCKETSHOP_EDGE_STATE", &rt.edge_state)
            .envs(rt.test_env.iter().map(|(k, v)| (k, v))),
        &mut counts,
    );
    if result.is_err() {
        rt.show_logs();
    }
    println!("tests: {} passed, {} failed", counts.passed, counts.failed);
    result
}

/// Every test: no secret in tracked files, formatting, the module graph (`layers`),
/// lints (native and wasm), unit and property tests, then the API integration tests
/// and the browser end-to-end tests against a fresh runtime. Ends with one line
/// counting every test run.
fn test() -> Result<()> {
    let started = std::time::Instant::now();
    let mut counts = Counts::default();
    secrets::check(&root())?;
    run_cmd(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    docs::check(&root(), USAGE)?;
    layers::check(&root())?;
    run_cmd(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The dependency graph against `deny.toml`: licenses, banned crates, sources.
    // (Its advisories check needs the RustSec database from GitHub, which these
    // machines cannot reach.) After clippy, so every crate is already downloaded.
    run_cmd(
        Command::new(setup::cargo_deny()?)
            .args(["--offline", "check", "licenses", "bans", "sources"])
            .current_dir(root()),
    )?;
    run_cmd(Command::new("cargo").args([
        "clippy",
        "-p",
        "pocketshop-edge",
        "-p",
        "pocketshop-supply",
        "-p",
        "pocketshop-shared",
        "-p",
        "pocketshop-app",
        "-p",
        "pocketshop-quick",
        "-p",
        "pocketshop-console",
        "-p",
        "pocketshop-client",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    let unit = cargo_test(
        Command::new("cargo").args(["test", "--workspace", "--exclude", "pocketshop-tests"]),
        &mut counts,
    );
    let unit_passed = unit.is_ok();
    let integration = unit.and_then(|()| {
        let chromium = setup::chromium()?;
        let rt = runtime::Runtime::start(&runtime::Options::ephemeral()?)?;
        // The size budget first, on one cold load of the untouched demo pages.
        let budget = bench::check_budget(&chromium, &rt.edge_url, &rt.demo_url);
        match &budget {
            Ok(()) => counts.passed += 1,
            Err(e) => {
                counts.failed += 1;
                counts.failures.push(format!("the size budget: {e:#}"));
            }
        }
        let api = cargo_test(
            Command::new("cargo")
                // `--show-output`: the few tests that print a measured figure show it.
                .args([
                    "test",
                    "-p",
                    "pocketshop-tests",
                    "--no-fail-fast",
                    "--",
                    "--show-output",
                ])
                .env("POCKETSHOP_EDGE_URL", &rt.edge_url)
                .env("POCKETSHOP_SUPPLY_URL", &rt.supply_url)
                .env("POCKETSHOP_ROOT", root())
                .env("POCKETSHOP_EDGE_STATE", &rt.edge_state)
                .envs(rt.test_env.iter().map(|(k, v)| (k, v))),
            &mut counts,
        );
        // The browser tests run even when an API test failed: both reports help.
        let browser = browser::run(
            &chromium,
            &rt.edge_url,
            &rt.supply_url,
            &rt.demo_url,
            &mut counts,
        );
        let result = api.and(browser).and(budget);
        if result.is_err() {
            rt.show_logs();
        }
        result
    });
    // The bounded load run, one test, after the runtime above has stopped (it serves
    // the edge straight from workerd); it runs even when an API test failed.
    let load = if unit_passed {
        let load = load::run(load::TEST_DURATION);
        match &load {
            Ok(()) => counts.passed += 1,
            Err(e) => {
                counts.failed += 1;
                eprintln!("xtask: the load run failed: {e:#}");
                counts.failures.push(format!("the load run: {e:#}"));
            }
        }
        load
    } else {
        Ok(())
    };
    let integration = integration.and(load);
    println!(
        "xtask test: finished in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    for failure in &counts.failures {
        println!("failed: {failure}");
    }
    println!("tests: {} passed, {} failed", counts.passed, counts.failed);
    integration
}

#[cfg(test)]
mod tests {
    use super::Counts;

    #[test]
    fn test_summaries_are_summed() {
        let mut c = Counts::default();
        c.add_line("test result: ok. 59 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.2s");
        c.add_line("test result: FAILED. 6 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 2s");
        c.add_line("running 7 tests");
        assert_eq!((c.passed, c.failed), (65, 1));
        c.add_line("test races::the_last_unit_is_sold_once ... FAILED");
        c.add_line("test races::another ... ok");
        assert_eq!(c.failures, ["races::the_last_unit_is_sold_once"]);
    }
}
