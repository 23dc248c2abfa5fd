//! Facts about URLs that both Workers check, parsed without a URL library.
//!
//! Invariants: a URL with userinfo (`user@host`) is never loopback, so
//! `http://localhost@evil.example` cannot pass for a local address.

/// Whether the http(s) URL `url` is on a loopback address (`127.0.0.0/8`, `::1`,
/// `localhost`).
pub fn is_loopback(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_count_as_loopback() {
        for url in [
            "http://127.0.0.1:8787",
            "http://127.3.2.1/",
            "http://localhost:8787/pay",
            "http://[::1]:8787",
        ] {
            assert!(is_loopback(url), "{url}");
        }
        for url in [
            "https://edge.example",
            "http://127.0.0.1.evil.example",
            "http://localhost@evil.example",
            "http://10.0.0.1",
            "ftp://127.0.0.1",
        ] {
            assert!(!is_loopback(url), "{url}");
        }
    }
}
