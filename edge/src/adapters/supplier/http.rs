//! The [`Supplier`] over signed HTTP (Supply API v1), run under [`crate::adapters::supplier::policy`]:
//! each call has one deadline raced against the fetch and the body read (a
//! `worker::Delay`), reads are retried within it, and the supplier's circuit breaker
//! is asked first.
//!
//! Invariants: every attempt is signed with a fresh nonce; a supplier body is read as
//! a stream and the read stops (and the request is aborted) as soon as it passes the
//! call's limit, so a 10 MB body is never buffered; a timed-out attempt is aborted;
//! a body is decoded into Supply API types or an `ApiError`, never passed on; every
//! write carries an idempotency key (after-sales requests derive theirs from the
//! order and the request, so a double click opens one case).

use crate::adapters::supplier::policy::{self, CallKind, CallPolicy, Timing, MAX_ERROR_BODY};
use crate::base::config::{Config, SupplierConfig};
use crate::ports::supplier::{Supplier, SupplierError};
use pocketshop_shared::catalogue::SupplyProduct;
use pocketshop_shared::signing::SigningKey;
use pocketshop_shared::supply::{
    AfterSalesCase, AfterSalesRequest, CreateSupplyOrder, ProductPage, SupplyOrder,
};
use pocketshop_shared::{ApiError, ProductId};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use worker::{AbortController, Delay, Fetch, Headers, Method, Request, RequestInit, ResponseBody};

/// A supplier reached over HTTP(S).
pub struct HttpSupplier {
    base_url: String,
    key: SigningKey,
    config: SupplierConfig,
}

/// The Worker's clock, timers and randomness.
struct WorkerTiming;

impl Timing for WorkerTiming {
    fn now_ms(&self) -> u64 {
        worker::Date::now().as_millis()
    }

    async fn sleep(&self, ms: u64) {
        Delay::from(Duration::from_millis(ms)).await;
    }

    fn jitter(&self) -> u32 {
        let mut b = [0u8; 2];
        // Without randomness, back off by the middle of the range.
        getrandom::getrandom(&mut b).map_or(500, |()| u32::from(u16::from_le_bytes(b)) % 1001)
    }
}

/// A status and a body read within its limit.
struct Answer {
    status: u16,
    body: Vec<u8>,
}

fn js_error(what: &str, e: JsValue) -> SupplierError {
    SupplierError::Unreachable {
        detail: format!("{what}: {e:?}"),
    }
}

/// Reads `response`'s body, stopping as soon as it passes `limit`.
async fn read_limited(response: &worker::Response, limit: usize) -> Result<Vec<u8>, SupplierError> {
    let too_large = SupplierError::TooLarge { limit_bytes: limit };
    let stream = match response.body() {
        ResponseBody::Empty => return Ok(Vec::new()),
        ResponseBody::Body(bytes) if bytes.len() > limit => return Err(too_large),
        ResponseBody::Body(bytes) => return Ok(bytes.clone()),
        ResponseBody::Stream(stream) => stream,
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|e| js_error("reading the body", e))?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .map_err(|e| js_error("reading the body", e))?
            .as_bool()
            .unwrap_or(true);
        if done {
            return Ok(out);
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(|e| js_error("reading the body", e))?
            .dyn_into()
            .map_err(|e| js_error("a body chunk is not bytes", e))?;
        let len = value.length() as usize;
        if out.len() + len > limit {
            // The rest is never read; the caller aborts the request.
            let _ = reader.cancel();
            return Err(too_large);
        }
        let start = out.len();
        out.resize(start + len, 0);
        value.copy_to(&mut out[start..]);
    }
}

impl HttpSupplier {
    /// The supplier of `config`.
    pub fn new(config: &Config) -> HttpSupplier {
        HttpSupplier {
            base_url: config.supply_url.clone(),
            key: config.supply_key.clone(),
            config: config.supplier,
        }
    }

