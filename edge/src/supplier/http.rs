//! The [`Supplier`] over signed HTTP (Supply API v1).
//!
//! Invariants: every request is signed with a fresh nonce; a supplier body is read
//! only up to [`MAX_SUPPLIER_BODY`] and decoded into Supply API types or an
//! `ApiError`, never passed on.

use super::{Supplier, SupplierError};
use crate::config::Config;
use pocketshop_shared::catalogue::SupplyProduct;
use pocketshop_shared::signing::SigningKey;
use pocketshop_shared::supply::{
    AfterSalesCase, AfterSalesRequest, CreateSupplyOrder, ProductPage, SupplyOrder,
};
use pocketshop_shared::{ApiError, ProductId};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// The largest supplier body the edge reads.
pub const MAX_SUPPLIER_BODY: usize = 8 * 1024 * 1024;

/// A supplier reached over HTTP(S).
pub struct HttpSupplier {
    base_url: String,
    key: SigningKey,
}

impl HttpSupplier {
    /// The supplier of `config`.
    pub fn new(config: &Config) -> HttpSupplier {
        HttpSupplier {
            base_url: config.supply_url.clone(),
            key: config.supply_key.clone(),
        }
    }

    /// Sends a signed request; returns the status and body.
    async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<Vec<u8>>,
        idempotency_key: Option<&str>,
    ) -> Result<(u16, Vec<u8>), SupplierError> {
        let unreachable = |e: worker::Error| SupplierError::Unreachable {
            detail: e.to_string(),
        };
        let nonce = crate::random::hex(16).map_err(|e| SupplierError::Unreachable {
            detail: e.to_string(),
        })?;
        let bytes = body.unwrap_or_default();
        let signed = self.key.sign(
            crate::runtime::now(),
            &nonce,
            method.as_ref(),
            path_and_query,
            &bytes,
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
        init.with_method(method.clone()).with_headers(headers);
        if !bytes.is_empty() {
            init.headers
                .set("content-type", "application/json")
                .map_err(unreachable)?;
            init.with_body(Some(JsValue::from(js_sys::Uint8Array::from(
                bytes.as_slice(),
            ))));
        }
        let url = format!("{}{}", self.base_url, path_and_query);
        let request = Request::new_with_init(&url, &init).map_err(unreachable)?;
        let mut response = Fetch::Request(request).send().await.map_err(unreachable)?;
        let body = response.bytes().await.map_err(unreachable)?;
        if body.len() > MAX_SUPPLIER_BODY {
            return Err(SupplierError::InvalidBody {
                detail: format!("{} bytes", body.len()),
            });
        }
        Ok((response.status_code(), body))
    }
}

fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, SupplierError> {
    match status {
        200..=299 => serde_json::from_slice(body).map_err(|e| SupplierError::InvalidBody {
            detail: e.to_string(),
        }),
        400..=499 => match serde_json::from_slice::<ApiError>(body) {
            Ok(api) => Err(SupplierError::Rejected(api)),
            Err(_) => Err(SupplierError::Status { status }),
        },
        _ => Err(SupplierError::Status { status }),
    }
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
        let (status, body) = self.send(Method::Get, &path, None, None).await?;
        decode(status, &body)
    }

    async fn product(&self, id: &ProductId) -> Result<Option<SupplyProduct>, SupplierError> {
        // ProductId holds only URL-safe characters.
        let (status, body) = self
            .send(Method::Get, &format!("/v1/products/{id}"), None, None)
            .await?;
        match decode::<SupplyProduct>(status, &body) {
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
        let (status, body) = self
            .send(
                Method::Post,
                "/v1/orders",
                Some(body),
                Some(idempotency_key),
            )
            .await?;
        decode(status, &body)
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
        let (status, body) = self.send(Method::Post, &path, Some(body), None).await?;
        decode(status, &body)
    }
}
