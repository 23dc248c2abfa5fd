//! The edge's own view of HTTP: plain request and response values, so that routing
//! and every handler run without a Workers runtime (natively, in tests).
//!
//! Invariants: header names are lowercase; a request body is at most
//! [`MAX_BODY_BYTES`] (the runtime adapter reads bodies through a [`BodyReader`],
//! which keeps no more than that in memory and stops reading at [`DRAINED_BYTES`],
//! whether or not the body's length was declared), its URL at most
//! [`MAX_URL_BYTES`] and its headers at most [`MAX_HEADER_BYTES`]; JSON bodies must
//! be declared `application/json`.

use pocketshop_shared::ApiError;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The largest request body any route accepts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The most of an oversize body read (and dropped) before it is refused. A body
/// refused unread is cut off, and an HTTP server in front (workerd's own drains only
/// 64 KiB) may then close the connection before the client, still sending, reads the
/// answer: it sees a reset, not the 413. A body larger than this no honest client of
/// this API sends.
pub const DRAINED_BYTES: usize = 1024 * 1024;
/// The longest path and query any route accepts: the longest real one (a product
/// page with a search, a cursor and an order token) is a few hundred bytes.
pub const MAX_URL_BYTES: usize = 2048;
/// The most header bytes (names and values) a request may carry. The widget and the
/// console send no cookies, so real requests stay far below.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// An HTTP method the edge distinguishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// HEAD, answered like GET without a body.
    Head,
    /// POST.
    Post,
    /// PUT (owner API: replace a setting).
    Put,
    /// PATCH (owner API: change some fields).
    Patch,
    /// DELETE (owner API: remove a pick).
    Delete,
    /// OPTIONS (CORS preflight).
    Options,
    /// Anything else.
    Other(String),
}

impl Method {
    /// Parses a method name.
    pub fn parse(name: &str) -> Method {
        match name.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "OPTIONS" => Method::Options,
            other => Method::Other(other.to_owned()),
        }
    }

    /// The method's name.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Other(m) => m,
        }
    }
}

