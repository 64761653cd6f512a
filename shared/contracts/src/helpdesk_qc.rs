//! What helpdesk's QC Tier 2 publishes: the result of validating a sampled AddOn
//! activation, for the reports (and, for an OBC sale, the agent and the call it names,
//! which quality keeps on the agent's record).

use chrono::{DateTime, Utc};
use tam_kernel::Site;
use uuid::Uuid;

use crate::macros::event;

event! {
    /// QC Tier 2 found a sampled activation invalid (a critical item of the channel's
    /// checklist failed): its ticket was reopened to `validation` for HD Support with a
    /// kendala, in the same transaction. For an OBC sale it names the agent and the call.
    #[event(
        type = "helpdesk.activation.invalidated",
        version = 1,
        producer = "helpdesk",
        consumers = ["quality", "reporting"],
    )]
    pub struct ActivationInvalidated {
        /// The validation.
        pub validation_id: Uuid,
        /// The activation ticket, reopened.
        pub ticket_id: Uuid,
        /// Its number ("ticket 1042").
        pub ticket_number: u64,
        /// The sales channel (`obc`, `call_center_147`, `plasa`, `myindihome`, `web`,
        /// `sales_force`).
        pub channel: String,
        /// The site of the sale, when the channel has one.
        pub site: Option<Site>,
        /// The product activated (sales).
        pub product_code: Option<String>,
        /// The OBC sale's call.
        pub call_id: Option<Uuid>,
        /// The OBC sale's agent.
        pub agent_id: Option<Uuid>,
        /// The OBC sale's team.
        pub team_id: Option<Uuid>,
        /// The codes of the checklist items that failed (the critical ones first).
        pub failed_items: Vec<String>,
        /// What QC Tier 2 found.
        pub findings: String,
        /// The kendala opened on the ticket.
        pub issue_id: Uuid,
        /// The QC Tier 2 employee.
        pub validated_by: Uuid,
        /// When.
        pub validated_at: DateTime<Utc>,
    }
}

event! {
    /// QC Tier 2 found a sampled activation valid (no critical item of the checklist
    /// failed).
    #[event(
        type = "helpdesk.activation.validated",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct ActivationValidated {
        /// The validation.
        pub validation_id: Uuid,
        /// The activation ticket.
        pub ticket_id: Uuid,
        /// The sales channel.
        pub channel: String,
        /// The site of the sale, when the channel has one.
        pub site: Option<Site>,
        /// The OBC sale's call.
        pub call_id: Option<Uuid>,
        /// The OBC sale's agent.
        pub agent_id: Option<Uuid>,
        /// The QC Tier 2 employee.
        pub validated_by: Uuid,
        /// When.
        pub validated_at: DateTime<Utc>,
    }
}
