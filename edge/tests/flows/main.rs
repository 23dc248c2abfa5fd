//! The edge's handler flows: whole requests through the router against the
//! in-memory fakes of the ports (`--features fakes`), natively, with no Workers
//! runtime. One binary, one module per area.

mod campaign_flows;
mod catalogue_flows;
mod common;
mod community_flows;
mod first_view_flows;
mod fuzz_flows;
mod handler_flows;
mod hold_flows;
mod limit_flows;
mod member_flows;
mod money_flows;
mod owner_flows;
mod page_flows;
mod payment_flows;
mod selection_flows;
