//! Puts on the machine what the build needs, skipping what is already there: the
//! wasm target, `wasm-bindgen` at exactly the version pinned in Cargo.toml,
//! `worker-build`, the npm packages of the committed lockfile, and local secrets.
//!
//! Tools are installed under `$POCKETSHOP_TOOLS` (default `~/.cache/pocketshop/tools`),
//! outside the checkout, so CI and later runs reuse them.

use crate::{root, run_cmd};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `worker-build` version, matched to the `worker` crate's minor version.
const WORKER_BUILD_VERSION: &str = "0.8.7";

/// The `cargo-deny` version `cargo xtask test` checks the dependency graph with.
const CARGO_DENY_VERSION: &str = "0.20.2";

/// Where the installed tools are.
pub struct Tools {
    /// The `wasm-bindgen` CLI.
    pub wasm_bindgen: PathBuf,
    /// `worker-build`.
    pub worker_build: PathBuf,
    /// `wasm-opt` from the npm `binaryen` package.
    pub wasm_opt: PathBuf,
    /// `esbuild`, which wrangler installs from npm, to minify the loader.
    pub esbuild: PathBuf,
}

/// Sets everything up.
pub fn all() -> Result<Tools> {
    wasm_target()?;
    let dir = tools_dir();
    let bindgen_version = pinned_wasm_bindgen()?;
    let wasm_bindgen = cargo_tool(&dir, "wasm-bindgen-cli", "wasm-bindgen", &bindgen_version)?;
    let worker_build = cargo_tool(&dir, "worker-build", "worker-build", WORKER_BUILD_VERSION)?;
    npm()?;
    dev_vars()?;
    Ok(Tools {
        wasm_bindgen,
        worker_build,
        wasm_opt: root().join("node_modules/binaryen/bin/wasm-opt"),
        esbuild: root().join("node_modules/.bin/esbuild"),
    })
}

/// `cargo-deny`, for the tests only (the dev loop does not need it).
pub fn cargo_deny() -> Result<PathBuf> {
    cargo_tool(&tools_dir(), "cargo-deny", "cargo-deny", CARGO_DENY_VERSION)
}

fn tools_dir() -> PathBuf {
    std::env::var_os("POCKETSHOP_TOOLS").map_or_else(
        || {
            let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
            home.join(".cache/pocketshop/tools")
        },
        PathBuf::from,
    )
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn wasm_target() -> Result<()> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The version in `wasm-bindgen = "=X"` of the root Cargo.toml.
fn pinned_wasm_bindgen() -> Result<String> {
    let manifest =
        std::fs::read_to_string(root().join("Cargo.toml")).context("reading Cargo.toml")?;
    manifest
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("wasm-bindgen = \"=")?
                .strip_suffix('"')
                .map(str::to_owned)
        })
        .context("Cargo.toml must pin wasm-bindgen with `wasm-bindgen = \"=X.Y.Z\"`")
}

fn cargo_tool(dir: &Path, krate: &str, bin: &str, version: &str) -> Result<PathBuf> {
    let path = dir.join("bin").join(bin);
    let current = output(Command::new(&path).arg("--version")).unwrap_or_default();
    if current
        .split_whitespace()
        .any(|w| w.trim_start_matches('v') == version)
    {
        return Ok(path);
    }
    println!("xtask: installing {krate} {version} into {}", dir.display());
    // A target dir of its own: the workspace's may hold the wasm builds' lock.
    run_cmd(
        Command::new("cargo")
            .args(["install", "--locked", "--force", "--root"])
            .arg(dir)
            .args([krate, "--version", version])
            .env("CARGO_TARGET_DIR", dir.join("build")),
    )?;
    Ok(path)
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn npm() -> Result<()> {
    let lock = root().join("package-lock.json");
    let installed = root().join("node_modules/.package-lock.json");
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(i), Some(l)) => {
            i >= l
                && root().join("node_modules/.bin/wrangler").exists()
                && root()
                    .join("node_modules/playwright-core/package.json")
                    .exists()
        }
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        bail!("npm is not installed: install Node.js 20 or newer (it ships npm) and run again");
    }
    run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// Debian's Chromium (and CJK fonts, so Chinese text renders in screenshots) for the
