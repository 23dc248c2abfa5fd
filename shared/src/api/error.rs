//! The one wire error of the Edge API, [`ApiError`], which a supplier answers with
//! too.
//!
//! Invariants: every error body is an `ApiError` serialised as
//! `{"code": "snake_case", ...fields}`; its HTTP status comes from [`ApiError::status`]
//! and nowhere else; codes are stable (clients switch on them), messages are not.

use crate::coupon::CouponRefusal;
use crate::money::{Currency, Money};
use crate::order::OrderStatus;
use serde::{Deserialize, Serialize};

/// Every error the Edge API (and a supplier) answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ApiError {
    /// The request is malformed in a way no more specific code covers.
    #[error("bad request: {message}")]
    BadRequest {
        /// What is wrong.
        message: String,
    },
    /// The body is not the JSON this route takes.
    #[error("invalid JSON: {message}")]
    InvalidJson {
        /// The decoder's complaint.
        message: String,
    },
    /// The body is not `application/json`.
    #[error("the body must be application/json")]
    UnsupportedMediaType,
    /// The body is larger than the route accepts.
    #[error("the body is larger than {limit_bytes} bytes")]
    PayloadTooLarge {
        /// The limit.
        limit_bytes: u64,
    },
    /// The URL (path and query) is longer than any route needs.
    #[error("the URL is longer than {limit_bytes} bytes")]
    UriTooLong {
        /// The limit.
        limit_bytes: u64,
    },
    /// The request's headers are larger than any client of the API sends.
    #[error("the request headers are larger than {limit_bytes} bytes")]
    HeadersTooLarge {
        /// The limit.
        limit_bytes: u64,
    },
    /// An identifier in the path, query or body is malformed.
    #[error("invalid {field}: {message}")]
    InvalidField {
        /// Which field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A quantity outside 1 to 99.
    #[error("quantity must be a whole number from 1 to {max}")]
    InvalidQuantity {
        /// The largest quantity per line.
        max: u32,
    },
    /// A contact field is missing or invalid.
    #[error("{field} {message}")]
    InvalidContact {
        /// The field (`name`, `phone`, `address.city`, …).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A quote or order without lines.
    #[error("the cart is empty")]
    EmptyCart,
    /// More lines than an order holds.
    #[error("at most {max} different items per order")]
    TooManyLines {
        /// The limit.
        max: u32,
    },
    /// A list cursor that this server did not issue.
    #[error("invalid cursor")]
    InvalidCursor,
    /// No shop by that id.
    #[error("no shop {shop}")]
    UnknownShop {
        /// The id asked for.
        shop: String,
    },
    /// No product by that id in this shop.
    #[error("no product {product_id}")]
    UnknownProduct {
        /// The id asked for.
        product_id: String,
    },
    /// A SKU that is not a variant of the product named with it.
    #[error("no variant {sku}")]
    UnknownSku {
        /// The SKU asked for.
        sku: String,
    },
    /// An amount in another currency than the shop's.
    #[error("this shop sells in {expected}, not {got}")]
    CurrencyMismatch {
        /// The shop's currency.
        expected: Currency,
        /// The currency sent.
        got: Currency,
    },
    /// Not enough stock to order.
    #[error("only {available} of {sku} left")]
    OutOfStock {
        /// The variant.
        sku: String,
        /// Units available.
        available: u32,
    },
    /// The price changed since the shopper confirmed the total.
    #[error("the total is now {current_total}, not {confirmed_total}")]
    PriceChanged {
        /// What the shopper confirmed.
        confirmed_total: Money,
        /// What it costs now.
        current_total: Money,
    },
    /// A checkout without an `Idempotency-Key` header.
    #[error("the Idempotency-Key header is required")]
    MissingIdempotencyKey,
    /// An `Idempotency-Key` that is empty, too long or not visible ASCII.
    #[error("the Idempotency-Key header must be 1 to 128 visible ASCII characters")]
    InvalidIdempotencyKey,
    /// The same `Idempotency-Key` with a different body.
    #[error("this Idempotency-Key was used with a different request")]
    IdempotencyConflict,
    /// The first request with this `Idempotency-Key` is still being processed.
    #[error("a request with this Idempotency-Key is still in progress")]
    IdempotencyInProgress,
    /// The page's origin may not use this shop.
    #[error("this page may not use this shop")]
    OriginNotAllowed {
        /// The origin sent, if any.
        origin: Option<String>,
    },
    /// A signed request whose signature is missing or wrong.
    #[error("invalid signature: {reason}")]
    InvalidSignature {
        /// Why.
        reason: String,
    },
    /// A signed request seen before.
    #[error("this request was already received")]
    ReplayedRequest,
    /// No order by that id, or the token does not open it.
    #[error("no such order")]
    OrderNotFound,
    /// The event cannot happen to the order in its current status (yet).
    #[error("an order that is {status} cannot become {event}")]
    InvalidTransition {
        /// The order's status.
        status: OrderStatus,
        /// What was asked.
        event: String,
    },
    /// No route at this path.
    #[error("not found")]
    NotFound,
    /// The route exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed {
        /// The methods the route takes.
        allowed: Vec<String>,
    },
    /// Too many requests.
    #[error("too many requests; retry in {retry_after_secs} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u32,
    },
    /// A payment method this shop does not offer (or this deployment has not set up).
    #[error("this shop does not take {method} payments")]
    PaymentMethodUnavailable {
        /// The method asked for.
        method: String,
    },
    /// The payment provider did not answer well enough to go on; nothing was charged.
    #[error("the payment provider is unavailable; retry in {retry_after_secs} s")]
    PaymentUnavailable {
        /// Seconds to wait.
        retry_after_secs: u32,
    },
    /// The supplier did not answer well enough to go on.
    #[error("the supplier is unavailable; retry in {retry_after_secs} s")]
    SupplierUnavailable {
        /// Seconds to wait.
        retry_after_secs: u32,
    },
    /// Something failed inside Pocketshop; the id finds it in the logs.
    #[error("internal error (request {request_id})")]
    Internal {
        /// The request id.
        request_id: String,
    },
    /// The owner API request has no valid session (missing, expired or revoked).
    #[error("please sign in")]
    Unauthorized,
    /// Sign-in with an unknown e-mail or a wrong password (the same answer for both).
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    /// Sign-up with an e-mail that already has an account.
    #[error("this e-mail already has an account")]
    EmailTaken,
    /// A new shop with a slug already in use.
    #[error("this shop id is taken")]
    ShopTaken,
    /// A chain-store member token that is malformed, wrongly signed or expired.
    #[error("the member token is invalid or expired")]
    InvalidMemberToken,
    /// A campaign (flash sale, group deal, bargain offer, pre-sale style) this shop
    /// does not have, or a group, bargain or coupon code it does not know.
    #[error("unknown {kind}")]
    UnknownCampaign {
        /// What was looked for: `flash_sale`, `group_deal`, `group`, `bargain`,
        /// `style`, `coupon`, `agent`, `sharer`.
        kind: String,
    },
    /// A campaign that has not started yet.
    #[error("the campaign starts at {starts_at}")]
    CampaignNotStarted {
        /// When it starts (unix seconds).
        starts_at: i64,
    },
    /// A campaign, group window, bargain or vote that is over.
    #[error("the campaign has ended")]
    CampaignEnded,
    /// A flash sale's total cap is reached.
    #[error("sold out")]
    SoldOut,
    /// The shopper has already bought as many as one shopper may.
    #[error("at most {max} per shopper")]
    PerShopperLimit {
        /// The limit.
        max: u32,
    },
    /// A group with no place left.
    #[error("the group is full")]
    GroupFull,
    /// A coupon that cannot be used on this order.
    #[error("the coupon cannot be used: {reason:?}")]
    CouponNotApplicable {
        /// Why.
        reason: CouponRefusal,
        /// For `min_spend`: the subtotal the coupon needs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_spend: Option<Money>,
    },
    /// A friend who already helped this bargain (or its own starter) tried to help.
    #[error("you have already helped with this bargain")]
    AlreadyHelped,
    /// A shopper who already voted for this style.
    #[error("you have already voted for this style")]
    AlreadyVoted,
    /// An agent application where the rules allow none: a third level of agents, an
    /// owner applying to their own shop, or a second pending application.
    #[error("cannot become an agent here: {reason}")]
    AgentNotAllowed {
        /// Stable reason: `too_many_levels`, `already_applied`, `closed` (the owner
        /// takes no agents), `already_decided`, `not_approved` (markup before approval).
        reason: String,
    },
    /// A markup outside what the shop owner allows its agents.
    #[error("the markup must be between {min_bp} and {max_bp} basis points")]
    MarkupOutOfRange {
        /// The lowest allowed.
        min_bp: u32,
        /// The highest allowed.
        max_bp: u32,
    },
    /// A capability token (a sharer's, an agent's) that does not match.
    #[error("the link is invalid")]
    Forbidden,
    /// A code this client does not know (from a newer server).
    #[serde(other)]
    #[error("unexpected error")]
    Unknown,
}

