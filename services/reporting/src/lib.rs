//! The reporting service: read models fed by every event; KPIs and periodic reports.

mod activity;
pub mod api;
pub mod background;
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
    settings::Settings::from_config(&ctx.config)?;
    let state = web::Data::new(api::Reporting {
        pool,
        config: Arc::clone(&ctx.config),
    });
    // Background work: each part that has some pushes it here (the runtime takes one;
    // `background::all` runs them side by side).
    let mut tasks: Vec<Background> = Vec::new();
    // The scheduled report packs (every replica polls; each pack is generated once).
    tasks.push(
        packs::poller::Poller {
            pool: state.pool.clone(),
            clock: ctx.config.clock.clone(),
            interval: packs::poller::poll_interval(&ctx.config)?,
        }
        .background(),
    );
    // The daily reconciliation (every replica polls; each day is run once).
    let reconciler = reconcile::Reconciler::new(&ctx.config, state.pool.clone())?;
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
