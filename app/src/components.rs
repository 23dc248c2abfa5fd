//! The widget's components, one per file.

pub mod after_sales;
pub mod cart_button;
pub mod cart_panel;
pub mod checkout_form;
pub mod drawer;
pub mod grid;
pub mod modal;
pub mod order_page;
pub mod price;
pub mod problem;
pub mod product_detail;
pub mod product_tile;
pub mod quantity;
pub mod root;
pub mod share_button;
pub mod shop_view;
pub mod sku_picker;