impl ApiError {
    /// The HTTP status of each code: the one place they are mapped.
    pub fn status(&self) -> u16 {
        use ApiError as E;
        match self {
            E::BadRequest { .. }
            | E::InvalidJson { .. }
            | E::InvalidField { .. }
            | E::InvalidQuantity { .. }
            | E::InvalidContact { .. }
            | E::EmptyCart
            | E::TooManyLines { .. }
            | E::InvalidCursor
            | E::MissingIdempotencyKey
            | E::InvalidIdempotencyKey => 400,
            E::InvalidSignature { .. }
            | E::ReplayedRequest
            | E::Unauthorized
            | E::InvalidCredentials
            | E::InvalidMemberToken => 401,
            E::OriginNotAllowed { .. } | E::Forbidden => 403,
            E::UnknownShop { .. }
            | E::UnknownProduct { .. }
            | E::OrderNotFound
            | E::NotFound
            | E::UnknownCampaign { .. } => 404,
            E::MethodNotAllowed { .. } => 405,
            E::OutOfStock { .. }
            | E::PriceChanged { .. }
            | E::IdempotencyInProgress
            | E::InvalidTransition { .. }
            | E::EmailTaken
            | E::ShopTaken
            | E::CampaignNotStarted { .. }
            | E::CampaignEnded
            | E::SoldOut
            | E::PerShopperLimit { .. }
            | E::GroupFull
            | E::CouponNotApplicable { .. }
            | E::AlreadyHelped
            | E::AlreadyVoted
            | E::AgentNotAllowed { .. } => 409,
            E::PayloadTooLarge { .. } => 413,
            E::UriTooLong { .. } => 414,
            E::HeadersTooLarge { .. } => 431,
            E::UnsupportedMediaType => 415,
            E::UnknownSku { .. }
            | E::CurrencyMismatch { .. }
            | E::IdempotencyConflict
            | E::PaymentMethodUnavailable { .. }
            | E::MarkupOutOfRange { .. } => 422,
            E::RateLimited { .. } => 429,
            E::Internal { .. } | E::Unknown => 500,
            E::SupplierUnavailable { .. } | E::PaymentUnavailable { .. } => 503,
        }
    }

