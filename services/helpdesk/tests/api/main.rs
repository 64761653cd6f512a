//! helpdesk's API tests: the service started in-process against a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cabut;
mod channels;
mod disruptions;
mod escalation;
mod import;
mod obc;
mod sla_admin;
mod tickets;
mod validation;
