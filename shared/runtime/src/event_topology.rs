//! The suite's event topology, from the event contracts' catalog: every service that
//! the catalog names as a consumer gets its queue and DLQ, bound to exactly the types
//! it consumes. It lives here, above both `tam_events` (which declares a topology it is
//! given) and `tam_contracts` (whose catalog depends on `tam_events`).

use tam_events::EventTopology;

/// Every consuming service's queue and bindings, as the contracts name them (a type's
/// `consumers` are the services whose queues take it; the revocations stream every
/// process reads is declared apart, by [`crate::revocations`]).
pub fn event_topology() -> EventTopology {
    EventTopology::from_consumers(
        tam_contracts::CATALOG
            .iter()
            .map(|spec| (spec.event_type, spec.consumers.iter().copied())),
    )
}

/// The part of [`event_topology`] that `services` consume: what one place declares when
/// only those services run there (central, or a site, of the multi-site topology). A
/// queue no service of the place reads would only grow.
pub fn event_topology_of(services: &[&str]) -> EventTopology {
    EventTopology::from_consumers(tam_contracts::CATALOG.iter().map(|spec| {
        (
            spec.event_type,
            spec.consumers
                .iter()
                .copied()
                .filter(|consumer| services.contains(consumer)),
        )
    }))
}

/// Declares the whole topology on the broker at `amqp_url` (the release step: `tam
/// migrate`, with a broker user allowed to declare every service's queue).
pub async fn declare_event_topology(
    amqp_url: &str,
    prefix: &str,
    delivery_limit: u32,
) -> anyhow::Result<()> {
    declare(amqp_url, prefix, delivery_limit, event_topology()).await
}

/// Declares the part of the topology that `services` consume ([`event_topology_of`]):
/// `tam migrate <service>...` at a place that runs only those.
pub async fn declare_event_topology_of(
    amqp_url: &str,
    prefix: &str,
    delivery_limit: u32,
    services: &[&str],
) -> anyhow::Result<()> {
    declare(
        amqp_url,
        prefix,
        delivery_limit,
        event_topology_of(services),
    )
    .await
}

async fn declare(
    amqp_url: &str,
    prefix: &str,
    delivery_limit: u32,
    topology: EventTopology,
) -> anyhow::Result<()> {
    let connection = tam_events::topology::connect(amqp_url, &format!("{prefix}.migrate")).await?;
    let refused = topology.declare(&connection, prefix, delivery_limit).await;
    let _ = connection.close(200, "declared").await;
    let refused = refused?;
    if !refused.is_empty() {
        anyhow::bail!(
            "the broker user may not declare the queues of {}",
            refused.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_place_declares_only_the_queues_of_its_own_services() {
        let all = super::event_topology();
        let central = super::event_topology_of(&["gateway", "hr", "helpdesk", "reporting"]);
        assert_eq!(
            central.services().collect::<Vec<_>>(),
            ["helpdesk", "hr", "reporting"]
        );
        for service in ["helpdesk", "hr", "reporting"] {
            assert_eq!(central.bindings(service), all.bindings(service));
        }
        let everyone: Vec<&str> = all.services().collect();
        assert_eq!(
            super::event_topology_of(&everyone)
                .services()
                .collect::<Vec<_>>(),
            everyone
        );
    }
}
