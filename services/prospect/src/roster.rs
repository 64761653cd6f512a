//! The agents known to prospect, kept from hr's `hr.employee.*` events (never by
//! calling hr).
//!
//! Every employee hr announces is kept, whatever the role (the `role` column says who is
//! an agent or a team leader; distribution will select `role = 'agent'` and
//! `status = 'active'`). Keeping everyone makes the newest-state-wins rule exact: a row
//! is never deleted, so an old event arriving late cannot bring back a stale state.
//! `hr.team.changed` is not needed: an agent's team comes with the employee events.
//! [`crate::consume`] maps hr's events to entries and the store keeps them.

use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

/// What the roster keeps of an employee (the events say more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub employee_id: Uuid,
    pub role: Role,
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub team_id: Option<Uuid>,
    /// `active`, `suspended` or `deactivated`.
    pub status: String,
}
