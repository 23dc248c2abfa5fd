//! The edge's layer rule: each top-level module is a layer of `LAYERS` and names
//! only the layers allowed to it; the runtime crates are named only in the layers of
//! `RUNTIME_HOMES`, and `worker::Env` only in `ENV_HOME`.
//!
//! Invariants: the crate root may import any layer, but is in none, so it names no
//! runtime crate and no layer names its own items; a top-level module in no layer
//! is reported once, not at each of its imports; a path names a runtime crate when
//! its first segment is that crate's name and no child module of that name is in
//! scope (elsewhere in the crate the local `worker` module is `crate::worker`).

use super::graph::Evidence;
use super::lex::Reference;
use super::tree::Tree;
use super::{ENV_HOME, LAYERS, RUNTIME_CRATES, RUNTIME_HOMES};
use std::fmt;

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Violation {
    /// A top-level module missing from `LAYERS`, with where it is.
    NoLayer {
        file: String,
        line: Option<usize>,
        name: String,
    },
    /// An import the rule forbids, and why.
    Import { evidence: Evidence, rule: String },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::NoLayer {
                file, line: None, ..
            } => write!(f, "{file} is in no layer"),
            Violation::NoLayer {
                file,
                line: Some(line),
                name,
            } => write!(f, "{file}:{line}: mod {name} is in no layer"),
            Violation::Import { evidence, rule } => write!(
                f,
                "{}:{}: {rule}: {}",
                evidence.file, evidence.line, evidence.text
            ),
        }
    }
}

/// The layers a layer may import, if it is one.
fn allowed(layer: &str) -> Option<&'static [&'static str]> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == layer)
        .map(|(_, allowed)| *allowed)
}

/// Every violation of the layer rule in `tree`, each once: the modules in no layer,
/// then the imports in file and line order.
pub fn check(tree: &Tree) -> Vec<Violation> {
    let mut found = Vec::new();
    let root = &tree.modules[0];
    for &top in root.children.values() {
        let module = &tree.modules[top];
        if allowed(&module.name).is_none() {
            found.push(Violation::NoLayer {
                file: module.file.display().to_string(),
                line: module.inline_line,
                name: module.name.clone(),
            });
        }
    }
    for (m, module) in tree.modules.iter().enumerate() {
        let layer = top_level(tree, m).map(|t| tree.modules[t].name.as_str());
        for reference in &module.references {
            let evidence = || Evidence {
                file: module.file.display().to_string(),
                line: reference.line,
                text: reference.text(),
            };
            if let Some(rule) = runtime_rule(tree, m, layer, reference) {
                found.push(Violation::Import {
                    evidence: evidence(),
                    rule,
                });
                continue;
            }
            let Some((layer, allowed)) = layer.and_then(|l| Some((l, allowed(l)?))) else {
                continue;
            };
            let Some(target) = tree.resolve(m, reference).module() else {
                continue;
            };
            let rule = match top_level(tree, target) {
                None => format!("{layer} names the crate root, which is in no layer"),
                Some(t) if tree.modules[t].name == layer => continue,
                Some(t) if allowed.contains(&tree.modules[t].name.as_str()) => continue,
                Some(t) => format!("{layer} may not import {}", tree.modules[t].name),
            };
            found.push(Violation::Import {
                evidence: evidence(),
                rule,
            });
        }
    }
    // Two paths alike on one line are one finding.
    found.sort();
    found.dedup();
    found
}

/// The top-level module `m` is in; none for the root.
fn top_level(tree: &Tree, m: usize) -> Option<usize> {
    tree.chain(m).get(1).copied()
}

/// What is wrong with a path naming a runtime crate from module `m` of `layer`.
fn runtime_rule(
    tree: &Tree,
    m: usize,
    layer: Option<&str>,
    reference: &Reference,
) -> Option<String> {
    let segments = &reference.segments;
    let first = segments.first()?.as_str();
    if !RUNTIME_CRATES.contains(&first) {
        return None;
    }
    if !reference.global && tree.modules[m].children.contains_key(first) {
        return None;
    }
    let at_home = layer.is_some_and(|l| RUNTIME_HOMES.contains(&l));
    if !at_home {
        return Some(format!(
            "names the runtime crate {first} outside the layers {}",
            RUNTIME_HOMES.join(", ")
        ));
    }
    let env =
        segments.get(1).is_some_and(|s| s == "Env") || (reference.glob && segments.len() == 1);
    (first == "worker" && env && layer != Some(ENV_HOME))
        .then(|| format!("names worker::Env outside the {ENV_HOME} layer"))
}
