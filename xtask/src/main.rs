//! `cargo xtask`: sets a machine up, builds the Workers, runs Pocketshop locally and
//! runs every test. The README's two commands are `cargo xtask dev` and
//! `cargo xtask test`; both work on a bare machine with Rust and Node.js.

mod build;
mod runtime;
mod seed;
mod setup;

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

  dev [--port N]   set up, build, and run the edge (port N, default 8787) and the
                   reference supplier (port N+1) with D1 migrated and seeded
  test             set up, build, and run every test (unit, property, API integration)
  build            set up and build both Workers
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
            build::workers(&tools)?;
            runtime::dev(port)
        }
        Some("test") => {
            let tools = setup::all()?;
            build::workers(&tools)?;
            test()
        }
        Some("build") => build::workers(&setup::all()?),
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

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// Runs a command in the repository, failing with its name when it fails.
pub fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
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

/// Every test: formatting, lints (native and wasm), unit and property tests, then the
/// API integration tests against a fresh runtime.
fn test() -> Result<()> {
    let started = std::time::Instant::now();
    run_cmd(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    run_cmd(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run_cmd(Command::new("cargo").args([
        "clippy",
        "-p",
        "pocketshop-edge",
        "-p",
        "pocketshop-supply",
        "-p",
        "pocketshop-shared",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    run_cmd(Command::new("cargo").args(["test", "--workspace", "--exclude", "pocketshop-tests"]))?;
    let rt = runtime::Runtime::start(&runtime::Options::ephemeral()?)?;
    let result = run_cmd(
        Command::new("cargo")
            .args(["test", "-p", "pocketshop-tests"])
            .env("POCKETSHOP_EDGE_URL", &rt.edge_url)
            .env("POCKETSHOP_SUPPLY_URL", &rt.supply_url)
            .env("POCKETSHOP_ROOT", root()),
    );
    if result.is_err() {
        rt.show_logs();
    }
    drop(rt);
    result?;
    println!(
        "xtask test: all passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