/// browser tests, and openssl for the test runtime's provider keys, installed with apt
/// when missing. Browser test tools' own browser downloads are not used: they fetch
/// from outside the package registries.
pub fn chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("POCKETSHOP_CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    let path = PathBuf::from("/usr/bin/chromium");
    let fonts = Path::new("/usr/share/fonts/opentype/noto").exists();
    // The test runtime makes its payment providers' key pairs with openssl.
    let openssl = output(Command::new("openssl").arg("version")).is_some();
    if path.exists() && fonts && openssl {
        return Ok(path);
    }
    println!("xtask: installing Debian's chromium, CJK fonts and openssl for the tests");
    apt_install(&["chromium", "fonts-noto-cjk", "openssl"])
        .context("the tests need Debian's chromium and openssl: install them with apt-get")?;
    if !path.exists() {
        bail!("apt installed chromium, but {} is missing", path.display());
    }
    Ok(path)
}

/// Debian's `wrk` for the load run, installed with apt when missing
/// (`POCKETSHOP_WRK` names another build).
pub fn wrk() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("POCKETSHOP_WRK") {
        return Ok(PathBuf::from(path));
    }
    let path = PathBuf::from("/usr/bin/wrk");
    if path.exists() {
        return Ok(path);
    }
    println!("xtask: installing Debian's wrk for the load run");
    apt_install(&["wrk"]).context("the load run needs Debian's wrk: install it with apt-get")?;
    if !path.exists() {
        bail!("apt installed wrk, but {} is missing", path.display());
    }
    Ok(path)
}

/// Installs Debian `packages` with apt-get (through sudo unless root).
fn apt_install(packages: &[&str]) -> Result<()> {
    let root_user = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root_user {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_cmd(&mut apt(&["update", "-q"]))?;
    run_cmd(apt(&["install", "-y", "-q", "--no-install-recommends"]).args(packages))
}

/// 32 random bytes as hex, from the kernel.
fn secret() -> Result<String> {
    use std::io::Read;
    let mut buf = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .context("reading /dev/urandom")?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Makes sure each `.dev.vars` has every local setting and secret, adding the
/// missing ones (fresh random secrets) and keeping those already there, so a
/// checkout set up before a new secret existed gets it too. The edge and the
/// supplier share the signing pair so they can sign for each other.
fn dev_vars() -> Result<()> {
    let edge = root().join(".dev.vars");
    let supply = root().join("supply/.dev.vars");
    let read = |path: &std::path::Path| std::fs::read_to_string(path).unwrap_or_default();
    let value = |text: &str, key: &str| {
        text.lines()
            .filter_map(|l| l.split_once('='))
            .find(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.trim().to_owned())
    };
    let (edge_text, supply_text) = (read(&edge), read(&supply));
    // The shared pair comes from whichever side has it already.
    let signing =
        match value(&edge_text, "SUPPLY_SECRET").or_else(|| value(&supply_text, "EDGE_SECRET")) {
            Some(s) => s,
            None => secret()?,
        };
    let webhook = match value(&edge_text, "WEBHOOK_SECRET")
        .or_else(|| value(&supply_text, "WEBHOOK_SECRET"))
    {
        Some(s) => s,
        None => secret()?,
    };
    let edge_wanted = [
        ("SUPPLY_SECRET", signing.clone()),
        ("WEBHOOK_SECRET", webhook.clone()),
        ("ORDER_TOKEN_SECRET", secret()?),
        ("ENVIRONMENT", "development".to_owned()),
        ("PAYMENT_SANDBOX", "on".to_owned()),
        ("SANDBOX_SECRET", secret()?),
    ];
    // The supplier's `/sim` routes are a development setting: never in
    // `supply/wrangler.toml`, which a deployment takes as it is.
    let supply_wanted = [
        ("EDGE_SECRET", signing),
        ("WEBHOOK_SECRET", webhook),
        ("SIMULATION", "on".to_owned()),
    ];
    complete(&edge, &edge_text, "the edge", &edge_wanted)?;
    complete(
        &supply,
        &supply_text,
        "the reference supplier",
        &supply_wanted,
    )?;
    Ok(())
}

/// Appends to `path` each `(key, value)` its `text` lacks.
fn complete(
    path: &std::path::Path,
    text: &str,
    whose: &str,
    wanted: &[(&str, String)],
) -> Result<()> {
    let has = |key: &str| {
        text.lines()
            .filter_map(|l| l.split_once('='))
            .any(|(k, _)| k.trim() == key)
    };
    let mut out = if text.is_empty() {
        format!("# Local settings and secrets of {whose}, made by `cargo xtask`; never commit.\n")
    } else {
        text.to_owned()
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let before = out.len();
    for (key, value) in wanted {
        if !has(key) {
            out.push_str(&format!("{key}={value}\n"));
        }
    }
    if out.len() != before || text.is_empty() {
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