/// A request as the handlers see it.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The path, percent-encoded as received, without the query.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Headers with lowercase names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: Method, path_and_query: &str) -> HttpRequest {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        HttpRequest {
            method,
            path: path.to_owned(),
            query: query.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header (builder style, for tests and the runtime adapter).
    pub fn with_header(mut self, name: &str, value: &str) -> HttpRequest {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Sets the body (builder style).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> HttpRequest {
        self.body = body.into();
        self
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path and query, exactly as signed by a signing client.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// The path's segments after the leading `/`, percent-decoded; `None` when a
    /// segment is not valid UTF-8 once decoded.
    pub fn segments(&self) -> Option<Vec<String>> {
        self.path
            .trim_start_matches('/')
            .split('/')
            .map(percent_decode)
            .collect()
    }

    /// The last value of each query parameter.
    pub fn query_param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| k == name)
            .last()
            .map(|(_, v)| v.into_owned())
    }

    /// Refuses a URL or headers larger than any route needs, before routing reads
    /// either.
    pub fn check_size(&self) -> Result<(), ApiError> {
        if self.path.len() + self.query.len() > MAX_URL_BYTES {
            return Err(ApiError::UriTooLong {
                limit_bytes: MAX_URL_BYTES as u64,
            });
        }
        let header_bytes: usize = self.headers.iter().map(|(n, v)| n.len() + v.len()).sum();
        if header_bytes > MAX_HEADER_BYTES {
            return Err(ApiError::HeadersTooLarge {
                limit_bytes: MAX_HEADER_BYTES as u64,
            });
        }
        Ok(())
    }

    /// Decodes a JSON body, refusing other content types and oversize bodies.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        if self.body.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        let is_json = self.header("content-type").is_some_and(|ct| {
            ct.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        serde_json::from_slice(&self.body).map_err(|e| ApiError::InvalidJson {
            message: e.to_string(),
        })
    }
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A response as the handlers produce it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status.
    pub status: u16,
    /// Headers with lowercase names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A JSON response.
    pub fn json<T: Serialize>(status: u16, value: &T) -> HttpResponse {
        // Serialising our own wire types cannot fail: they have no maps with non-string
        // keys and no fallible Serialize impls.
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
        HttpResponse {
            status,
            headers: vec![(
                "content-type".to_owned(),
                "application/json; charset=utf-8".to_owned(),
            )],
            body,
        }
    }

    /// An HTML page of the edge's own (a pay page): no scripts, no framing, no
    /// caching. `form_targets` are the origins its forms may lead to (a form's
    /// redirect counts in browsers' `form-action`).
    pub fn html(status: u16, body: String, form_targets: &[&str]) -> HttpResponse {
        let csp = format!(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
             form-action 'self' {}; frame-ancestors 'none'; base-uri 'none'",
            form_targets.join(" ")
        );
        HttpResponse {
            status,
            headers: vec![
                (
                    "content-type".to_owned(),
                    "text/html; charset=utf-8".to_owned(),
                ),
                ("content-security-policy".to_owned(), csp),
                ("cache-control".to_owned(), "no-store".to_owned()),
                ("referrer-policy".to_owned(), "no-referrer".to_owned()),
                ("x-content-type-options".to_owned(), "nosniff".to_owned()),
            ],
            body: body.into_bytes(),
        }
    }

    /// A piece of HTML for the loader to insert into a widget's shadow root (a
    /// first view): fetched across origins and parsed as inert markup. Opened as a
    /// page by anyone, its policy lets nothing load or run (`default-src 'none';
    /// sandbox`), so catalogue text in it can never act on the edge's origin.
    pub fn fragment(body: String) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![
                (
                    "content-type".to_owned(),
                    "text/html; charset=utf-8".to_owned(),
                ),
                ("x-content-type-options".to_owned(), "nosniff".to_owned()),
                (
                    "content-security-policy".to_owned(),
                    "default-src 'none'; sandbox".to_owned(),
                ),
            ],
            body: body.into_bytes(),
        }
    }

    /// A `303 See Other` to `location`.
    pub fn see_other(location: &str) -> HttpResponse {
        HttpResponse::empty(303)
            .with_header("location", location)
            .with_header("cache-control", "no-store")
    }

    /// An empty response.
    pub fn empty(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Sets a header, replacing any value it had.
    pub fn with_header(mut self, name: &str, value: &str) -> HttpResponse {
        self.set_header(name, value);
        self
    }

    /// Sets a header in place, replacing any value it had.
    pub fn set_header(&mut self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.to_owned()));
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// This response made revalidatable: `cache-control: no-cache` and a strong
    /// `ETag` over the body, or `304 Not Modified` (no body) when `req` already has
    /// it. Why: an owner's change must show at once, yet unchanged reads stay cheap.
    pub fn revalidated(self, req: &HttpRequest) -> HttpResponse {
        self.tagged().answer(req)
    }

    /// This response with `cache-control: no-cache` and a strong `ETag` over its
    /// body, before any request's `If-None-Match` is looked at ([`Self::answer`]):
    /// the form a rendered page is kept in (`pages.rs`).
    pub fn tagged(self) -> HttpResponse {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(&self.body);
        let etag = format!("\"{}\"", &hex::encode(digest)[..32]);
        self.with_header("cache-control", "no-cache")
            .with_header("etag", &etag)
    }

    /// This [`Self::tagged`] response for `req`: `304 Not Modified` without a body
    /// when `req`'s `If-None-Match` names its ETag (or `*`), else itself.
    pub fn answer(self, req: &HttpRequest) -> HttpResponse {
        let Some(etag) = self.header("etag") else {
            return self;
        };
        let matches = req.header("if-none-match").is_some_and(|h| {
            h.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        });
        if !(matches && self.status == 200) {
            return self;
        }
        let etag = etag.to_owned();
        HttpResponse::empty(304)
            .with_header("cache-control", "no-cache")
            .with_header("etag", &etag)
    }

    /// The response for an error: its status, its JSON body and `Retry-After`.
    pub fn error(error: &ApiError) -> HttpResponse {
        let mut response = HttpResponse::json(error.status(), error);
        if let Some(secs) = error.retry_after() {
            response.set_header("retry-after", &secs.to_string());
        }
        if let ApiError::MethodNotAllowed { allowed } = error {
            response.set_header("allow", &allowed.join(", "));
        }
        response
    }
}

/// A request body as its chunks arrive: kept up to [`MAX_BODY_BYTES`], then only
/// counted, so memory stays bounded whatever a client sends.
#[derive(Debug, Default)]
pub struct BodyReader {
    kept: Vec<u8>,
    seen: usize,
}

