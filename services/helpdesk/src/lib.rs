//! The helpdesk service: AddOn activation tracking, issues and escalation, QC Tier 2, IT incidents.
//!
//! Its schema `helpdesk` starts with the platform's outbox and inbox; its own tables come
//! with the features that need them.

pub mod domain;

use tam_db::SchemaMigrations;
use tam_runtime::{ServiceDef, ServiceName, ServiceParts};

pub const MIGRATIONS: SchemaMigrations = SchemaMigrations {
    schema: "helpdesk",
    sources: &[tam_events::MIGRATIONS],
};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Helpdesk,
        migrations: Some(MIGRATIONS),
        policy: &[],
        variables: &[],
        build: |_| Ok(ServiceParts::empty(ServiceName::Helpdesk)),
    }
}
