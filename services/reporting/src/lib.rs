//! The reporting service: read models fed by every event; KPIs and periodic reports.

mod activity;
pub mod api;
pub mod background;
pub mod compact;
pub mod consume;
pub mod error;
pub mod families;
pub mod kpi;
pub mod packs;
pub mod policy;
pub mod query;
pub mod raw;
pub mod rebuild;
pub mod reconcile;
pub mod render;
pub mod settings;

pub use error::{Error, Result};

use std::sync::Arc;

use actix_web::web;
use anyhow::Context as _;
use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use tam_db::SchemaMigrations;
use tam_runtime::{Background, ServiceContext, ServiceDef, ServiceName, ServiceParts};
use utoipa::OpenApi;

const OWN_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "reporting",
    sources: &[tam_events::MIGRATIONS, OWN_MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Reporting,
        migrations: Some(MIGRATIONS),
        policy: policy::ROUTES,
        variables: settings::VARIABLES,
        build,
    }
}

fn build(ctx: &ServiceContext) -> anyhow::Result<ServiceParts> {
    let pool = ctx
        .pool
        .clone()
        .context("reporting needs its database pool")?;
    // Read at build so that a bad value stops start-up naming its variable.
    let settings = settings::Settings::from_config(&ctx.config)?;
    // HTTP requests get a pool of their own: the consumer takes a connection of the
    // service's pool per batch before its handler runs (up to the prefetch's worth), so
    // while a backlog is folded a report could wait past the acquire timeout (503). The
    // consumer cannot take these.
    let requests = tam_db::connect_pool(
        &ctx.config.database_url,
        MIGRATIONS.schema,
        tam_db::PoolSettings {
            max_size: settings.request_pool,
            acquire_timeout: ctx.config.db_acquire_timeout,
        },
    )
    .context("reporting's request pool")?;
    let state = web::Data::new(api::Reporting {
        pool: requests.clone(),
        config: Arc::clone(&ctx.config),
    });
    // Background work: each part that has some pushes it here (the runtime takes one;
    // `background::all` runs them side by side).
    let mut tasks: Vec<Background> = Vec::new();
    // The scheduled report packs (every replica polls; each pack is generated once).
    tasks.push(
        packs::poller::Poller {
            pool: pool.clone(),
            clock: ctx.config.clock.clone(),
            interval: packs::poller::poll_interval(&ctx.config)?,
        }
        .background(),
    );
    // The counters' delta rows folded into one row per key (compact).
    tasks.push(
        compact::Compactor {
            pool,
            interval: compact::interval(&ctx.config)?,
        }
        .background(),
    );
    // The daily reconciliation (every replica polls; each day is run once); its route
    // reads through the request pool.
    let reconciler = reconcile::Reconciler::new(&ctx.config, requests)?;
    let poller = reconciler.poller();
    tasks.push(Box::new(move |shutdown| Box::pin(poller.run(shutdown))));
    let reconciler = web::Data::new(reconciler);
    Ok(ServiceParts {
        routes: Arc::new(move |cfg: &mut web::ServiceConfig| {
            cfg.app_data(state.clone());
            cfg.app_data(reconciler.clone());
            api::configure(cfg);
        }),
        openapi: serde_json::to_value(api::ApiDoc::openapi())
            .context("serializing reporting's OpenAPI document")?,
        handler: Some(Arc::new(consume::subscriptions())),
        background: background::all(tasks),
    })
}
