//! IT disruptions to IOC (manual §4.2.1): the site reports, IOC sets the severity,
//! acknowledges, posts updates and resolves, the site's supervisor confirms or reopens;
//! each step is one transaction with its timeline entry, the recomputed escalation
//! timer and its event. The escalation sweep records each SLA breach once (unique per
//! disruption and clock, the rows locked with `FOR UPDATE SKIP LOCKED` so that several
//! replicas share the work) and escalates it to `ioc_manager`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;
use tam_contracts::helpdesk_ioc as wire;
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Helpdesk, Request};
use crate::domain::calendar::Calendar;
use crate::domain::disruption::{
    allowed_for, check_ioc_work, check_report, check_status_change, compute_clocks,
    disruption_scope, next_escalation_at, reporting_site, targets, Breach, Category, Clock,
    ClockKind, Disruption, EntryKind, NewDisruption, Severity, Status, StatusChange, TimelineEntry,
    ESCALATED_TO,
};
use crate::domain::ticket::{calendar_for, Idempotency};
use crate::domain::{rules, unprocessable, Rejection};
use crate::error::{Error, Result};
use crate::events::PRODUCER;
use crate::store::disruptions::{self as store, Filter, NewEntry};

/// A disruption with its timeline, SLA and what the caller may do.
#[derive(Debug, Clone)]
pub struct DisruptionDetail {
    pub disruption: Disruption,
    pub timeline: Vec<TimelineEntry>,
    /// The calendar its clocks run on (`None` if missing: the clocks are empty).
    pub calendar: Option<String>,
    pub clocks: Vec<Clock>,
    pub breaches: Vec<Breach>,
    /// The statuses the caller may move it to.
    pub allowed: Vec<Status>,
}

/// What a report answers: the disruption, and whether an earlier request with the same
/// Idempotency-Key reported it.
#[derive(Debug, Clone)]
pub struct Reported {
    pub detail: DisruptionDetail,
    pub replayed: bool,
}

/// The calendar code and calendar of a disruption of `severity` at its site.
fn calendar_of<'a>(
    calendars: &'a HashMap<String, Calendar>,
    d: &Disruption,
) -> Option<(String, &'a Calendar)> {
    let code = calendar_for(targets(d.severity).calendar, Some(d.site), |c| {
        calendars.contains_key(c)
    });
    let calendar = calendars.get(&code)?;
    Some((code, calendar))
}

/// The clocks of `d` at `now` from its status history, and the timer they give.
fn clocks_of(
    calendars: &HashMap<String, Calendar>,
    d: &Disruption,
    history: &[StatusChange],
    breaches: &[Breach],
    now: DateTime<Utc>,
) -> (Option<String>, Vec<Clock>, Option<DateTime<Utc>>) {
    let Some((code, calendar)) = calendar_of(calendars, d) else {
        tracing::error!(disruption = %d.id, "the calendar of the disruption's severity is missing");
        return (None, Vec::new(), None);
    };
    let clocks = compute_clocks(d.severity, history, calendar, now);
    let timer = next_escalation_at(&clocks, &store::recorded(breaches));
    (Some(code), clocks, timer)
}

/// Recomputes and stores the timer of `d` (locked by the caller) after a change.
async fn refresh_timer(
    conn: &mut AsyncPgConnection,
    d: &Disruption,
    now: DateTime<Utc>,
) -> Result<()> {
    let calendars = crate::store::sla::calendars(conn).await?;
    let history = store::status_histories(conn, &[d.id])
        .await?
        .remove(&d.id)
        .unwrap_or_default();
    let breaches = store::breaches(conn, &[d.id])
        .await?
        .remove(&d.id)
        .unwrap_or_default();
    let (_, _, timer) = clocks_of(&calendars, d, &history, &breaches, now);
    store::set_timers(conn, &[(d.id, timer)]).await
}

async fn detail(
    conn: &mut AsyncPgConnection,
    request: &Request,
    d: Disruption,
    now: DateTime<Utc>,
) -> Result<DisruptionDetail> {
    let calendars = crate::store::sla::calendars(conn).await?;
    let history = store::status_histories(conn, &[d.id])
        .await?
        .remove(&d.id)
        .unwrap_or_default();
    let breaches = store::breaches(conn, &[d.id])
        .await?
        .remove(&d.id)
        .unwrap_or_default();
    let (calendar, clocks, _) = clocks_of(&calendars, &d, &history, &breaches, now);
    let timeline = store::timeline(conn, d.id).await?;
    let allowed = allowed_for(&request.actor, d.site, d.status);
    Ok(DisruptionDetail {
        disruption: d,
        timeline,
        calendar,
        clocks,
        breaches,
        allowed,
    })
}

