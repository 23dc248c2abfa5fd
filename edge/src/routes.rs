//! Thin HTTP handlers, one per route, named verb + noun: each parses its input,
//! calls the domain logic and shapes the response.

pub mod create_order;
pub mod create_quote;
pub mod create_shop;
pub mod export_orders;
pub mod follow_categories;
pub mod get_admin_shop;
pub mod get_me;
pub mod get_order;
pub mod get_product;
pub mod get_shop;
pub mod list_admin_catalogue;
pub mod list_owner_orders;
pub mod list_products;
pub mod pay_sandbox;
pub mod pay_wechat;
pub mod pick_product;
pub mod preview_markup;
pub mod receive_payment_hook;
pub mod receive_supply_hook;
pub mod request_after_sales;
pub mod rotate_member_secret;
pub mod set_daily_picks;
pub mod set_markup;
pub mod sign_in;
pub mod sign_out;
pub mod sign_up;
pub mod update_shop;
