//! helpdesk's tables and queries. Every query takes `&mut AsyncPgConnection`, so the
//! caller decides what one transaction holds.

pub mod channels;
pub mod flags;
pub mod imports;
pub mod issues;
pub mod references;
pub mod schema;
pub mod sla;
pub mod tickets;
