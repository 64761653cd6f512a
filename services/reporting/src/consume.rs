//! What reporting consumes: exactly the event types the contracts name it a consumer
//! of, each counted in the daily activity (which reads the envelope, not the payload).

use tam_events::Subscriptions;

use crate::activity;

/// The event types reporting's queue is bound to.
pub fn consumed() -> Vec<&'static str> {
    tam_contracts::consumed_by("reporting")
}

/// reporting's subscriptions: every type it consumes, counted in batches.
pub fn subscriptions() -> Subscriptions {
    Subscriptions::new().on_envelopes(&consumed(), |conn, events| {
        Box::pin(activity::count(conn, events))
    })
}

#[cfg(test)]
mod tests {
    use tam_events::EventHandler;

    #[test]
    fn subscribes_to_exactly_what_the_contracts_name() {
        assert_eq!(
            super::subscriptions().subscriptions(),
            tam_contracts::consumed_by("reporting")
        );
        assert!(!super::consumed().is_empty());
    }
}
