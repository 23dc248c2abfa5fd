//! The check that the documentation's links and commands work: every relative
//! Markdown link in `README.md` and `docs/*.md` points at a file or folder of the
//! repository (and, for a link with `#anchor` to a Markdown file, at one of its
//! headings), and every `cargo xtask <command>` written in them is a command xtask
//! has.
//!
//! Invariants: the commands are read from xtask's own usage text, so the docs and
//! the command line cannot drift apart unnoticed; links inside code (fenced blocks
//! and `code spans`) are text, not links, and are not checked, while commands are
//! checked wherever they are written, code included, since that is where a reader
//! copies them from; a link that leaves the repository fails, as it would on a
//! forge; web links (`https:`, `mailto:` and other schemes) are not fetched.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// One broken link or unknown command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The document, relative to the repository.
    pub file: String,
    /// Its 1-based line.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

/// The commands a usage text lists: the first word of each line indented by
/// exactly two spaces (deeper lines continue a command's description).
pub fn commands(usage: &str) -> BTreeSet<&str> {
    usage
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

/// The lines of `text` outside fenced code blocks, with their 1-based numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut fence: Option<&str> = None;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) => lines.push((i + 1, line)),
            _ => {}
        }
    }
    lines
}

/// `line` with every `code span` (and its backticks) removed.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..open]);
        let ticks = rest[open..].bytes().take_while(|b| *b == b'`').count();
        let after = &rest[open + ticks..];
        let closing = "`".repeat(ticks);
        match after.find(&closing) {
            Some(close) => rest = &after[close + ticks..],
            // An unclosed backtick is literal text.
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The targets of the Markdown links in `text` (`[text](target)`, images, and
/// `[label]: target` definitions), with their lines, outside code.
pub fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in prose_lines(text) {
        let line = without_code_spans(line);
        let definition = line
            .trim_start()
            .strip_prefix('[')
            .and_then(|l| l.split_once("]:"))
            .map(|(_, target)| target);
        if let Some(target) = definition.and_then(|t| t.split_whitespace().next()) {
            found.push((n, target.to_owned()));
        }
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            // `[text](<a path> "title")`: the target is the first word.
            let target = after[..end]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_start_matches('<')
                .trim_end_matches('>');
            if !target.is_empty() {
                found.push((n, target.to_owned()));
            }
            rest = &after[end..];
        }
    }
    found
}

/// Whether a link target is a web address (any scheme) rather than a path.
fn is_web(target: &str) -> bool {
    target.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// The anchors a forge makes of the headings of `text`: lowercased, punctuation
/// dropped, spaces as hyphens, a repeated one numbered `-1`, `-2`, ….
pub fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (_, line) in prose_lines(text) {
        let hashes = line.bytes().take_while(|b| *b == b'#').count();
        let Some(title) = line[hashes..].strip_prefix(' ') else {
            continue;
        };
        if !(1..=6).contains(&hashes) {
            continue;
        }
        let slug: String = title
            .trim()
            .trim_end_matches('#')
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 0;
        while found.contains(&anchor) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
        found.insert(anchor);
    }
    found
}

/// Every `cargo xtask WORD` in `text`, code included, with its line. A `cargo
/// xtask` not followed by a word (`<command>`, punctuation) names no command.
pub fn xtask_commands(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    for (at, _) in text.match_indices("cargo xtask") {
        let rest = &text[at + "cargo xtask".len()..];
        let word = rest.trim_start();
        if word.len() == rest.len() {
            continue;
        }
        let word: String = word
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if word.starts_with(|c: char| c.is_ascii_lowercase()) {
            let line = line_starts.partition_point(|s| *s <= at);
            found.push((line, word));
        }
    }
    found
}

/// `path` relative to the repository, without `.` and `..`; `None` when it
/// climbs out of it.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// The problems of one document, `file` (relative to `root`), whose text is `text`.
pub fn problems(root: &Path, file: &str, text: &str, known: &BTreeSet<&str>) -> Vec<Problem> {
    let problem = |line, what: String| Problem {
        file: file.to_owned(),
        line,
        what,
    };
    let mut found = Vec::new();
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    for (line, target) in links(text) {
        if is_web(&target) {
            continue;
        }
        let (path, anchor) = match target.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target.as_str(), None),
        };
        let resolved = if path.is_empty() {
            Some(PathBuf::from(file))
        } else {
            normalise(&dir.join(path))
        };
        let Some(resolved) = resolved else {
            found.push(problem(line, format!("{target} leaves the repository")));
            continue;
        };
        let on_disk = root.join(&resolved);
        if !on_disk.exists() {
            found.push(problem(line, format!("{target}: no such file or folder")));
            continue;
        }
        let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
            continue;
        };
        if on_disk.extension().is_some_and(|e| e == "md") {
            let heading = std::fs::read_to_string(&on_disk)
                .map(|t| anchors(&t).contains(anchor))
                .unwrap_or(false);
            if !heading {
                found.push(problem(
                    line,
                    format!("{target}: {} has no heading #{anchor}", resolved.display()),
                ));
            }
        }
    }
    for (line, word) in xtask_commands(text) {
        if !known.contains(word.as_str()) {
            found.push(problem(
                line,
                format!("`cargo xtask {word}`: xtask has no such command"),
            ));
        }
    }
    found
}

