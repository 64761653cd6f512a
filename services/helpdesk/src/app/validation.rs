//! QC Tier 2's use cases: the sampling plans and checklists the supervisor keeps, the
//! draw of a period's activations, the claim, the result (an invalid activation reopens
//! its ticket for HD Support with a kendala, in the same transaction as its event), and
//! the monthly stats.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;
use tam_contracts::helpdesk_qc::{ActivationInvalidated, ActivationValidated};
use tam_kernel::{Cursor, FieldError, Limit, Page};
use uuid::Uuid;

use super::{Helpdesk, Request};
use crate::domain::issue::Issue;
use crate::domain::policy::Channel;
use crate::domain::scope::TicketScope;
use crate::domain::sla::TicketStatus;
use crate::domain::ticket::{HistoryKind, Opener, Ticket, MAX_TEXT};
use crate::domain::validation::{
    check_effective_from, check_result_by, in_force, is_sampled, judge, removed_in_use, Answer,
    Checklist, ChecklistItem, SamplingPlan, Validation, ValidationStatus, LEASE_MINUTES,
};
use crate::domain::{rules, unprocessable, Rejection};
use crate::error::{Error, Own, Result};
use crate::events::{self, TicketStatusChanged};
use crate::store::tickets::{self, NewEntry, StatusUpdate};
use crate::store::validation::{self as store, ResultRecord, Sample, ValidationFilter};
use crate::store::{issues, references};

/// The kendala category an invalid activation opens (seeded by the migration).
pub const INVALID_ACTIVATION_CATEGORY: &str = "qc_invalid_activation";

/// The start of WIB day `date`, in UTC.
pub fn wib_start(date: NaiveDate) -> DateTime<Utc> {
    tam_kernel::wib_to_utc(date, NaiveTime::MIN)
}

/// A channel's plan as the desk shows it: 0% for a channel without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanView {
    pub channel: Channel,
    pub share_percent: u8,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<Uuid>,
}

impl From<SamplingPlan> for PlanView {
    fn from(p: SamplingPlan) -> Self {
        Self {
            channel: p.channel,
            share_percent: p.share_percent,
            updated_at: Some(p.updated_at),
            updated_by: p.updated_by,
        }
    }
}

/// Every channel's plan, in the channels' order.
pub async fn plans(h: &Helpdesk) -> Result<Vec<PlanView>> {
    let mut conn = h.pool.get().await?;
    let set = store::plans(&mut conn).await?;
    Ok(Channel::ALL
        .iter()
        .map(|channel| {
            set.iter().find(|p| p.channel == *channel).cloned().map_or(
                PlanView {
                    channel: *channel,
                    share_percent: 0,
                    updated_at: None,
                    updated_by: None,
                },
                PlanView::from,
            )
        })
        .collect())
}

/// A channel code from a request: 422 naming `field` when the desk does not know it.
pub fn channel(raw: &str, field: &str) -> Result<Channel, Rejection> {
    raw.trim().parse::<Channel>().map_err(|_| {
        unprocessable(
            rules::UNKNOWN_REFERENCE,
            &[FieldError::new(
                field,
                format!(
                    "{raw:?} is not a channel of the desk (one of {})",
                    Channel::CODES.join(", ")
                ),
            )],
        )
    })
}

/// Sets a channel's share (0 to 100%).
pub async fn set_plan(
    h: &Helpdesk,
    request: &Request,
    channel: Channel,
    share_percent: u8,
) -> Result<PlanView> {
    let now = h.now();
    let by = request.actor.id;
    let mut conn = h.pool.get().await?;
    if references::channel(&mut conn, channel.as_str()).await? == references::Known::Unknown {
        return Err(unprocessable(
            rules::UNKNOWN_REFERENCE,
            &[FieldError::new(
                "channel",
                format!("{channel} is not a channel of the desk"),
            )],
        )
        .into());
    }
    Ok(
        store::upsert_plan(&mut conn, channel, share_percent, by, now)
            .await?
            .into(),
    )
}

/// Every checklist version (of `channel`, or of every channel), newest first.
pub async fn checklists(h: &Helpdesk, channel: Option<Channel>) -> Result<Vec<Checklist>> {
    let mut conn = h.pool.get().await?;
    store::checklists(&mut conn, channel).await
}