impl BodyReader {
    /// Takes the next chunk; `false` once the body is refused and read as far as it
    /// will be (past [`DRAINED_BYTES`]): stop reading.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        self.seen = self.seen.saturating_add(chunk.len());
        if self.seen <= MAX_BODY_BYTES {
            self.kept.extend_from_slice(chunk);
        }
        self.seen <= DRAINED_BYTES
    }

    /// The whole body, or `payload_too_large` when it was over [`MAX_BODY_BYTES`].
    pub fn finish(self) -> Result<Vec<u8>, ApiError> {
        if self.seen > MAX_BODY_BYTES {
            return Err(too_large());
        }
        Ok(self.kept)
    }
}

/// The answer to a body over [`MAX_BODY_BYTES`].
pub fn too_large() -> ApiError {
    ApiError::PayloadTooLarge {
        limit_bytes: MAX_BODY_BYTES as u64,
    }
}

/// The path and the query (without `?`) of an absolute URL as the runtime gives it,
/// already parsed and serialised (so already percent-encoded): its own spans, not
/// parsed again. `None` for a URL that is not absolute.
pub fn split_url(url: &str) -> Option<(&str, &str)> {
    let (_, rest) = url.split_once("://")?;
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let from = rest.find(['/', '?']).unwrap_or(rest.len());
    let (path, query) = rest[from..].split_once('?').unwrap_or((&rest[from..], ""));
    Some((if path.is_empty() { "/" } else { path }, query))
}

/// Reads the runtime's request headers, sent as `name\nvalue\n` pairs (a name or
/// value can hold no line break, in HTTP or in the runtime's `Headers`).
pub fn parse_head(head: &str) -> Vec<(String, String)> {
    let mut lines = head.split('\n');
    let mut headers = Vec::new();
    while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
        headers.push((name.to_ascii_lowercase(), value.to_owned()));
    }
    headers
}

