//! `cargo xtask size`: what the widget costs a host page, file by file, raw and as
//! sent (gzip and brotli at their highest levels, as a CDN would serve them).
//!
//! Invariants: sizes are of the release artefacts in `app/dist/`, measured after
//! the same build the edge serves; the total is every asset a page can fetch: the
//! loader, the CSS, and both modules (the first-view layer and the widget). What a
//! page fetches before its first product and before the shopper can add to the
//! cart is measured in a browser by `cargo xtask bench`.

use crate::widget::Assets;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Raw, gzip and brotli sizes of one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Bytes on disk.
    pub raw: usize,
    /// gzip -9.
    pub gzip: usize,
    /// brotli, quality 11.
    pub brotli: usize,
}

/// The sizes of `bytes`.
pub fn measure(bytes: &[u8]) -> Result<Sizes> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    let gzip = gz.finish()?.len();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(Sizes {
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    })
}

/// The sizes of the file at `path`.
pub fn file(path: &Path) -> Result<Sizes> {
    measure(&std::fs::read(path).with_context(|| format!("reading {}", path.display()))?)
}

/// Prints the table.
pub fn report(assets: &Assets) -> Result<()> {
    let rows = [
        ("embed.js", file(&assets.embed)?),
        ("CSS", file(&assets.css)?),
        ("layer JS glue", file(&assets.quick_glue)?),
        ("layer WASM", file(&assets.quick_wasm)?),
        ("widget JS glue", file(&assets.glue)?),
        ("widget WASM", file(&assets.wasm)?),
    ];
    let total = rows.iter().fold(Sizes::default(), |t, (_, s)| Sizes {
        raw: t.raw + s.raw,
        gzip: t.gzip + s.gzip,
        brotli: t.brotli + s.brotli,
    });
    println!(
        "{:<18}{:>12}{:>12}{:>12}",
        "widget asset", "raw", "gzip", "brotli"
    );
    for (name, s) in rows.iter().chain([&("total", total)]) {
        println!("{name:<18}{:>12}{:>12}{:>12}", s.raw, s.gzip, s.brotli);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetitive_text_compresses_and_brotli_beats_gzip_on_it() {
        let text = "pocketshop ".repeat(1000);
        let s = measure(text.as_bytes()).expect("measures");
        assert_eq!(s.raw, 11_000);
        assert!(s.gzip < 200, "{s:?}");
        assert!(s.brotli <= s.gzip, "{s:?}");
    }
}