/// A new version of `channel`'s checklist, in force from `effective_from` (today when
/// absent): 422 `invalid-checklist` for a date in the past or before the latest
/// version's; 422 `checklist-item-in-use` when it drops an item an open validation of
/// the channel is filled against.
pub async fn put_checklist(
    h: &Helpdesk,
    request: &Request,
    channel: Channel,
    effective_from: Option<NaiveDate>,
    items: Vec<ChecklistItem>,
) -> Result<Checklist> {
    let now = h.now();
    let today = tam_kernel::wib_date(now);
    let from = effective_from.unwrap_or(today);
    let by = request.actor.id;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let versions = store::checklists(conn, Some(channel)).await?;
            let latest = versions.first();
            if let Err(reason) = check_effective_from(from, today, latest.map(|v| v.effective_from))
            {
                return Err(unprocessable(
                    rules::INVALID_CHECKLIST,
                    &[FieldError::new("effective_from", reason)],
                )
                .into());
            }
            let in_use = store::items_in_use(conn, channel).await?;
            let removed = removed_in_use(&in_use, &items);
            if !removed.is_empty() {
                return Err(unprocessable(
                    rules::CHECKLIST_ITEM_IN_USE,
                    &[FieldError::new(
                        "items",
                        format!(
                            "{} still used by open validations of {channel}: keep them until \
                             those are validated",
                            removed.join(", ")
                        ),
                    )],
                )
                .into());
            }
            let version = latest.map_or(1, |v| v.version + 1);
            store::insert_checklist(conn, channel, version, from, &items, by, now).await
        }
        .scope_boxed()
    })
    .await
}

/// What a draw did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawReport {
    pub channel: Channel,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub share_percent: u8,
    /// The checklist version the new samples are filled against.
    pub checklist_version: u32,
    /// The channel's activated tickets of the period.
    pub activated: usize,
    /// Those in the sample (drawn now or before).
    pub sampled: usize,
    /// Those this draw added (0 on a re-run).
    pub added: usize,
}

/// Draws the sample of `channel`'s tickets activated from `from` to `to` (WIB dates,
/// both included) at the channel's share, and queues the new ones for QC Tier 2 with the
/// checklist in force today. Deterministic and idempotent: a re-run adds nothing and
/// the sample is the same tickets. 422 `no-checklist-in-force` without a checklist.
pub async fn draw(
    h: &Helpdesk,
    request: &Request,
    channel: Channel,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<DrawReport> {
    let now = h.now();
    let today = tam_kernel::wib_date(now);
    let by = request.actor.id;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let share = store::plan_of(conn, channel)
                .await?
                .map_or(0, |p| p.share_percent);
            let versions = store::checklists(conn, Some(channel)).await?;
            let Some(checklist) = in_force(&versions, today) else {
                return Err(unprocessable(
                    rules::NO_CHECKLIST,
                    &[FieldError::new(
                        "channel",
                        format!("{channel} has no validation checklist in force today"),
                    )],
                )
                .into());
            };
            let activated = store::activated(
                conn,
                channel,
                wib_start(from),
                wib_start(to + Duration::days(1)),
            )
            .await?;
            let samples: Vec<Sample> = activated
                .iter()
                .filter(|(id, _)| is_sampled(*id, share))
                .map(|(id, at)| Sample {
                    ticket_id: *id,
                    activated_at: *at,
                })
                .collect();
            let added =
                store::insert_samples(conn, channel, &samples, checklist.id, share, Some(by), now)
                    .await?;
            Ok(DrawReport {
                channel,
                from,
                to,
                share_percent: share,
                checklist_version: checklist.version,
                activated: activated.len(),
                sampled: samples.len(),
                added,
            })
        }
        .scope_boxed()
    })
    .await
}

