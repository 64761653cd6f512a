//! The gateway against real HTTP upstreams: policy first, then forwarding with streamed
//! bodies, headers, limits and the merged API document.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod logins;
mod openapi;
mod proxying;
mod runtime;
mod security;
mod slow_bodies;
mod support;
