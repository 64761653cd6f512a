//! Pembinaan's use cases: warning letters (issue, acknowledge, approve or reject a
//! direct letter, revoke), the termination review an SP3 opens, and coaching records.
//! Each is one transaction with its outbox rows; the rules are
//! [`crate::domain::pembinaan`]'s.

use chrono::NaiveDate;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_contracts::hr_pembinaan::{
    CoachingRecorded, LetterDecision, TerminationDecision, TerminationReviewDecided,
    TerminationReviewOpened, WarningLetterAcknowledged, WarningLetterDecided, WarningLetterIssued,
    WarningLetterRevoked, WarningLetterStatus, WarningLevel,
};
use uuid::Uuid;

use super::sdm::today;
use super::{Hr, Request};
use crate::domain::pembinaan::{
    self, CoachingKind, CoachingRecord, Evidence, Issue, LetterStatus, Level, TerminationReview,
    WarningLetter,
};
use crate::domain::scope::{scope_of, Scope};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events;
use crate::store::{employees, pembinaan as store};

/// A letter asked for (checked at the edge).
#[derive(Debug, Clone)]
pub struct NewLetter {
    pub employee_id: Uuid,
    pub level: Level,
    pub reason: String,
    pub direct_reason: Option<String>,
}

fn wire_level(level: Level) -> WarningLevel {
    match level {
        Level::Sp1 => WarningLevel::Sp1,
        Level::Sp2 => WarningLevel::Sp2,
        Level::Sp3 => WarningLevel::Sp3,
    }
}

fn wire_status(status: LetterStatus) -> WarningLetterStatus {
    match status {
        LetterStatus::PendingApproval => WarningLetterStatus::PendingApproval,
        LetterStatus::Rejected => WarningLetterStatus::Rejected,
        LetterStatus::Issued => WarningLetterStatus::Issued,
        LetterStatus::Acknowledged => WarningLetterStatus::Acknowledged,
        LetterStatus::Approved => WarningLetterStatus::Approved,
        LetterStatus::Revoked => WarningLetterStatus::Revoked,
    }
}

/// Opens the termination review of an SP3 now in force and publishes
/// `hr.termination_review.opened` (once per letter).
async fn open_review_if_sp3(
    conn: &mut AsyncPgConnection,
    letter: &WarningLetter,
    now: chrono::DateTime<chrono::Utc>,
    correlation: Option<&str>,
) -> Result<()> {
    if letter.level != Level::Sp3 || !letter.status.counts() {
        return Ok(());
    }
    if let Some(review) = store::open_review(conn, letter, now).await? {
        events::PRODUCER
            .publish(
                conn,
                review.site,
                correlation,
                &TerminationReviewOpened {
                    review_id: review.id,
                    employee_id: review.employee_id,
                    site: review.site,
                    letter_id: review.letter_id,
                    opened_at: review.opened_at,
                },
            )
            .await?;
    }
    Ok(())
}

