//! The calling service: calls, outcomes, follow-ups, recordings, operating hours.
//!
//! Its schema `calling` starts with the platform's outbox and inbox; its own tables come
//! with the features that need them.

use tam_db::SchemaMigrations;
use tam_runtime::{ServiceDef, ServiceName, ServiceParts};

pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "calling",
    sources: &[tam_events::MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Calling,
        migrations: Some(MIGRATIONS),
        build: |_| Ok(ServiceParts::empty(ServiceName::Calling)),
    }
}
