use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;

use actix_web::web;
use tam_auth::{Policy, PolicyError, Route};
use tam_db::{DbPool, SchemaMigrations};
use tam_events::{EventContext, EventHandler};
use tokio_util::sync::CancellationToken;

use crate::config::Config;

/// Declares [`ServiceName`]: one line per service, its variant, its name and the port it
/// listens on when `TAM_<SERVICE>_PORT` is not set.
macro_rules! service_names {
    ($($variant:ident => $name:literal, $port:literal;)+) => {
        /// The name of a service of the suite (and its default port).
        ///
        /// A closed enum still, one line of `service_names!` per service, because the
        /// configuration resolves every service's port, admin port, broker URL and URL
        /// when it loads (a bad value fails start-up naming its variable, before anything
        /// listens) and the tests of every service name theirs as variants; see
        /// `docs/adding-a-service.md` and `docs/decisions.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ServiceName {
            $($variant,)+
        }

        /// How many services [`ServiceName`] names.
        const SERVICE_COUNT: usize = [$($name),+].len();

        impl ServiceName {
            /// Every service, in declaration order (the registry, `tam::SERVICES`, lists
            /// those the binary runs).
            pub const ALL: [ServiceName; SERVICE_COUNT] = [$(ServiceName::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ServiceName::$variant => $name,)+
                }
            }

            /// The port it listens on when `TAM_<SERVICE>_PORT` is not set: the gateway
            /// on 8080, the others after it.
            pub fn default_port(self) -> u16 {
                match self {
                    $(ServiceName::$variant => $port,)+
                }
            }
        }
    };
}

service_names! {
    Gateway => "gateway", 8080;
    Hr => "hr", 8081;
    Prospect => "prospect", 8082;
    Calling => "calling", 8083;
    Quality => "quality", 8084;
    Helpdesk => "helpdesk", 8085;
    Reporting => "reporting", 8086;
}

impl ServiceName {
    /// Its internal port (`/metrics`, `/health/ready` with each check) when
    /// `TAM_<SERVICE>_ADMIN_PORT` is not set: its port + 1000.
    pub fn default_admin_port(self) -> u16 {
        self.default_port() + 1000
    }

    /// `TAM_HR_ADMIN_PORT`, ...
    pub fn admin_port_variable(self) -> String {
        format!("TAM_{}_ADMIN_PORT", self.as_str().to_uppercase())
    }

    /// `TAM_HR_AMQP_URL`, ...: the service's own broker user.
    pub fn amqp_url_variable(self) -> String {
        format!("TAM_{}_AMQP_URL", self.as_str().to_uppercase())
    }

    /// `TAM_REPORTING_CONSUMER_PREFETCH`, ...: one service's consumer prefetch.
    pub fn consumer_prefetch_variable(self) -> String {
        format!("TAM_{}_CONSUMER_PREFETCH", self.as_str().to_uppercase())
    }

    /// The consumer prefetch of a service that does not take `TAM_CONSUMER_PREFETCH`'s.
    /// Reporting folds every event of the suite, each batch some nine statements in
    /// sequence; with 32 deliveries in flight it folded at a third to a half of the
    /// pipeline's rate, with 256 at or above it (issue 19).
    pub const fn default_consumer_prefetch(self) -> Option<u16> {
        match self {
            ServiceName::Reporting => Some(256),
            _ => None,
        }
    }

    /// `TAM_HR_PORT`, `TAM_GATEWAY_PORT`, ...
    pub fn port_variable(self) -> String {
        format!("TAM_{}_PORT", self.as_str().to_uppercase())
    }

    /// `TAM_HR_URL`, ...: where the gateway reaches the service.
    pub fn url_variable(self) -> String {
        format!("TAM_{}_URL", self.as_str().to_uppercase())
    }
}

