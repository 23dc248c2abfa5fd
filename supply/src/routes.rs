//! Thin handlers, one per route, named verb + noun.

pub mod cancel_order;
pub mod check_stock;
pub mod create_order;
pub mod get_order;
pub mod get_product;
pub mod list_products;
pub mod request_after_sales;
pub mod serve_image;
pub mod simulate;
