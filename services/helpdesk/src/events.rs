//! What helpdesk publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use tam_events::Producer;

pub use tam_contracts::helpdesk::{TicketOpened, TicketResolved, TicketStatusChanged};

/// The producer name on every helpdesk event.
pub const PRODUCER: Producer = Producer("helpdesk");