fn number(d: &Disruption) -> u64 {
    u64::try_from(d.number).unwrap_or_default()
}

fn wire_category(c: Category) -> wire::DisruptionCategory {
    match c {
        Category::TelephonyDialer => wire::DisruptionCategory::TelephonyDialer,
        Category::Network => wire::DisruptionCategory::Network,
        Category::Application => wire::DisruptionCategory::Application,
        Category::PcHeadset => wire::DisruptionCategory::PcHeadset,
        Category::Power => wire::DisruptionCategory::Power,
        Category::Other => wire::DisruptionCategory::Other,
    }
}

fn wire_severity(s: Severity) -> wire::DisruptionSeverity {
    match s {
        Severity::P1 => wire::DisruptionSeverity::P1,
        Severity::P2 => wire::DisruptionSeverity::P2,
        Severity::P3 => wire::DisruptionSeverity::P3,
        Severity::P4 => wire::DisruptionSeverity::P4,
    }
}

fn wire_status(s: Status) -> wire::DisruptionStatus {
    match s {
        Status::Reported => wire::DisruptionStatus::Reported,
        Status::Acknowledged => wire::DisruptionStatus::Acknowledged,
        Status::Resolved => wire::DisruptionStatus::Resolved,
        Status::Closed => wire::DisruptionStatus::Closed,
        Status::Reopened => wire::DisruptionStatus::Reopened,
    }
}

fn wire_clock(c: ClockKind) -> wire::DisruptionClock {
    match c {
        ClockKind::Acknowledge => wire::DisruptionClock::Acknowledge,
        ClockKind::Resolve => wire::DisruptionClock::Resolve,
    }
}

/// Reports a disruption at the reporter's own site: programs the site does not run
/// are 422 `unknown-reference` naming `programs[i]`; a program twice, a start ahead of
/// now (or over a week ago) 422 `invalid-disruption`.
///
/// With an Idempotency-Key: the same key and request answer the disruption the first
/// one reported (`replayed`); another request with the key is 422
/// `idempotency-key-reused`.
pub async fn report(
    h: &Helpdesk,
    request: &Request,
    new: NewDisruption,
    idempotency: Option<Idempotency>,
) -> Result<Reported> {
    let now = h.now();
    let actor = request.actor;
    let site = reporting_site(&actor)?;
    let (unknown, invalid) = check_report(site, &new, now);
    if !unknown.is_empty() {
        return Err(unprocessable(rules::UNKNOWN_REFERENCE, &unknown).into());
    }
    if !invalid.is_empty() {
        return Err(unprocessable(rules::INVALID_DISRUPTION, &invalid).into());
    }
    let mut d = Disruption {
        id: Uuid::now_v7(),
        number: 0,
        site,
        category: new.category,
        programs: new.programs,
        agents_affected: new.agents_affected,
        description: new.description,
        proposed_severity: new.proposed_severity,
        severity: new.proposed_severity,
        status: Status::Reported,
        reported_by: actor.id,
        reporter_role: actor.role,
        started_at: new.started_at.unwrap_or(now),
        ended_at: None,
        reported_at: now,
        acknowledged_at: None,
        closed_at: None,
        updated_at: now,
    };
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            if let Some(idem) = &idempotency {
                if let Some((id, hash)) =
                    store::by_idempotency_key(conn, actor.id, &idem.key).await?
                {
                    if hash.as_deref() != Some(idem.request_hash.as_str()) {
                        return Err(Rejection::rule(
                            rules::IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key reported another disruption: send that request again to see it, or use a new key",
                        )
                        .into());
                    }
                    let first = store::find(conn, disruption_scope(&actor), id, false)
                        .await?
                        .ok_or(Error::NotFound("disruption"))?;
                    return Ok(Reported {
                        detail: detail(conn, request, first, now).await?,
                        replayed: true,
                    });
                }
            }
            d.number = store::insert(conn, &d, idempotency.as_ref()).await?;
            store::append(
                conn,
                &NewEntry {
                    disruption_id: d.id,
                    at: now,
                    kind: EntryKind::Reported,
                    status: Some(Status::Reported),
                    note: Some(&d.description),
                    actor_id: Some(actor.id),
                    actor_role: Some(actor.role),
                    details: Some(json!({
                        "proposed_severity": d.proposed_severity.as_str(),
                        "started_at": d.started_at,
                    })),
                },
            )
            .await?;
            refresh_timer(conn, &d, now).await?;
            PRODUCER
                .publish(
                    conn,
                    d.site,
                    request.correlation_id(),
                    &wire::DisruptionReported {
                        disruption_id: d.id,
                        number: number(&d),
                        site: d.site,
                        category: wire_category(d.category),
                        programs: d.programs.clone(),
                        agents_affected: d.agents_affected,
                        proposed_severity: wire_severity(d.proposed_severity),
                        severity: wire_severity(d.severity),
                        reported_by: actor.id,
                        reporter_role: actor.role,
                        started_at: d.started_at,
                        reported_at: now,
                    },
                )
                .await?;
            Ok(Reported {
                detail: detail(conn, request, d, now).await?,
                replayed: false,
            })
        }
        .scope_boxed()
    })
    .await
}

