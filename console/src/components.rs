//! The console's components, one per file.
//!
//! Invariants: components read the one [`crate::context::Ctx`] and call the API only
//! through [`crate::api`]; every element a test touches has a `data-testid`, every
//! class is prefixed `pc-`; owner and supplier text is rendered as text only.

pub mod agents_tab;
pub mod app;
pub mod auth;
pub mod bargains_tab;
pub mod campaigns_tab;
pub mod commission_form;
pub mod coupons_tab;
pub mod markup_tab;
pub mod members;
pub mod new_shop;
pub mod orders_tab;
pub mod picks_tab;
pub mod presale_tab;
pub mod problem;
pub mod products_tab;
pub mod shop_page;
pub mod shops;
pub mod snippet_tab;
pub mod theme_tab;
