//! One crate's module tree, built from its files (`foo.rs` with `foo/`, or
//! `foo/mod.rs`) and inline `mod name { … }` blocks, and the resolution of a path to
//! the module that really defines what it names.
//!
//! Invariants: module 0 is the crate root and every other module's parent comes
//! before it; a path resolves to the longest prefix that is a module, then, when the
//! next segment is not a module, through that module's imports (named ones first,
//! then globs, as Rust's own shadowing goes) at most `HOPS` times, so a re-export
//! (`pub use x::Item`, `pub use x::*`) is traced to the module defining the item. A
//! module's private imports are followed as well: its descendants reach them through
//! `super::`. A name the tables do not know is taken to be the module's own; one a
//! module imports from another crate is that crate's, wherever it is re-exported.

use super::lex::{scan_source, Form, Reference, Scanned};
use anyhow::{bail, Context, Result};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// How many imports a path is followed through before it is taken as found.
const HOPS: u32 = 4;

/// One module of the tree.
#[derive(Debug)]
pub struct Module {
    pub name: String,
    pub parent: Option<usize>,
    pub children: BTreeMap<String, usize>,
    /// The file its tokens are in, relative to the repository's root.
    pub file: PathBuf,
    /// Where its `mod` is written when it is inline; `None` for a file of its own.
    pub inline_line: Option<usize>,
    pub items: BTreeSet<String>,
    pub references: Vec<Reference>,
}

/// What a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A module of this crate.
    Module(usize),
    /// An item defined in this module of the crate.
    Item(usize),
    /// Something outside the crate (another crate, the standard library).
    Extern,
    /// Nothing this tree can tell (a `super` above the root).
    Unknown,
}

impl Target {
    /// The crate module the target is in, if it is in the crate.
    pub fn module(self) -> Option<usize> {
        match self {
            Target::Module(m) | Target::Item(m) => Some(m),
            Target::Extern | Target::Unknown => None,
        }
    }
}

/// A crate's module tree.
#[derive(Debug)]
pub struct Tree {
    pub modules: Vec<Module>,
    /// `#[macro_export]` macros, which Rust puts at the root, by the module defining them.
    exported_macros: BTreeMap<String, usize>,
    /// Answers of `lookup`: re-exports chain through globs, and a crate asks the
    /// same names many times.
    looked_up: RefCell<HashMap<(usize, String, u32), Option<Target>>>,
}

impl Tree {
    /// Reads the tree whose root file is `repo/root_file`.
    pub fn load(repo: &Path, root_file: &Path) -> Result<Tree> {
        let mut tree = Tree {
            modules: Vec::new(),
            exported_macros: BTreeMap::new(),
            looked_up: RefCell::new(HashMap::new()),
        };
        let scanned = scan_file(&repo.join(root_file))?;
        let dir = root_file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let root = Place {
            file: root_file.to_path_buf(),
            dir,
            inline_line: None,
        };
        tree.add(repo, None, "crate".into(), root, scanned)?;
        Ok(tree)
    }

    fn add(
        &mut self,
        repo: &Path,
        parent: Option<usize>,
        name: String,
        place: Place,
        scanned: Scanned,
    ) -> Result<usize> {
        let id = self.modules.len();
        self.modules.push(Module {
            name: name.clone(),
            parent,
            children: BTreeMap::new(),
            file: place.file.clone(),
            inline_line: place.inline_line,
            items: scanned.items,
            references: scanned.references,
        });
        if let Some(p) = parent {
            self.modules[p].children.insert(name, id);
        }
        for name in scanned.exported_macros {
            self.exported_macros.insert(name, id);
        }
        for (name, line, inner) in scanned.inline_modules {
            let inline = Place {
                file: place.file.clone(),
                dir: place.dir.join(&name),
                inline_line: Some(line),
            };
            self.add(repo, Some(id), name, inline, inner)?;
        }
        for (name, line) in scanned.file_modules {
            let flat = place.dir.join(format!("{name}.rs"));
            let nested = place.dir.join(&name).join("mod.rs");
            let file = if repo.join(&flat).is_file() {
                flat
            } else if repo.join(&nested).is_file() {
                nested
            } else {
                bail!(
                    "{}:{line}: mod {name} is in neither {} nor {}",
                    place.file.display(),
                    flat.display(),
                    nested.display()
                );
            };
            let inner = scan_file(&repo.join(&file))?;
            let own = Place {
                file,
                dir: place.dir.join(&name),
                inline_line: None,
            };
            self.add(repo, Some(id), name, own, inner)?;
        }
        Ok(id)
    }

