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
        consumers: &["prospect", "reporting"],
        payload: "a new employee (and user): employee_id, nik, full_name, username, role, \
                  site (absent for all-site roles), program, team_id (agents), status",
    },
    EventSpec {
        event_type: "hr.employee.updated",
        producer: "hr",
        consumers: &["prospect", "reporting"],
        payload: "an employee's roster fields changed (full_name, role, site, program, \
                  team_id, or status active/suspended): the same fields as \
                  hr.employee.created, as they are now, plus `changed`, the names of \
                  the fields that changed",
    },
    EventSpec {
        event_type: "hr.employee.deactivated",
        producer: "hr",
        consumers: &["prospect", "reporting"],
        payload: "an employee left and can no longer log in: the same fields as \
                  hr.employee.created, with status deactivated",
    },
    EventSpec {
        event_type: "hr.access.revoked",
        producer: "hr",
        consumers: &[
            "gateway",
            "hr",
            "prospect",
            "calling",
            "quality",
            "helpdesk",
            "reporting",
        ],
        payload: "an employee's access tokens issued before not_before are refused from \
                  now on (deactivated, suspended, password changed, refresh token reused, \
                  logged out everywhere): employee_id, not_before (a whole second), \
                  reason (deactivated | suspended | password_changed | \
                  refresh_token_reused | logged_out_everywhere). Besides reporting's \
                  queue it is routed to the stream <prefix>.access-revocations, which \
                  every process (gateway and each replica of each service) reads to keep \
                  its verifier's deny-list (tam_runtime::revocations)",
    },
    EventSpec {
        event_type: "hr.team.changed",
        producer: "hr",
        consumers: &["reporting"],
        payload: "a team was created or got another leader: team_id, name, site, \
                  program, team_leader_id, change (created | leader_changed)",
    },
    EventSpec {
        event_type: "hr.role.granted",
        producer: "hr",
        consumers: &["reporting"],
        payload: "audit: an all-site or supervisory role (admin, manager, coordinator, \
                  hr_recruiter, supervisor_*, hd_support, qc_tier2, ioc) was given, with \
                  the employee, written in the change's transaction: employee_id, \
                  username, role, site (absent for all-site roles), previous_role and \
                  previous_site (on edit), granted_by, granted_by_role, how (created | \
                  edited)",
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
        consumers: &["reporting"],
        payload: "a work order moved draft → active → closed: work_order_id, wo_code, \
                  site, program, from, to",
    },
    EventSpec {
        event_type: "prospect.dapros.imported",
        producer: "prospect",
        consumers: &["reporting"],
        payload: "a DAPROS file was imported into a work order: import_id, \
                  work_order_id, site, program, total, accepted, rejected, duplicates, \
                  dnc_excluded, imported_by",
    },
    EventSpec {
        event_type: "prospect.prospect.claimed",
        producer: "prospect",
        consumers: &["calling", "reporting"],
        payload: "an agent claimed a prospect through `next` (a lease): claim_id, \
                  prospect_id, work_order_id, wo_code, agent_id, team_id (nullable), \
                  site, program, offers (the work order's offers: sales \
                  [{product_code, product_name}], retention [{step, description}]), \
                  attempt (1 for the first call), lease_expires_at, claimed_at",
    },
    EventSpec {
        event_type: "prospect.prospect.withdrawn",
        producer: "prospect",
        consumers: &["calling", "reporting"],
        payload: "a claimed or assigned prospect may no longer be called (its number \
                  went on the do-not-call list, or its work order closed): prospect_id, \
                  agent_id (nullable), site, reason (dnc | work_order_closed)",
    },
    EventSpec {
        event_type: "calling.call.started",
        producer: "calling",
        consumers: &["prospect", "reporting"],
        payload: "an agent started a call on a claimed prospect: call_id, claim_id, \
                  prospect_id, work_order_id, agent_id, team_id (nullable), site, \
                  program, masking_number, started_at",
    },
    EventSpec {
        event_type: "calling.call.completed",
        producer: "calling",
        consumers: &["prospect", "quality", "reporting"],
        payload: "an agent recorded a call's result: call_id, claim_id, prospect_id, \
                  work_order_id, agent_id, team_id (nullable), site, program, outcome \
                  (agree | decline | follow_up | no_answer | busy | unreachable | \
                  rejected | wrong_number), product_code (agree on sales), \
                  negotiation_step (agree on retention), follow_up_at (follow_up), \
                  notes, started_at, ended_at, duration_seconds, has_recording",
    },
    EventSpec {
        event_type: "calling.call.abandoned",
        producer: "calling",
        consumers: &["prospect", "reporting"],
        payload: "a call left open without a result (the agent's session died, the \
                  agent left) was closed by their team leader or supervisor; the \
                  prospect may be called again: call_id, claim_id, prospect_id, \
                  work_order_id, agent_id, team_id (nullable), site, program, \
                  started_at, abandoned_at, abandoned_by, reason",
    },
    EventSpec {
        event_type: "calling.recording.attached",
        producer: "calling",
        consumers: &["quality", "reporting"],
        payload: "a call's recording was stored: call_id, claim_id, prospect_id, \
                  work_order_id, agent_id, team_id (nullable), site, program, \
                  content_type, size_bytes, sha256, attached_at",
    },
    EventSpec {
        event_type: "quality.call.validated",
        producer: "quality",
        consumers: &["prospect", "reporting"],
        payload: "a tapped AGREE call was judged, or its verdict corrected after QA: \
                  task_id, call_id, prospect_id, work_order_id, agent_id, team_id \
                  (nullable), site, program, verdict (valid | returned), score (0–100), \
                  reason, recommendation, validated_at, revision (1 for the QCO's \
                  verdict, +1 for each correction; consumers apply the highest revision \
                  of a task)",
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
