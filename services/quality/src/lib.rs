//! The quality service: assessment parameters, tapping tasks, VALID/RETURN verdicts, QA
//! verification, the Quality Validation Score and tapping coverage (see the README).
//!
//! - [`api`]: routes, request/response types, OpenAPI, the one error → problem mapping;
//! - [`app`]: the use cases, each one store transaction with its outbox rows;
//! - [`domain`]: the rules as plain types and functions;
//! - [`store`]: diesel schema and queries;
//! - [`events`]: what quality publishes;
//! - [`consume`]: what quality consumes: tapping tasks from calling's events.

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
pub use settings::Settings;

const OWN_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The `quality` schema: the platform's outbox and inbox, then quality's own tables.
pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "quality",
    sources: &[tam_events::MIGRATIONS, OWN_MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Quality,
        migrations: Some(MIGRATIONS),
        policy: policy::ROUTES,
        variables: settings::VARIABLES,
        build,
    }
}

fn build(ctx: &ServiceContext) -> anyhow::Result<ServiceParts> {
    let settings = Settings::from_config(&ctx.config)?;
    let pool = ctx
        .pool
        .clone()
        .context("quality needs its database pool")?;
    let quality = web::Data::new(app::Quality {
        pool,
        config: Arc::clone(&ctx.config),
        settings: settings.clone(),
    });
    Ok(ServiceParts {
        routes: Arc::new(move |cfg: &mut web::ServiceConfig| {
            cfg.app_data(quality.clone());
            api::configure(cfg);
        }),
        openapi: serde_json::to_value(api::ApiDoc::openapi())
            .context("serializing quality's OpenAPI document")?,
        handler: Some(Arc::new(consume::subscriptions(ctx.config.clock.clone()))),
        background: None,
    })
}
