//! Signed webhooks to the edge (`EDGE_WEBHOOK_URL`).
//!
//! Invariants: every event carries a fresh event id and is signed exactly like the
//! edge's requests to the supplier (HMAC over timestamp, nonce, method, path with
//! query, body), with the webhook key; a failed delivery is reported to the caller,
//! never hidden and never undoing what happened.

use crate::context::{random_hex, Ctx};
use crate::error::Error;
use crate::input;
use pocketshop_shared::report::chain;
use pocketshop_shared::supply::{SupplyEvent, SupplyEventKind};
use serde::Serialize;
use wasm_bindgen::JsValue;
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// What happened to a webhook.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// Whether the edge answered 2xx.
    pub delivered: bool,
    /// The edge's HTTP status, when it answered.
    pub status: Option<u16>,
    /// The event id.
    pub event_id: String,
    /// Why it did not reach the edge, when it did not answer at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The event as sent: a fresh id, the request's time, what happened.
pub fn event(event_id: String, now: i64, kind: SupplyEventKind) -> SupplyEvent {
    SupplyEvent {
        event_id,
        occurred_at: now,
        kind,
    }
}

/// Sends one event to the edge and reports how it went.
pub async fn send(ctx: &Ctx, kind: SupplyEventKind) -> Result<Delivery, Error> {
    let event = event(format!("ev-{}", random_hex(12)?), ctx.now, kind);
    let body = serde_json::to_vec(&event).map_err(|e| Error::Corrupt {
        what: "event",
        detail: e.to_string(),
    })?;
    let url = worker::Url::parse(&ctx.config.webhook_url)
        .map_err(|_| Error::Config("EDGE_WEBHOOK_URL"))?;
    let path = input::path_and_query(url.path(), url.query());
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
                error: None,
            }
        }
        Err(e) => Delivery {
            delivered: false,
            status: None,
            event_id,
            error: Some(chain(&e)),
        },
    })
}

/// Logs an undelivered webhook, for routes whose answer does not report it.
pub fn log_failure(delivery: &Delivery) {
    if delivery.delivered {
        return;
    }
    let line = format!(
        "webhook {} not delivered: status {:?}, {}",
        delivery.event_id,
        delivery.status,
        delivery.error.as_deref().unwrap_or("no error")
    );
    #[cfg(target_arch = "wasm32")]
    worker::console_warn!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{line}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::order::Shipment;

    #[test]
    fn a_shipped_event_has_the_wire_shape_the_edge_reads() {
        let e = event(
            "ev-1".into(),
            1_790_000_000,
            SupplyEventKind::OrderShipped {
                order_id: "SO-1".into(),
                reference: "PS-1".into(),
                shipment: Shipment {
                    carrier: "SF Express".into(),
                    tracking_number: "SF1".into(),
                    shipped_at: 1_790_000_000,
                    delivered_at: None,
                },
            },
        );
        let v = serde_json::to_value(&e).expect("serialises");
        assert_eq!(v["event_id"], "ev-1");
        assert_eq!(v["type"], "order.shipped");
        assert_eq!(v["data"]["reference"], "PS-1");
        assert_eq!(v["data"]["shipment"]["tracking_number"], "SF1");
    }

    #[test]
    fn a_delivery_reports_the_error_only_when_there_is_one() {
        let ok = Delivery {
            delivered: true,
            status: Some(200),
            event_id: "ev-1".into(),
            error: None,
        };
        let v = serde_json::to_value(&ok).expect("serialises");
        assert_eq!(
            v,
            serde_json::json!({"delivered": true, "status": 200, "event_id": "ev-1"})
        );
    }
}
