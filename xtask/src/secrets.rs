//! The check that no secret is committed: every file git tracks is read for private
//! keys, live payment keys, webhook signing secrets and cloud access keys, and a
//! tracked `.dev.vars` (the local secrets file) fails it outright.
//!
//! Invariants: a finding names the file, the line and the kind of secret, never the
//! secret itself (CI logs are public); placeholders as documented in
//! `.dev.vars.example` (`whsec_...`, a PEM with `...` for its body) and test-mode keys
//! (`sk_test_…`) are not secrets; a line that carries a test vector on purpose says
//! so with [`ALLOW_MARKER`].

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Written on a line whose secret-looking value is a public test vector.
pub const ALLOW_MARKER: &str = "pocketshop: not a secret";

/// A secret-looking value in a tracked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file, relative to the repository.
    pub file: String,
    /// Its 1-based line.
    pub line: usize,
    /// What it looks like.
    pub kind: &'static str,
}

/// How many characters of a PEM body make it a real key rather than a placeholder.
const MIN_PEM_BODY: usize = 60;

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='
}

/// Whether a PEM private key's body follows `after` (the text after its `-----BEGIN
/// … PRIVATE KEY-----`): real newlines, or `\n` written out as in an env file.
fn pem_body_follows(after: &str) -> bool {
    let body = after.replace("\\n", "\n");
    let run = body
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .take_while(|b| is_base64(*b))
        .count();
    run >= MIN_PEM_BODY
}

/// How many ASCII letters and digits start `s`.
fn alnum_run(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_alphanumeric).count()
}

/// The kinds of secret in `text`, with their 1-based lines.
pub fn scan(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        let start = offset;
        offset += line.len() + 1;
        if line.contains(ALLOW_MARKER) {
            continue;
        }
        let mut hit = |kind| found.push((i + 1, kind));
        if let Some(at) = line.find("PRIVATE KEY-----") {
            if line[..at].contains("-----BEGIN") {
                let after = start + at + "PRIVATE KEY-----".len();
                if pem_body_follows(&text[after.min(text.len())..]) {
                    hit("a PEM private key");
                }
            }
        }
        for prefix in ["sk_live_", "rk_live_"] {
            if line
                .match_indices(prefix)
                .any(|(at, _)| alnum_run(&line[at + prefix.len()..]) >= 16)
            {
                hit("a live Stripe API key");
            }
        }
        if line
            .match_indices("whsec_")
            .any(|(at, _)| alnum_run(&line[at + "whsec_".len()..]) >= 24)
        {
            hit("a Stripe webhook signing secret");
        }
        if line.match_indices("AKIA").any(|(at, _)| {
            let rest = &line.as_bytes()[at + 4..];
            rest.len() >= 16
                && rest[..16]
                    .iter()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && rest.get(16).is_none_or(|b| !b.is_ascii_alphanumeric())
        }) {
            hit("an AWS access key id");
        }
    }
    found
}

/// Every finding in the files git tracks under `root`.
pub fn findings(root: &Path) -> Result<Vec<Finding>> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .context("listing the files git tracks")?;
    if !out.status.success() {
        bail!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut all = Vec::new();
    for name in out.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let file = String::from_utf8_lossy(name).into_owned();
        if Path::new(&file)
            .file_name()
            .is_some_and(|n| n == ".dev.vars")
        {
            all.push(Finding {
                file,
                line: 0,
                kind: "the local secrets file .dev.vars",
            });
            continue;
        }
        // Deleted in the work tree but still tracked, or not text: nothing to read.
        let Ok(bytes) = std::fs::read(root.join(&file)) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        for (line, kind) in scan(&text) {
            all.push(Finding {
                file: file.clone(),
                line,
                kind,
            });
        }
    }
    Ok(all)
}

/// Fails when a tracked file holds a secret, naming where (never what).
pub fn check(root: &Path) -> Result<()> {
    let found = findings(root)?;
    if found.is_empty() {
        println!("xtask: no secrets in the files git tracks");
        return Ok(());
    }
    for f in &found {
        eprintln!("xtask: {}:{}: {}", f.file, f.line, f.kind);
    }
    bail!(
        "{} secret(s) in tracked files: remove them, rotate them, and keep them in .dev.vars or Worker secrets",
        found.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up key body, long enough to look real (built at run time so this file
    /// holds no key-shaped text itself).
    fn body() -> String {
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".repeat(3)
    }

    #[test]
    fn a_pem_private_key_with_a_body_is_found_and_a_placeholder_is_not() {
        let begin = format!("-----BEGIN {}-----", "PRIVATE KEY");
        let real = format!("x\n{begin}\n{}\n-----END PRIVATE KEY-----\n", body());
        assert_eq!(scan(&real), vec![(2, "a PEM private key")]);
        let escaped = format!("WECHAT_PRIVATE_KEY=\"{begin}\\n{}\\n-----END\"", body());
        assert_eq!(scan(&escaped), vec![(1, "a PEM private key")]);
        let placeholder =
            format!("# WECHAT_PRIVATE_KEY=\"{begin}\\n...\\n-----END PRIVATE KEY-----\"");
        assert!(scan(&placeholder).is_empty());
        let rsa = format!("-----BEGIN RSA {}-----\n{}\n", "PRIVATE KEY", body());
        assert_eq!(scan(&rsa).len(), 1);
    }

    #[test]
    fn live_keys_and_real_webhook_secrets_are_found_and_test_values_are_not() {
        let live = format!("STRIPE_SECRET_KEY=sk_{}_{}", "live", "51AbCdEfGhIjKlMnOpQr");
        assert_eq!(scan(&live), vec![(1, "a live Stripe API key")]);
        let whsec = format!("{}_{}", "whsec", "a".repeat(32));
        assert_eq!(scan(&whsec), vec![(1, "a Stripe webhook signing secret")]);
        for fine in [
            "STRIPE_SECRET_KEY=sk_test_51PocketshopSecretKey0123456789",
            "# STRIPE_WEBHOOK_SECRET=whsec_...",
            "const WEBHOOK_SECRET: &str = \"whsec_test_pocketshop_0123456789\";",
        ] {
            assert!(scan(fine).is_empty(), "{fine}");
        }
    }

    #[test]
    fn an_aws_key_id_is_found_only_with_its_exact_shape() {
        let key = format!("{}{}", "AKIA", "IOSFODNN7EXAMPLE");
        assert_eq!(scan(&key), vec![(1, "an AWS access key id")]);
        assert!(scan(&format!("{key}X")).is_empty());
        assert!(scan("AKIA is a prefix").is_empty());
    }

    #[test]
    fn a_line_marked_as_a_test_vector_is_allowed() {
        let line = format!("{}_{} // {ALLOW_MARKER}", "whsec", "b".repeat(40));
        assert!(scan(&line).is_empty());
    }

    #[test]
    fn the_repository_itself_holds_no_secret() {
        assert_eq!(findings(&crate::root()).expect("git ls-files"), Vec::new());
    }
}