impl fmt::Display for ServiceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ServiceName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ServiceName::ALL
            .into_iter()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = ServiceName::ALL.iter().map(|n| n.as_str()).collect();
                format!(
                    "unknown service {s:?}; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// What a service hands the runtime when it starts.
pub struct ServiceContext {
    pub name: ServiceName,
    pub config: Arc<Config>,
    /// The pool on the service's own schema (none for the gateway).
    pub pool: Option<DbPool>,
    /// The process's token verifier, whose deny-list follows the revocations (the
    /// runtime's `Caller` extractor uses it; the gateway checks with it too).
    pub verifier: tam_auth::Verifier,
    /// The one policy table: every registered service's rows (the runtime's `Caller`
    /// extractor checks the service's requests against it; the gateway, every request).
    pub policy: Arc<Policy>,
}

impl ServiceContext {
    /// The event context of work done outside any request (requests add their id).
    pub fn event_context(&self) -> EventContext {
        EventContext {
            producer: self.name.as_str().to_owned(),
            site: None,
            correlation_id: None,
        }
    }
}

/// Work a service runs beside its requests for as long as it runs (a poller, a reaper):
/// started once the service is built, handed the shutdown token, and awaited when the
/// service stops (it should return soon after the token is cancelled).
pub type Background =
    Box<dyn FnOnce(CancellationToken) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// The parts of a running service: its routes, their OpenAPI document (served at
/// `/openapi.json`, merged by the gateway), if it consumes events its handler, and if it
/// has one its background work.
pub struct ServiceParts {
    pub routes: Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>,
    pub openapi: serde_json::Value,
    pub handler: Option<Arc<dyn EventHandler>>,
    pub background: Option<Background>,
}

impl ServiceParts {
    /// Health, readiness and metrics only (the runtime adds those to every service).
    pub fn empty(name: ServiceName) -> Self {
        Self {
            routes: Arc::new(|_| {}),
            openapi: serde_json::json!({
                "openapi": "3.1.0",
                "info": { "title": format!("tam {name}"), "version": env!("CARGO_PKG_VERSION") },
                "paths": {},
            }),
            handler: None,
            background: None,
        }
    }
}

/// One configuration variable: its name, its default and what it sets (`tam config`
/// prints them; the README's configuration table is this list).
pub type Variable = (&'static str, &'static str, &'static str);

/// A service as the runtime sees it: everything the service owns and the suite needs to
/// know, in one value (the registry, `tam::SERVICES`, is a list of these):
///
/// - its name;
/// - its schema's migrations (none for the gateway);
/// - its rows of the one policy table (`services/<service>/src/policy.rs`);
/// - its own configuration variables (its `Settings`, read at build from the
///   [`Config`]'s variables), for `tam config`;
/// - how to build its parts (routes, OpenAPI document, event handler) from a context.
#[derive(Clone, Copy)]
pub struct ServiceDef {
    pub name: ServiceName,
    pub migrations: Option<SchemaMigrations>,
    pub policy: &'static [Route],
    pub variables: &'static [Variable],
    pub build: fn(&ServiceContext) -> anyhow::Result<ServiceParts>,
}

impl fmt::Debug for ServiceDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceDef")
            .field("name", &self.name)
            .field("migrations", &self.migrations)
            .field("routes", &self.policy.len())
            .finish()
    }
}

/// The one policy table of these services: their rows together, checked (see
/// [`Policy::new`]). The `tam` binary builds it from its whole registry, whichever
/// services a process runs, so every process checks the same table.
pub fn policy_of(services: &[ServiceDef]) -> Result<Policy, PolicyError> {
    Policy::new(services.iter().map(|def| (def.name.as_str(), def.policy)))
}

#[cfg(test)]
mod tests {
    use super::ServiceName;

    #[test]
    fn names_round_trip_and_ports_are_distinct() {
        let mut ports: Vec<u16> = ServiceName::ALL
            .iter()
            .flat_map(|n| [n.default_port(), n.default_admin_port()])
            .collect();
        ports.sort_unstable();
        ports.dedup();
        assert_eq!(ports.len(), 2 * ServiceName::ALL.len());
        for name in ServiceName::ALL {
            assert_eq!(name.as_str().parse::<ServiceName>(), Ok(name));
        }
        assert!("billing".parse::<ServiceName>().is_err());
        assert_eq!(ServiceName::Hr.port_variable(), "TAM_HR_PORT");
        assert_eq!(ServiceName::Hr.admin_port_variable(), "TAM_HR_ADMIN_PORT");
        assert_eq!(ServiceName::Gateway.default_admin_port(), 9080);
    }
}
