//! The [`Platform`] in the Worker: outbound requests through `fetch`, order timers
//! as the `ORDER_TIMERS` Durable Object (one object per order, see
//! `OrderTimer`), and commands to the stock holds and campaign counters, each a
//! Durable Object named by its SKU or campaign and asked through one JSON call.
//!
//! Invariants: an answer larger than [`MAX_PROVIDER_BODY`] is refused, not read
//! whole; the timer object is addressed by the order id, so every wake-up of one
//! order goes to the same object and alarm.

use crate::adapters::binding::Bindings;
use crate::ports::platform::{OutboundRequest, OutboundResponse, MAX_PROVIDER_BODY};
use crate::ports::platform::{Platform, PlatformError};
use crate::ports::timer::{self, Wake};
use pocketshop_shared::OrderId;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// The Worker's platform.
pub struct WorkerPlatform {
    bindings: Rc<dyn Bindings>,
}

impl WorkerPlatform {
    /// The platform of the Worker's bindings.
    pub fn new(bindings: Rc<dyn Bindings>) -> WorkerPlatform {
        WorkerPlatform { bindings }
    }

    /// Sends `command` as JSON to the Durable Object of `binding` named `name` and
    /// reads its JSON answer; any failure, or an answer other than 200, is its
    /// runtime message.
    async fn ask_object<C: serde::Serialize, A: serde::de::DeserializeOwned>(
        &self,
        binding: &str,
        name: &str,
        command: &C,
    ) -> Result<A, String> {
        let namespace = self
            .bindings
            .durable_object(binding)
            .map_err(|e| e.to_string())?;
        let stub = namespace
            .id_from_name(name)
            .and_then(|id| id.get_stub())
            .map_err(|e| e.to_string())?;
        let body = serde_json::to_string(command).map_err(|e| e.to_string())?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_body(Some(JsValue::from_str(&body)));
        // The object routes nothing: any URL reaches its `fetch`.
        let req =
            Request::new_with_init("https://object/command", &init).map_err(|e| e.to_string())?;
        let mut response = stub
            .fetch_with_request(req)
            .await
            .map_err(|e| e.to_string())?;
        if response.status_code() != 200 {
            return Err(format!("{binding} answered {}", response.status_code()));
        }
        response.json().await.map_err(|e| e.to_string())
    }
}

fn method(m: &crate::base::http::Method) -> Method {
    match m {
        crate::base::http::Method::Get => Method::Get,
        crate::base::http::Method::Head => Method::Head,
        crate::base::http::Method::Post => Method::Post,
        crate::base::http::Method::Put => Method::Put,
        crate::base::http::Method::Patch => Method::Patch,
        crate::base::http::Method::Delete => Method::Delete,
        crate::base::http::Method::Options => Method::Options,
        crate::base::http::Method::Other(other) => Method::from(other.clone()),
    }
}

fn fetch_error(e: worker::Error) -> PlatformError {
    PlatformError::Fetch {
        detail: e.to_string(),
    }
}

impl Platform for WorkerPlatform {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, PlatformError> {
        let headers = Headers::new();
        for (name, value) in &request.headers {
            headers.set(name, value).map_err(fetch_error)?;
        }
        let mut init = RequestInit::new();
        init.with_method(method(&request.method))
            .with_headers(headers);
        if !request.body.is_empty() {
            init.with_body(Some(JsValue::from(js_sys::Uint8Array::from(
                request.body.as_slice(),
            ))));
        }
        let req = Request::new_with_init(&request.url, &init).map_err(fetch_error)?;
        let mut response = Fetch::Request(req).send().await.map_err(fetch_error)?;
        let declared = response
            .headers()
            .get("content-length")
            .ok()
            .flatten()
            .and_then(|l| l.parse::<usize>().ok());
        if declared.is_some_and(|l| l > MAX_PROVIDER_BODY) {
            return Err(PlatformError::TooLarge {
                limit: MAX_PROVIDER_BODY,
            });
        }
        let body = response.bytes().await.map_err(fetch_error)?;
        if body.len() > MAX_PROVIDER_BODY {
            return Err(PlatformError::TooLarge {
                limit: MAX_PROVIDER_BODY,
            });
        }
        Ok(OutboundResponse {
            status: response.status_code(),
            headers: response
                .headers()
                .entries()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
            body,
        })
    }

