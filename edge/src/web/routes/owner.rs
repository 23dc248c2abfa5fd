//! The shop owner's routes under `/v1/admin/…`: sign-up and sessions, shops and their
//! selection, pricing, orders, coupons, commission, campaigns, agents, bargains and
//! pre-sale styles. Each checks the owner's session first.

pub mod approve_agent;
pub mod create_coupon;
pub mod create_flash_sale;
pub mod create_group_deal;
pub mod create_shop;
pub mod create_style;
pub mod delete_bargain_offer;
pub mod end_flash_sale;
pub mod end_group_deal;
pub mod export_orders;
pub mod follow_categories;
pub mod get_commission_shares;
pub mod get_coupon_rules;
pub mod get_me;
pub mod get_owner_shop;
pub mod list_agents;
pub mod list_coupons;
pub mod list_flash_sales;
pub mod list_group_deals;
pub mod list_owner_bargains;
pub mod list_owner_catalogue;
pub mod list_owner_orders;
pub mod list_styles;
pub mod pick_product;
pub mod preview_markup;
pub mod promote_style;
pub mod reject_agent;
pub mod rotate_member_secret;
pub mod set_agent_policy;
pub mod set_bargain_offer;
pub mod set_commission_shares;
pub mod set_coupon_rules;
pub mod set_daily_picks;
pub mod set_markup;
pub mod sign_in;
pub mod sign_out;
pub mod sign_up;
pub mod unpick_product;
pub mod update_shop;