/// One disruption in the caller's scope (404 outside it).
pub async fn get(h: &Helpdesk, request: &Request, id: Uuid) -> Result<DisruptionDetail> {
    let now = h.now();
    let mut conn = h.pool.get().await?;
    let d = store::find(&mut conn, disruption_scope(&request.actor), id, false)
        .await?
        .ok_or(Error::NotFound("disruption"))?;
    detail(&mut conn, request, d, now).await
}

/// The open P1s in the caller's scope (first page only) and a page of its disruptions,
/// newest first.
pub async fn list(
    h: &Helpdesk,
    request: &Request,
    filter: Filter,
    cursor: Option<Cursor>,
    limit: Limit,
) -> Result<(Vec<Disruption>, Page<Disruption>)> {
    let scope = disruption_scope(&request.actor);
    let mut conn = h.pool.get().await?;
    let active = if cursor.is_none() {
        store::active_p1(&mut conn, scope).await?
    } else {
        Vec::new()
    };
    let page = store::list(&mut conn, scope, &filter, cursor, limit).await?;
    Ok((active, page))
}

/// The disruption `id` in the caller's scope, locked for a change (404 outside it).
async fn locked(conn: &mut AsyncPgConnection, request: &Request, id: Uuid) -> Result<Disruption> {
    store::find(conn, disruption_scope(&request.actor), id, true)
        .await?
        .ok_or(Error::NotFound("disruption"))
}

/// After a change of `d`: its timer recomputed, and its detail.
async fn finish(
    conn: &mut AsyncPgConnection,
    request: &Request,
    d: Disruption,
    now: DateTime<Utc>,
) -> Result<DisruptionDetail> {
    refresh_timer(conn, &d, now).await?;
    detail(conn, request, d, now).await
}

