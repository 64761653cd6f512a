//! The gateway: the only public entry of the suite. It has no database of its own.
//!
//! Every request under `/api/v1/` is checked against the one policy table
//! ([`tam_auth::authorize`]: 404 unknown route, 401 no or bad token, 403 role not
//! allowed) before anything else sees it, then forwarded, path and query unchanged and
//! bodies streamed, to the service whose row it matched ([`proxy`]). The table is every
//! registered service's rows, handed to the gateway at construction (the runtime's
//! [`ServiceContext::policy`]): the gateway knows no service by name. Around that: the request
//! id, security headers, CORS and per-client rate limits ([`security`]); and the merged
//! OpenAPI document with a page that shows it ([`openapi`]).
//!
//! The runtime serves `/health/*` and `/openapi.json` (the gateway's own two routes;
//! `/metrics` only on the admin port) itself; any other path outside `/api/v1/` answers a 404 problem.

mod access;
mod limits;
mod openapi;
/// How the merged OpenAPI document is built (tam-client's snapshot test builds it so).
pub use openapi::merge as merge_openapi;
pub mod policy;
mod proxy;
mod router;
mod security;
mod settings;

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::middleware::from_fn;
use actix_web::web;
use tam_auth::{Policy, Row, Verifier};
use tam_runtime::{Config, ServiceContext, ServiceDef, ServiceName, ServiceParts};

pub use settings::{RateLimit, RateLimits, Settings};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Gateway,
        migrations: None,
        policy: policy::ROUTES,
        variables: settings::VARIABLES,
        build,
    }
}

fn build(ctx: &ServiceContext) -> anyhow::Result<ServiceParts> {
    // The runtime's verifier: its deny-list follows the revocations of access tokens.
    let verifier = ctx.verifier.clone();
    Ok(Gateway::new(
        &ctx.config,
        Arc::clone(&ctx.policy),
        verifier,
        Settings::from_config(&ctx.config)?,
    )?
    // The web console (issue 17) at /console.
    .with_console(tam_console::ConsoleSettings::from_config(&ctx.config)?)?
    .into_parts())
}

/// What every worker of the gateway shares.
pub(crate) struct Shared {
    verifier: Verifier,
    /// The one table: every registered service's rows.
    policy: Arc<Policy>,
    /// The same rows indexed by method and segment count, for the per-request lookup.
    router: router::Router,
    /// Each service with rows in the policy, but the gateway.
    upstreams: BTreeMap<&'static str, proxy::Upstream>,
    settings: Settings,
    limiters: security::Limiters,
    cors_origins: Vec<String>,
    /// The bus's AsyncAPI document, rendered once from the contracts with this
    /// deployment's event prefix.
    asyncapi: serde_json::Value,
}

impl Shared {
    pub(crate) fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    pub(crate) fn policy(&self) -> &Policy {
        &self.policy
    }

    pub(crate) fn router(&self) -> &router::Router {
        &self.router
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    pub(crate) fn limiters(&self) -> &security::Limiters {
        &self.limiters
    }

    pub(crate) fn asyncapi(&self) -> &serde_json::Value {
        &self.asyncapi
    }

    /// The service that serves a row.
    pub(crate) fn upstream_for(&self, row: &Row) -> Option<(&'static str, &proxy::Upstream)> {
        let (name, upstream) = self.upstreams.get_key_value(row.service)?;
        Some((*name, upstream))
    }

    /// Every service with rows in the policy (but the gateway), with its base URL.
    pub(crate) fn services(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.upstreams
            .iter()
            .map(|(name, upstream)| (*name, upstream.base()))
    }
}

/// A configured gateway, ready to become the routes of a server.
pub struct Gateway {
    shared: Arc<Shared>,
    /// The web console's routes (`/console`), when mounted ([`Gateway::with_console`]).
    console: Option<Console>,
}

/// Registers the web console's routes.
type Console = Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>;

impl Gateway {
    /// The gateway in front of the services of `policy` (at `config.service_urls`),
    /// checking requests against it and tokens with `verifier`.
    pub fn new(
        config: &Config,
        policy: Arc<Policy>,
        verifier: Verifier,
        settings: Settings,
    ) -> anyhow::Result<Self> {
        let mut upstreams = BTreeMap::new();
        for service in policy.services() {
            let name: ServiceName = service
                .parse()
                .map_err(|e: String| anyhow::anyhow!("the policy names a service: {e}"))?;
            if name == ServiceName::Gateway {
                continue;
            }
            let url = config.service_url(name);
            let url = url.trim_end_matches('/').to_owned();
            upstreams.insert(service, proxy::Upstream::new(url));
        }
        let limiters = security::Limiters::new(&settings)?;
        Ok(Self {
            shared: Arc::new(Shared {
                verifier,
                router: router::Router::new(&policy),
                policy,
                upstreams,
                settings,
                limiters,
                cors_origins: config.cors_allowed_origins.clone(),
                asyncapi: tam_contracts::reference::asyncapi(&config.event_prefix),
            }),
            console: None,
        })
    }

    /// Serves the web console at `/console` too (inside the gateway's security headers
    /// and rate limits; its pages are not API routes, so not in the policy table: every
    /// API call they make comes back through `/api/v1` and its policy check).
    pub fn with_console(mut self, settings: tam_console::ConsoleSettings) -> anyhow::Result<Self> {
        self.console = Some(Arc::new(tam_console::configure(settings)?));
        Ok(self)
    }

    /// Registers the gateway's routes and middleware on an app (once per worker).
    ///
    /// Everything the runtime does not answer itself passes one scope: security headers
    /// and the request id, then CORS, then the rate limits; under `/api/v1` the policy
    /// check, then the gateway's own two routes or the proxy; elsewhere a 404 problem.
    pub fn configure(&self) -> impl Fn(&mut web::ServiceConfig) + Send + Sync + Clone + 'static {
        let shared = web::Data::from(Arc::clone(&self.shared));
        let console = self.console.clone();
        move |cfg: &mut web::ServiceConfig| {
            let console = console.clone();
            let client = web::Data::new(proxy::client(shared.settings()));
            let connections = web::Data::new(proxy::Connections::new(shared.settings()));
            let api = web::scope("/api/v1")
                .wrap(from_fn(access::authorize))
                .route("/openapi.json", web::get().to(openapi::merged))
                .route("/asyncapi.json", web::get().to(openapi::asyncapi))
                .route("/docs", web::get().to(openapi::docs))
                .default_service(web::to(proxy::forward));
            cfg.service(
                web::scope("")
                    .app_data(shared.clone())
                    .app_data(client)
                    .app_data(connections)
                    .wrap(from_fn(security::rate_limit))
                    .wrap(security::cors(&shared.cors_origins))
                    .wrap(from_fn(security::headers))
                    .configure(move |c| {
                        if let Some(console) = &console {
                            console(c);
                        }
                    })
                    .service(api)
                    .default_service(web::to(tam_kernel::route_not_found)),
            );
        }
    }

    /// The parts the runtime serves.
    pub fn into_parts(self) -> ServiceParts {
        let configure = self.configure();
        ServiceParts {
            routes: Arc::new(configure),
            openapi: openapi::own_document(),
            handler: None,
            background: None,
        }
    }
}
