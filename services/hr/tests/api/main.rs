//! hr's API tests: the service started in-process against a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activation;
mod attendance;
mod auth;
mod caplan;
mod contracts;
mod employees;
mod evaluation;
mod events;
mod grants;
mod helpers;
mod pembinaan;
mod recruitment;
mod scope;
mod seed;
mod sessions;
mod teams;
mod training;
