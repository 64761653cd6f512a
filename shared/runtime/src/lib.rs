//! What every service process shares: typed configuration from `TAM_*` variables, JSON
//! tracing, health and readiness, Prometheus metrics, and starting and stopping a
//! service (its HTTP server and its side of the event bus) gracefully.

mod config;
mod health;
pub mod problems;
mod request_span;
mod server;
mod service;
pub mod telemetry;

pub use config::{Config, ConfigError, LogFormat, VARIABLES};
pub use server::{start, start_all, RunningService};
pub use service::{ServiceContext, ServiceDef, ServiceName, ServiceParts};
