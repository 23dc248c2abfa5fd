//! The shopper's routes under `/v1/shops/{shop}/…`: the shop, its catalogue and first
//! views, quotes and checkout, coupons, sharers, campaigns, agents' applications,
//! bargains and pre-sale votes.

pub mod apply_agent;
pub mod create_order;
pub mod create_quote;
pub mod create_sharer;
pub mod get_bargain;
pub mod get_coupon_wallet;
pub mod get_first_view;
pub mod get_group;
pub mod get_presale;
pub mod get_product;
pub mod get_sharer;
pub mod get_shop;
pub mod help_bargain;
pub mod list_bargain_offers;
pub mod list_campaigns;
pub mod list_products;
pub mod start_bargain;
pub mod vote_style;
