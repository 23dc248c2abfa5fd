//! Runs the browser end-to-end tests (`tests/browser/*.test.mjs`, Node's test runner
//! driving Debian's Chromium through playwright-core) against a running runtime and
//! its demo host pages, and the Worker module tests (`tests/worker/*.test.mjs`, in a
//! workerd of their own), and counts them into the closing line.
//!
//! Invariants: the tests run one file at a time (they share one machine's two cores
//! and one edge); their TAP summary is the only source of their counts, so a test
//! that did not run cannot be counted as passed.

use crate::{root, Counts};
use anyhow::{bail, Context, Result};
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};

/// Adds a TAP summary line (`# pass N`, `# fail N`) to `counts`.
pub fn add_tap_line(counts: &mut Counts, line: &str) {
    // `not ok 3 - a shopper pays…` names a failed test (subtests are indented).
    if let Some(rest) = line.trim_start().strip_prefix("not ok ") {
        let name = rest.split_once(" - ").map_or(rest, |(_, name)| name);
        counts.failures.push(format!("browser: {name}"));
    }
    let mut words = line.split_whitespace();
    if words.next() != Some("#") {
        return;
    }
    let (Some(label), Some(n)) = (words.next(), words.next()) else {
        return;
    };
    let Ok(n) = n.parse::<u64>() else { return };
    match label {
        "pass" => counts.passed += n,
        "fail" | "cancelled" => counts.failed += n,
        _ => {}
    }
}

/// Runs every Worker module test, then every browser test.
pub fn run(
    chromium: &Path,
    edge_url: &str,
    supply_url: &str,
    demo_url: &str,
    counts: &mut Counts,
) -> Result<()> {
    let mut files = Vec::new();
    for dir in ["tests/worker", "tests/browser"] {
        let mut found: Vec<_> = std::fs::read_dir(root().join(dir))
            .with_context(|| format!("listing {dir}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
            .collect();
        found.sort();
        files.extend(found);
    }
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-concurrency=1", "--test-reporter=tap"])
        .args(&files)
        .current_dir(root())
        .env("POCKETSHOP_EDGE_URL", edge_url)
        .env("POCKETSHOP_SUPPLY_URL", supply_url)
        .env("POCKETSHOP_DEMO_URL", demo_url)
        .env("POCKETSHOP_ROOT", root())
        .env("POCKETSHOP_CHROMIUM", chromium)
        .stdout(Stdio::piped());
    let mut child = cmd.spawn().context("starting node --test")?;
    if let Some(out) = child.stdout.take() {
        for line in std::io::BufReader::new(out).lines() {
            let line = line.context("reading browser test output")?;
            println!("{line}");
            add_tap_line(counts, &line);
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!(
            "browser tests failed ({status}); screenshots are in {}",
            root().join("target/pocketshop/screenshots").display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tap_summary_is_counted_and_other_lines_are_not() {
        let mut c = Counts::default();
        for line in [
            "# tests 9",
            "# pass 7",
            "# fail 1",
            "# cancelled 1",
            "ok 1 - # pass 100",
            "# duration_ms 3",
            "    not ok 2 - a shopper pays on the test payment page",
        ] {
            add_tap_line(&mut c, line);
        }
        assert_eq!((c.passed, c.failed), (7, 2));
        assert_eq!(
            c.failures,
            ["browser: a shopper pays on the test payment page"]
        );
    }
}
