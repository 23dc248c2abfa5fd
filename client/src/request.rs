//! One request over the browser's `fetch`, and what it answered.
//!
//! Invariants: every request asks for JSON; a body is always sent as JSON; a header
//! without a value is not sent at all; anything that stops an answer's body from
//! being read in full (no window, a refused request, a dropped connection) is
//! [`FetchError::Network`].

use crate::answer::{decode, text, FetchError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What to ask.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// Absolute for the widget (it runs on the host page's origin), a path for the
    /// console (served by the edge it calls).
    pub url: &'a str,
    /// `Cors` for the widget, `SameOrigin` for the console.
    pub mode: web_sys::RequestMode,
    /// Extra headers, in order; those without a value are left out.
    pub headers: &'a [(&'a str, Option<&'a str>)],
}

/// What the edge answered: its status and its whole body.
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
    headers: web_sys::Headers,
}

impl Answer {
    /// The value of the answer's header `name`, if it has one.
    #[inline]
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }

    /// The value on 2xx, else why not ([`decode`]).
    #[inline]
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, FetchError> {
        decode(self.status, &self.body)
    }

    /// The body on 2xx, else why not ([`text`]).
    #[inline]
    pub fn text(self) -> Result<String, FetchError> {
        text(self.status, self.body)
    }
}

/// A request body as JSON (a value that cannot be written is [`FetchError::Decode`]).
#[inline]
pub fn json<T: Serialize>(value: &T) -> Result<String, FetchError> {
    serde_json::to_string(value).map_err(|_| FetchError::Decode)
}

/// A path segment or query value, percent-encoded.
#[inline]
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Sends `request` with `body` and waits for the whole answer.
#[inline]
pub async fn send(request: Request<'_>, body: Option<String>) -> Result<Answer, FetchError> {
    fetch(request, body).await.map_err(|_| FetchError::Network)
}

#[inline]
async fn fetch(request: Request<'_>, body: Option<String>) -> Result<Answer, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let init = web_sys::RequestInit::new();
    init.set_method(request.method);
    init.set_mode(request.mode);
    let headers = web_sys::Headers::new()?;
    headers.set("accept", "application/json")?;
    if let Some(body) = body {
        headers.set("content-type", "application/json")?;
        init.set_body(&JsValue::from_str(&body));
    }
    for (name, value) in request.headers {
        if let Some(value) = value {
            headers.set(name, value)?;
        }
    }
    init.set_headers(&headers);
    let fetched = web_sys::Request::new_with_str_and_init(request.url, &init)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&fetched))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok(Answer {
        status: response.status(),
        body: text.as_string().unwrap_or_default(),
        headers: response.headers(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_percent_encoded_for_a_path_or_query() {
        assert_eq!(encode("a b/c&d=é"), "a+b%2Fc%26d%3D%C3%A9");
        assert_eq!(encode("s0123abc-_.~"), "s0123abc-_.%7E");
    }

    #[test]
    fn a_body_is_written_as_json() {
        assert_eq!(json(&vec![1, 2]), Ok("[1,2]".to_owned()));
    }
}