/// Writes response headers for the runtime as `name\nvalue\n` pairs; `None` when
/// a name or value holds a line break or NUL, which no response may carry.
pub fn write_head(headers: &[(String, String)]) -> Option<String> {
    let mut head = String::with_capacity(headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    for (name, value) in headers {
        let refused = |s: &String| s.bytes().any(|b| matches!(b, b'\n' | b'\r' | 0));
        if refused(name) || refused(value) {
            return None;
        }
        head.push_str(name);
        head.push('\n');
        head.push_str(value);
        head.push('\n');
    }
    Some(head)
}

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if authority_len == 0 {
        return None;
    }
    Some(&url[..url.len() - rest.len() + authority_len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runtime_url_splits_into_its_path_and_query_as_sent() {
        assert_eq!(
            split_url("http://127.0.0.1:8787/v1/shops/de%6Do/products?page=2&q=a%20b"),
            Some(("/v1/shops/de%6Do/products", "page=2&q=a%20b"))
        );
        assert_eq!(split_url("https://edge.example/"), Some(("/", "")));
        assert_eq!(split_url("https://edge.example"), Some(("/", "")));
        assert_eq!(split_url("https://edge.example?x=1"), Some(("/", "x=1")));
        assert_eq!(split_url("https://edge.example/a?"), Some(("/a", "")));
        assert_eq!(
            split_url("https://edge.example/a?b=c#d"),
            Some(("/a", "b=c"))
        );
        assert_eq!(
            split_url("https://edge.example/a/b#d?e"),
            Some(("/a/b", ""))
        );
        assert_eq!(split_url("/relative"), None);
    }

    #[test]
    fn headers_cross_the_runtime_as_pairs_of_lines_and_come_back_the_same() {
        let headers = vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("etag".to_owned(), "\"abc\"".to_owned()),
            ("x-empty".to_owned(), String::new()),
        ];
        let head = write_head(&headers).expect("plain headers are written");
        assert_eq!(
            head,
            "content-type\napplication/json\netag\n\"abc\"\nx-empty\n\n"
        );
        assert_eq!(parse_head(&head), headers);
        assert_eq!(parse_head(""), Vec::new());
        assert_eq!(
            parse_head("Origin\nhttps://blog.example\n"),
            vec![("origin".to_owned(), "https://blog.example".to_owned())]
        );
    }

    #[test]
    fn a_header_with_a_line_break_is_never_written() {
        for bad in ["a\nb", "a\rb", "a\0b"] {
            assert_eq!(write_head(&[("x".to_owned(), bad.to_owned())]), None);
            assert_eq!(write_head(&[(bad.to_owned(), "v".to_owned())]), None);
        }
    }

    #[test]
    fn path_segments_are_percent_decoded() {
        let r = HttpRequest::new(Method::Get, "/v1/shops/de%6Do/products?q=a");
        assert_eq!(
            r.segments(),
            Some(vec![
                "v1".into(),
                "shops".into(),
                "demo".into(),
                "products".into()
            ])
        );
        assert_eq!(r.query_param("q").as_deref(), Some("a"));
        let bad = HttpRequest::new(Method::Get, "/v1/%ff");
        assert_eq!(bad.segments(), None);
        let truncated = HttpRequest::new(Method::Get, "/v1/%4");
        assert_eq!(truncated.segments(), Some(vec!["v1".into(), "%4".into()]));
    }

    #[test]
    fn a_matching_etag_answers_304_without_a_body() {
        let fresh = HttpResponse::json(200, &serde_json::json!({"a": 1}));
        let first = fresh
            .clone()
            .revalidated(&HttpRequest::new(Method::Get, "/"));
        assert_eq!(first.status, 200);
        assert_eq!(first.header("cache-control"), Some("no-cache"));
        let etag = first.header("etag").expect("etag").to_owned();
        let again = HttpRequest::new(Method::Get, "/").with_header("if-none-match", &etag);
        let second = fresh.clone().revalidated(&again);
        assert_eq!(second.status, 304);
        assert!(second.body.is_empty());
        let changed = HttpResponse::json(200, &serde_json::json!({"a": 2})).revalidated(&again);
        assert_eq!(changed.status, 200);
    }

    #[test]
    fn an_oversize_url_or_header_block_is_refused_with_its_code() {
        let long = format!("/v1/shops/demo/products?q={}", "a".repeat(MAX_URL_BYTES));
        assert!(matches!(
            HttpRequest::new(Method::Get, &long).check_size(),
            Err(ApiError::UriTooLong { .. })
        ));
        let big =
            HttpRequest::new(Method::Get, "/").with_header("x-a", &"b".repeat(MAX_HEADER_BYTES));
        assert!(matches!(
            big.check_size(),
            Err(ApiError::HeadersTooLarge { .. })
        ));
        let fine = HttpRequest::new(Method::Get, "/v1/shops/demo")
            .with_header("origin", "https://a.example");
        assert_eq!(fine.check_size(), Ok(()));
    }

    #[test]
    fn a_body_that_is_not_declared_json_is_refused() {
        let r = HttpRequest::new(Method::Post, "/").with_body("{}");
        assert!(matches!(
            r.json::<serde_json::Value>(),
            Err(ApiError::UnsupportedMediaType)
        ));
        let r = r.with_header("Content-Type", "application/json; charset=utf-8");
        assert!(r.json::<serde_json::Value>().is_ok());
    }

    #[test]
    fn malformed_and_oversize_json_is_refused_with_its_code() {
        let r = HttpRequest::new(Method::Post, "/").with_header("content-type", "application/json");
        let bad = r.clone().with_body("{\"a\":");
        assert!(matches!(
            bad.json::<serde_json::Value>(),
            Err(ApiError::InvalidJson { .. })
        ));
        let big = r.with_body(vec![b' '; MAX_BODY_BYTES + 1]);
        assert!(matches!(
            big.json::<serde_json::Value>(),
            Err(ApiError::PayloadTooLarge { .. })
        ));
    }

    #[test]
    fn a_body_within_the_limit_is_kept_whole_across_its_chunks() {
        let mut reader = BodyReader::default();
        assert!(reader.push(b"{\"a\":"));
        assert!(reader.push(b""));
        assert!(reader.push(b"1}"));
        assert_eq!(reader.finish().expect("within the limit"), b"{\"a\":1}");
        let mut exact = BodyReader::default();
        assert!(exact.push(&vec![b' '; MAX_BODY_BYTES]));
        assert_eq!(exact.finish().map(|b| b.len()), Ok(MAX_BODY_BYTES));
    }

    #[test]
    fn an_oversize_body_is_drained_to_a_bound_then_refused_without_being_kept() {
        let mut reader = BodyReader::default();
        let chunk = vec![b'x'; 16 * 1024];
        let mut pushed = 0;
        while reader.push(&chunk) {
            pushed += chunk.len();
            assert!(
                pushed <= DRAINED_BYTES,
                "reading stops past the drain bound"
            );
        }
        assert!(reader.kept.len() <= MAX_BODY_BYTES, "memory stays bounded");
        assert_eq!(reader.finish(), Err(too_large()));
        let mut just_over = BodyReader::default();
        assert!(just_over.push(&vec![b' '; MAX_BODY_BYTES + 1]));
        assert_eq!(just_over.finish(), Err(too_large()));
    }
}
