//! The `tam` binary's library: every service of the suite, and starting them together.

use tam_runtime::{Config, ServiceDef, ServiceName};

/// Every service, the gateway first.
pub fn services() -> [ServiceDef; 7] {
    [
        tam_gateway::service(),
        tam_hr::service(),
        tam_prospect::service(),
        tam_calling::service(),
        tam_quality::service(),
        tam_helpdesk::service(),
        tam_reporting::service(),
    ]
}

pub fn service(name: ServiceName) -> ServiceDef {
    match name {
        ServiceName::Gateway => tam_gateway::service(),
        ServiceName::Hr => tam_hr::service(),
        ServiceName::Prospect => tam_prospect::service(),
        ServiceName::Calling => tam_calling::service(),
        ServiceName::Quality => tam_quality::service(),
        ServiceName::Helpdesk => tam_helpdesk::service(),
        ServiceName::Reporting => tam_reporting::service(),
    }
}

/// Applies pending migrations of the given services' schemas (the release step).
pub async fn migrate(config: &Config, services: &[ServiceDef]) -> anyhow::Result<()> {
    for def in services {
        if let Some(migrations) = def.migrations {
            let applied = tam_db::migrate(&config.database_url, migrations).await?;
            tracing::info!(service = %def.name, applied, "migrated");
        }
    }
    Ok(())
}

/// Starts the given services in this process (see [`tam_runtime::start_all`]).
pub use tam_runtime::start_all as start;
