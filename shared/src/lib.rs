//! Pocketshop's pure domain crate: everything the edge, the reference supplier and the
//! widget must agree on, with no I/O, no runtime and no floats in money.
//!
//! Each module owns one concept and one error enum; the wire types of the Edge API
//! live in [`api`], those of the Supply API in [`supply`].

pub mod agent;
pub mod api;
pub mod bargain;
pub mod campaign;
pub mod card;
pub mod cart;
pub mod catalogue;
pub mod commission;
pub mod contact;
pub mod coupon;
pub mod device;
pub mod id;
pub mod locale;
pub mod member;
pub mod money;
pub mod offer;
pub mod order;
pub mod owner;
pub mod picker;
pub mod presale;
pub mod pricing;
pub mod quote;
pub mod referral;
pub mod report;
pub mod signing;
pub mod supply;
pub mod url;

pub use api::ApiError;
pub use cart::{Cart, CartAction, CartLine};
pub use catalogue::{Category, Localized, OptionValue, StockLevel};
pub use id::{IdempotencyKey, OrderId, ProductId, Quantity, ShopId, ShopperId, Sku};
pub use locale::Locale;
pub use money::{Currency, Money};
pub use order::{OrderEvent, OrderStatus, PaymentMethod};
