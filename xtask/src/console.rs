//! Builds the store owners' console into `app/dist/console/`, which the edge's static
//! assets serve at `/console/` on the edge's own origin: `index.html` (not hashed:
//! owners bookmark it) and, under `a/`, the content-hashed boot script, JS glue,
//! WASM and CSS it loads.
//!
//! Invariants: the WASM is built in release and shrunk with `wasm-opt -Oz` exactly as
//! the widget's is; a hashed name changes exactly when its content does, so `a/` files
//! can be cached for ever while `index.html` is revalidated on every load; old hashed
//! files are removed, so `app/dist/console/` holds one consistent set; the page runs
//! no inline script (its CSP, in `_headers`, allows scripts from 'self' only).

use crate::assets::{hashed, minify_css, wasm_module};
use crate::root;
use crate::setup::Tools;
use anyhow::{Context, Result};
use std::path::Path;

/// The `_headers` rules of the console: a strict CSP on every console file, no
/// caching of the page itself, immutable hashed assets. Scripts and connections are
/// same-origin only; WASM compiles under 'wasm-unsafe-eval'; styles allow inline
/// ones because the live preview's `<pocket-shop>` loader puts a `<style>` in its
/// shadow root; images may come from the supplier's image host.
pub const HEADERS: &str = "/console/*\n  \
    Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' https: http: data:; \
    font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\n  \
    X-Content-Type-Options: nosniff\n  \
    Referrer-Policy: no-referrer\n\
    /console/\n  Cache-Control: no-cache\n\
    /console/index.html\n  Cache-Control: no-cache\n\
    /console/a/*\n  Cache-Control: public, max-age=31536000, immutable\n";

/// The page: the stylesheet and the boot module, nothing inline.
fn index_html(css: &str, boot: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Pocketshop console</title>\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"a/{css}\">\n\
         <script type=\"module\" src=\"a/{boot}\"></script>\n\
         </head>\n<body>\n<noscript>Pocketshop console needs JavaScript.</noscript>\n</body>\n</html>\n"
    )
}

/// The boot module: starts the glue with the hashed WASM's URL.
fn boot_js(glue: &str, wasm: &str) -> String {
    format!(
        "import init from \"./{glue}\";\n\
         init({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }});\n"
    )
}

/// Builds `app/dist/console/`.
pub fn build(tools: &Tools) -> Result<()> {
    println!("xtask: building the console");
    let (glue, wasm) = wasm_module(tools, "pocketshop-console", "console")?;
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("reading {}", p.display()));
    let css = String::from_utf8(read(&root().join("console/style/console.css"))?)?;
    let css = minify_css(&css).into_bytes();

    let dir = root().join("app/dist/console");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).context("clearing app/dist/console")?;
    }
    let assets = dir.join("a");
    std::fs::create_dir_all(&assets).context("creating app/dist/console/a")?;
    let glue_name = hashed("console", "js", &glue);
    let wasm_name = hashed("console", "wasm", &wasm);
    let css_name = hashed("console", "css", &css);
    let boot = boot_js(&glue_name, &wasm_name).into_bytes();
    let boot_name = hashed("boot", "js", &boot);
    for (name, bytes) in [
        (&glue_name, &glue),
        (&wasm_name, &wasm),
        (&css_name, &css),
        (&boot_name, &boot),
    ] {
        std::fs::write(assets.join(name), bytes).with_context(|| format!("writing {name}"))?;
    }
    std::fs::write(dir.join("index.html"), index_html(&css_name, &boot_name))
        .context("writing the console's index.html")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_only_hashed_files_and_runs_no_inline_script() {
        let html = index_html("console-1.css", "boot-2.js");
        assert!(html.contains("href=\"a/console-1.css\""));
        assert!(html.contains("<script type=\"module\" src=\"a/boot-2.js\"></script>"));
        assert_eq!(html.matches("<script").count(), 1);
    }

    #[test]
    fn the_boot_module_names_the_hashed_wasm() {
        let js = boot_js("console-a.js", "console-b.wasm");
        assert!(js.starts_with("import init from \"./console-a.js\";"));
        assert!(js.contains("new URL(\"./console-b.wasm\", import.meta.url)"));
    }

    #[test]
    fn the_console_is_served_with_a_strict_policy_and_fitting_caching() {
        assert!(HEADERS.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(HEADERS.contains("connect-src 'self';"));
        assert!(HEADERS.contains("/console/index.html\n  Cache-Control: no-cache\n"));
        assert!(HEADERS
            .contains("/console/a/*\n  Cache-Control: public, max-age=31536000, immutable\n"));
        assert!(!HEADERS.contains("'unsafe-eval'"));
    }
}
