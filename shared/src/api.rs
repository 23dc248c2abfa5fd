//! Edge API v1 wire types and the one wire error, [`ApiError`].
//!
//! Each submodule holds one part of the API: `error` the error every route answers
//! with, `shop` what a shop shows, `order` what a shopper buys with. Everything is
//! re-exported here, so clients name `api::…` alone.
//!
//! Invariants: every error body is an `ApiError` serialised as
//! `{"code": "snake_case", ...fields}`; its HTTP status comes from [`ApiError::status`]
//! and nowhere else; codes are stable (clients switch on them), messages are not.

mod error;
mod order;
mod shop;

/// The reason a `coupon_not_applicable` error carries, decided by the coupon itself.
pub use crate::coupon::CouponRefusal;
pub use error::ApiError;
pub use order::{
    AfterSalesRequest, CreateOrderRequest, OrderCreated, OrderLine, OrderView, OwnerCoupon,
    PaymentHandoff, QuoteRequest, Wallet,
};
pub use shop::{ProductList, ShopProfile, Theme, DEFAULT_FONT};