/// Moves a disruption (`domain::disruption::check_status_change`: who may make which
/// change); `resolved` needs the resolution and `reopened` the reason, in `note`.
pub async fn change_status(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    to: Status,
    note: Option<String>,
) -> Result<DisruptionDetail> {
    let actor = request.actor;
    let now = h.now();
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let mut d = locked(conn, request, id).await?;
            let from = d.status;
            check_status_change(&actor, d.site, from, to)?;
            let missing = |reason: &str| -> Error {
                unprocessable(
                    rules::INVALID_DISRUPTION,
                    &[tam_kernel::FieldError::new("note", reason)],
                )
                .into()
            };
            let text = match (to, note.as_deref()) {
                (Status::Resolved, None) => return Err(missing("is required: what fixed it")),
                (Status::Reopened, None) => {
                    return Err(missing("is required: why it is not fixed"))
                }
                (_, text) => text.map(str::to_owned),
            };
            d.status = to;
            d.updated_at = now;
            match to {
                Status::Acknowledged => d.acknowledged_at = Some(now),
                Status::Resolved => d.ended_at = Some(now),
                Status::Closed => d.closed_at = Some(now),
                Status::Reopened => d.ended_at = None,
                Status::Reported => {}
            }
            store::update(conn, &d).await?;
            store::append(
                conn,
                &NewEntry {
                    disruption_id: d.id,
                    at: now,
                    kind: EntryKind::Status,
                    status: Some(to),
                    note: text.as_deref(),
                    actor_id: Some(actor.id),
                    actor_role: Some(actor.role),
                    details: Some(json!({ "from": from.as_str() })),
                },
            )
            .await?;
            let correlation = request.correlation_id();
            let site = d.site;
            match to {
                Status::Acknowledged => {
                    PRODUCER
                        .publish(
                            conn,
                            site,
                            correlation,
                            &wire::DisruptionAcknowledged {
                                disruption_id: d.id,
                                number: number(&d),
                                site,
                                severity: wire_severity(d.severity),
                                acknowledged_by: actor.id,
                                acknowledged_at: now,
                                started_at: d.started_at,
                            },
                        )
                        .await?;
                }
                Status::Resolved => {
                    PRODUCER
                        .publish(
                            conn,
                            site,
                            correlation,
                            &wire::DisruptionResolved {
                                disruption_id: d.id,
                                number: number(&d),
                                site,
                                category: wire_category(d.category),
                                programs: d.programs.clone(),
                                agents_affected: d.agents_affected,
                                severity: wire_severity(d.severity),
                                resolution: text.clone().unwrap_or_default(),
                                resolved_by: actor.id,
                                started_at: d.started_at,
                                ended_at: now,
                            },
                        )
                        .await?;
                }
                Status::Closed => {
                    PRODUCER
                        .publish(
                            conn,
                            site,
                            correlation,
                            &wire::DisruptionConfirmed {
                                disruption_id: d.id,
                                number: number(&d),
                                site,
                                category: wire_category(d.category),
                                programs: d.programs.clone(),
                                agents_affected: d.agents_affected,
                                severity: wire_severity(d.severity),
                                confirmed_by: actor.id,
                                confirmed_at: now,
                                started_at: d.started_at,
                                ended_at: d.ended_at.unwrap_or(now),
                            },
                        )
                        .await?;
                }
                Status::Reopened => {
                    PRODUCER
                        .publish(
                            conn,
                            site,
                            correlation,
                            &wire::DisruptionReopened {
                                disruption_id: d.id,
                                number: number(&d),
                                site,
                                programs: d.programs.clone(),
                                severity: wire_severity(d.severity),
                                reason: text.clone().unwrap_or_default(),
                                reopened_by: actor.id,
                                reopened_at: now,
                                started_at: d.started_at,
                            },
                        )
                        .await?;
                }
                Status::Reported => {}
            }
            finish(conn, request, d, now).await
        }
        .scope_boxed()
    })
    .await
}

/// IOC sets the severity (its targets and calendar follow; the clocks are recomputed
/// from the history, so the time already used counts on the new calendar).
pub async fn set_severity(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    severity: Severity,
    note: Option<String>,
) -> Result<DisruptionDetail> {
    let actor = request.actor;
    let now = h.now();
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let mut d = locked(conn, request, id).await?;
            check_ioc_work(&actor, d.status)?;
            let from = d.severity;
            if from == severity {
                return finish(conn, request, d, now).await;
            }
            d.severity = severity;
            d.updated_at = now;
            store::update(conn, &d).await?;
            store::append(
                conn,
                &NewEntry {
                    disruption_id: d.id,
                    at: now,
                    kind: EntryKind::Severity,
                    status: None,
                    note: note.as_deref(),
                    actor_id: Some(actor.id),
                    actor_role: Some(actor.role),
                    details: Some(json!({ "from": from.as_str(), "to": severity.as_str() })),
                },
            )
            .await?;
            PRODUCER
                .publish(
                    conn,
                    d.site,
                    request.correlation_id(),
                    &wire::DisruptionSeveritySet {
                        disruption_id: d.id,
                        number: number(&d),
                        site: d.site,
                        programs: d.programs.clone(),
                        from: wire_severity(from),
                        to: wire_severity(severity),
                        set_by: actor.id,
                        set_at: now,
                        started_at: d.started_at,
                    },
                )
                .await?;
            finish(conn, request, d, now).await
        }
        .scope_boxed()
    })
    .await
}

