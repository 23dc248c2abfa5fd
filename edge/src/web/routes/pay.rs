//! The pay pages the edge serves on its own domain: WeChat Pay's and the local
//! sandbox's.

pub mod pay_sandbox;
pub mod show_sandbox_page;
pub mod show_wechat_pay_page;
