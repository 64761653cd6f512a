//! quality's API tests: the service started in-process against a fresh database and
//! a test exchange, fed with calling's events through `TestApp::emit`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod coverage;
mod gateway;
mod helpers;
mod intake;
mod invalid_activations;
mod mis_sales;
mod parameters;
mod reviews;
mod schema;
mod score;
mod tasks;