/// IOC posts an update on the timeline (what was found, what is done).
pub async fn post_update(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    note: String,
) -> Result<DisruptionDetail> {
    let actor = request.actor;
    let now = h.now();
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let d = locked(conn, request, id).await?;
            check_ioc_work(&actor, d.status)?;
            store::append(
                conn,
                &NewEntry {
                    disruption_id: d.id,
                    at: now,
                    kind: EntryKind::Update,
                    status: None,
                    note: Some(&note),
                    actor_id: Some(actor.id),
                    actor_role: Some(actor.role),
                    details: None,
                },
            )
            .await?;
            PRODUCER
                .publish(
                    conn,
                    d.site,
                    request.correlation_id(),
                    &wire::DisruptionUpdated {
                        disruption_id: d.id,
                        number: number(&d),
                        site: d.site,
                        status: wire_status(d.status),
                        note: note.clone(),
                        by: actor.id,
                        at: now,
                    },
                )
                .await?;
            finish(conn, request, d, now).await
        }
        .scope_boxed()
    })
    .await
}

/// One sweep at `now`, in the caller's transaction: up to `batch` disruptions whose
/// timer is due, locked (skipping those another replica holds); each clock that ran out
/// and has no breach recorded is recorded (the unique key makes it once), put on the
/// timeline and escalated to `ioc_manager` (`helpdesk.disruption.breached`); the timer
/// moves to the next clock. Answers (disruptions handled, breaches escalated).
pub async fn sweep(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    batch: u32,
) -> Result<(usize, usize)> {
    let due = store::lock_due(conn, now, batch).await?;
    if due.is_empty() {
        return Ok((0, 0));
    }
    let ids: Vec<Uuid> = due.iter().map(|d| d.id).collect();
    let calendars = crate::store::sla::calendars(conn).await?;
    let mut histories = store::status_histories(conn, &ids).await?;
    let mut recorded = store::breaches(conn, &ids).await?;
    let mut escalated = 0;
    let mut timers = Vec::with_capacity(due.len());
    for d in &due {
        let history = histories.remove(&d.id).unwrap_or_default();
        let mut breaches = recorded.remove(&d.id).unwrap_or_default();
        let (calendar, clocks, _) = clocks_of(&calendars, d, &history, &breaches, now);
        let calendar = calendar.unwrap_or_default();
        for clock in &clocks {
            let Some(due_at) = clock.breached_at else {
                continue;
            };
            if breaches.iter().any(|b| b.clock == clock.kind) {
                continue;
            }
            let breach = Breach {
                clock: clock.kind,
                severity: d.severity,
                calendar: calendar.clone(),
                target_minutes: u32::try_from(clock.target.num_minutes()).unwrap_or(u32::MAX),
                due_at,
                fired_at: now,
                escalated_to: ESCALATED_TO,
            };
            if store::record_breach(conn, d.id, &breach).await? {
                store::append(
                    conn,
                    &NewEntry {
                        disruption_id: d.id,
                        at: now,
                        kind: EntryKind::Breached,
                        status: None,
                        note: None,
                        actor_id: None,
                        actor_role: None,
                        details: Some(json!({
                            "clock": clock.kind.as_str(),
                            "due_at": due_at,
                            "target_minutes": breach.target_minutes,
                            "escalated_to": ESCALATED_TO.as_str(),
                        })),
                    },
                )
                .await?;
                PRODUCER
                    .publish(
                        conn,
                        d.site,
                        None,
                        &wire::DisruptionBreached {
                            disruption_id: d.id,
                            number: number(d),
                            site: d.site,
                            programs: d.programs.clone(),
                            severity: wire_severity(d.severity),
                            clock: wire_clock(clock.kind),
                            target_minutes: breach.target_minutes,
                            calendar: calendar.clone(),
                            due_at,
                            escalated_to: ESCALATED_TO,
                            started_at: d.started_at,
                        },
                    )
                    .await?;
                escalated += 1;
            }
            breaches.push(breach);
        }
        timers.push((
            d.id,
            next_escalation_at(&clocks, &store::recorded(&breaches)),
        ));
    }
    store::set_timers(conn, &timers).await?;
    Ok((due.len(), escalated))
}

/// One sweep in its own transaction (the poller's).
pub async fn sweep_once(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    batch: u32,
) -> Result<(usize, usize)> {
    conn.transaction::<_, Error, _>(|conn| {
        async move { sweep(conn, now, batch).await }.scope_boxed()
    })
    .await
}
