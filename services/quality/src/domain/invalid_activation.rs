//! Invalid activations on the agent's record.
//!
//! QC Tier 2 (helpdesk) validates a sample of AddOn activations; an invalid one of an
//! OBC sale names the call, the agent and the team (`helpdesk.activation.invalidated`).
//! quality keeps it, once per validation, and shows it beside the score: the agent and
//! their team leader see what QC Tier 2 found, the site's quality roles too. Nothing is
//! decided here (helpdesk reopened the ticket for HD Support); it is a fact on the
//! record. Activations of other channels name no agent and are not kept.

use chrono::{DateTime, Utc};
use tam_kernel::{Program, Site};
use uuid::Uuid;

/// An invalid activation as helpdesk reported it (only OBC sales: with call and agent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalidation {
    pub validation_id: Uuid,
    pub ticket_id: Uuid,
    pub ticket_number: i64,
    pub channel: String,
    pub call_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Option<Site>,
    pub product_code: Option<String>,
    pub failed_items: Vec<String>,
    pub findings: String,
    pub validated_by: Uuid,
    pub validated_at: DateTime<Utc>,
}

/// An invalid activation on the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidActivation {
    pub id: Uuid,
    pub validation_id: Uuid,
    pub ticket_id: Uuid,
    pub ticket_number: i64,
    pub channel: String,
    pub call_id: Uuid,
    /// The call's tapping task, when quality has it.
    pub task_id: Option<Uuid>,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Option<Site>,
    /// The call's program, from its tapping task (the event does not carry it).
    pub program: Option<Program>,
    pub product_code: Option<String>,
    pub failed_items: Vec<String>,
    pub findings: String,
    pub validated_by: Uuid,
    pub validated_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}
