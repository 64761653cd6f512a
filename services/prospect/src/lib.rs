//! The prospect service: work orders, DAPROS import, the do-not-call list, distribution
//! to agents, the agent's next customer, and the agent roster (see the README).
//!
//! - [`api`]: routes, request/response types, OpenAPI, the one error → problem mapping;
//! - [`app`]: the use cases, each one store transaction with its outbox rows;
//! - [`domain`]: the rules as plain types and functions;
//! - [`store`]: diesel schema and queries;
//! - [`events`]: what prospect publishes;
//! - [`consume`]: what it applies of hr's, calling's and quality's events;
//! - [`roster`]: the agents known to prospect, kept from hr's events.

pub mod api;
pub mod app;
pub mod consume;
pub mod domain;
pub mod error;
pub mod events;
pub mod policy;
pub mod roster;
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

/// The `prospect` schema: the platform's outbox and inbox, then prospect's own tables.
pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "prospect",
    sources: &[tam_events::MIGRATIONS, OWN_MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Prospect,
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
        .context("prospect needs its database pool")?;
    let prospect = web::Data::new(app::Prospect {
        pool,
        config: Arc::clone(&ctx.config),
        settings: settings.clone(),
        claim_tickets: ctx.config.claim_ticket_key()?,
        imports: Arc::new(tokio::sync::Semaphore::new(app::import::CONCURRENT_IMPORTS)),
    });
    Ok(ServiceParts {
        routes: Arc::new(move |cfg: &mut web::ServiceConfig| {
            cfg.app_data(prospect.clone());
            api::configure(cfg);
        }),
        openapi: serde_json::to_value(api::ApiDoc::openapi())
            .context("serializing prospect's OpenAPI document")?,
        handler: Some(Arc::new(consume::subscriptions())),
        background: None,
    })
}