    /// Makes one call under the policy of `kind`.
    async fn send(
        &self,
        kind: CallKind,
        method: Method,
        path_and_query: &str,
        body: &[u8],
        idempotency_key: Option<&str>,
    ) -> Result<Answer, SupplierError> {
        let policy = CallPolicy::of(kind, &self.config);
        policy::call(
            &policy,
            &self.config.breaker,
            &self.base_url,
            &WorkerTiming,
            |left_ms| {
                self.attempt(
                    method.clone(),
                    path_and_query,
                    body,
                    idempotency_key,
                    policy.max_body,
                    left_ms,
                )
            },
        )
        .await
    }

    /// One attempt, abandoned (and aborted) after `left_ms`.
    async fn attempt(
        &self,
        method: Method,
        path_and_query: &str,
        body: &[u8],
        idempotency_key: Option<&str>,
        max_body: usize,
        left_ms: u64,
    ) -> Result<Answer, SupplierError> {
        let controller = AbortController::default();
        let signal = controller.signal();
        let exchange = self.exchange(
            method,
            path_and_query,
            body,
            idempotency_key,
            max_body,
            &signal,
        );
        let result = policy::race(exchange, Delay::from(Duration::from_millis(left_ms))).await;
        // Done with it either way: a timed-out or unread response is dropped at once.
        controller.abort();
        result.unwrap_or(Err(SupplierError::Timeout { after_ms: left_ms }))
    }

    /// Sends a signed request and reads the answer within the limits.
    async fn exchange(
        &self,
        method: Method,
        path_and_query: &str,
        bytes: &[u8],
        idempotency_key: Option<&str>,
        max_body: usize,
        signal: &worker::AbortSignal,
    ) -> Result<Answer, SupplierError> {
        let unreachable = |e: worker::Error| SupplierError::Unreachable {
            detail: e.to_string(),
        };
        let nonce = crate::base::random::hex(16).map_err(|e| SupplierError::Unreachable {
            detail: e.to_string(),
        })?;
        let signed = self.key.sign(
            crate::base::clock::now(),
            &nonce,
            method.as_ref(),
            path_and_query,
            bytes,
        );
        let headers = Headers::new();
        for (name, value) in signed.pairs() {
            headers.set(name, value).map_err(unreachable)?;
        }
        headers
            .set("accept", "application/json")
            .map_err(unreachable)?;
        if let Some(key) = idempotency_key {
            headers.set("idempotency-key", key).map_err(unreachable)?;
        }
        let mut init = RequestInit::new();
        init.with_method(method).with_headers(headers);
        if !bytes.is_empty() {
            init.headers
                .set("content-type", "application/json")
                .map_err(unreachable)?;
            init.with_body(Some(JsValue::from(js_sys::Uint8Array::from(bytes))));
        }
        let url = format!("{}{}", self.base_url, path_and_query);
        let request = Request::new_with_init(&url, &init).map_err(unreachable)?;
        let response = Fetch::Request(request)
            .send_with_signal(signal)
            .await
            .map_err(unreachable)?;
        let status = response.status_code();
        let header = |name: &str| response.headers().get(name).ok().flatten();
        match status {
            429 => {
                return Err(SupplierError::RateLimited {
                    retry_after_secs: policy::retry_after(header("retry-after").as_deref()),
                })
            }
            500..=599 => return Err(SupplierError::Status { status }),
            _ => {}
        }
        let limit = if (200..300).contains(&status) {
            max_body
        } else {
            MAX_ERROR_BODY
        };
        let declared = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
        if declared.is_some_and(|l| l > limit as u64) {
            return Err(SupplierError::TooLarge { limit_bytes: limit });
        }
        let body = read_limited(&response, limit).await?;
        Ok(Answer { status, body })
    }
}

fn decode<T: DeserializeOwned>(answer: &Answer) -> Result<T, SupplierError> {
    let Answer { status, body } = answer;
    match status {
        200..=299 => serde_json::from_slice(body).map_err(|e| SupplierError::InvalidBody {
            detail: e.to_string(),
        }),
        400..=499 => match serde_json::from_slice::<ApiError>(body) {
            Ok(api) => Err(SupplierError::Rejected(api)),
            Err(_) => Err(SupplierError::Status { status: *status }),
        },
        _ => Err(SupplierError::Status { status: *status }),
    }
}

