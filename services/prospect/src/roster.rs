//! The agents known to prospect, kept from hr's `hr.employee.*` events (never by
//! calling hr).
//!
//! Every employee hr announces is kept, whatever the role (the `role` column says who is
//! an agent or a team leader; distribution will select `role = 'agent'` and
//! `status = 'active'`). Keeping everyone makes the newest-state-wins rule exact: a row
//! is never deleted, so an old event arriving late cannot bring back a stale state.
//! `hr.team.changed` is not needed: an agent's team comes with the employee events.
//! [`crate::consume`] applies the entries.

use tam_contracts::hr::{EmployeeCreated, EmployeeDeactivated, EmployeeRoster, EmployeeUpdated};
use tam_events::{Envelope, Event};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

/// The event types the roster is kept from.
pub const SUBSCRIPTIONS: [&str; 3] = [
    EmployeeCreated::TYPE,
    EmployeeUpdated::TYPE,
    EmployeeDeactivated::TYPE,
];

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

impl From<&EmployeeRoster> for RosterEntry {
    fn from(e: &EmployeeRoster) -> Self {
        Self {
            employee_id: e.employee_id,
            role: e.role,
            site: e.site,
            program: e.program,
            team_id: e.team_id,
            status: e.status.as_str().to_owned(),
        }
    }
}

/// The roster entry an event carries, or why it cannot be read.
pub fn entry_of(event: &Envelope) -> Result<RosterEntry, String> {
    let bad = |e: serde_json::Error| format!("{} payload: {e}", event.event_type);
    let employee = match event.event_type.as_str() {
        EmployeeCreated::TYPE => event.decode::<EmployeeCreated>().map_err(bad)?.employee,
        EmployeeUpdated::TYPE => event.decode::<EmployeeUpdated>().map_err(bad)?.employee,
        EmployeeDeactivated::TYPE => event.decode::<EmployeeDeactivated>().map_err(bad)?.employee,
        other => return Err(format!("{other} is not a roster event")),
    };
    Ok(RosterEntry::from(&employee))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn envelope(event_type: &str, payload: serde_json::Value) -> Envelope {
        Envelope {
            id: Uuid::now_v7(),
            event_type: event_type.into(),
            version: 1,
            occurred_at: chrono::Utc::now(),
            producer: "hr".into(),
            site: Some("medan".into()),
            correlation_id: None,
            payload,
        }
    }

    #[test]
    fn reads_the_roster_fields_of_an_employee_event() {
        let id = Uuid::now_v7();
        let team = Uuid::now_v7();
        let event = envelope(
            "hr.employee.updated",
            json!({
                "employee_id": id, "nik": "1", "full_name": "A", "username": "a.b",
                "role": "agent", "site": "medan", "program": "add_on_consumer",
                "team_id": team, "status": "suspended", "changed": ["status"],
            }),
        );
        let entry = entry_of(&event).unwrap();
        assert_eq!(entry.employee_id, id);
        assert_eq!(entry.role, Role::Agent);
        assert_eq!(entry.site, Some(Site::Medan));
        assert_eq!(entry.program, Some(Program::AddOnConsumer));
        assert_eq!(entry.team_id, Some(team));
        assert_eq!(entry.status, "suspended");
    }

    #[test]
    fn all_site_roles_come_without_site() {
        let event = envelope(
            "hr.employee.created",
            json!({
                "employee_id": Uuid::now_v7(), "nik": "2", "full_name": "M", "username": "m.n",
                "role": "manager", "site": null, "program": null, "team_id": null,
                "status": "active",
            }),
        );
        let entry = entry_of(&event).unwrap();
        assert_eq!(entry.site, None);
        assert_eq!(entry.program, None);
    }

    #[test]
    fn other_events_and_broken_payloads_are_refused() {
        assert!(entry_of(&envelope("hr.team.changed", json!({}))).is_err());
        assert!(entry_of(&envelope("hr.employee.created", json!({"role": "agent"}))).is_err());
    }
}