    /// The modules from the root down to `m`, both included.
    pub fn chain(&self, m: usize) -> Vec<usize> {
        let mut chain = vec![m];
        let mut at = m;
        while let Some(p) = self.modules[at].parent {
            chain.push(p);
            at = p;
        }
        chain.reverse();
        chain
    }

    /// The module's path, as `crate::a::b`.
    pub fn path_of(&self, m: usize) -> String {
        let names: Vec<&str> = self
            .chain(m)
            .iter()
            .map(|&c| self.modules[c].name.as_str())
            .collect();
        names.join("::")
    }

    /// What `reference`, written in module `from`, names. A path in code counts
    /// only from `crate`, `super` or `self`: any other first segment is a local name,
    /// whose import is itself a reference.
    pub fn resolve(&self, from: usize, reference: &Reference) -> Target {
        self.resolve_within(from, reference, HOPS)
    }

    fn resolve_within(&self, from: usize, reference: &Reference, hops: u32) -> Target {
        if reference.global {
            return Target::Extern;
        }
        let Some((first, rest)) = reference.segments.split_first() else {
            return Target::Unknown;
        };
        let start = match first.as_str() {
            "crate" => 0,
            "self" => from,
            "super" => match self.modules[from].parent {
                Some(p) => p,
                None => return Target::Unknown,
            },
            _ if reference.form == Form::Code => return Target::Unknown,
            // A `use` path's first segment is a name in scope: a child module, an
            // import, or else another crate.
            _ => match self.lookup(from, first, hops) {
                Some(Target::Module(m)) => m,
                Some(target) => return target,
                None => return Target::Extern,
            },
        };
        self.walk(start, rest, hops)
    }

    /// Follows `rest` down from module `at`.
    fn walk(&self, mut at: usize, rest: &[String], hops: u32) -> Target {
        for segment in rest {
            match segment.as_str() {
                "super" => match self.modules[at].parent {
                    Some(p) => at = p,
                    None => return Target::Unknown,
                },
                "self" => {}
                name => match self.lookup(at, name, hops) {
                    Some(Target::Module(m)) => at = m,
                    Some(target) => return target,
                    None => return Target::Item(at),
                },
            }
        }
        Target::Module(at)
    }

    /// What `name` is in module `m`'s namespace, if the tables know it.
    fn lookup(&self, m: usize, name: &str, hops: u32) -> Option<Target> {
        let key = (m, name.to_owned(), hops);
        if let Some(found) = self.looked_up.borrow().get(&key) {
            return *found;
        }
        let found = self.lookup_uncached(m, name, hops);
        self.looked_up.borrow_mut().insert(key, found);
        found
    }

    fn lookup_uncached(&self, m: usize, name: &str, hops: u32) -> Option<Target> {
        let module = &self.modules[m];
        if let Some(&child) = module.children.get(name) {
            return Some(Target::Module(child));
        }
        if module.items.contains(name) {
            return Some(Target::Item(m));
        }
        if m == 0 {
            if let Some(&defining) = self.exported_macros.get(name) {
                return Some(Target::Item(defining));
            }
        }
        if hops == 0 {
            return None;
        }
        let imports = module.references.iter().filter(|r| r.form == Form::Use);
        for import in imports.clone().filter(|r| r.bound_name() == Some(name)) {
            match self.resolve_within(m, import, hops - 1) {
                Target::Unknown => {}
                found => return Some(found),
            }
        }
        for glob in imports.filter(|r| r.glob) {
            if let Target::Module(t) = self.resolve_within(m, glob, hops - 1) {
                if t != m {
                    if let Some(found) = self.lookup(t, name, hops - 1) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }
}

/// Where a module's tokens are, and the folder its file modules are in.
struct Place {
    file: PathBuf,
    dir: PathBuf,
    inline_line: Option<usize>,
}

fn scan_file(path: &Path) -> Result<Scanned> {
    let source =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    scan_source(&source).with_context(|| format!("lexing {}", path.display()))
}