/// The idempotency key of an after-sales request: the same order and the same
/// request (a double click, a retry) make the same key, so one case.
pub fn after_sales_key(supplier_order_id: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(supplier_order_id.as_bytes());
    h.update([0]);
    h.update(body);
    format!("after-sales-{}", &hex::encode(h.finalize())[..32])
}

impl Supplier for HttpSupplier {
    async fn products(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<ProductPage, SupplierError> {
        let mut path = format!("/v1/products?limit={limit}");
        if let Some(c) = cursor {
            path.push_str("&cursor=");
            path.extend(form_urlencoded::byte_serialize(c.as_bytes()));
        }
        let answer = self
            .send(CallKind::CataloguePage, Method::Get, &path, &[], None)
            .await?;
        decode(&answer)
    }

    async fn product(&self, id: &ProductId) -> Result<Option<SupplyProduct>, SupplierError> {
        // ProductId holds only URL-safe characters.
        let answer = self
            .send(
                CallKind::Product,
                Method::Get,
                &format!("/v1/products/{id}"),
                &[],
                None,
            )
            .await?;
        match decode::<SupplyProduct>(&answer) {
            Ok(p) => Ok(Some(p)),
            Err(SupplierError::Rejected(ApiError::UnknownProduct { .. })) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn create_order(
        &self,
        idempotency_key: &str,
        order: &CreateSupplyOrder,
    ) -> Result<SupplyOrder, SupplierError> {
        let body = serde_json::to_vec(order).map_err(|e| SupplierError::InvalidBody {
            detail: e.to_string(),
        })?;
        let answer = self
            .send(
                CallKind::Write,
                Method::Post,
                "/v1/orders",
                &body,
                Some(idempotency_key),
            )
            .await?;
        decode(&answer)
    }

    async fn request_after_sales(
        &self,
        supplier_order_id: &str,
        request: &AfterSalesRequest,
    ) -> Result<AfterSalesCase, SupplierError> {
        let body = serde_json::to_vec(request).map_err(|e| SupplierError::InvalidBody {
            detail: e.to_string(),
        })?;
        let path = format!(
            "/v1/orders/{}/after-sales",
            form_urlencoded::byte_serialize(supplier_order_id.as_bytes()).collect::<String>()
        );
        let key = after_sales_key(supplier_order_id, &body);
        let answer = self
            .send(CallKind::Write, Method::Post, &path, &body, Some(&key))
            .await?;
        decode(&answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_after_sales_key_is_the_same_for_a_double_click_and_differs_otherwise() {
        let a = after_sales_key("SO-1", br#"{"kind":"refund","reason":"broken"}"#);
        assert_eq!(
            a,
            after_sales_key("SO-1", br#"{"kind":"refund","reason":"broken"}"#)
        );
        assert_ne!(
            a,
            after_sales_key("SO-2", br#"{"kind":"refund","reason":"broken"}"#)
        );
        assert_ne!(
            a,
            after_sales_key("SO-1", br#"{"kind":"return","reason":"broken"}"#)
        );
        assert!(a.len() <= 64 && a.starts_with("after-sales-"));
    }

    #[test]
    fn html_with_200_null_prices_and_wrong_types_are_invalid_bodies() {
        for body in [
            &b"<html><body>Maintenance</body></html>"[..],
            br#"{"items": [{"id": "P1", "price": null}], "next_cursor": null}"#,
            br#"{"items": "lots", "next_cursor": 3}"#,
            br#"{"items": [ {"#,
        ] {
            let r = decode::<ProductPage>(&Answer {
                status: 200,
                body: body.to_vec(),
            });
            assert!(
                matches!(r, Err(SupplierError::InvalidBody { .. })),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn an_error_body_becomes_a_refusal_or_just_its_status() {
        let r = decode::<ProductPage>(&Answer {
            status: 404,
            body: br#"{"code":"unknown_product","product_id":"P9"}"#.to_vec(),
        });
        assert!(matches!(
            r,
            Err(SupplierError::Rejected(ApiError::UnknownProduct { .. }))
        ));
        let r = decode::<ProductPage>(&Answer {
            status: 418,
            body: b"<html>teapot</html>".to_vec(),
        });
        assert!(matches!(r, Err(SupplierError::Status { status: 418 })));
    }
}
