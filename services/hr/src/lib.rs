//! The hr service: employees (the users), teams, identity and login, recruitment, training, coaching, contracts, headcount plan.
//!
//! Its schema `hr` starts with the platform's outbox and inbox; its own tables come
//! with the features that need them.

use tam_db::SchemaMigrations;
use tam_runtime::{ServiceDef, ServiceName, ServiceParts};

pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "hr",
    sources: &[tam_events::MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Hr,
        migrations: Some(MIGRATIONS),
        build: |_| Ok(ServiceParts::empty(ServiceName::Hr)),
    }
}
