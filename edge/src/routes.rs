//! Thin HTTP handlers, one per route, named verb + noun: each parses its input,
//! calls the domain logic and shapes the response.

pub mod create_order;
pub mod create_quote;
pub mod get_order;
pub mod get_product;
pub mod get_shop;
pub mod list_products;
pub mod pay_sandbox;
pub mod pay_wechat;
pub mod receive_payment_hook;
pub mod receive_supply_hook;
pub mod request_after_sales;
