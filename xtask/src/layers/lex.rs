//! Reads one Rust file's tokens and collects, module by module, what the module graph
//! needs: the `mod` declarations, the names of the items a module defines, every `use`
//! leaf and every path written in code, in macro invocations and attributes too.
//!
//! Invariants: `proc-macro2`'s lexer drops comments and keeps each string literal
//! (raw ones included) as one token, so text in neither is ever taken for a path; a
//! `use` tree is read once, as imports, never again as code paths; a path is read
//! from its first segment only (a segment after `::` never starts another path).

use anyhow::{anyhow, Result};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::collections::BTreeSet;
use std::str::FromStr;

/// The keywords that define a named item in a module's namespace.
const ITEM_KEYWORDS: &[&str] = &[
    "fn", "struct", "enum", "trait", "type", "const", "static", "union",
];

/// How a path was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// A leaf of a `use` tree: an import, and an entry of the module's name table.
    Use,
    /// A path in code: types, expressions, patterns, attributes, macro input.
    Code,
}

/// One path that names something: a `use` leaf or a path in code.
#[derive(Clone, Debug)]
pub struct Reference {
    /// The segments as written: `crate`, `super` and `self` included, `$` dropped.
    pub segments: Vec<String>,
    /// Written with a leading `::`, so it names an extern crate.
    pub global: bool,
    /// A `use …::*`.
    pub glob: bool,
    /// The `as` name of a `use` leaf.
    pub alias: Option<String>,
    pub form: Form,
    /// The 1-based line of the leaf (of a path's first segment in code).
    pub line: usize,
}

impl Reference {
    /// The name a `use` leaf brings into its module: its `as` name or its last
    /// segment; none for a glob, a `_` import, or a path in code.
    pub fn bound_name(&self) -> Option<&str> {
        if self.form != Form::Use || self.glob {
            return None;
        }
        let name = self
            .alias
            .as_deref()
            .or(self.segments.last().map(String::as_str));
        name.filter(|n| *n != "_")
    }

    /// The reference as it reads in a report: `use crate::a::B as C` or `crate::a::f`.
    pub fn text(&self) -> String {
        let mut text = String::new();
        if self.form == Form::Use {
            text.push_str("use ");
        }
        if self.global {
            text.push_str("::");
        }
        text.push_str(&self.segments.join("::"));
        if self.glob {
            text.push_str(if self.segments.is_empty() { "*" } else { "::*" });
        }
        if let Some(alias) = &self.alias {
            text.push_str(" as ");
            text.push_str(alias);
        }
        text
    }
}

/// What one module's own tokens hold; its inline modules keep theirs apart.
#[derive(Default, Debug)]
pub struct Scanned {
    /// Items the module defines by name (`fn`, `struct`, …, `macro_rules!`).
    pub items: BTreeSet<String>,
    /// `#[macro_export]` macros: Rust puts them at the crate root.
    pub exported_macros: Vec<String>,
    pub references: Vec<Reference>,
    /// `mod name;` with its line: the module is in a file of its own.
    pub file_modules: Vec<(String, usize)>,
    /// `mod name { … }` with its line and contents.
    pub inline_modules: Vec<(String, usize, Scanned)>,
}

/// Scans a whole file: the tokens of one module.
pub fn scan_source(source: &str) -> Result<Scanned> {
    let stream = TokenStream::from_str(source).map_err(|e| anyhow!("{e}"))?;
    let mut out = Scanned::default();
    scan(&tokens(stream), true, &mut out);
    Ok(out)
}

fn tokens(stream: TokenStream) -> Vec<TokenTree> {
    stream.into_iter().collect()
}

fn line(token: &TokenTree) -> usize {
    token.span().start().line
}

fn ident(token: Option<&TokenTree>) -> Option<String> {
    match token {
        Some(TokenTree::Ident(id)) => Some(id.to_string()),
        _ => None,
    }
}

