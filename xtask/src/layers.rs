//! `cargo xtask layers`: no module of any workspace crate imports a sibling that
//! imports it back, and the edge's modules import only down its layers.
//!
//! Every crate tree (`src/lib.rs`, `src/main.rs`) is read from its files, inline
//! `mod` blocks included. Every path that names the crate's own modules counts: `use`
//! trees and, anywhere in code (macro input and test modules too), paths from
//! `crate::`, `super::` or `self::`; comments and string literals never do. Each path
//! is resolved to the module defining what it names, through re-exports; an import
//! of B from A joins the two children of their closest common ancestor on the way
//! to A and to B, and a circle among such siblings, at any level, fails the check.
//!
//! Invariants: the layer table is `LAYERS`, applied to the `edge` crate alone; each
//! circle and violation is reported with the file, line and import that make it; the
//! check fails (non-zero exit from `cargo xtask`) when anything is reported.

mod graph;
mod lex;
mod rules;
#[cfg(test)]
mod tests;
mod tree;

use anyhow::{bail, Context, Result};
use graph::{Evidence, Graph};
use rules::Violation;
use std::fmt;
use std::path::Path;
use tree::Tree;

/// The edge's layers, each with the layers it may import. Every top-level module of
/// `edge/src` must be one of them; the crate root may name anything.
pub const LAYERS: &[(&str, &[&str])] = &[
    ("base", &[]),
    ("ports", &["base"]),
    // `fakes` is compiled only for tests: any layer's tests may use it.
    ("domain", &["ports", "base", "fakes"]),
    ("adapters", &["ports", "base", "fakes"]),
    ("web", &["domain", "ports", "base", "fakes"]),
    ("worker", &["web", "domain", "adapters", "ports", "base"]),
    // Test-only in-memory implementations of the ports.
    ("fakes", &["ports", "base"]),
];

/// The crates of the Workers runtime, which only `RUNTIME_HOMES` may name.
pub const RUNTIME_CRATES: &[&str] = &[
    "worker",
    "js_sys",
    "web_sys",
    "wasm_bindgen",
    "wasm_bindgen_futures",
];

/// The edge's layers that may name the runtime crates.
pub const RUNTIME_HOMES: &[&str] = &["worker", "adapters", "base"];

/// The one edge layer that may name `worker::Env`.
pub const ENV_HOME: &str = "worker";

/// The workspace's crates, whose module trees are checked for circles: the
/// `members` of the root `Cargo.toml`, so a new crate is checked without a word here.
fn crates(repo: &Path) -> Result<Vec<String>> {
    let manifest = std::fs::read_to_string(repo.join("Cargo.toml"))
        .with_context(|| format!("reading {}", repo.join("Cargo.toml").display()))?;
    let line = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("members"))
        .context("the root Cargo.toml names no workspace members")?;
    Ok(line
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect())
}

/// The crate the layer rule applies to.
const LAYERED: &str = "edge";

/// A circle as reported: the sibling group, the modules in order (the first again at
/// the end), and one import for each hop.
#[derive(Debug)]
pub struct Circle {
    pub group: String,
    pub path: Vec<String>,
    pub imports: Vec<Evidence>,
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "circle in {}: {}", self.group, self.path.join(" → "))?;
        for (hop, import) in self.path.windows(2).zip(&self.imports) {
            write!(f, "\n    {} → {}: {import}", hop[0], hop[1])?;
        }
        Ok(())
    }
}

/// What one crate tree's check found.
#[derive(Debug)]
pub struct Report {
    pub label: String,
    pub modules: usize,
    pub sibling_imports: usize,
    pub circles: Vec<Circle>,
    /// `None` when the layer rule does not apply to the crate.
    pub violations: Option<Vec<Violation>>,
}

