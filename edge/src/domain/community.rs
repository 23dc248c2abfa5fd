//! Selling to a community: agents and sub-shops, bargains, flash sales and group
//! deals, coupons, pre-sale voting and sharers' referrals, and the seam through
//! which checkout applies a campaign's offer.

pub mod agents;
pub mod bargain;
pub mod campaigns;
pub mod coupons;
pub mod offers;
pub mod presale;
pub mod referral;
