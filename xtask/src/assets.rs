//! What the widget's and the console's builds share: building a crate into an
//! optimised WASM module with its JS glue, minifying CSS and JS, and naming a file
//! by its content.
//!
//! Invariants: the WASM is built in release and shrunk with `wasm-opt -Oz`, without
//! name or producer sections; a hashed name changes exactly when its content does,
//! so hashed files can be cached for ever.

use crate::setup::Tools;
use crate::{root, run_cmd};
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Cargo target directory this run builds into.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// `stem-<first 10 hex digits of SHA-256>.ext`.
pub fn hashed(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("{stem}-{}.{ext}", &hex::encode(digest)[..10])
}

/// Strips `/* … */` comments and runs of whitespace from CSS: the stylesheet keeps
/// its comments in the source, the shopper does not download them.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    let mut compact = String::with_capacity(out.len());
    let mut space = false;
    for ch in out.chars() {
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space && !compact.is_empty() {
            // A space before `:` stays: `.a :hover` and `.a:hover` differ.
            let last = compact.chars().last().unwrap_or(' ');
            if !"{};:,>".contains(last) && !"{};,>".contains(ch) {
                compact.push(' ');
            }
        }
        space = false;
        compact.push(ch);
    }
    compact
}

/// Minifies JS with esbuild (npm, installed with wrangler's lockfile): the loader,
/// which host pages pay for before anything else, and each module's glue, which is
/// fetched before its module can start (minified, it is half the size). ES2021
/// is left as written (`??=` among it): every browser that can run the WASM runs
/// it, as each engine had ES2021 no later than the WASM's `externref`.
pub fn minify_js(tools: &Tools, js: &str) -> Result<String> {
    use std::io::Write;
    let mut child = Command::new(&tools.esbuild)
        .args([
            "--minify",
            "--format=esm",
            "--target=es2021",
            "--charset=utf8",
            "--log-level=warning",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {}", tools.esbuild.display()))?;
    child
        .stdin
        .take()
        .context("esbuild's stdin")?
        .write_all(js.as_bytes())
        .context("writing JS to esbuild")?;
    let out = child.wait_with_output().context("waiting for esbuild")?;
    if !out.status.success() {
        anyhow::bail!("esbuild could not minify the JS");
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// Builds `package` for wasm32 in release, runs wasm-bindgen (`--target web`) and
/// wasm-opt `-Oz` on it, and returns its JS glue and optimised WASM, named `out_name`.
pub fn wasm_module(tools: &Tools, package: &str, out_name: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    run_cmd(Command::new("cargo").args([
        "build",
        "-p",
        package,
        "--target",
        "wasm32-unknown-unknown",
        "--release",
    ]))?;
    let raw = target_dir().join(format!(
        "wasm32-unknown-unknown/release/{}.wasm",
        package.replace('-', "_")
    ));
    let work = target_dir().join(format!("{package}-bindgen"));
    if work.exists() {
        std::fs::remove_dir_all(&work).with_context(|| format!("clearing {}", work.display()))?;
    }
    run_cmd(
        Command::new(&tools.wasm_bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
                "--out-name",
                out_name,
                "--out-dir",
            ])
            .arg(&work)
            .arg(&raw),
    )?;
    let opt = work.join(format!("{out_name}_opt.wasm"));
    run_cmd(
        Command::new(&tools.wasm_opt)
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(work.join(format!("{out_name}_bg.wasm")))
            .arg("-o")
            .arg(&opt),
    )?;
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("reading {}", p.display()));
    Ok((read(&work.join(format!("{out_name}.js")))?, read(&opt)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_loses_comments_and_spare_whitespace_but_keeps_its_meaning() {
        let css = "/* tokens */\n:host {\n  --a: 1px;\n  font: 14px \"PingFang SC\";\n}\n.a  .b { color : red }\n.x :focus{}";
        assert_eq!(
            minify_css(css),
            ":host{--a:1px;font:14px \"PingFang SC\";}.a .b{color :red}.x :focus{}"
        );
    }

    #[test]
    fn a_hashed_name_changes_with_its_content() {
        assert_ne!(hashed("app", "js", b"a"), hashed("app", "js", b"b"));
        assert_eq!(hashed("app", "js", b"a"), hashed("app", "js", b"a"));
    }
}