    async fn wake_order_at(&self, order: &OrderId, at: i64) -> Result<(), PlatformError> {
        let timer = |e: worker::Error| PlatformError::Timer {
            detail: e.to_string(),
        };
        let stub = self
            .bindings
            .durable_object(timer::BINDING)
            .map_err(timer)?
            .id_from_name(order.as_str())
            .map_err(timer)?
            .get_stub()
            .map_err(timer)?;
        let body = serde_json::to_string(&Wake {
            order_id: order.to_string(),
            at,
        })
        .map_err(|e| PlatformError::Timer {
            detail: e.to_string(),
        })?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_body(Some(JsValue::from_str(&body)));
        let req = Request::new_with_init("https://order-timer/wake", &init).map_err(timer)?;
        let response = stub.fetch_with_request(req).await.map_err(timer)?;
        if response.status_code() >= 300 {
            return Err(PlatformError::Timer {
                detail: format!("timer answered {}", response.status_code()),
            });
        }
        Ok(())
    }

    async fn rate_limit(
        &self,
        limiter: crate::ports::platform::Limiter,
        key: &str,
    ) -> Result<bool, PlatformError> {
        let failed = |e: worker::Error| PlatformError::RateLimit {
            detail: e.to_string(),
        };
        let outcome = self
            .bindings
            .rate_limiter(limiter.binding())
            .map_err(failed)?
            .limit(key.to_owned())
            .await
            .map_err(failed)?;
        Ok(outcome.success)
    }

    async fn stock_holds(
        &self,
        sku: &pocketshop_shared::Sku,
        command: &crate::ports::holds::HoldCommand,
    ) -> Result<crate::ports::holds::HoldAnswer, PlatformError> {
        self.ask_object(crate::ports::holds::BINDING, sku.as_str(), command)
            .await
            .map_err(|detail| PlatformError::StockHolds { detail })
    }

    async fn campaign(
        &self,
        name: &str,
        command: &crate::ports::counters::CampaignCommand,
    ) -> Result<crate::ports::counters::CampaignAnswer, PlatformError> {
        self.ask_object(crate::ports::counters::BINDING, name, command)
            .await
            .map_err(|detail| PlatformError::Campaign { detail })
    }

    async fn pbkdf2_sha256(
        &self,
        password: &[u8],
        salt: &[u8],
        iterations: u32,
    ) -> Result<[u8; 32], PlatformError> {
        use js_sys::{Array, Object, Reflect, Uint8Array};
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        // JavaScript errors carry no secrets, but only their text is kept.
        let crypto = |e: JsValue| PlatformError::Crypto {
            detail: e.as_string().unwrap_or_else(|| format!("{e:?}")),
        };
        let subtle = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
            .map_err(crypto)?
            .unchecked_into::<web_sys::Crypto>()
            .subtle();
        let usages = Array::of1(&JsValue::from_str("deriveBits"));
        let key = JsFuture::from(
            subtle
                .import_key_with_str("raw", &Uint8Array::from(password), "PBKDF2", false, &usages)
                .map_err(crypto)?,
        )
        .await
        .map_err(crypto)?
        .unchecked_into::<web_sys::CryptoKey>();
        let params = Object::new();
        for (name, value) in [
            ("name", JsValue::from_str("PBKDF2")),
            ("hash", JsValue::from_str("SHA-256")),
            ("salt", Uint8Array::from(salt).into()),
            ("iterations", JsValue::from_f64(f64::from(iterations))),
        ] {
            Reflect::set(&params, &JsValue::from_str(name), &value).map_err(crypto)?;
        }
        let bits = JsFuture::from(
            subtle
                .derive_bits_with_object(&params, &key, 256)
                .map_err(crypto)?,
        )
        .await
        .map_err(crypto)?;
        let bytes = Uint8Array::new(&bits).to_vec();
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| PlatformError::Crypto {
            detail: format!("deriveBits returned {} bytes, not 32", bytes.len()),
        })
    }
}
