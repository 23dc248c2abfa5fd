//! Signed webhooks to the edge.
//!
//! Invariants: every event carries a fresh event id and is signed like every Supply
//! API request; a failed delivery is reported, never hidden.

use crate::context::{random_hex, Ctx};
use crate::error::Error;
use pocketshop_shared::supply::{SupplyEvent, SupplyEventKind};
use serde::Serialize;
use wasm_bindgen::JsValue;
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// What happened to a webhook.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// Whether the edge answered 2xx.
    pub delivered: bool,
    /// The edge's status, when it answered.
    pub status: Option<u16>,
    /// The event id.
    pub event_id: String,
}

/// Sends one event to the edge.
pub async fn send(ctx: &Ctx, kind: SupplyEventKind) -> Result<Delivery, Error> {
    let event = SupplyEvent {
        event_id: format!("ev-{}", random_hex(12)?),
        occurred_at: ctx.now,
        kind,
    };
    let body = serde_json::to_vec(&event).map_err(|e| Error::Corrupt {
        what: "event",
        detail: e.to_string(),
    })?;
    let url = worker::Url::parse(&ctx.config.webhook_url)
        .map_err(|_| Error::Config("EDGE_WEBHOOK_URL"))?;
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let signed = ctx
        .config
        .webhook_key
        .sign(ctx.now, &random_hex(16)?, "POST", &path, &body);
    let headers = Headers::new();
    for (name, value) in signed.pairs() {
        headers.set(name, value)?;
    }
    headers.set("content-type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from(js_sys::Uint8Array::from(
            body.as_slice(),
        ))));
    let request = Request::new_with_init(url.as_str(), &init)?;
    let event_id = event.event_id;
    Ok(match Fetch::Request(request).send().await {
        Ok(response) => {
            let status = response.status_code();
            Delivery {
                delivered: (200..300).contains(&status),
                status: Some(status),
                event_id,
            }
        }
        Err(_) => Delivery {
            delivered: false,
            status: None,
            event_id,
        },
    })
}
