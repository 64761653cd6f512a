//! Every event type on the bus: who publishes it, who consumes it and what its payload
//! carries. Routing key = type = `<service>.<aggregate>.<verb>`. A service adds its
//! events here in the change that starts publishing them; payload structs live in the
//! producing service and implement [`crate::Event`].

/// One entry of the catalog.
#[derive(Debug, Clone, Copy)]
pub struct EventSpec {
    pub event_type: &'static str,
    pub producer: &'static str,
    pub consumers: &'static [&'static str],
    pub payload: &'static str,
}

/// The events in use. Reporting binds to every event (`#`) to feed its read models, which
/// also means every event is routable once reporting has declared its queue.
pub const CATALOG: &[EventSpec] = &[];

/// The binding that receives every event.
pub const ALL_EVENTS: &str = "#";

#[cfg(test)]
mod tests {
    use super::CATALOG;

    #[test]
    fn every_type_names_its_producer_and_has_three_parts() {
        for spec in CATALOG {
            let parts: Vec<&str> = spec.event_type.split('.').collect();
            assert_eq!(parts.len(), 3, "{}", spec.event_type);
            assert_eq!(parts[0], spec.producer, "{}", spec.event_type);
        }
    }
}
