//! What every service process shares: typed configuration from `TAM_*` variables, JSON
//! tracing, health and readiness, Prometheus metrics, and starting and stopping a
//! service (its HTTP server and its side of the event bus) gracefully.

mod client;
mod config;
pub mod csv_import;
mod error;
mod event_topology;
mod health;
mod jwks;
pub mod problems;
mod request_span;
pub mod revocations;
mod server;
mod service;
pub mod telemetry;

pub use client::client_address;
pub use config::{Config, ConfigError, Environment, LogFormat, VARIABLES};
pub use error::{request, OwnError, ServiceError};
pub use event_topology::{
    declare_event_topology, declare_event_topology_of, event_topology, event_topology_of,
};
pub use request_span::{DeferredSpanFields, RequestId};
pub use server::{start, start_all, RunningService, KEEP_ALIVE};
pub use service::{
    policy_of, Background, ServiceContext, ServiceDef, ServiceName, ServiceParts, Variable,
};