impl Report {
    fn failed(&self) -> bool {
        !self.circles.is_empty() || self.violations.as_ref().is_some_and(|v| !v.is_empty())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "layers: {}: {}, {}, {}",
            self.label,
            count(self.modules, "no module", "module", "modules"),
            count(
                self.sibling_imports,
                "no sibling import",
                "sibling import",
                "sibling imports"
            ),
            count(self.circles.len(), "no circle", "circle", "circles")
        )?;
        if let Some(violations) = &self.violations {
            let none = "layers kept";
            write!(
                f,
                ", {}",
                count(
                    violations.len(),
                    none,
                    "layer violation",
                    "layer violations"
                )
            )?;
        }
        for circle in &self.circles {
            write!(f, "\n  {circle}")?;
        }
        for violation in self.violations.iter().flatten() {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

fn count(n: usize, none: &str, one: &str, many: &str) -> String {
    match n {
        0 => none.to_owned(),
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    }
}

/// Checks every crate tree of the workspace at `repo`, printing one report per tree
/// and a summary; fails when any tree has a circle or the edge breaks its layers.
pub fn check(repo: &Path) -> Result<()> {
    let mut reports = Vec::new();
    for krate in &crates(repo)? {
        let roots: Vec<&str> = ["src/lib.rs", "src/main.rs"]
            .into_iter()
            .filter(|r| repo.join(krate).join(r).is_file())
            .collect();
        for root in &roots {
            let label = if roots.len() > 1 {
                format!("{krate} ({})", root.trim_start_matches("src/"))
            } else {
                (*krate).to_owned()
            };
            let layered = *krate == LAYERED && *root == "src/lib.rs";
            let mut report = analyse(repo, krate, root, layered)?;
            report.label = label;
            println!("{report}");
            reports.push(report);
        }
    }
    let circles: usize = reports.iter().map(|r| r.circles.len()).sum();
    let violations: usize = reports
        .iter()
        .filter_map(|r| r.violations.as_ref())
        .map(Vec::len)
        .sum();
    println!(
        "layers: {} crate trees, {} modules, {} sibling imports: {}, {}",
        reports.len(),
        reports.iter().map(|r| r.modules).sum::<usize>(),
        reports.iter().map(|r| r.sibling_imports).sum::<usize>(),
        count(circles, "no circle", "circle", "circles"),
        count(
            violations,
            "layers kept",
            "layer violation",
            "layer violations"
        ),
    );
    if reports.iter().any(Report::failed) {
        let failing: Vec<&str> = reports
            .iter()
            .filter(|r| r.failed())
            .map(|r| r.label.as_str())
            .collect();
        bail!(
            "layers: {} and {} in {} (each named above with its file, line and import)",
            count(circles, "no circle", "circle", "circles"),
            count(
                violations,
                "no layer violation",
                "layer violation",
                "layer violations"
            ),
            failing.join(", ")
        );
    }
    Ok(())
}

/// Checks one crate tree: `repo/krate/root`. `layered` applies the edge's layer rule.
pub fn analyse(repo: &Path, krate: &str, root: &str, layered: bool) -> Result<Report> {
    let tree = Tree::load(repo, &Path::new(krate).join(root))?;
    let mut graph = Graph::default();
    for (m, module) in tree.modules.iter().enumerate() {
        for reference in &module.references {
            if let Some(to) = tree.resolve(m, reference).module() {
                let evidence = Evidence {
                    file: module.file.display().to_string(),
                    line: reference.line,
                    text: reference.text(),
                };
                graph.add(&tree, m, to, evidence);
            }
        }
    }
    let mut circles: Vec<Circle> = graph
        .circles()
        .into_iter()
        .map(|c| {
            let mut path: Vec<String> = c
                .hops
                .iter()
                .map(|h| tree.modules[h.from].name.clone())
                .collect();
            path.extend(path.first().cloned());
            Circle {
                group: tree.path_of(c.parent),
                path,
                imports: c.hops.into_iter().map(|h| h.evidence).collect(),
            }
        })
        .collect();
    // By sibling group, then shortest first, then by name.
    circles.sort_by_key(|c| (c.group.clone(), c.path.len(), c.path.clone()));
    Ok(Report {
        label: krate.to_owned(),
        modules: tree.modules.len(),
        sibling_imports: graph.imports,
        circles,
        violations: layered.then(|| rules::check(&tree)),
    })
}
