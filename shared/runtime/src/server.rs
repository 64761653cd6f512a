use std::net::SocketAddr;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpServer};
use actix_web_prom::PrometheusMetricsBuilder;
use anyhow::Context as _;
use prometheus::Registry;
use tam_auth::{load_public_keys, Policy, Verifier};
use tam_db::{connect_pool, PoolSettings};
use tam_events::{Bus, BusMetrics};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing_actix_web::TracingLogger;

use crate::client::ClientSource;
use crate::config::Config;
use crate::health::{self, Readiness};
use crate::jwks;
use crate::request_span::RequestSpan;
use crate::revocations;
use crate::service::{ServiceContext, ServiceDef, ServiceName};

/// How long a client has to send a request's head (line and headers).
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an idle keep-alive connection stays open (a client that pools connections
/// to a service, the gateway, keeps its idle ones for less: see
/// `tam_gateway::proxy::client`).
pub const KEEP_ALIVE: Duration = Duration::from_secs(5);
/// How long a connection being closed waits for the client to go.
const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// A started service: where it listens, and the tasks to wait for after shutdown.
#[derive(Debug)]
pub struct RunningService {
    pub name: ServiceName,
    pub addr: SocketAddr,
    /// The internal port's address: `/metrics` and the detailed `/health/ready`.
    pub admin_addr: SocketAddr,
    server: JoinHandle<std::io::Result<()>>,
    admin: JoinHandle<std::io::Result<()>>,
    bus: Option<JoinHandle<()>>,
    revocations: JoinHandle<()>,
    background: Option<JoinHandle<()>>,
    /// The refresh of the keys from central's JWK Set, at a site.
    jwks: Option<JoinHandle<()>>,
}

impl RunningService {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL of the internal port.
    pub fn admin_url(&self) -> String {
        format!("http://{}", self.admin_addr)
    }

    /// Waits until the service has stopped (after `shutdown` was cancelled): in-flight
    /// requests answered, the consumer drained, the relay's batch flushed.
    pub async fn stopped(self) -> anyhow::Result<()> {
        self.server.await??;
        self.admin.await??;
        if let Some(bus) = self.bus {
            bus.await?;
        }
        self.revocations.await?;
        if let Some(background) = self.background {
            background.await?;
        }
        if let Some(jwks) = self.jwks {
            jwks.await?;
        }
        tracing::info!(service = %self.name, "stopped");
        Ok(())
    }
}

/// Starts one service: its pool (no connection is made yet, so a service comes up and
/// reports not ready while the database is down), its event bus and its HTTP server.
/// Everything stops when `shutdown` is cancelled. `policy` is the one table (see
/// [`crate::policy_of`]): the service checks its requests against it.
pub async fn start(
    def: &ServiceDef,
    policy: Arc<Policy>,
    config: Arc<Config>,
    shutdown: CancellationToken,
) -> anyhow::Result<RunningService> {
    let name = def.name;
    // Production refuses the laptop passwords of what this service connects to: its
    // database, and the broker (every service reads the access-revocations stream).
    config.check_production_secrets(name, def.migrations.is_some(), true)?;
    let registry = Registry::new();
    let pool = match &def.migrations {
        Some(migrations) => Some(connect_pool(
            &config.database_url,
            migrations.schema,
            PoolSettings {
                max_size: config.db_pool_size,
                acquire_timeout: config.db_acquire_timeout,
            },
        )?),
        None => None,
    };
    // Every service verifies tokens itself (defense in depth), with every public key,
    // and refuses revoked ones: the verifier's deny-list follows the broker's revocations.
    // At a site the keys are central hr's JWK Set, kept fresh by a task of their own.
    let (verifier, jwks) = match &config.jwks_url {
        Some(url) => {
            let (verifier, task) =
                jwks::start(name, url, &config, &registry, shutdown.clone()).await?;
            (verifier, Some(task))
        }
        None => (
            Verifier::new(
                load_public_keys(&config.jwt_keys_dir)?,
                config.jwt_issuer.clone(),
                config.jwt_audience.clone(),
            ),
            None,
        ),
    };
    let revocations = revocations::spawn(
        name,
        &config,
        verifier.deny_list().clone(),
        shutdown.clone(),
    );
    let ctx = ServiceContext {
        name,
        config: Arc::clone(&config),
        pool: pool.clone(),
        verifier: verifier.clone(),
        policy: Arc::clone(&policy),
    };
    let mut parts = (def.build)(&ctx).with_context(|| format!("building {name}"))?;
    let verifier = web::Data::new(verifier);
    let policy = web::Data::from(policy);

    let (bus, bus_health) = match (&pool, &def.migrations) {
        (Some(pool), Some(_)) => {
            let bus = Bus::new(
                name.as_str(),
                pool.clone(),
                config.service_bus_settings(name),
                parts.handler.clone(),
                BusMetrics::new(&registry)?,
            )
            .with_event_topology(crate::event_topology());
            let health = bus.health();
            (Some(tokio::spawn(bus.run(shutdown.clone()))), Some(health))
        }
        _ => (None, None),
    };
    let readiness = Arc::new(Readiness {
        service: name,
        database: pool.zip(def.migrations),
        bus: bus_health,
        token_keys: jwks.is_some().then(|| Verifier::clone(&verifier)),
        schema_current: AtomicBool::new(false),
    });

    // Requests on the public port are counted there, but `/metrics` is served only on
    // the admin port.
    let metrics = PrometheusMetricsBuilder::new("tam")
        .registry(registry.clone())
        .mask_unmatched_patterns("UNKNOWN")
        .build()
        .map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
    let public_readiness = Arc::clone(&readiness);
    let routes = Arc::clone(&parts.routes);
    let openapi = web::Data::new(parts.openapi);
    // Only the gateway believes X-Forwarded-For (from its trusted proxies); a service
    // logs the address the gateway resolved (see `client`).
    let client_source = web::Data::new(if name == ServiceName::Gateway {
        ClientSource::Proxies(config.trusted_proxies.clone())
    } else {
        ClientSource::Gateway
    });
    let server = HttpServer::new(move || {
        let routes = Arc::clone(&routes);
        App::new()
            // U+0000 in a query, path or JSON body is a 400 before it reaches a text
            // column (PostgreSQL refuses it); the gateway only forwards bodies.
            .wrap(Condition::new(
                name != ServiceName::Gateway,
                from_fn(tam_kernel::refuse_nul),
            ))
            .wrap(metrics.clone())
            .wrap(TracingLogger::<RequestSpan>::new())
            .app_data(web::Data::new(Arc::clone(&public_readiness)))
            .app_data(client_source.clone())
            .app_data(verifier.clone())
            .app_data(policy.clone())
            .app_data(tam_kernel::json_config())
            .app_data(tam_kernel::query_config())
            .app_data(tam_kernel::path_config())
            .route("/health/live", web::get().to(health::live))
            // Status only: which check failed, and why, is for the admin port.
            .route("/health/ready", web::get().to(health::ready_status))
            .app_data(openapi.clone())
            .route("/openapi.json", web::get().to(openapi_document))
            .configure(move |cfg| routes(cfg))
            .default_service(web::to(tam_kernel::route_not_found))
    })
    .workers(config.http_workers)
    // Set, not left to actix's defaults, because they are what bounds a slow client
    // before a handler runs: the request head must arrive within the request timeout,
    // an idle keep-alive connection is closed, and a closing one gets a second to go.
    // (A slow body is the gateway's: `body_idle_timeout`.)
    .client_request_timeout(CLIENT_REQUEST_TIMEOUT)
    .keep_alive(KEEP_ALIVE)
    .client_disconnect_timeout(CLIENT_DISCONNECT_TIMEOUT)
    .disable_signals()
    .shutdown_timeout(config.shutdown_timeout.as_secs())
    .bind((config.host.as_str(), config.port(name)))
    .with_context(|| format!("binding {name} to {}:{}", config.host, config.port(name)))?;
    let addr = server
        .addrs()
        .first()
        .copied()
        .context("the server bound no address")?;
    // Bound after the public port and before either runs, so that a failure leaves
    // nothing listening.
    let (admin, admin_addr) = admin_server(name, &config, readiness, registry)?;
    let admin_handle = admin.handle();
    // Started once everything else is bound, so that a failure leaves nothing running.
    let background = parts
        .background
        .take()
        .map(|work| tokio::spawn(work(shutdown.clone())));
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(async move {
        shutdown.cancelled().await;
        handle.stop(true).await;
        admin_handle.stop(true).await;
    });
    tracing::info!(service = %name, %addr, %admin_addr, "listening");
    Ok(RunningService {
        name,
        addr,
        admin_addr,
        server: tokio::spawn(server),
        admin: tokio::spawn(admin),
        bus,
        revocations,
        background,
        jwks,
    })
}

/// The internal port (`TAM_<SERVICE>_ADMIN_PORT`): Prometheus's `/metrics`, and the
/// probes' `/health/live` and `/health/ready` with each check named. Never published:
/// what a check says about the database or the broker is for operators.
fn admin_server(
    name: ServiceName,
    config: &Config,
    readiness: Arc<Readiness>,
    registry: Registry,
) -> anyhow::Result<(actix_web::dev::Server, SocketAddr)> {
    let readiness = web::Data::new(readiness);
    let registry = web::Data::new(registry);
    let port = config.admin_port(name);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(readiness.clone())
            .app_data(registry.clone())
            .route("/health/live", web::get().to(health::live))
            .route("/health/ready", web::get().to(health::ready))
            .route("/metrics", web::get().to(metrics_text))
            .default_service(web::to(tam_kernel::route_not_found))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(config.shutdown_timeout.as_secs())
    .bind((config.host.as_str(), port))
    .with_context(|| format!("binding {name}'s admin port to {}:{port}", config.host))?;
    let addr = server
        .addrs()
        .first()
        .copied()
        .context("the admin server bound no address")?;
    Ok((server.run(), addr))
}

/// Every metric of the service in Prometheus's text format.
async fn metrics_text(registry: web::Data<Registry>) -> actix_web::HttpResponse {
    let encoder = prometheus::TextEncoder::new();
    match encoder.encode_to_string(&registry.gather()) {
        Ok(text) => actix_web::HttpResponse::Ok()
            .content_type(prometheus::TEXT_FORMAT)
            .body(text),
        Err(e) => {
            tracing::error!(error = %e, "encoding metrics");
            actix_web::HttpResponse::InternalServerError().finish()
        }
    }
}

/// Starts several services in this process, each on its own port with its own pool,
/// schema and queue, exactly as they run apart, all checking `policy`. A failure stops
/// those already started.
pub async fn start_all(
    config: Arc<Config>,
    policy: Arc<Policy>,
    services: &[ServiceDef],
    shutdown: &CancellationToken,
) -> anyhow::Result<Vec<RunningService>> {
    let mut running = Vec::with_capacity(services.len());
    for def in services {
        match start(
            def,
            Arc::clone(&policy),
            Arc::clone(&config),
            shutdown.clone(),
        )
        .await
        {
            Ok(service) => running.push(service),
            Err(e) => {
                shutdown.cancel();
                for service in running {
                    let _ = service.stopped().await;
                }
                return Err(e.context(format!("starting {}", def.name)));
            }
        }
    }
    Ok(running)
}

/// The service's own OpenAPI document; the gateway merges every service's.
async fn openapi_document(doc: web::Data<serde_json::Value>) -> web::Json<serde_json::Value> {
    web::Json(doc.get_ref().clone())
}