/// Issues a warning letter dated today (WIB) by a site supervisor for an employee of
/// their own site: 404 for an unknown employee, 422 `letter-outside-site` for one of
/// another site (or of none), 422 `warning-letter-sequence` for an SP2 without an SP1
/// in force (an SP3 without an SP2) and no direct reason; with a direct reason the
/// letter waits for HR's approval. An SP3 in force opens a termination review.
/// Publishes `hr.warning_letter.issued`.
pub async fn issue(hr: &Hr, request: &Request, new: NewLetter) -> Result<WarningLetter> {
    let now = hr.clock.now();
    let issued_on = today(hr);
    let valid_until = pembinaan::valid_until(issued_on, hr.warning_letter_validity_months)
        .ok_or_else(|| anyhow::anyhow!("validity past the calendar"))?;
    let actor = request.actor;
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            store::lock_employee_letters(conn, new.employee_id).await?;
            let employee = employees::find(conn, Scope::All, new.employee_id)
                .await?
                .ok_or(Error::NotFound("employee"))?;
            let site = match (employee.site, scope_of(&actor)) {
                (Some(site), Scope::All) => site,
                (Some(site), Scope::Site(own)) if site == own => site,
                (site, _) => {
                    return Err(Rejection::rule(
                        rules::LETTER_OUTSIDE_SITE,
                        format!(
                            "a warning letter is issued by a supervisor of the employee's site; employee {} is at {}",
                            employee.id,
                            site.map_or("no site".to_owned(), |s| format!("site {s}"))
                        ),
                    )
                    .into())
                }
            };
            let in_force = store::letters_in_force(conn, employee.id, issued_on).await?;
            let status = match pembinaan::issue(new.level, &in_force, new.direct_reason.is_some())
            {
                Issue::Issued => LetterStatus::Issued,
                Issue::PendingApproval => LetterStatus::PendingApproval,
                Issue::Refused => {
                    let needed = new.level.requires().map_or("", Level::as_str);
                    return Err(Rejection::rule(
                        rules::WARNING_LETTER_SEQUENCE,
                        format!(
                            "an {} needs an {needed} (or higher) in force on {issued_on}, or a direct_reason for HR to approve; in force: {}",
                            new.level,
                            if in_force.is_empty() {
                                "none".to_owned()
                            } else {
                                in_force
                                    .iter()
                                    .map(|l| format!("{} to {}", l.level, l.valid_until))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        ),
                    )
                    .into());
                }
            };
            let letter = store::insert_letter(
                conn,
                &WarningLetter {
                    id: tam_kernel::new_id(),
                    employee_id: employee.id,
                    site,
                    level: new.level,
                    issued_on,
                    valid_until,
                    reason: new.reason,
                    direct_reason: new.direct_reason,
                    status,
                    issued_by: actor.id,
                    issued_by_role: actor.role,
                    issued_at: now,
                    acknowledged_by: None,
                    acknowledged_at: None,
                    decided_by: None,
                    decided_at: None,
                    decision_note: None,
                    revoked_by: None,
                    revoked_at: None,
                    revocation_reason: None,
                },
            )
            .await?;
            events::PRODUCER
                .publish(
                    conn,
                    letter.site,
                    correlation,
                    &WarningLetterIssued {
                        letter_id: letter.id,
                        employee_id: letter.employee_id,
                        site: letter.site,
                        level: wire_level(letter.level),
                        issued_on: letter.issued_on,
                        valid_until: letter.valid_until,
                        status: wire_status(letter.status),
                        direct_reason: letter.direct_reason.clone(),
                        issued_by: letter.issued_by,
                        issued_by_role: letter.issued_by_role,
                    },
                )
                .await?;
            open_review_if_sp3(conn, &letter, now, correlation).await?;
            Ok(letter)
        }
        .scope_boxed()
    })
    .await
}

/// The letters the caller sees (HR, managers and coordinators all; a supervisor their
/// site's; a team leader their people's; anyone their own), of one employee when given.
pub async fn letters(
    hr: &Hr,
    request: &Request,
    employee_id: Option<Uuid>,
) -> Result<Vec<WarningLetter>> {
    let mut conn = hr.pool.get().await?;
    store::list_letters(&mut conn, scope_of(&request.actor), employee_id).await
}

/// What HR does to a letter.
#[derive(Debug, Clone)]
pub enum LetterAction {
    /// Acknowledge a letter issued on the ladder (issued → acknowledged).
    Acknowledge,
    /// Decide a direct letter (pending_approval → approved | rejected).
    Decide { approve: bool, note: Option<String> },
    /// Revoke a letter (any status but rejected and revoked) with a reason.
    Revoke { reason: String },
}

