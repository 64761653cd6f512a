//! What helpdesk's SLA engine publishes: the escalation levels of a ticket's clocks as
//! they fire, and the breaches (for reporting and the people notified).

use chrono::{DateTime, Utc};
use tam_kernel::Site;
use uuid::Uuid;

use crate::macros::{event, vocabulary};

vocabulary! {
    /// One of a ticket's SLA clocks.
    pub enum SlaClock as "SLA clock" {
        /// Until someone of the desk first answers.
        FirstResponse => "first_response",
        /// `validation` → `provisioning_issued`.
        Validation => "validation",
        /// `provisioning_issued` → `activated`.
        Provisioning => "provisioning",
        /// From the opening to the resolution.
        Resolution => "resolution",
    }
}

vocabulary! {
    /// Who an escalation notifies.
    pub enum EscalationRecipient as "escalation recipient" {
        /// The HD Support agent holding the ticket (`assignee_id`).
        Assignee => "assignee",
        /// Every HD Support supervisor.
        SupervisorHd => "supervisor_hd",
        /// The managers.
        Manager => "manager",
        /// IT operations (tickets with an IT-cause kendala).
        Ioc => "ioc",
    }
}

event! {
    /// A level of the escalation ladder fired for one of a ticket's SLA clocks (once per
    /// ticket, clock and level). Published when the notification is due: at once for an
    /// urgent ticket, otherwise within the calendar's open hours.
    #[event(
        type = "helpdesk.ticket.escalated",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct TicketEscalated {
        /// The ticket.
        pub ticket_id: Uuid,
        /// Its number ("ticket 1042").
        pub ticket_number: u64,
        /// Its site, for an OBC sale.
        pub site: Option<Site>,
        /// The clock that reached the level.
        pub clock: SlaClock,
        /// The level's code (`warning`, `supervisor`, `breach`).
        pub level: String,
        /// The level's share of the clock's target, in percent.
        pub percent: u32,
        /// Whether the level is a breach (100% or more).
        pub breach: bool,
        /// Who it notifies.
        pub recipients: Vec<EscalationRecipient>,
        /// The agent holding the ticket when it fired.
        pub assignee_id: Option<Uuid>,
        /// When the clock reached the level.
        pub reached_at: DateTime<Utc>,
    }
}

event! {
    /// One of a ticket's SLA clocks used up its target (recorded once per ticket and
    /// clock, when found; published at once, whatever the hour).
    #[event(
        type = "helpdesk.ticket.breached",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct TicketBreached {
        /// The ticket.
        pub ticket_id: Uuid,
        /// Its number.
        pub ticket_number: u64,
        /// Its site, for an OBC sale.
        pub site: Option<Site>,
        /// Its sales channel's code.
        pub channel: String,
        /// The clock breached.
        pub clock: SlaClock,
        /// Its target, in business minutes.
        pub target_minutes: u32,
        /// When the target was used up.
        pub due_at: DateTime<Utc>,
    }
}
