//! Builds the widget's release assets into `app/dist/`, which the edge serves:
//! `embed.js` (the loader, not hashed: host pages link it by name) and, under `w/`,
//! the content-hashed CSS and two WASM modules with their minified JS glue: the
//! first-view layer (`quick/`) and the widget (`app/`).
//!
//! Invariants: the WASM is built in release (opt-level z, LTO) and shrunk with
//! `wasm-opt -Oz`, without name or producer sections; each glue names its WASM by
//! its hashed name, so the loader only names the glue; a hashed name changes exactly
//! when its content does, so `w/` files can be cached for ever; old hashed files are
//! removed, so `app/dist/` holds one consistent set.

use crate::assets::{hashed, minify_css, minify_js, wasm_module};
use crate::root;
use crate::setup::Tools;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The built assets.
pub struct Assets {
    /// `app/dist/embed.js`.
    pub embed: PathBuf,
    /// The JS glue.
    pub glue: PathBuf,
    /// The WASM.
    pub wasm: PathBuf,
    /// The stylesheet.
    pub css: PathBuf,
    /// The first-view layer's JS glue.
    pub quick_glue: PathBuf,
    /// The first-view layer's WASM.
    pub quick_wasm: PathBuf,
}

/// Names a module's WASM by its hash and points its glue's default path at that
/// name (the two sit side by side under `w/`): `(glue name, glue, WASM name)`. The
/// glue may be minified already, so its quotes are left as they are.
pub fn hash_module(stem: &str, glue: &[u8], wasm: &[u8]) -> Result<(String, Vec<u8>, String)> {
    let wasm_name = hashed(stem, "wasm", wasm);
    let default = format!("{stem}_bg.wasm");
    let glue = String::from_utf8(glue.to_vec()).context("the glue is not UTF-8")?;
    if glue.matches(&default).count() != 1 {
        anyhow::bail!("{stem}'s glue no longer names its WASM as {default} once");
    }
    let glue = glue.replace(&default, &wasm_name).into_bytes();
    Ok((hashed(stem, "js", &glue), glue, wasm_name))
}

/// Builds `app/dist/`.
pub fn build(tools: &Tools) -> Result<Assets> {
    println!("xtask: building the widget");
    let (quick_glue, quick_wasm) = wasm_module(tools, "pocketshop-quick", "quick")?;
    let (glue, wasm) = wasm_module(tools, "pocketshop-app", "app")?;
    let minify = |glue: Vec<u8>| -> Result<Vec<u8>> {
        Ok(minify_js(
            tools,
            &String::from_utf8(glue).context("the glue is not UTF-8")?,
        )?
        .into_bytes())
    };
    let (quick_glue_name, quick_glue, quick_wasm_name) =
        hash_module("quick", &minify(quick_glue)?, &quick_wasm)?;
    let (glue_name, glue, wasm_name) = hash_module("app", &minify(glue)?, &wasm)?;
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("reading {}", p.display()));
    let mut css = String::from_utf8(read(&root().join("style/tokens.css"))?)?;
    css.push('\n');
    css.push_str(&String::from_utf8(read(&root().join("style/widget.css"))?)?);
    let css = minify_css(&css).into_bytes();

    let dist = root().join("app/dist");
    let w = dist.join("w");
    if w.exists() {
        std::fs::remove_dir_all(&w).context("clearing app/dist/w")?;
    }
    std::fs::create_dir_all(&w).context("creating app/dist/w")?;
    let names = [
        glue_name,
        wasm_name,
        hashed("widget", "css", &css),
        quick_glue_name,
        quick_wasm_name,
    ];
    for (name, bytes) in names
        .iter()
        .zip([&glue, &wasm, &css, &quick_glue, &quick_wasm])
    {
        std::fs::write(w.join(name), bytes).with_context(|| format!("writing {name}"))?;
    }
    let template = String::from_utf8(read(&root().join("app/embed.js"))?)?;
    let embed = minify_js(tools, &template)?
        .replace("__PS_GLUE__", &format!("w/{}", names[0]))
        .replace("__PS_CSS__", &format!("w/{}", names[2]))
        .replace("__PS_QUICK__", &format!("w/{}", names[3]));
    if embed.contains("__PS_") {
        anyhow::bail!("embed.js names an asset the build does not make");
    }
    std::fs::write(dist.join("embed.js"), embed).context("writing embed.js")?;
    // Host pages are other origins: module scripts, WASM and CSS fetched across
    // origins need CORS. Hashed files never change; the loader's name does not, so
    // it is cached briefly and a release reaches pages within minutes. The console's
    // rules (`/console/…`) come from the module that builds it.
    let headers = format!(
        "/embed.js\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=300\n\
         /w/*\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=31536000, immutable\n{}",
        crate::console::HEADERS
    );
    std::fs::write(dist.join("_headers"), headers).context("writing _headers")?;
    Ok(Assets {
        embed: dist.join("embed.js"),
        glue: w.join(&names[0]),
        wasm: w.join(&names[1]),
        css: w.join(&names[2]),
        quick_glue: w.join(&names[3]),
        quick_wasm: w.join(&names[4]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_s_glue_names_its_hashed_wasm() {
        let glue = b"x = new URL('quick_bg.wasm', import.meta.url);";
        let (name, glue, wasm) = hash_module("quick", glue, b"\0asm").expect("hashes");
        assert!(
            wasm.starts_with("quick-") && wasm.ends_with(".wasm"),
            "{wasm}"
        );
        let text = String::from_utf8(glue.clone()).expect("utf8");
        assert_eq!(text, format!("x = new URL('{wasm}', import.meta.url);"));
        assert_eq!(name, hashed("quick", "js", &glue));
        assert!(hash_module("quick", b"no default path", b"").is_err());
    }
}
