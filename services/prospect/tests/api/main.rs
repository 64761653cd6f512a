//! prospect's API tests: the service started in-process against a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod check_in_gate;
mod dnc;
mod gate;
mod helpers;
mod import;
mod next;
mod roster;
mod sales;
mod scope;
mod team_scope;
mod work_orders;
