use std::net::SocketAddr;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpServer};
use actix_web_prom::PrometheusMetricsBuilder;
use anyhow::Context as _;
use prometheus::Registry;
use tam_auth::{load_public_keys, Verifier};
use tam_db::{connect_pool, PoolSettings};
use tam_events::{Bus, BusMetrics};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::health::{self, Readiness};
use crate::request_span::RequestSpan;
use crate::service::{ServiceContext, ServiceDef, ServiceName};

/// A started service: where it listens, and the tasks to wait for after shutdown.
#[derive(Debug)]
pub struct RunningService {
    pub name: ServiceName,
    pub addr: SocketAddr,
    server: JoinHandle<std::io::Result<()>>,
    bus: Option<JoinHandle<()>>,
}

impl RunningService {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits until the service has stopped (after `shutdown` was cancelled): in-flight
    /// requests answered, the consumer drained, the relay's batch flushed.
    pub async fn stopped(self) -> anyhow::Result<()> {
        self.server.await??;
        if let Some(bus) = self.bus {
            bus.await?;
        }
        tracing::info!(service = %self.name, "stopped");
        Ok(())
    }
}

/// Starts one service: its pool (no connection is made yet, so a service comes up and
/// reports not ready while the database is down), its event bus and its HTTP server.
/// Everything stops when `shutdown` is cancelled.
pub async fn start(
    def: &ServiceDef,
    config: Arc<Config>,
    shutdown: CancellationToken,
) -> anyhow::Result<RunningService> {
    let name = def.name;
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
    let ctx = ServiceContext {
        name,
        config: Arc::clone(&config),
        pool: pool.clone(),
    };
    let parts = (def.build)(&ctx).with_context(|| format!("building {name}"))?;
    // Every service verifies tokens itself (defense in depth), with every public key.
    let verifier = web::Data::new(Verifier::new(
        load_public_keys(&config.jwt_keys_dir)?,
        config.jwt_issuer.clone(),
        config.jwt_audience.clone(),
    ));

    let (bus, bus_health) = match (&pool, &def.migrations) {
        (Some(pool), Some(migrations)) => {
            let bus = Bus::new(
                name.as_str(),
                migrations.schema,
                &config.database_url,
                pool.clone(),
                config.bus_settings(),
                parts.handler.clone(),
                BusMetrics::new(&registry)?,
            );
            let health = bus.health();
            (Some(tokio::spawn(bus.run(shutdown.clone()))), Some(health))
        }
        _ => (None, None),
    };
    let readiness = Arc::new(Readiness {
        service: name,
        database: pool.zip(def.migrations),
        bus: bus_health,
        schema_current: AtomicBool::new(false),
    });

    let metrics = PrometheusMetricsBuilder::new("tam")
        .registry(registry)
        .endpoint("/metrics")
        .mask_unmatched_patterns("UNKNOWN")
        .build()
        .map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
    let routes = Arc::clone(&parts.routes);
    let openapi = web::Data::new(parts.openapi);
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
            .app_data(web::Data::new(Arc::clone(&readiness)))
            .app_data(verifier.clone())
            .app_data(tam_kernel::json_config())
            .app_data(tam_kernel::query_config())
            .app_data(tam_kernel::path_config())
            .route("/health/live", web::get().to(health::live))
            .route("/health/ready", web::get().to(health::ready))
            .app_data(openapi.clone())
            .route("/openapi.json", web::get().to(openapi_document))
            .configure(move |cfg| routes(cfg))
            .default_service(web::to(tam_kernel::route_not_found))
    })
    .workers(config.http_workers)
    .disable_signals()
    .shutdown_timeout(config.shutdown_timeout.as_secs())
    .bind((config.host.as_str(), config.port(name)))
    .with_context(|| format!("binding {name} to {}:{}", config.host, config.port(name)))?;
    let addr = server
        .addrs()
        .first()
        .copied()
        .context("the server bound no address")?;
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(async move {
        shutdown.cancelled().await;
        handle.stop(true).await;
    });
    tracing::info!(service = %name, %addr, "listening");
    Ok(RunningService {
        name,
        addr,
        server: tokio::spawn(server),
        bus,
    })
}

/// Starts several services in this process, each on its own port with its own pool,
/// schema and queue, exactly as they run apart. A failure stops those already started.
pub async fn start_all(
    config: Arc<Config>,
    services: &[ServiceDef],
    shutdown: &CancellationToken,
) -> anyhow::Result<Vec<RunningService>> {
    let mut running = Vec::with_capacity(services.len());
    for def in services {
        match start(def, Arc::clone(&config), shutdown.clone()).await {
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