/// Acknowledges, decides or revokes a letter in the caller's scope (404 outside it; 409
/// when its status does not allow the step). Publishes the matching event; an approved
/// SP3 opens its termination review.
pub async fn act(
    hr: &Hr,
    request: &Request,
    id: Uuid,
    action: LetterAction,
) -> Result<WarningLetter> {
    let now = hr.clock.now();
    let actor = request.actor;
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let mut letter = store::find_letter_for_update(conn, scope_of(&actor), id)
                .await?
                .ok_or(Error::NotFound("warning letter"))?;
            let conflict = |step: &str, letter: &WarningLetter| -> Error {
                Rejection::Conflict(format!(
                    "the letter is {}: it cannot be {step}",
                    letter.status
                ))
                .into()
            };
            match action {
                LetterAction::Acknowledge => {
                    if letter.status != LetterStatus::Issued {
                        return Err(conflict("acknowledged", &letter));
                    }
                    letter.status = LetterStatus::Acknowledged;
                    letter.acknowledged_by = Some(actor.id);
                    letter.acknowledged_at = Some(now);
                    let letter = store::update_letter(conn, &letter).await?;
                    events::PRODUCER
                        .publish(
                            conn,
                            letter.site,
                            correlation,
                            &WarningLetterAcknowledged {
                                letter_id: letter.id,
                                employee_id: letter.employee_id,
                                site: letter.site,
                                level: wire_level(letter.level),
                                acknowledged_by: actor.id,
                                acknowledged_at: now,
                            },
                        )
                        .await?;
                    Ok(letter)
                }
                LetterAction::Decide { approve, note } => {
                    if letter.status != LetterStatus::PendingApproval {
                        return Err(conflict("approved or rejected", &letter));
                    }
                    letter.status = if approve {
                        LetterStatus::Approved
                    } else {
                        LetterStatus::Rejected
                    };
                    letter.decided_by = Some(actor.id);
                    letter.decided_at = Some(now);
                    letter.decision_note = note;
                    let letter = store::update_letter(conn, &letter).await?;
                    events::PRODUCER
                        .publish(
                            conn,
                            letter.site,
                            correlation,
                            &WarningLetterDecided {
                                letter_id: letter.id,
                                employee_id: letter.employee_id,
                                site: letter.site,
                                level: wire_level(letter.level),
                                decision: if approve {
                                    LetterDecision::Approved
                                } else {
                                    LetterDecision::Rejected
                                },
                                note: letter.decision_note.clone(),
                                decided_by: actor.id,
                                decided_at: now,
                            },
                        )
                        .await?;
                    open_review_if_sp3(conn, &letter, now, correlation).await?;
                    Ok(letter)
                }
                LetterAction::Revoke { reason } => {
                    if matches!(
                        letter.status,
                        LetterStatus::Revoked | LetterStatus::Rejected
                    ) {
                        return Err(conflict("revoked", &letter));
                    }
                    letter.status = LetterStatus::Revoked;
                    letter.revoked_by = Some(actor.id);
                    letter.revoked_at = Some(now);
                    letter.revocation_reason = Some(reason.clone());
                    let letter = store::update_letter(conn, &letter).await?;
                    events::PRODUCER
                        .publish(
                            conn,
                            letter.site,
                            correlation,
                            &WarningLetterRevoked {
                                letter_id: letter.id,
                                employee_id: letter.employee_id,
                                site: letter.site,
                                level: wire_level(letter.level),
                                reason,
                                revoked_by: actor.id,
                                revoked_at: now,
                            },
                        )
                        .await?;
                    Ok(letter)
                }
            }
        }
        .scope_boxed()
    })
    .await
}

/// The termination reviews (HR's queue), the open ones when `open_only`.
pub async fn reviews(hr: &Hr, open_only: bool) -> Result<Vec<TerminationReview>> {
    let mut conn = hr.pool.get().await?;
    store::list_reviews(&mut conn, open_only).await
}

/// HR decides an open termination review (404 unknown, 409 decided already).
/// Publishes `hr.termination_review.decided`. Terminating is recorded here; the
/// employee is deactivated with the deactivation route.
pub async fn decide_review(
    hr: &Hr,
    request: &Request,
    id: Uuid,
    terminate: bool,
    note: Option<String>,
) -> Result<TerminationReview> {
    let now = hr.clock.now();
    let by = request.actor.id;
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let review = store::find_review_for_update(conn, id)
                .await?
                .ok_or(Error::NotFound("termination review"))?;
            if review.status != "open" {
                return Err(Rejection::Conflict("the review is decided already".to_owned()).into());
            }
            let decision = if terminate {
                TerminationDecision::Terminate
            } else {
                TerminationDecision::Retain
            };
            let review =
                store::decide_review(conn, id, decision.as_str(), note.as_deref(), by, now).await?;
            events::PRODUCER
                .publish(
                    conn,
                    review.site,
                    correlation,
                    &TerminationReviewDecided {
                        review_id: review.id,
                        employee_id: review.employee_id,
                        site: review.site,
                        decision,
                        decided_by: by,
                        decided_at: now,
                    },
                )
                .await?;
            Ok(review)
        }
        .scope_boxed()
    })
    .await
}

