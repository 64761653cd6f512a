//! The `tam` binary's library: every service of the suite, and starting them together.

pub mod broker;
pub mod link;
pub mod sites;

use std::sync::Arc;

use anyhow::Context as _;
use tam_auth::Policy;
use tam_runtime::{Config, RunningService, ServiceDef, ServiceName};
use tokio_util::sync::CancellationToken;

/// The registry: every service of the suite, the gateway first. Adding a service is its
/// folder under `services/` and one line here (see `docs/adding-a-service.md`): the
/// policy table, the gateway's upstreams and merged OpenAPI document, `tam up`, `tam
/// serve`, `tam migrate`, `tam config`, the authorization matrix and the deployment
/// checks all read this list.
pub const SERVICES: &[fn() -> ServiceDef] = &[
    tam_gateway::service,
    tam_hr::service,
    tam_prospect::service,
    tam_calling::service,
    tam_quality::service,
    tam_helpdesk::service,
    tam_reporting::service,
];

/// Every service's definition, in registry order.
pub fn services() -> Vec<ServiceDef> {
    SERVICES.iter().map(|service| service()).collect()
}

/// The definition of the service called `name`.
pub fn service(name: ServiceName) -> anyhow::Result<ServiceDef> {
    services()
        .into_iter()
        .find(|def| def.name == name)
        .with_context(|| format!("{name} is not in the registry (tam::SERVICES)"))
}

/// The one policy table: every registered service's rows, whichever services a process
/// runs (so `tam serve prospect` checks the same table as the gateway).
pub fn policy() -> anyhow::Result<Policy> {
    Ok(tam_runtime::policy_of(&services())?)
}

/// Every configuration variable: the shared ones, then each service's own (name,
/// default, meaning; `tam config` prints them).
pub fn variables() -> Vec<tam_runtime::Variable> {
    tam_runtime::VARIABLES
        .iter()
        .copied()
        .chain(
            services()
                .iter()
                .flat_map(|def| def.variables.iter().copied()),
        )
        .collect()
}

/// Applies pending migrations of the given services' schemas and declares their part
/// of the event topology (the queue, DLQ and bindings of each of them that consumes,
/// from the contracts) with `TAM_AMQP_URL`'s user: the release step. Every service:
/// the whole topology; a place of the multi-site topology (central, a site) passes its
/// own, and no queue is made there that nobody reads. Services declare their own again
/// at start where their broker user may (see docs/decisions.md).
pub async fn migrate(config: &Config, services: &[ServiceDef]) -> anyhow::Result<()> {
    for def in services {
        if let Some(migrations) = def.migrations {
            config.check_production_secrets(def.name, true, false)?;
            let applied = tam_db::migrate(&config.database_url, migrations).await?;
            tracing::info!(service = %def.name, applied, "migrated");
        }
    }
    let names: Vec<&str> = services.iter().map(|def| def.name.as_str()).collect();
    tam_runtime::declare_event_topology_of(
        &config.amqp_url,
        &config.event_prefix,
        config.delivery_limit,
        &names,
    )
    .await
    .map_err(|e| e.context("declaring the event topology on the broker (TAM_AMQP_URL)"))?;
    tracing::info!(prefix = %config.event_prefix, "event topology declared");
    Ok(())
}

/// Starts the given services in this process (see [`tam_runtime::start_all`]), every one
/// checking the registry's whole policy table.
pub async fn start(
    config: Arc<Config>,
    services: &[ServiceDef],
    shutdown: &CancellationToken,
) -> anyhow::Result<Vec<RunningService>> {
    tam_runtime::start_all(config, Arc::new(policy()?), services, shutdown).await
}

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
    fn the_registry_makes_one_table_and_names_each_service_once() {
        let policy = policy().unwrap();
        let defs = services();
        let mut names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names[0], "gateway");
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), defs.len());
        // Every row of the table is some registered service's own.
        for row in policy.rows() {
            assert!(names.contains(&row.service), "{row:?}");
            let def = service(row.service.parse().unwrap()).unwrap();
            assert!(def.policy.contains(&row.route), "{row:?}");
        }
        assert_eq!(
            policy.rows().len(),
            defs.iter().map(|d| d.policy.len()).sum::<usize>()
        );
    }

    #[test]
    fn tam_config_lists_every_variable_once_the_services_own_included() {
        let names: Vec<&str> = variables().iter().map(|(name, _, _)| *name).collect();
        for name in [
            "TAM_DATABASE_URL",
            "TAM_CLAIM_LEASE_SECS",
            "TAM_RECORDINGS_STORE",
            "TAM_QA_SAMPLE_PERCENT",
            "TAM_SESSION_MAX_HOURS",
        ] {
            assert!(names.contains(&name), "{name}");
        }
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "a variable is listed twice");
    }

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
