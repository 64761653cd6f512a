//! The hr service: employees (the users), teams, identity and login.
//!
//! hr owns the credentials (argon2id) and signs the access tokens (EdDSA JWTs) every
//! other service verifies; it publishes `hr.employee.*` and `hr.team.changed` so that
//! other services keep their rosters without calling it.
//!
//! - [`api`]: routes, request/response types, OpenAPI, the one error → problem mapping;
//! - [`app`]: the use cases, each one store transaction with its outbox rows;
//! - [`domain`]: the rules as plain types and functions;
//! - [`store`]: diesel schema and queries;
//! - [`consume`]: what hr consumes (quality's verdicts, for the monthly evaluation);
//! - [`events`]: what hr publishes;
//! - [`policy`]: its rows of the one policy table; [`settings`]: its own variables.

pub mod api;
pub mod app;
pub mod consume;
pub mod crypto;
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
use tam_auth::TokenSettings;
use tam_db::SchemaMigrations;
use tam_runtime::{ServiceContext, ServiceDef, ServiceName, ServiceParts};
use utoipa::OpenApi;

pub use app::seed::{create_admin, demo_users, seed_demo, DemoUser};
pub use error::{Error, Result};
pub use settings::Settings;

const OWN_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The `hr` schema: the platform's outbox and inbox, then hr's own tables.
pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "hr",
    sources: &[tam_events::MIGRATIONS, OWN_MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Hr,
        migrations: Some(MIGRATIONS),
        policy: policy::ROUTES,
        variables: settings::VARIABLES,
        build,
    }
}

/// Loads the signing key and the public keys (for the JWKS), and builds the routes.
fn build(ctx: &ServiceContext) -> anyhow::Result<ServiceParts> {
    let config = &ctx.config;
    let settings = Settings::from_config(config)?;
    let pool = ctx.pool.clone().context("hr needs its database pool")?;
    let key = tam_auth::load_signing_key(&config.jwt_keys_dir, &config.jwt_signing_kid)
        .context("loading hr's token signing key")?;
    // The runtime gives every service a verifier; hr also serves the public keys.
    let public_keys = tam_auth::load_public_keys(&config.jwt_keys_dir)
        .context("loading the token verification keys")?;
    let jwks = web::Data::new(api::Jwks(public_keys.jwks()));
    let hr = web::Data::new(app::Hr {
        pool,
        tokens: app::TokenIssuer {
            key,
            settings: TokenSettings {
                issuer: config.jwt_issuer.clone(),
                audience: config.jwt_audience.clone(),
                access_ttl: config.access_token_ttl,
            },
            refresh_ttl: settings.refresh_token_ttl,
            session_max: settings.session_max,
        },
        clock: config.clock.clone(),
        activation_ttl: settings.activation_ttl,
        certification_validity_days: settings.certification_validity_days,
        warning_letter_validity_months: settings.warning_letter_validity_months,
        max_fixed_term_months: settings.max_fixed_term_months,
        attendance: settings.attendance,
    });
    let expiry_poller = app::certification::ExpiryPoller {
        pool: hr.pool.clone(),
        clock: config.clock.clone(),
        interval: settings.certification_expiry_poll,
    };
    let contract_sweep = app::contracts::ContractSweep {
        pool: hr.pool.clone(),
        clock: config.clock.clone(),
        interval: settings.contract_sweep,
    };
    let evaluation_sweep = app::evaluation::Sweep {
        pool: hr.pool.clone(),
        clock: config.clock.clone(),
        interval: settings.evaluation_sweep,
    };
    let daily_close = app::sdm::DailyClose {
        pool: hr.pool.clone(),
        clock: config.clock.clone(),
    };
    Ok(ServiceParts {
        routes: Arc::new(move |cfg: &mut web::ServiceConfig| {
            cfg.app_data(hr.clone()).app_data(jwks.clone());
            api::configure(cfg);
        }),
        openapi: serde_json::to_value(api::ApiDoc::openapi())
            .context("serializing hr's OpenAPI document")?,
        handler: Some(Arc::new(consume::subscriptions(config.clock.clone()))),
        // The certification expiry poller, the SDM daily close and the contract sweep,
        // side by side.
        background: Some(Box::new(move |shutdown| {
            let close = daily_close.run(shutdown.clone());
            let contracts = contract_sweep.run(shutdown.clone());
            let evaluations = evaluation_sweep.run(shutdown.clone());
            let expiry = (expiry_poller.background())(shutdown);
            Box::pin(async move {
                tokio::join!(expiry, close, contracts, evaluations);
            })
        })),
    })
}
