//! The `tam` binary's library: every service of the suite, and starting them together.

use std::sync::Arc;

use tam_runtime::{Config, RunningService, ServiceDef, ServiceName};
use tokio_util::sync::CancellationToken;

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

/// Starts the given services in this process, each on its own port with its own pool,
/// schema and queue, exactly as they run apart. A failure stops those already started.
pub async fn start(
    config: Arc<Config>,
    services: &[ServiceDef],
    shutdown: &CancellationToken,
) -> anyhow::Result<Vec<RunningService>> {
    let mut running = Vec::with_capacity(services.len());
    for def in services {
        match tam_runtime::start(def, Arc::clone(&config), shutdown.clone()).await {
            Ok(service) => running.push(service),
            Err(e) => {
                shutdown.cancel();
                for service in running {
                    let _ = service.stopped().await;
                }
                return Err(e.context(format!("starting {}", def.name)));
            }
        }
    }
    Ok(running)
}
