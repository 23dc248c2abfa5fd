//! An agent's own routes by their capability token: their application and their
//! sub-shop's markup.

pub mod get_agent;
pub mod set_agent_markup;
