//! The quality service: assessment parameters, tapping tasks, VALID/RETURN, QA verification.
//!
//! Its schema `quality` starts with the platform's outbox and inbox; its own tables come
//! with the features that need them.

use tam_db::SchemaMigrations;
use tam_runtime::{ServiceDef, ServiceName, ServiceParts};

pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "quality",
    sources: &[tam_events::MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Quality,
        migrations: Some(MIGRATIONS),
        build: |_| Ok(ServiceParts::empty(ServiceName::Quality)),
    }
}
