//! The helpdesk service: AddOn activation tracking, issues and escalation, QC Tier 2, IT incidents.
//!
//! - [`api`]: routes, response types, OpenAPI;
//! - [`app`]: the use cases;
//! - [`domain`]: the rules as plain types and functions (the SLA engine: calendars,
//!   business time, clocks, escalation; the sales channels);
//! - [`store`]: diesel schema and queries;
//! - [`policy`]: its rows of the one policy table.

pub mod api;
pub mod app;
pub mod consume;
pub mod domain;
pub mod error;
pub mod events;
pub mod policy;
pub mod settings;
pub mod store;

use std::sync::Arc;

use actix_web::web;
use anyhow::Context as _;
use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use tam_db::SchemaMigrations;
use tam_runtime::{ServiceContext, ServiceDef, ServiceName, ServiceParts};
use utoipa::OpenApi;

pub use error::{Error, Result};

const OWN_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The `helpdesk` schema: the platform's outbox and inbox, then helpdesk's own tables.
pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "helpdesk",
    sources: &[tam_events::MIGRATIONS, OWN_MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Helpdesk,
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
        .context("helpdesk needs its database pool")?;
    let settings = settings::Settings::from_config(&ctx.config)?;
    // Every replica sweeps the due escalation timers (FOR UPDATE SKIP LOCKED).
    let poller = app::escalation::Poller {
        pool: pool.clone(),
        clock: ctx.config.clock.clone(),
        settings,
    };
    let helpdesk = web::Data::new(app::Helpdesk {
        pool,
        config: Arc::clone(&ctx.config),
    });
    Ok(ServiceParts {
        routes: Arc::new(move |cfg: &mut web::ServiceConfig| {
            cfg.app_data(helpdesk.clone());
            api::configure(cfg);
        }),
        openapi: serde_json::to_value(api::ApiDoc::openapi())
            .context("serializing helpdesk's OpenAPI document")?,
        handler: Some(Arc::new(consume::subscriptions(ctx.config.clock.clone()))),
        background: Some(poller.background()),
    })
}
