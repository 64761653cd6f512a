//! helpdesk's tables and queries. Every query takes `&mut AsyncPgConnection`, so the
//! caller decides what one transaction holds.

pub mod channels;
pub mod schema;
