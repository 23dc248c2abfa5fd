//! The check on small crates written to a scratch folder: circles through plain,
//! re-exported, glob and test-module imports, paths in macros, comments and strings,
//! and the edge's layer and runtime rules.

use super::{analyse, Report};
use std::path::PathBuf;

/// A synthetic repository under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    /// Writes `files` (paths relative to the repository) under a folder of its own.
    fn new(name: &str, files: &[(&str, &str)]) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("pocketshop-layers-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("scratch folder");
            }
            std::fs::write(&path, text).expect("scratch file");
        }
        Scratch(dir)
    }

    /// The report on the scratch crate `edge`, with or without the layer rule.
    fn report(&self, layered: bool) -> Report {
        analyse(&self.0, "edge", "src/lib.rs", layered).expect("the scratch crate is read")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Each circle as `group: a → b → a`, then its imports.
fn circles(report: &Report) -> Vec<(String, Vec<String>)> {
    report
        .circles
        .iter()
        .map(|c| {
            let imports = c.imports.iter().map(ToString::to_string).collect();
            (format!("{}: {}", c.group, c.path.join(" → ")), imports)
        })
        .collect()
}

fn violations(report: &Report) -> Vec<String> {
    report
        .violations
        .iter()
        .flatten()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_two_module_circle_is_reported_with_both_imports() {
    let repo = Scratch::new(
        "two",
        &[
            ("edge/src/lib.rs", "mod a;\nmod b;\n"),
            ("edge/src/a.rs", "use crate::b::B;\npub struct A;\n"),
            (
                "edge/src/b.rs",
                "pub struct B;\n\nfn f() -> crate::a::A {\n    crate::a::A\n}\n",
            ),
        ],
    );
    let report = repo.report(false);
    assert_eq!(
        circles(&report),
        [(
            "crate: a → b → a".to_owned(),
            vec![
                "edge/src/a.rs:1: use crate::b::B".to_owned(),
                "edge/src/b.rs:3: crate::a::A".to_owned(),
            ]
        )]
    );
    assert_eq!((report.modules, report.sibling_imports), (3, 3));
    let text = report.to_string();
    assert!(text.starts_with("layers: edge: 3 modules, 3 sibling imports, 1 circle\n"));
    assert!(text.contains("\n    a → b: edge/src/a.rs:1: use crate::b::B"));
    assert!(text.contains("\n    b → a: edge/src/b.rs:3: crate::a::A"));
}

#[test]
fn a_three_module_circle_through_a_pub_use_reexport_is_found() {
    // `crate::Gamma` is the root's re-export of `c`'s glob re-export of `c::inner`:
    // `b` imports `c`.
    let repo = Scratch::new(
        "three",
        &[
            (
                "edge/src/lib.rs",
                "mod a;\nmod b;\nmod c;\npub use c::Gamma;\n",
            ),
            ("edge/src/a.rs", "pub struct Alpha;\nuse crate::b::Beta;\n"),
            ("edge/src/b.rs", "pub struct Beta;\nuse crate::Gamma;\n"),
            (
                "edge/src/c.rs",
                "pub use self::inner::*;\n\nmod inner {\n    pub struct Gamma;\n    \
                 pub fn g(_: crate::a::Alpha) {}\n}\n",
            ),
        ],
    );
    assert_eq!(
        circles(&repo.report(false)),
        [(
            "crate: a → b → c → a".to_owned(),
            vec![
                "edge/src/a.rs:2: use crate::b::Beta".to_owned(),
                "edge/src/b.rs:2: use crate::Gamma".to_owned(),
                "edge/src/c.rs:5: crate::a::Alpha".to_owned(),
            ]
        )]
    );
}

#[test]
fn an_import_of_an_item_the_root_defines_makes_no_sibling_edge() {
    // Without the re-export, `crate::Gamma` names the root, an ancestor of all.
    let repo = Scratch::new(
        "root-item",
        &[
            ("edge/src/lib.rs", "mod a;\nmod b;\npub struct Gamma;\n"),
            ("edge/src/a.rs", "use crate::b::Beta;\nuse crate::Gamma;\n"),
            ("edge/src/b.rs", "pub struct Beta;\nuse crate::Gamma;\n"),
        ],
    );
    let report = repo.report(false);
    assert!(report.circles.is_empty());
    assert_eq!(report.sibling_imports, 1);
}

#[test]
fn super_inside_an_inline_tests_module_resolves_to_the_files_module() {
    // In `a`'s tests `super` is `a`, so `super::super` is the root; `use super::*`
    // names `a` itself, its own ancestor, and makes no edge.
    let repo = Scratch::new(
        "super",
        &[
            ("edge/src/lib.rs", "mod a;\nmod b;\n"),
            (
                "edge/src/a.rs",
                "pub struct A;\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    \
                 use super::super::b::B;\n}\n",
            ),
            ("edge/src/b.rs", "pub struct B;\nuse crate::a::A;\n"),
        ],
    );
    let report = repo.report(false);
    assert_eq!(
        circles(&report),
        [(
            "crate: a → b → a".to_owned(),
            vec![
                "edge/src/a.rs:6: use super::super::b::B".to_owned(),
                "edge/src/b.rs:2: use crate::a::A".to_owned(),
            ]
        )]
    );
    assert_eq!((report.modules, report.sibling_imports), (4, 2));
}

#[test]
fn a_glob_import_makes_an_edge() {
    let repo = Scratch::new(
        "glob",
        &[
            ("edge/src/lib.rs", "mod a;\nmod b;\n"),
            ("edge/src/a.rs", "use crate::b::*;\n"),
            ("edge/src/b.rs", "pub(crate) use crate::a::{*};\n"),
        ],
    );
    assert_eq!(
        circles(&repo.report(false)),
        [(
            "crate: a → b → a".to_owned(),
            vec![
                "edge/src/a.rs:1: use crate::b::*".to_owned(),
                "edge/src/b.rs:1: use crate::a::*".to_owned(),
            ]
        )]
    );
}

#[test]
fn a_path_inside_a_macro_invocation_counts_but_one_in_a_comment_or_string_does_not() {
    // `a` names `b` in `matches!` and `c` in `format!`; `b` imports `a`; `c` names `a`
    // only in comments, a doc comment and strings.
    let repo = Scratch::new(
        "macros",
        &[
            ("edge/src/lib.rs", "mod a;\nmod b;\nmod c;\n"),
            (
                "edge/src/a.rs",
                "pub fn f(k: u8) -> String {\n    assert!(matches!(k, crate::b::ONE));\n    \
                 format!(\"{}\", crate::c::NAME)\n}\n",
            ),
            (
                "edge/src/b.rs",
                "pub const ONE: u8 = 1;\nuse crate::a::f;\n",
            ),
            (
                "edge/src/c.rs",
                "pub const NAME: &str = \"crate::a::f\";\n// use crate::a::f;\n\
                 /* crate::a::f */\n/// [`crate::a::f`]\npub fn g() -> &'static str {\n    \
                 r#\"use crate::a::f; \"#\n}\n",
            ),
        ],
    );
    let report = repo.report(false);
    assert_eq!(
        circles(&report),
        [(
            "crate: a → b → a".to_owned(),
            vec![
                "edge/src/a.rs:2: crate::b::ONE".to_owned(),
                "edge/src/b.rs:2: use crate::a::f".to_owned(),
            ]
        )]
    );
    // a → b, a → c (in `format!`) and b → a; nothing from `c`.
    assert_eq!(report.sibling_imports, 3);
}

#[test]
fn a_dollar_crate_path_in_a_macro_definition_counts() {
    let repo = Scratch::new(
        "dollar",
        &[
            ("edge/src/lib.rs", "mod a;\nmod b;\n"),
            (
                "edge/src/a.rs",
                "macro_rules! m {\n    () => {\n        use $crate::b::B;\n        \
                 $crate::b::f()\n    };\n}\n",
            ),
            (
                "edge/src/b.rs",
                "pub struct B;\npub fn f() {}\nuse crate::a::*;\n",
            ),
        ],
    );
    let report = repo.report(false);
    assert_eq!(
        circles(&report),
        [(
            "crate: a → b → a".to_owned(),
            vec![
                "edge/src/a.rs:3: use crate::b::B".to_owned(),
                "edge/src/b.rs:3: use crate::a::*".to_owned(),
            ]
        )]
    );
    assert_eq!(report.sibling_imports, 3);
}

#[test]
fn circles_deeper_in_the_tree_are_found_in_their_own_sibling_group() {
    // `x::p` and `x::q` import each other; `x` as a whole imports nothing outside.
    let repo = Scratch::new(
        "nested",
        &[
            ("edge/src/lib.rs", "mod x;\n"),
            ("edge/src/x.rs", "mod p;\nmod q;\n"),
            ("edge/src/x/p.rs", "use super::q::Q;\npub struct P;\n"),
            (
                "edge/src/x/q/mod.rs",
                "pub struct Q;\nuse crate::x::p::P;\n",
            ),
        ],
    );
    assert_eq!(
        circles(&repo.report(false)),
        [(
            "crate::x: p → q → p".to_owned(),
            vec![
                "edge/src/x/p.rs:1: use super::q::Q".to_owned(),
                "edge/src/x/q/mod.rs:2: use crate::x::p::P".to_owned(),
            ]
        )]
    );
}

/// An edge with the layers `base`, `ports`, `domain` and `web`, and `extra`.
fn layered(name: &str, domain: &str, extra: bool) -> Scratch {
    let lib = if extra {
        "pub mod base;\npub mod ports;\npub mod domain;\npub mod web;\npub mod extra;\n"
    } else {
        "pub mod base;\npub mod ports;\npub mod domain;\npub mod web;\n"
    };
    Scratch::new(
        name,
        &[
            ("edge/src/lib.rs", lib),
            ("edge/src/base.rs", "pub struct Clock;\n"),
            (
                "edge/src/ports.rs",
                "use crate::base::Clock;\npub trait Store {}\n",
            ),
            ("edge/src/domain.rs", domain),
            (
                "edge/src/web.rs",
                "pub struct Router;\nuse crate::domain::Order;\n",
            ),
            ("edge/src/extra.rs", "\n"),
        ],
    )
}

#[test]
fn a_domain_module_importing_web_is_named_with_its_file_and_line() {
    let repo = layered(
        "layer",
        "use crate::ports::Store;\npub struct Order;\n\npub fn r() -> crate::web::Router {\n    \
         crate::web::Router\n}\n",
        false,
    );
    let report = repo.report(true);
    assert_eq!(
        violations(&report),
        [
            "edge/src/domain.rs:4: domain may not import web: crate::web::Router",
            "edge/src/domain.rs:5: domain may not import web: crate::web::Router",
        ]
    );
    assert!(report.to_string().contains(", 2 layer violations\n"));
}

#[test]
fn imports_down_the_layers_keep_them() {
    let repo = layered(
        "kept",
        "use crate::ports::Store;\npub struct Order;\n",
        false,
    );
    let report = repo.report(true);
    assert_eq!(violations(&report), Vec::<String>::new());
    assert!(report.to_string().ends_with(", no circle, layers kept"));
}

#[test]
fn a_top_level_module_missing_from_the_table_is_in_no_layer() {
    let repo = layered("unlayered", "pub struct Order;\n", true);
    assert_eq!(
        violations(&repo.report(true)),
        ["edge/src/extra.rs is in no layer"]
    );
}

#[test]
fn an_extern_worker_env_outside_the_worker_layer_is_named() {
    // `worker` may name `worker::Env`; `adapters` may name the runtime crates but not
    // `Env`; `domain` may name neither, while `crate::worker` is the crate's own.
    let repo = Scratch::new(
        "env",
        &[
            (
                "edge/src/lib.rs",
                "pub mod worker;\npub mod adapters;\npub mod domain;\npub mod ports;\n",
            ),
            (
                "edge/src/worker.rs",
                "use worker::Env;\npub fn start(_: Env) {}\nuse crate::domain::Order;\n",
            ),
            (
                "edge/src/adapters.rs",
                "use worker::Request;\n\npub fn bind(_: &worker::Env) {}\n",
            ),
            (
                "edge/src/domain.rs",
                "use crate::ports::Port;\npub struct Order;\npub fn f(_: &::worker::Env) {}\n\
                 pub fn g() { let _ = js_sys::Date::now(); }\n",
            ),
            ("edge/src/ports.rs", "pub trait Port {}\n"),
        ],
    );
    assert_eq!(
        violations(&repo.report(true)),
        [
            "edge/src/adapters.rs:3: names worker::Env outside the worker layer: worker::Env",
            "edge/src/domain.rs:3: names the runtime crate worker outside the layers \
             worker, adapters, base: ::worker::Env",
            "edge/src/domain.rs:4: names the runtime crate js_sys outside the layers \
             worker, adapters, base: js_sys::Date::now",
        ]
    );
}