    /// The stable code, as on the wire.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str().map(str::to_owned)))
            .unwrap_or_else(|| "unknown".to_owned())
    }

    /// One error of every code, for clients' exhaustive tests (a message per code).
    pub fn examples() -> Vec<ApiError> {
        let m = Money::new(1, Currency::CNY);
        vec![
            ApiError::BadRequest {
                message: "m".into(),
            },
            ApiError::InvalidJson {
                message: "m".into(),
            },
            ApiError::UnsupportedMediaType,
            ApiError::PayloadTooLarge { limit_bytes: 1 },
            ApiError::UriTooLong { limit_bytes: 1 },
            ApiError::HeadersTooLarge { limit_bytes: 1 },
            ApiError::InvalidField {
                field: "f".into(),
                message: "m".into(),
            },
            ApiError::InvalidQuantity { max: 99 },
            ApiError::InvalidContact {
                field: "f".into(),
                message: "m".into(),
            },
            ApiError::EmptyCart,
            ApiError::TooManyLines { max: 50 },
            ApiError::InvalidCursor,
            ApiError::UnknownShop { shop: "s".into() },
            ApiError::UnknownProduct {
                product_id: "p".into(),
            },
            ApiError::UnknownSku { sku: "s".into() },
            ApiError::CurrencyMismatch {
                expected: Currency::CNY,
                got: Currency::USD,
            },
            ApiError::OutOfStock {
                sku: "s".into(),
                available: 0,
            },
            ApiError::PriceChanged {
                confirmed_total: m,
                current_total: Money::new(2, Currency::CNY),
            },
            ApiError::MissingIdempotencyKey,
            ApiError::InvalidIdempotencyKey,
            ApiError::IdempotencyConflict,
            ApiError::IdempotencyInProgress,
            ApiError::OriginNotAllowed { origin: None },
            ApiError::InvalidSignature { reason: "r".into() },
            ApiError::ReplayedRequest,
            ApiError::OrderNotFound,
            ApiError::InvalidTransition {
                status: OrderStatus::Cancelled,
                event: "shipped".into(),
            },
            ApiError::NotFound,
            ApiError::MethodNotAllowed {
                allowed: vec!["GET".into()],
            },
            ApiError::RateLimited {
                retry_after_secs: 1,
            },
            ApiError::PaymentMethodUnavailable { method: "m".into() },
            ApiError::PaymentUnavailable {
                retry_after_secs: 1,
            },
            ApiError::SupplierUnavailable {
                retry_after_secs: 1,
            },
            ApiError::Internal {
                request_id: "r".into(),
            },
            ApiError::Unauthorized,
            ApiError::InvalidCredentials,
            ApiError::EmailTaken,
            ApiError::ShopTaken,
            ApiError::InvalidMemberToken,
            ApiError::UnknownCampaign {
                kind: "group".into(),
            },
            ApiError::CampaignNotStarted { starts_at: 1 },
            ApiError::CampaignEnded,
            ApiError::SoldOut,
            ApiError::PerShopperLimit { max: 1 },
            ApiError::GroupFull,
            ApiError::CouponNotApplicable {
                reason: CouponRefusal::MinSpend,
                min_spend: Some(m),
            },
            ApiError::CouponNotApplicable {
                reason: CouponRefusal::Expired,
                min_spend: None,
            },
            ApiError::AlreadyHelped,
            ApiError::AlreadyVoted,
            ApiError::AgentNotAllowed {
                reason: "too_many_levels".into(),
            },
            ApiError::MarkupOutOfRange {
                min_bp: 0,
                max_bp: 1000,
            },
            ApiError::Forbidden,
        ]
    }

    /// Seconds a client should wait before retrying, for a `Retry-After` header.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::RateLimited { retry_after_secs }
            | ApiError::SupplierUnavailable { retry_after_secs }
            | ApiError::PaymentUnavailable { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_tagged_by_a_snake_case_code() {
        let e = ApiError::OutOfStock {
            sku: "S1".into(),
            available: 2,
        };
        let v = serde_json::to_value(&e).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"code": "out_of_stock", "sku": "S1", "available": 2})
        );
        assert_eq!(e.status(), 409);
        assert_eq!(
            serde_json::to_value(ApiError::EmptyCart).expect("json"),
            serde_json::json!({"code": "empty_cart"})
        );
    }

    #[test]
    fn every_code_round_trips_and_has_a_4xx_or_5xx_status() {
        let all = ApiError::examples();
        for e in all {
            let json = serde_json::to_string(&e).expect("json");
            assert_eq!(serde_json::from_str::<ApiError>(&json).expect("decoded"), e);
            assert!((400..600).contains(&e.status()));
            assert_ne!(e.code(), "unknown");
        }
    }

    #[test]
    fn an_unknown_code_from_a_newer_server_decodes() {
        let e: ApiError = serde_json::from_str(r#"{"code":"brand_new","x":1}"#).expect("decoded");
        assert_eq!(e, ApiError::Unknown);
    }
}