fn is_punct(token: Option<&TokenTree>, c: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Whether `tokens[i..]` opens with `::`.
fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && is_punct(tokens.get(i + 1), ':')
}

/// Scans one run of tokens. `top` says they are a module's own level, where `mod`
/// and item definitions are the module's; in any nested group they are code.
fn scan(tokens: &[TokenTree], top: bool, out: &mut Scanned) {
    // The last attribute read was `#[macro_export]`: the next `macro_rules!` is the crate's.
    let mut exported = false;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        match token {
            // A lifetime (`'static`) is a quote and an identifier, never a keyword.
            TokenTree::Ident(_) if i >= 1 && is_punct(tokens.get(i - 1), '\'') => {}
            TokenTree::Ident(id) => {
                let word = id.to_string();
                if let Some(next) = scan_keyword(tokens, i, &word, top, &mut exported, out) {
                    i = next;
                    continue;
                }
                if let Some((reference, next)) = read_path(tokens, i) {
                    out.references.push(reference);
                    i = next;
                    continue;
                }
            }
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let at = if is_punct(tokens.get(i + 1), '!') {
                    i + 2
                } else {
                    i + 1
                };
                if let Some(TokenTree::Group(g)) = tokens.get(at) {
                    if g.delimiter() == Delimiter::Bracket {
                        let first = g.stream().into_iter().next();
                        exported |= ident(first.as_ref()).as_deref() == Some("macro_export");
                    }
                }
            }
            TokenTree::Punct(p) if p.as_char() == ':' => {
                if let Some((reference, next)) = read_global_path(tokens, i) {
                    out.references.push(reference);
                    i = next;
                    continue;
                }
            }
            TokenTree::Group(g) => scan(&self::tokens(g.stream()), false, out),
            _ => {}
        }
        i += 1;
    }
}

