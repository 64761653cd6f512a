//! The `tam` binary's library: every service of the suite, and starting them together.

pub mod broker;

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

/// Applies pending migrations of the given services' schemas and declares the whole
/// event topology (every consuming service's queue, DLQ and bindings, from the
/// contracts) with `TAM_AMQP_URL`'s user: the release step. Services declare it again
/// at start where their broker user may (see docs/decisions.md).
pub async fn migrate(config: &Config, services: &[ServiceDef]) -> anyhow::Result<()> {
    for def in services {
        if let Some(migrations) = def.migrations {
            config.check_production_secrets(def.name, true, false)?;
            let applied = tam_db::migrate(&config.database_url, migrations).await?;
            tracing::info!(service = %def.name, applied, "migrated");
        }
    }
    tam_runtime::declare_event_topology(
        &config.amqp_url,
        &config.event_prefix,
        config.delivery_limit,
    )
    .await
    .map_err(|e| e.context("declaring the event topology on the broker (TAM_AMQP_URL)"))?;
    tracing::info!(prefix = %config.event_prefix, "event topology declared");
    Ok(())
}

/// Starts the given services in this process (see [`tam_runtime::start_all`]).
pub use tam_runtime::start_all as start;

/// The demo organisation (well-known users and password) is for a laptop: a production
/// deployment refuses to create it.
pub fn refuse_demo_in_production(config: &Config) -> anyhow::Result<()> {
    if config.is_production() {
        anyhow::bail!(
            "TAM_ENV=production: the demo organisation (known users, known password) is not created in production; create the first administrator with `tam admin create`"
        );
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_refused_in_production_only() {
        let production =
            Config::from_lookup(|name| (name == "TAM_ENV").then(|| "production".into())).unwrap();
        let refused = refuse_demo_in_production(&production).unwrap_err();
        assert!(
            refused.to_string().contains("TAM_ENV=production"),
            "{refused}"
        );
        let development = Config::from_lookup(|_| None).unwrap();
        assert!(refuse_demo_in_production(&development).is_ok());
    }
}