/// Samples `ticket` when it has just become `activated` (called by the status change,
/// in its transaction): the same pure rule and plan as a draw ([`is_sampled`] at the
/// channel's share), the same row (the checklist in force today, the share, the
/// activation time), so a later draw over the period finds it and adds nothing. Sampled
/// by nobody (`sampled_by` null: the suite sampled it at activation). A channel without
/// a checklist in force is not sampled now (a status change is never refused for QC's
/// sake); a draw after the supervisor keeps one picks it up. One validation per ticket,
/// ever: a ticket activated again adds nothing. Whether a validation was added.
pub async fn sample_at_activation(
    conn: &mut AsyncPgConnection,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<bool> {
    let Some(activated_at) = ticket.resolved_at else {
        return Ok(false);
    };
    if ticket.status != TicketStatus::Activated {
        return Ok(false);
    }
    let channel = ticket.channel;
    let share = store::plan_of(conn, channel)
        .await?
        .map_or(0, |p| p.share_percent);
    if !is_sampled(ticket.id, share) {
        return Ok(false);
    }
    let versions = store::checklists(conn, Some(channel)).await?;
    let Some(checklist) = in_force(&versions, tam_kernel::wib_date(now)) else {
        return Ok(false);
    };
    let sample = Sample {
        ticket_id: ticket.id,
        activated_at,
    };
    let added =
        store::insert_samples(conn, channel, &[sample], checklist.id, share, None, now).await?;
    Ok(added > 0)
}

/// A validation with what its page shows.
#[derive(Debug, Clone)]
pub struct ValidationDetail {
    pub validation: Validation,
    /// The checklist version it is filled against.
    pub checklist: Checklist,
    /// The answers, in the checklist's order (empty before the result).
    pub answers: Vec<Answer>,
    pub ticket: Ticket,
}

async fn detail(conn: &mut AsyncPgConnection, validation: Validation) -> Result<ValidationDetail> {
    let checklist = store::checklist(conn, validation.checklist_id).await?;
    let mut answers = store::answers(conn, validation.id).await?;
    answers.sort_by_key(|a| checklist.items.iter().position(|i| i.code == a.code));
    let ticket = tickets::find(conn, TicketScope::All, validation.ticket_id, false)
        .await?
        .ok_or(Error::NotFound("ticket"))?;
    Ok(ValidationDetail {
        validation,
        checklist,
        answers,
        ticket,
    })
}

/// One validation (404 when unknown).
pub async fn get(h: &Helpdesk, id: Uuid) -> Result<ValidationDetail> {
    let mut conn = h.pool.get().await?;
    let validation = store::find(&mut conn, id, false)
        .await?
        .ok_or(Error::NotFound("validation"))?;
    detail(&mut conn, validation).await
}

/// A page of validations, oldest activation first.
pub async fn list(
    h: &Helpdesk,
    filter: ValidationFilter,
    cursor: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Validation>> {
    let mut conn = h.pool.get().await?;
    let rows = store::list(&mut conn, &filter, cursor, limit).await?;
    Ok(Page::from_fetched(rows, limit, |v| {
        Cursor::new(v.activated_at, v.id)
    }))
}

/// Gives the calling QC Tier 2 employee a validation: the one they hold under an
/// unexpired lease, else the oldest activation waiting (of `channel` when given) or
/// whose lease expired, leased for [`LEASE_MINUTES`]. `None` when there is none.
pub async fn claim(
    h: &Helpdesk,
    request: &Request,
    channel: Option<Channel>,
) -> Result<Option<ValidationDetail>> {
    let now = h.now();
    let qc = request.actor.id;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let held = match store::held_by(conn, qc, now).await? {
                Some(held) => Some(held),
                None => {
                    store::claim_next(
                        conn,
                        channel,
                        qc,
                        now,
                        now + Duration::minutes(LEASE_MINUTES),
                    )
                    .await?
                }
            };
            match held {
                Some(v) => Ok(Some(detail(conn, v).await?)),
                None => Ok(None),
            }
        }
        .scope_boxed()
    })
    .await
}

/// A result as QC Tier 2 gives it (checked for form at the edge).
#[derive(Debug, Clone)]
pub struct ResultInput {
    pub answers: Vec<Answer>,
    pub findings: Option<String>,
}

