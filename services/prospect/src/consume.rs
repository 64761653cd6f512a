//! What prospect consumes, each event type routed to a typed handler: hr's employee
//! events keep the roster ([`crate::roster`]); calling's and quality's move prospects
//! ([`crate::app::results`]).

use diesel_async::AsyncPgConnection;
use tam_contracts::calling::{CallAbandoned, CallCompleted, CallStarted};
use tam_contracts::hr::{EmployeeCreated, EmployeeDeactivated, EmployeeRoster, EmployeeUpdated};
use tam_contracts::hr_attendance::{
    AttendanceCheckedIn, AttendanceCheckedOut, AttendanceCorrected, AttendancePolicyChanged,
};
use tam_contracts::hr_training::{
    CertificationExpired, CertificationGranted, CertificationRevoked,
};
use tam_contracts::quality::{self, CallValidated};
use tam_events::{Envelope, HandlerError, Subscriptions};

use crate::app::results::{self, CallAbandonment, CallResult, CallStart, Validation, Verdict};
use crate::roster::RosterEntry;
use crate::store;

/// prospect's subscriptions.
pub fn subscriptions() -> Subscriptions {
    Subscriptions::new()
        .on::<EmployeeCreated, _>(|conn, e, envelope| Box::pin(roster(conn, e.employee, envelope)))
        .on::<EmployeeUpdated, _>(|conn, e, envelope| Box::pin(roster(conn, e.employee, envelope)))
        .on::<EmployeeDeactivated, _>(|conn, e, envelope| {
            Box::pin(roster(conn, e.employee, envelope))
        })
        .on::<CertificationGranted, _>(|conn, e, envelope| {
            let as_of = envelope.occurred_at;
            Box::pin(async move {
                store::certifications::granted(conn, &granted(&e), as_of).await?;
                Ok(())
            })
        })
        .on::<CertificationRevoked, _>(|conn, e, envelope| {
            let as_of = envelope.occurred_at;
            Box::pin(async move {
                store::certifications::revoked(
                    conn,
                    e.certification_id,
                    e.employee_id,
                    e.program,
                    e.revoked_at,
                    as_of,
                )
                .await?;
                Ok(())
            })
        })
        .on::<CertificationExpired, _>(|conn, e, envelope| {
            let as_of = envelope.occurred_at;
            Box::pin(async move {
                store::certifications::expired(
                    conn,
                    e.certification_id,
                    e.employee_id,
                    e.program,
                    e.expired_on,
                    as_of,
                )
                .await?;
                Ok(())
            })
        })
        .on::<AttendancePolicyChanged, _>(|conn, e, envelope| {
            let as_of = envelope.occurred_at;
            Box::pin(async move {
                store::check_ins::policy(conn, e.site, e.check_in_required, as_of).await?;
                Ok(())
            })
        })
        .on::<AttendanceCheckedIn, _>(|conn, e, envelope| {
            let as_of = envelope.occurred_at;
            Box::pin(async move {
                store::check_ins::day(
                    conn,
                    e.employee_id,
                    e.day,
                    Some(e.checked_in_at),
                    None,
                    as_of,
                )
                .await?;
                Ok(())
            })
        })
        .on::<AttendanceCheckedOut, _>(|conn, e, envelope| {
            let as_of = envelope.occurred_at;
            Box::pin(async move {
                store::check_ins::check_out(conn, e.employee_id, e.day, e.checked_out_at, as_of)
                    .await?;
                Ok(())
            })
        })
        .on::<AttendanceCorrected, _>(|conn, e, envelope| {
            let as_of = envelope.occurred_at;
            Box::pin(async move {
                store::check_ins::day(
                    conn,
                    e.employee_id,
                    e.day,
                    e.check_in_at,
                    e.check_out_at,
                    as_of,
                )
                .await?;
                Ok(())
            })
        })
        .on::<CallStarted, _>(|conn, e, _| {
            Box::pin(async move {
                results::call_started(conn, &call_start(e))
                    .await
                    .map_err(failed)
            })
        })
        .on::<CallCompleted, _>(|conn, e, _| {
            Box::pin(async move {
                results::call_completed(conn, &call_result(e)?)
                    .await
                    .map_err(failed)
            })
        })
        .on::<CallAbandoned, _>(|conn, e, _| {
            Box::pin(async move {
                results::call_abandoned(conn, &call_abandonment(e))
                    .await
                    .map_err(failed)
            })
        })
        .on::<CallValidated, _>(|conn, e, envelope| {
            let correlation_id = envelope.correlation_id.clone();
            Box::pin(async move {
                results::call_validated(conn, &validation(e)?, correlation_id.as_deref())
                    .await
                    .map_err(failed)
            })
        })
}

/// An employee as hr announced them, kept as of the event's time (the newest wins).
async fn roster(
    conn: &mut AsyncPgConnection,
    employee: EmployeeRoster,
    envelope: &Envelope,
) -> Result<(), HandlerError> {
    store::agents::upsert(conn, &roster_entry(&employee), envelope.occurred_at).await?;
    Ok(())
}

