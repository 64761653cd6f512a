//! What helpdesk publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use tam_events::Producer;

pub use tam_contracts::helpdesk::{TicketOpened, TicketResolved, TicketStatusChanged};

/// The producer name on every helpdesk event.
pub const PRODUCER: Producer = Producer("helpdesk");

#[cfg(test)]
mod tests {
    use super::*;
    use tam_events::Event;

    #[test]
    fn the_desk_publishes_its_ticket_events_under_its_name() {
        let produced = tam_contracts::produced_by(PRODUCER.0);
        for event_type in [
            TicketOpened::TYPE,
            TicketStatusChanged::TYPE,
            TicketResolved::TYPE,
        ] {
            assert!(produced.contains(&event_type), "{event_type}: {produced:?}");
        }
        assert!(tam_contracts::consumed_by("reporting").contains(&TicketResolved::TYPE));
    }
}
