//! A shopper's order by its capability token: reading it, and asking for after-sales.

pub mod get_order;
pub mod request_after_sales;
