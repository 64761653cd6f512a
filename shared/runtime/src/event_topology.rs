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

/// Declares the whole topology on the broker at `amqp_url` (the release step: `tam
/// migrate`, with a broker user allowed to declare every service's queue).
pub async fn declare_event_topology(
    amqp_url: &str,
    prefix: &str,
    delivery_limit: u32,
) -> anyhow::Result<()> {
    let connection = tam_events::topology::connect(amqp_url, &format!("{prefix}.migrate")).await?;
    let refused = event_topology()
        .declare(&connection, prefix, delivery_limit)
        .await;
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
