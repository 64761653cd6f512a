//! The calling service: calls on the prospects agents claimed, their results, and their
//! recordings.
//!
//! - [`api`]: routes, request/response types, OpenAPI, the one error → problem mapping;
//! - [`app`]: the use cases, each one store transaction with its outbox rows;
//! - [`domain`]: the rules as plain types and functions;
//! - [`store`]: diesel schema and queries;
//! - [`blobs`]: the recordings store (`object_store`: a directory or S3);
//! - [`events`]: what calling publishes;
//! - [`consume`]: what calling consumes: the claims it knows, kept from prospect's events.

pub mod api;
pub mod app;
pub mod blobs;
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

/// The `calling` schema: the platform's outbox and inbox, then calling's own tables.
pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "calling",
    sources: &[tam_events::MIGRATIONS, OWN_MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Calling,
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
        .context("calling needs its database pool")?;
    let recordings = blobs::RecordingStore::open(&settings.recordings_store)
        .context("opening the recordings store (TAM_RECORDINGS_STORE)")?;
    let calling = web::Data::new(app::Calling {
        pool,
        config: Arc::clone(&ctx.config),
        settings: settings.clone(),
        recordings,
        claim_tickets: ctx.config.claim_ticket_key()?,
    });
    Ok(ServiceParts {
        routes: Arc::new(move |cfg: &mut web::ServiceConfig| {
            cfg.app_data(calling.clone());
            api::configure(cfg);
        }),
        openapi: serde_json::to_value(api::ApiDoc::openapi())
            .context("serializing calling's OpenAPI document")?,
        handler: Some(Arc::new(consume::subscriptions())),
        background: None,
    })
}
