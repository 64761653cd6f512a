//! helpdesk's tables and queries. Every query takes `&mut AsyncPgConnection`, so the
//! caller decides what one transaction holds.

pub mod cabut;
pub mod calendars;
pub mod channels;
pub mod disruptions;
pub mod escalations;
pub mod flags;
pub mod imports;
pub mod issues;
pub mod references;
pub mod schema;
pub mod sla;
pub mod sla_policies;
pub mod tickets;
pub mod validation;