/// Records the result of a validation the caller holds (409 otherwise). Every item of
/// its checklist version is answered (400 naming the answers); an invalid result needs
/// findings (400 naming `findings`). Invalid: the ticket goes back to `validation` for
/// HD Support with a kendala (`qc_invalid_activation`, the findings), its SLA clocks
/// running again, and `helpdesk.activation.invalidated` names the sale's agent and
/// call; valid: `helpdesk.activation.validated`. All in one transaction.
pub async fn submit(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    input: ResultInput,
) -> Result<ValidationDetail> {
    let now = h.now();
    let actor = request.actor;
    let correlation = request.correlation_id().map(str::to_owned);
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let validation = store::find(conn, id, true)
                .await?
                .ok_or(Error::NotFound("validation"))?;
            check_result_by(&validation, actor.id)?;
            let checklist = store::checklist(conn, validation.checklist_id).await?;
            let judgement = judge(&checklist.items, &input.answers).map_err(Rejection::Invalid)?;
            if judgement.status == ValidationStatus::Invalid && input.findings.is_none() {
                return Err(Rejection::field(
                    "findings",
                    "is required for an invalid activation: HD Support works from it",
                )
                .into());
            }
            let ticket = tickets::find(conn, TicketScope::All, validation.ticket_id, true)
                .await?
                .ok_or(Error::NotFound("ticket"))?;
            let mut issue_id = None;
            if judgement.status == ValidationStatus::Invalid {
                let findings = input.findings.clone().unwrap_or_default();
                let issue = reopen(
                    conn,
                    &ticket,
                    &validation,
                    &judgement.failed,
                    &findings,
                    Opener::Employee(actor),
                    now,
                    correlation.as_deref(),
                )
                .await?;
                issue_id = Some(issue);
            }
            let recorded = store::record_result(
                conn,
                id,
                &ResultRecord {
                    status: judgement.status,
                    findings: input.findings.as_deref(),
                    answers: &input.answers,
                    by: actor.id,
                    at: now,
                    issue_id,
                },
            )
            .await?;
            let site = ticket.site;
            match issue_id {
                Some(issue_id) => {
                    events::PRODUCER
                        .publish(
                            conn,
                            site,
                            correlation.as_deref(),
                            &ActivationInvalidated {
                                validation_id: id,
                                ticket_id: ticket.id,
                                ticket_number: u64::try_from(ticket.number).unwrap_or(0),
                                channel: ticket.channel.as_str().to_owned(),
                                site,
                                product_code: ticket.product_code.clone(),
                                call_id: ticket.call_id,
                                agent_id: ticket.agent_id,
                                team_id: ticket.team_id,
                                failed_items: judgement.failed.clone(),
                                findings: input.findings.clone().unwrap_or_default(),
                                issue_id,
                                validated_by: actor.id,
                                validated_at: now,
                            },
                        )
                        .await?;
                }
                None => {
                    events::PRODUCER
                        .publish(
                            conn,
                            site,
                            correlation.as_deref(),
                            &ActivationValidated {
                                validation_id: id,
                                ticket_id: ticket.id,
                                channel: ticket.channel.as_str().to_owned(),
                                site,
                                call_id: ticket.call_id,
                                agent_id: ticket.agent_id,
                                validated_by: actor.id,
                                validated_at: now,
                            },
                        )
                        .await?;
                }
            }
            detail(conn, recorded).await
        }
        .scope_boxed()
    })
    .await
}

/// Reopens an invalid activation's ticket (locked by the caller) to `validation` for HD
/// Support: a status entry of its history (the SLA clocks run again from now, keeping
/// what they had used), a `qc_invalid_activation` kendala with the findings, the
/// escalation timer recomputed, and `helpdesk.ticket.status_changed`. `activated` is
/// final for the desk's status changes; only QC Tier 2's invalid result reopens it. A
/// ticket no longer activated, or another open ticket for the same customer and
/// product, is 409. The new kendala's id.
#[allow(clippy::too_many_arguments)]
async fn reopen(
    conn: &mut AsyncPgConnection,
    ticket: &Ticket,
    validation: &Validation,
    failed: &[String],
    findings: &str,
    by: Opener,
    now: DateTime<Utc>,
    correlation_id: Option<&str>,
) -> Result<Uuid> {
    if ticket.status != TicketStatus::Activated {
        return Err(Rejection::Conflict(format!(
            "the ticket is {} now, no longer activated: nothing to reopen",
            ticket.status
        ))
        .into());
    }
    if let Some(existing) =
        tickets::open_for(conn, &ticket.indihome_number, &ticket.product_key).await?
    {
        return Err(Own::AlreadyOpen { existing }.into());
    }
    let note = format!("QC Tier 2 found the activation invalid: {findings}");
    let note: String = note.chars().take(MAX_TEXT).collect();
    tickets::append(
        conn,
        &NewEntry {
            ticket_id: ticket.id,
            at: now,
            kind: HistoryKind::Status,
            status: Some(TicketStatus::Validation),
            note: Some(&note),
            by: &by,
            details: Some(json!({
                "validation_id": validation.id,
                "failed_items": failed,
            })),
        },
    )
    .await?;
    let issue = Issue {
        id: Uuid::now_v7(),
        ticket_id: ticket.id,
        category: INVALID_ACTIVATION_CATEGORY.to_owned(),
        description: findings.to_owned(),
        opened_at: now,
        opened_by: by.actor_id().unwrap_or(Uuid::nil()),
        resolved_at: None,
        resolved_by: None,
        resolution: None,
    };
    issues::insert(conn, &issue).await?;
    tickets::append(
        conn,
        &NewEntry {
            ticket_id: ticket.id,
            at: now,
            kind: HistoryKind::Issue,
            status: None,
            note: Some(&issue.description),
            by: &by,
            details: Some(json!({ "issue_id": issue.id, "category": issue.category })),
        },
    )
    .await?;
    let provisional = Ticket {
        status: TicketStatus::Validation,
        stage: TicketStatus::Validation,
        resolved_at: None,
        ..ticket.clone()
    };
    let history = tickets::history(conn, ticket.id).await?;
    let state = super::sla::state_of(conn, &provisional, &history, now).await?;
    let updated = tickets::set_status(
        conn,
        ticket.id,
        &StatusUpdate {
            status: TicketStatus::Validation,
            stage: TicketStatus::Validation,
            provisioning_order_number: ticket.provisioning_order_number.as_deref(),
            resolved_at: None,
            first_responded_at: ticket.first_responded_at,
            next_escalation_at: state.next_escalation_at,
            at: now,
        },
    )
    .await?;
    events::PRODUCER
        .publish(
            conn,
            updated.site,
            correlation_id,
            &TicketStatusChanged {
                ticket_id: updated.id,
                channel: updated.channel.as_str().to_owned(),
                site: updated.site,
                from: TicketStatus::Activated.as_str().to_owned(),
                to: TicketStatus::Validation.as_str().to_owned(),
                provisioning_order_number: updated.provisioning_order_number.clone(),
                changed_by: by.actor_id(),
                changed_at: now,
            },
        )
        .await?;
    Ok(issue.id)
}

