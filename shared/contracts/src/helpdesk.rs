//! What helpdesk publishes: the life of AddOn activation tickets, for the reports.

use chrono::{DateTime, Utc};
use tam_kernel::Site;
use uuid::Uuid;

use crate::macros::event;

event! {
    /// An activation ticket was opened: from an OBC sale quality validated, by HD
    /// Support for another channel, or by a CSV import of a channel's orders.
    #[event(
        type = "helpdesk.ticket.opened",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct TicketOpened {
        /// The ticket.
        pub ticket_id: Uuid,
        /// Its number, as people say it.
        pub number: u64,
        /// The sales channel (`obc`, `call_center_147`, `plasa`, `myindihome`, `web`,
        /// `sales_force`).
        pub channel: String,
        /// The customer's IndiHome service number.
        pub indihome_number: String,
        /// The product (sales).
        pub product_code: Option<String>,
        /// The negotiation step (retention).
        pub negotiation_step: Option<u32>,
        /// `low`, `normal`, `high` or `urgent`.
        pub priority: String,
        /// The site of the sale, when the channel has one.
        pub site: Option<Site>,
        /// The OBC sale's call.
        pub call_id: Option<Uuid>,
        /// The OBC sale's agent.
        pub agent_id: Option<Uuid>,
        /// Who opened it (`null`: the channel, automatically).
        pub opened_by: Option<Uuid>,
        /// When it was opened.
        pub opened_at: DateTime<Utc>,
    }
}

event! {
    /// An activation ticket's status changed (any change, a resolution included).
    #[event(
        type = "helpdesk.ticket.status_changed",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct TicketStatusChanged {
        /// The ticket.
        pub ticket_id: Uuid,
        /// The sales channel.
        pub channel: String,
        /// The site, when the ticket has one.
        pub site: Option<Site>,
        /// The status before.
        pub from: String,
        /// The status now.
        pub to: String,
        /// The client's provisioning order number, when known.
        pub provisioning_order_number: Option<String>,
        /// Who changed it (`null`: a channel, automatically).
        pub changed_by: Option<Uuid>,
        /// When.
        pub changed_at: DateTime<Utc>,
    }
}

event! {
    /// An activation ticket was resolved: `activated`, `failed` or `cancelled` (a
    /// `failed` one may be reopened later, which is a status change).
    #[event(
        type = "helpdesk.ticket.resolved",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct TicketResolved {
        /// The ticket.
        pub ticket_id: Uuid,
        /// The sales channel.
        pub channel: String,
        /// The site, when the ticket has one.
        pub site: Option<Site>,
        /// `activated`, `failed` or `cancelled`.
        pub resolution: String,
        /// When it was opened.
        pub opened_at: DateTime<Utc>,
        /// When it was resolved.
        pub resolved_at: DateTime<Utc>,
        /// Whether any SLA clock was breached by then.
        pub breached: bool,
    }
}
