//! The prospect service: work orders, DAPROS import, distribution of prospects to agents.
//!
//! Its schema `prospect` starts with the platform's outbox and inbox; its own tables come
//! with the features that need them.

use tam_db::SchemaMigrations;
use tam_runtime::{ServiceDef, ServiceName, ServiceParts};

pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "prospect",
    sources: &[tam_events::MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Prospect,
        migrations: Some(MIGRATIONS),
        build: |_| Ok(ServiceParts::empty(ServiceName::Prospect)),
    }
}
