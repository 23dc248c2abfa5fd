//! Signed events from outside: the supplier's and the payment providers'.

pub mod receive_payment_notice;
pub mod receive_supplier_event;
