//! The reporting service: read models fed by every event; KPIs and periodic reports.

mod activity;
pub mod consume;
pub mod error;
pub mod families;
pub mod kpi;
pub mod packs;
pub mod query;
pub mod raw;
pub mod rebuild;
pub mod reconcile;
pub mod render;

pub use error::{Error, Result};

use std::sync::Arc;

use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use tam_db::SchemaMigrations;
use tam_runtime::{ServiceDef, ServiceName, ServiceParts};

const OWN_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "reporting",
    sources: &[tam_events::MIGRATIONS, OWN_MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Reporting,
        migrations: Some(MIGRATIONS),
        policy: &[],
        variables: &[],
        build: |_| {
            Ok(ServiceParts {
                handler: Some(Arc::new(consume::subscriptions())),
                ..ServiceParts::empty(ServiceName::Reporting)
            })
        },
    }
}
