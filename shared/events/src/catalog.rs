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
pub const CATALOG: &[EventSpec] = &[
    EventSpec {
        event_type: "hr.employee.created",
        producer: "hr",
        consumers: &["prospect", "calling", "quality", "helpdesk", "reporting"],
        payload: "a new employee (and user): employee_id, nik, full_name, username, role, \
                  site (absent for all-site roles), program, team_id (agents), status",
    },
    EventSpec {
        event_type: "hr.employee.updated",
        producer: "hr",
        consumers: &["prospect", "calling", "quality", "helpdesk", "reporting"],
        payload: "an employee's roster fields changed (full_name, role, site, program, \
                  team_id, or status active/suspended): the same fields as \
                  hr.employee.created, as they are now, plus `changed`, the names of \
                  the fields that changed",
    },
    EventSpec {
        event_type: "hr.employee.deactivated",
        producer: "hr",
        consumers: &["prospect", "calling", "quality", "helpdesk", "reporting"],
        payload: "an employee left and can no longer log in: the same fields as \
                  hr.employee.created, with status deactivated",
    },
    EventSpec {
        event_type: "hr.team.changed",
        producer: "hr",
        consumers: &["prospect", "calling", "quality", "reporting"],
        payload: "a team was created or got another leader: team_id, name, site, \
                  program, team_leader_id, change (created | leader_changed)",
    },
    EventSpec {
        event_type: "prospect.work_order.created",
        producer: "prospect",
        consumers: &["reporting"],
        payload: "a work order was created (as a draft): work_order_id, wo_code, site, \
                  program, title, valid_from, valid_to, status, max_attempts, \
                  daily_quota_per_agent",
    },
    EventSpec {
        event_type: "prospect.work_order.status_changed",
        producer: "prospect",
        consumers: &["calling", "reporting"],
        payload: "a work order moved draft → active → closed: work_order_id, wo_code, \
                  site, program, from, to",
    },
];

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