/// Handles `use`, `mod`, `macro_rules!` and item keywords at `tokens[i]`; returns
/// where scanning goes on when it took tokens.
fn scan_keyword(
    tokens: &[TokenTree],
    i: usize,
    word: &str,
    top: bool,
    exported: &mut bool,
    out: &mut Scanned,
) -> Option<usize> {
    match word {
        // `use<'a>` is a precise-capturing bound, not an import.
        "use" if !is_punct(tokens.get(i + 1), '<') => {
            let end = (i + 1..tokens.len())
                .find(|&j| is_punct(tokens.get(j), ';'))
                .unwrap_or(tokens.len());
            read_use(&tokens[i + 1..end], &[], false, &mut out.references);
            Some(end + 1)
        }
        "mod" => {
            let name = ident(tokens.get(i + 1))?;
            match tokens.get(i + 2) {
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    let mut inner = Scanned::default();
                    scan(&self::tokens(g.stream()), true, &mut inner);
                    out.inline_modules.push((name, line(&tokens[i + 1]), inner));
                    Some(i + 3)
                }
                next if is_punct(next, ';') && top => {
                    out.file_modules.push((name, line(&tokens[i + 1])));
                    Some(i + 3)
                }
                _ => None,
            }
        }
        "macro_rules" if is_punct(tokens.get(i + 1), '!') => {
            let name = ident(tokens.get(i + 2))?;
            if top {
                if *exported {
                    out.exported_macros.push(name.clone());
                }
                out.items.insert(name);
            }
            *exported = false;
            Some(i + 3)
        }
        _ if top && ITEM_KEYWORDS.contains(&word) => {
            *exported = false;
            let mut at = i + 1;
            if ident(tokens.get(at)).as_deref() == Some("mut") {
                at += 1;
            }
            // `const fn f`, `unsafe fn f`: the name comes with the later keyword.
            match ident(tokens.get(at)) {
                Some(name) if !ITEM_KEYWORDS.contains(&name.as_str()) => {
                    out.items.insert(name);
                    Some(at + 1)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Reads the path that starts at the identifier `tokens[i]`, if one does: at least
/// two segments, and `tokens[i]` not itself a later segment of a longer path.
fn read_path(tokens: &[TokenTree], i: usize) -> Option<(Reference, usize)> {
    if i >= 2 && is_path_sep(tokens, i - 2) {
        return None;
    }
    let (segments, next) = segments_from(tokens, i);
    (segments.len() >= 2).then(|| {
        let reference = Reference {
            segments,
            global: false,
            glob: false,
            alias: None,
            form: Form::Code,
            line: line(&tokens[i]),
        };
        (reference, next)
    })
}

/// Reads a path written with a leading `::` at `tokens[i]`: one whose `::` follows
/// no identifier and no `>`, which would make it a later segment.
fn read_global_path(tokens: &[TokenTree], i: usize) -> Option<(Reference, usize)> {
    if !is_path_sep(tokens, i) || ident(tokens.get(i + 2)).is_none() {
        return None;
    }
    let follows_segment = i >= 1
        && match &tokens[i - 1] {
            TokenTree::Ident(_) => true,
            TokenTree::Punct(p) => p.as_char() == '>',
            _ => false,
        };
    if follows_segment {
        return None;
    }
    let (segments, next) = segments_from(tokens, i + 2);
    let reference = Reference {
        segments,
        global: true,
        glob: false,
        alias: None,
        form: Form::Code,
        line: line(&tokens[i + 2]),
    };
    Some((reference, next))
}

/// The identifiers joined by `::` from `tokens[i]`, and the index after them.
fn segments_from(tokens: &[TokenTree], i: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    let mut at = i;
    while let Some(word) = ident(tokens.get(at)) {
        segments.push(word);
        if is_path_sep(tokens, at + 1) && ident(tokens.get(at + 3)).is_some() {
            at += 3;
        } else {
            return (segments, at + 1);
        }
    }
    (segments, at)
}

/// Reads a `use` tree (its tokens after `use`, before `;`) under `prefix`, one
/// reference per leaf: `a::{self, b::*, c as d}` is `a`, `a::b::*` and `a::c as d`.
fn read_use(tokens: &[TokenTree], prefix: &[String], global: bool, out: &mut Vec<Reference>) {
    let mut path = prefix.to_vec();
    let mut global = global;
    let mut i = 0;
    if path.is_empty() && is_path_sep(tokens, 0) {
        global = true;
        i = 2;
    }
    let leaf = |path: Vec<String>, glob: bool, alias: Option<String>, line: usize| Reference {
        segments: path,
        global,
        glob,
        alias,
        form: Form::Use,
        line,
    };
    loop {
        match tokens.get(i) {
            Some(token @ TokenTree::Ident(id)) => {
                let word = id.to_string();
                let at = line(token);
                // `self` in a group names the group's own path.
                if word == "self" && !path.is_empty() && !is_path_sep(tokens, i + 1) {
                    out.push(leaf(path, false, alias(tokens, i + 1), at));
                    return;
                }
                path.push(word);
                if is_path_sep(tokens, i + 1) {
                    i += 3;
                    continue;
                }
                out.push(leaf(path, false, alias(tokens, i + 1), at));
                return;
            }
            // `$crate` in a macro's expansion.
            Some(TokenTree::Punct(p)) if p.as_char() == '$' => i += 1,
            Some(token @ TokenTree::Punct(p)) if p.as_char() == '*' => {
                out.push(leaf(path, true, None, line(token)));
                return;
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                let inner = self::tokens(g.stream());
                for part in inner.split(|t| is_punct(Some(t), ',')) {
                    if !part.is_empty() {
                        read_use(part, &path, global, out);
                    }
                }
                return;
            }
            _ => return,
        }
    }
}

/// The `as NAME` at `tokens[i]`, if there is one.
fn alias(tokens: &[TokenTree], i: usize) -> Option<String> {
    (ident(tokens.get(i)).as_deref() == Some("as"))
        .then(|| ident(tokens.get(i + 1)))
        .flatten()
}