/// What the roster keeps of an employee (the events say more).
pub fn roster_entry(e: &EmployeeRoster) -> RosterEntry {
    RosterEntry {
        employee_id: e.employee_id,
        role: e.role,
        site: e.site,
        program: e.program,
        team_id: e.team_id,
        status: e.status.as_str().to_owned(),
    }
}

/// What the gate keeps of a granted certification.
pub fn granted(e: &CertificationGranted) -> store::certifications::Granted {
    store::certifications::Granted {
        certification_id: e.certification_id,
        employee_id: e.employee_id,
        program: e.program,
        valid_from: e.valid_from,
        valid_until: e.valid_until,
    }
}

pub fn call_start(e: CallStarted) -> CallStart {
    CallStart {
        call_id: e.call.call_id,
        prospect_id: e.call.prospect_id,
        agent_id: e.call.agent_id,
    }
}

/// A call's result; a negotiation step that does not fit the store's integer is refused.
pub fn call_result(e: CallCompleted) -> Result<CallResult, HandlerError> {
    Ok(CallResult {
        call_id: e.call.call_id,
        prospect_id: e.call.prospect_id,
        agent_id: e.call.agent_id,
        team_id: e.call.team_id,
        outcome: e.outcome,
        product_code: e.product_code,
        negotiation_step: e
            .negotiation_step
            .map(|step| int(step, "negotiation_step"))
            .transpose()?,
        follow_up_at: e.follow_up_at,
        notes: e.notes,
        started_at: e.started_at,
        ended_at: e.ended_at,
        has_recording: e.has_recording,
    })
}

pub fn call_abandonment(e: CallAbandoned) -> CallAbandonment {
    CallAbandonment {
        call_id: e.call.call_id,
        prospect_id: e.call.prospect_id,
        agent_id: e.call.agent_id,
        started_at: e.started_at,
        abandoned_at: e.abandoned_at,
        reason: e.reason,
    }
}

/// A verdict; a revision that does not fit the store's integer is refused.
pub fn validation(e: CallValidated) -> Result<Validation, HandlerError> {
    Ok(Validation {
        task_id: e.task_id,
        call_id: e.call_id,
        prospect_id: e.prospect_id,
        agent_id: e.agent_id,
        team_id: e.team_id,
        verdict: match e.verdict {
            quality::Verdict::Valid => Verdict::Valid,
            quality::Verdict::Returned => Verdict::Returned,
        },
        reason: e.reason,
        recommendation: e.recommendation,
        validated_at: e.validated_at,
        revision: int(e.revision, "revision")?,
    })
}

/// A step or revision from an event as the store keeps it (an INTEGER column); one that
/// does not fit cannot be applied.
fn int(value: u32, field: &str) -> Result<i32, HandlerError> {
    i32::try_from(value)
        .map_err(|_| HandlerError::Rejected(format!("{field} {value} is out of range")))
}

/// A database failure is retried (redelivery); anything else cannot be applied.
fn failed(err: crate::Error) -> HandlerError {
    match err {
        crate::Error::Db(err) => HandlerError::from(err),
        crate::Error::Unavailable(cause) => {
            HandlerError::Database(tam_db::DbError::Unavailable(cause))
        }
        other => HandlerError::Rejected(format!("{other:#}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;
    use tam_events::EventHandler;
    use tam_kernel::{Program, Role, Site};
    use uuid::Uuid;

    #[test]
    fn subscribes_to_exactly_what_the_contracts_name() {
        let mut subscribed = subscriptions().subscriptions();
        let mut named = tam_contracts::consumed_by("prospect");
        subscribed.sort();
        named.sort();
        assert_eq!(subscribed, named);
    }

    #[test]
    fn reads_the_roster_fields_of_an_employee_event() {
        let id = Uuid::now_v7();
        let team = Uuid::now_v7();
        let event: EmployeeUpdated = serde_json::from_value(json!({
            "employee_id": id, "nik": "1", "full_name": "A", "username": "a.b",
            "role": "agent", "site": "medan", "program": "add_on_consumer",
            "team_id": team, "status": "suspended", "changed": ["status"],
        }))
        .unwrap();
        let entry = roster_entry(&event.employee);
        assert_eq!(entry.employee_id, id);
        assert_eq!(entry.role, Role::Agent);
        assert_eq!(entry.site, Some(Site::Medan));
        assert_eq!(entry.program, Some(Program::AddOnConsumer));
        assert_eq!(entry.team_id, Some(team));
        assert_eq!(entry.status, "suspended");
    }

    #[test]
    fn all_site_roles_come_without_site() {
        let event: EmployeeCreated = serde_json::from_value(json!({
            "employee_id": Uuid::now_v7(), "nik": "2", "full_name": "M", "username": "m.n",
            "role": "manager", "site": null, "program": null, "team_id": null,
            "status": "active",
        }))
        .unwrap();
        let entry = roster_entry(&event.employee);
        assert_eq!(entry.site, None);
        assert_eq!(entry.program, None);
    }
}
