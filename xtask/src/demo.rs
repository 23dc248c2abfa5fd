//! Serves the demo host pages (`demo/*.html`) from their own origin, as a blog or a
//! chain store's site would: the widget is always embedded cross-origin, never
//! served by the edge.
//!
//! Invariants: only files named `[a-z0-9-]+.html` directly in `demo/` are served
//! (no path can leave the folder); `{{EDGE}}` in a page becomes the edge's origin;
//! the server lives on its own threads for as long as xtask runs.

use crate::root;
use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

/// The pages, for the list `cargo xtask dev` prints.
pub const PAGES: [(&str, &str); 5] = [
    (
        "blog.html",
        "a blog article with a product card, a grid and a floating cart",
    ),
    (
        "store.html",
        "a chain store's own mini site with the shop view",
    ),
    ("hostile.html", "a page whose CSS attacks everything"),
    ("two-shops.html", "two shops' widgets on one page"),
    (
        "strict-csp.html",
        "a page with the strictest Content Security Policy the widget allows",
    ),
];

/// Starts serving on `port` of 127.0.0.1; pages link the edge at `edge`.
pub fn serve(port: u16, edge: &str) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("the demo pages' port {port} is taken"))?;
    let dir = root().join("demo");
    let edge = edge.to_owned();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (dir, edge) = (dir.clone(), edge.clone());
            std::thread::spawn(move || {
                // A broken connection only concerns that browser tab.
                let _ = answer(stream, &dir, &edge);
            });
        }
    });
    Ok(())
}

/// The file a request path names, if it is one we serve.
pub fn page_for(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let name = match path.strip_prefix('/')? {
        "" => "index.html",
        name => name,
    };
    let stem = name.strip_suffix(".html")?;
    let ok = !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then(|| name.to_owned())
}

fn answer(stream: TcpStream, dir: &std::path::Path, edge: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; the pages need none of them.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let file: Option<PathBuf> = page_for(path).map(|name| dir.join(name));
    let body = match (method, file) {
        ("GET" | "HEAD", Some(file)) => std::fs::read_to_string(file).ok(),
        _ => None,
    };
    let mut out = stream;
    match body {
        Some(html) => {
            let html = html.replace("{{EDGE}}", edge);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                html.len()
            );
            out.write_all(head.as_bytes())?;
            if method == "GET" {
                out.write_all(html.as_bytes())?;
            }
        }
        None => {
            let text = "not found";
            let head = format!(
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
            out.write_all(head.as_bytes())?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_html_pages_in_the_folder_are_served() {
        assert_eq!(page_for("/"), Some("index.html".into()));
        assert_eq!(page_for("/blog.html?x=1"), Some("blog.html".into()));
        assert_eq!(
            page_for("/two-shops.html#ps-cart"),
            Some("two-shops.html".into())
        );
        for bad in [
            "/../Cargo.toml",
            "/demo/blog.html",
            "/%2e%2e/x.html",
            "/.html",
            "/Blog.html",
            "blog.html",
            "/x.js",
        ] {
            assert_eq!(page_for(bad), None, "{bad}");
        }
    }
}