/// One channel's month.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelMonth {
    pub channel: Channel,
    /// Activations of the month (a ticket activated twice counts twice).
    pub activated: u64,
    /// Activations of the month sampled for QC Tier 2.
    pub sampled: u64,
    /// Of those, validated (valid or invalid).
    pub validated: u64,
    pub invalid: u64,
    /// Valid over validated; `None` before any validation.
    pub validity_rate: Option<f64>,
}

/// The first day of the month of `day`, and of the next month.
pub fn month_bounds(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    (first, crate::domain::next_month(first).unwrap_or(first))
}

/// Per channel (every channel, or `channel`), the month of `month` (its WIB dates):
/// activations, sampled, validated, invalid and the validity rate.
pub async fn stats(
    h: &Helpdesk,
    month: NaiveDate,
    channel: Option<Channel>,
) -> Result<Vec<ChannelMonth>> {
    let (first, next) = month_bounds(month);
    let mut conn = h.pool.get().await?;
    let (activated, sampled) =
        store::month_counts(&mut conn, wib_start(first), wib_start(next)).await?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(Channel::ALL
        .iter()
        .filter(|c| channel.is_none_or(|only| only == **c))
        .map(|c| {
            let code = c.as_str();
            let of = |status: ValidationStatus| {
                sampled
                    .iter()
                    .filter(|(ch, st, _)| ch == code && st == status.as_str())
                    .map(|(_, _, n)| count(*n))
                    .sum::<u64>()
            };
            let valid = of(ValidationStatus::Valid);
            let invalid = of(ValidationStatus::Invalid);
            let validated = valid + invalid;
            ChannelMonth {
                channel: *c,
                activated: activated
                    .iter()
                    .filter(|(ch, _)| ch == code)
                    .map(|(_, n)| count(*n))
                    .sum(),
                sampled: validated + of(ValidationStatus::Waiting) + of(ValidationStatus::Claimed),
                validated,
                invalid,
                validity_rate: crate::domain::validation::validity_rate(valid, validated),
            }
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn months_end_at_the_next_first() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            month_bounds(d("2026-12-15")),
            (d("2026-12-01"), d("2027-01-01"))
        );
        assert_eq!(
            month_bounds(d("2026-02-01")),
            (d("2026-02-01"), d("2026-03-01"))
        );
    }

    #[test]
    fn an_unknown_channel_is_422_naming_the_field() {
        assert_eq!(channel(" plasa ", "channel").unwrap(), Channel::Plasa);
        match channel("email", "channel") {
            Err(Rejection::Rule { rule, detail }) => {
                assert_eq!(rule, rules::UNKNOWN_REFERENCE);
                assert!(detail.starts_with("channel: "), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }
}
