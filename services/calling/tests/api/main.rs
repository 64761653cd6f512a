//! calling's API tests: the service started in-process against a fresh database and
//! broker prefix; prospect's claim events are emitted onto the test's exchange.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod abandon;
mod calls;
mod gateway;
mod helpers;
mod lists;
mod recordings;
mod results;
mod schema;
mod tickets;