/// The documents checked: `README.md` and every `docs/*.md`, relative to `root`.
fn documents(root: &Path) -> Result<Vec<String>> {
    let mut docs = vec!["README.md".to_owned()];
    let dir = root.join("docs");
    if dir.is_dir() {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {dir:?}"))? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") {
                names.push(format!("docs/{name}"));
            }
        }
        names.sort();
        docs.extend(names);
    }
    Ok(docs)
}

/// Every problem of the repository's documents, given xtask's usage text.
pub fn findings(root: &Path, usage: &str) -> Result<Vec<Problem>> {
    let known = commands(usage);
    let mut found = Vec::new();
    for file in documents(root)? {
        let text =
            std::fs::read_to_string(root.join(&file)).with_context(|| format!("reading {file}"))?;
        found.extend(problems(root, &file, &text, &known));
    }
    Ok(found)
}

/// Fails, naming each file, line and problem, when a document has a broken link or
/// an unknown command.
pub fn check(root: &Path, usage: &str) -> Result<()> {
    let found = findings(root, usage)?;
    if found.is_empty() {
        return Ok(());
    }
    for p in &found {
        eprintln!("xtask: {}:{}: {}", p.file, p.line, p.what);
    }
    bail!(
        "{} broken link(s) or unknown command(s) in the docs",
        found.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const USAGE: &str = "usage: cargo xtask <command>

  dev [--port N]   run it
                   locally (port N)
  test             every test
  test-api [ARGS]  the API tests
  load [--duration D]
                   the load run";

    /// A fresh folder for one test, holding `files` (path, text).
    fn repo(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("pocketshop-docs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        root
    }

    fn whats(found: &[Problem]) -> Vec<(usize, &str)> {
        found.iter().map(|p| (p.line, p.what.as_str())).collect()
    }

    #[test]
    fn the_commands_are_the_first_words_of_the_usage_entries() {
        let got: Vec<&str> = commands(USAGE).into_iter().collect();
        assert_eq!(got, ["dev", "load", "test", "test-api"]);
    }

    #[test]
    fn links_are_found_in_prose_and_not_in_code() {
        let text = "See [a](docs/a.md) and ![pic](img.png \"title\").\n\
                    `[not](a-link.md)` but [b](<b.md>) is\n\
                    ```md\n[also not](x.md)\n```\n\
                    [ref]: docs/ref.md\n";
        let got = links(text);
        assert_eq!(
            got,
            [
                (1, "docs/a.md".to_owned()),
                (1, "img.png".to_owned()),
                (2, "b.md".to_owned()),
                (6, "docs/ref.md".to_owned()),
            ]
        );
    }

    #[test]
    fn anchors_are_made_as_a_forge_makes_them() {
        let text = "# Pocketshop\n## The `fakes` feature: why?\n## Tests\n## Tests\n\
                    ```\n# not a heading\n```\n#hashtag\n### Selling to a community ##\n";
        let got: Vec<String> = anchors(text).into_iter().collect();
        assert_eq!(
            got,
            [
                "pocketshop",
                "selling-to-a-community",
                "tests",
                "tests-1",
                "the-fakes-feature-why"
            ]
        );
    }

    #[test]
    fn xtask_commands_are_found_everywhere_and_placeholders_are_not_commands() {
        let text = "```sh\ncargo xtask dev   # run\n```\nthen `cargo xtask\ntest-api --test x`;\n\
                    `cargo xtask`: setup, and cargo xtask <command>.\n";
        assert_eq!(
            xtask_commands(text),
            [(2, "dev".to_owned()), (4, "test-api".to_owned())]
        );
    }

    #[test]
    fn a_missing_file_a_missing_heading_and_an_unknown_command_are_each_reported() {
        let docs = "# Title\n[ok](../README.md#intro) [dir](../edge) [same](#title)\n\
                    [gone](missing.md) [bad](../README.md#nowhere) [web](https://example.com/x.md)\n\
                    Run `cargo xtask deploy` or cargo xtask dev.\n";
        let root = repo(
            "problems",
            &[
                ("README.md", "# Intro\n"),
                ("edge/x.rs", ""),
                ("docs/a.md", docs),
            ],
        );
        let found = problems(&root, "docs/a.md", docs, &commands(USAGE));
        assert_eq!(
            whats(&found),
            [
                (3, "missing.md: no such file or folder"),
                (3, "../README.md#nowhere: README.md has no heading #nowhere"),
                (4, "`cargo xtask deploy`: xtask has no such command"),
            ]
        );
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_link_that_climbs_out_of_the_repository_fails() {
        let root = repo("climb", &[("README.md", "")]);
        let found = problems(
            &root,
            "README.md",
            "[up](../outside.md)\n",
            &commands(USAGE),
        );
        assert_eq!(whats(&found), [(1, "../outside.md leaves the repository")]);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn the_readme_and_every_doc_are_checked() {
        let root = repo(
            "documents",
            &[
                ("README.md", "[a](docs/a.md)\n"),
                ("docs/a.md", "cargo xtask nope\n"),
                ("docs/b.txt", "cargo xtask nope\n"),
            ],
        );
        let found = findings(&root, USAGE).expect("readable");
        assert_eq!(
            found,
            [Problem {
                file: "docs/a.md".to_owned(),
                line: 1,
                what: "`cargo xtask nope`: xtask has no such command".to_owned(),
            }]
        );
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn the_repository_s_own_docs_have_no_broken_link_or_unknown_command() {
        assert_eq!(
            findings(&crate::root(), crate::USAGE).expect("readable"),
            Vec::new()
        );
    }
}