/// A coaching record asked for (checked at the edge).
#[derive(Debug, Clone)]
pub struct NewCoaching {
    pub employee_id: Uuid,
    pub kind: CoachingKind,
    pub held_on: NaiveDate,
    pub topic: String,
    pub agreed: String,
    pub follow_up_on: Option<NaiveDate>,
    pub plan_open: bool,
    pub evidence: Vec<Evidence>,
}

/// Records a coaching or counseling session by a team leader (of their own team's
/// people) or a site supervisor (of their site's): 404 for anyone else, 422
/// `coaching-date` for a day after today or a follow-up before the session.
/// Publishes `hr.coaching.recorded`.
pub async fn record_coaching(
    hr: &Hr,
    request: &Request,
    new: NewCoaching,
) -> Result<CoachingRecord> {
    let now = hr.clock.now();
    let today = today(hr);
    if new.held_on > today {
        return Err(Rejection::rule(
            rules::COACHING_DATE,
            format!("held_on {} is after today ({today})", new.held_on),
        )
        .into());
    }
    if new.follow_up_on.is_some_and(|f| f < new.held_on) {
        return Err(Rejection::rule(
            rules::COACHING_DATE,
            "follow_up_on is before held_on".to_owned(),
        )
        .into());
    }
    let actor = request.actor;
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = employees::find(conn, scope_of(&actor), new.employee_id)
                .await?
                .filter(|e| e.id != actor.id)
                .ok_or(Error::NotFound("employee"))?;
            let record = store::insert_coaching(
                conn,
                &CoachingRecord {
                    id: tam_kernel::new_id(),
                    employee_id: employee.id,
                    site: employee.site,
                    team_id: employee.team_id,
                    kind: new.kind,
                    held_on: new.held_on,
                    topic: new.topic,
                    agreed: new.agreed,
                    follow_up_on: new.follow_up_on,
                    plan_open: new.plan_open,
                    plan_closed_on: None,
                    evidence: new.evidence,
                    recorded_by: actor.id,
                    recorded_by_role: actor.role,
                    recorded_at: now,
                },
            )
            .await?;
            events::PRODUCER
                .publish(
                    conn,
                    record.site,
                    correlation,
                    &CoachingRecorded {
                        record_id: record.id,
                        employee_id: record.employee_id,
                        site: record.site,
                        kind: record.kind.as_str().to_owned(),
                        held_on: record.held_on,
                        plan_open: record.plan_open,
                        recorded_by: record.recorded_by,
                        recorded_by_role: record.recorded_by_role,
                    },
                )
                .await?;
            Ok(record)
        }
        .scope_boxed()
    })
    .await
}

/// The coaching records the caller sees, of one employee when given.
pub async fn coaching(
    hr: &Hr,
    request: &Request,
    employee_id: Option<Uuid>,
) -> Result<Vec<CoachingRecord>> {
    let mut conn = hr.pool.get().await?;
    store::list_coaching(&mut conn, scope_of(&request.actor), employee_id).await
}

/// Closes the open plan of a coaching record in the caller's scope, today (WIB): from
/// today it no longer puts the employee in pembinaan. 404 outside the scope, 409 when the
/// record has no open plan.
pub async fn close_plan(hr: &Hr, request: &Request, id: Uuid) -> Result<CoachingRecord> {
    let today = today(hr);
    let actor = request.actor;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let record = store::find_coaching_for_update(conn, scope_of(&actor), id)
                .await?
                .filter(|r| r.employee_id != actor.id)
                .ok_or(Error::NotFound("coaching record"))?;
            if !record.plan_open || record.plan_closed_on.is_some() {
                return Err(
                    Rejection::Conflict("the record has no open plan to close".to_owned()).into(),
                );
            }
            store::close_plan(conn, id, today.max(record.held_on)).await
        }
        .scope_boxed()
    })
    .await
}
