//! QC Tier 2's tables: sampling plans, checklist versions (only ever inserted), the
//! validations of the sampled activations and their answers.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::count_star;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::{decode, int, uint};
use tam_kernel::{Cursor, Limit};
use uuid::Uuid;

use super::schema::{
    ticket_history, tickets, validation_answers, validation_checklist_items, validation_checklists,
    validation_plans, validations,
};
use crate::domain::policy::Channel;
use crate::domain::sla::TicketStatus;
use crate::domain::validation::{
    Answer, Checklist, ChecklistItem, SamplingPlan, Validation, ValidationStatus,
};

type PlanRow = (String, i32, DateTime<Utc>, Option<Uuid>);

fn plan(r: PlanRow) -> crate::Result<SamplingPlan> {
    Ok(SamplingPlan {
        channel: decode("validation_plans.channel", &r.0)?,
        share_percent: u8::try_from(r.1)
            .map_err(|_| anyhow::anyhow!("validation_plans.share_percent {} out of range", r.1))?,
        updated_at: r.2,
        updated_by: r.3,
    })
}

/// Every channel's plan.
pub async fn plans(conn: &mut AsyncPgConnection) -> crate::Result<Vec<SamplingPlan>> {
    let rows: Vec<PlanRow> = validation_plans::table
        .order(validation_plans::channel)
        .select((
            validation_plans::channel,
            validation_plans::share_percent,
            validation_plans::updated_at,
            validation_plans::updated_by,
        ))
        .load(conn)
        .await?;
    rows.into_iter().map(plan).collect()
}

/// `channel`'s plan, if it has one.
pub async fn plan_of(
    conn: &mut AsyncPgConnection,
    channel: Channel,
) -> crate::Result<Option<SamplingPlan>> {
    let row: Option<PlanRow> = validation_plans::table
        .find(channel.as_str())
        .select((
            validation_plans::channel,
            validation_plans::share_percent,
            validation_plans::updated_at,
            validation_plans::updated_by,
        ))
        .first(conn)
        .await
        .optional()?;
    row.map(plan).transpose()
}

/// Sets `channel`'s share.
pub async fn upsert_plan(
    conn: &mut AsyncPgConnection,
    channel: Channel,
    share_percent: u8,
    by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<SamplingPlan> {
    let row: PlanRow = diesel::insert_into(validation_plans::table)
        .values((
            validation_plans::channel.eq(channel.as_str()),
            validation_plans::share_percent.eq(i32::from(share_percent)),
            validation_plans::updated_at.eq(at),
            validation_plans::updated_by.eq(by),
        ))
        .on_conflict(validation_plans::channel)
        .do_update()
        .set((
            validation_plans::share_percent.eq(i32::from(share_percent)),
            validation_plans::updated_at.eq(at),
            validation_plans::updated_by.eq(by),
        ))
        .returning((
            validation_plans::channel,
            validation_plans::share_percent,
            validation_plans::updated_at,
            validation_plans::updated_by,
        ))
        .get_result(conn)
        .await?;
    plan(row)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = validation_checklists, check_for_backend(Pg))]
struct ChecklistRow {
    id: Uuid,
    channel: String,
    version: i32,
    effective_from: NaiveDate,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = validation_checklist_items, check_for_backend(Pg))]
struct ItemRow {
    checklist_id: Uuid,
    code: String,
    text: String,
    critical: bool,
}

async fn with_items(
    conn: &mut AsyncPgConnection,
    rows: Vec<ChecklistRow>,
) -> crate::Result<Vec<Checklist>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let items: Vec<ItemRow> = validation_checklist_items::table
        .filter(validation_checklist_items::checklist_id.eq_any(&ids))
        .order((
            validation_checklist_items::checklist_id,
            validation_checklist_items::position,
        ))
        .select(ItemRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Checklist {
                id: row.id,
                channel: decode("validation_checklists.channel", &row.channel)?,
                version: uint("validation_checklists.version", row.version)?,
                effective_from: row.effective_from,
                created_by: row.created_by,
                created_at: row.created_at,
                items: items
                    .iter()
                    .filter(|i| i.checklist_id == row.id)
                    .map(|i| ChecklistItem {
                        code: i.code.clone(),
                        text: i.text.clone(),
                        critical: i.critical,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Every checklist version (of `channel`, or of every channel), by channel, newest
/// first.
pub async fn checklists(
    conn: &mut AsyncPgConnection,
    channel: Option<Channel>,
) -> crate::Result<Vec<Checklist>> {
    let mut query = validation_checklists::table.into_boxed();
    if let Some(channel) = channel {
        query = query.filter(validation_checklists::channel.eq(channel.as_str()));
    }
    let rows: Vec<ChecklistRow> = query
        .order((
            validation_checklists::channel,
            validation_checklists::version.desc(),
        ))
        .select(ChecklistRow::as_select())
        .load(conn)
        .await?;
    with_items(conn, rows).await
}

/// The checklist version `id`.
pub async fn checklist(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Checklist> {
    let rows: Vec<ChecklistRow> = validation_checklists::table
        .filter(validation_checklists::id.eq(id))
        .select(ChecklistRow::as_select())
        .load(conn)
        .await?;
    with_items(conn, rows)
        .await?
        .into_iter()
        .next()
        .ok_or(crate::Error::NotFound("checklist"))
}

/// Inserts version `version` of `channel`'s checklist. Two changes racing for the same
/// number meet `validation_checklists_channel_version_key` (409).
pub async fn insert_checklist(
    conn: &mut AsyncPgConnection,
    channel: Channel,
    version: u32,
    effective_from: NaiveDate,
    items: &[ChecklistItem],
    by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<Checklist> {
    let id = Uuid::now_v7();
    diesel::insert_into(validation_checklists::table)
        .values((
            validation_checklists::id.eq(id),
            validation_checklists::channel.eq(channel.as_str()),
            validation_checklists::version.eq(int(version)),
            validation_checklists::effective_from.eq(effective_from),
            validation_checklists::created_by.eq(Some(by)),
            validation_checklists::created_at.eq(at),
        ))
        .execute(conn)
        .await?;
    let rows: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(position, item)| {
            (
                validation_checklist_items::checklist_id.eq(id),
                validation_checklist_items::position
                    .eq(i32::try_from(position).unwrap_or(i32::MAX)),
                validation_checklist_items::code.eq(&item.code),
                validation_checklist_items::text.eq(&item.text),
                validation_checklist_items::critical.eq(item.critical),
            )
        })
        .collect();
    diesel::insert_into(validation_checklist_items::table)
        .values(rows)
        .execute(conn)
        .await?;
    checklist(conn, id).await
}

/// The item codes of the checklist versions that open validations of `channel` are
/// filled against.
pub async fn items_in_use(
    conn: &mut AsyncPgConnection,
    channel: Channel,
) -> crate::Result<Vec<String>> {
    let open = [
        ValidationStatus::Waiting.as_str(),
        ValidationStatus::Claimed.as_str(),
    ];
    let used: Vec<Uuid> = validations::table
        .filter(validations::channel.eq(channel.as_str()))
        .filter(validations::status.eq_any(open))
        .select(validations::checklist_id)
        .distinct()
        .load(conn)
        .await?;
    Ok(validation_checklist_items::table
        .filter(validation_checklist_items::checklist_id.eq_any(used))
        .select(validation_checklist_items::code)
        .distinct()
        .load(conn)
        .await?)
}

/// The activated tickets of `channel` activated in `[from, to)`: (id, activated at).
pub async fn activated(
    conn: &mut AsyncPgConnection,
    channel: Channel,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<Vec<(Uuid, DateTime<Utc>)>> {
    let rows: Vec<(Uuid, Option<DateTime<Utc>>)> = tickets::table
        .filter(tickets::channel.eq(channel.as_str()))
        .filter(tickets::status.eq(TicketStatus::Activated.as_str()))
        .filter(tickets::resolved_at.ge(from))
        .filter(tickets::resolved_at.lt(to))
        .order((tickets::resolved_at, tickets::id))
        .select((tickets::id, tickets::resolved_at))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, at)| at.map(|at| (id, at)))
        .collect())
}

/// One sampled activation to record.
#[derive(Debug, Clone)]
pub struct Sample {
    pub ticket_id: Uuid,
    pub activated_at: DateTime<Utc>,
}

/// Records the samples not recorded yet (one validation per ticket: a re-run adds
/// nothing); how many were new. `by` is the drawer, none when sampled at activation.
pub async fn insert_samples(
    conn: &mut AsyncPgConnection,
    channel: Channel,
    samples: &[Sample],
    checklist_id: Uuid,
    share_percent: u8,
    by: Option<Uuid>,
    at: DateTime<Utc>,
) -> crate::Result<usize> {
    if samples.is_empty() {
        return Ok(0);
    }
    let rows: Vec<_> = samples
        .iter()
        .map(|s| {
            (
                validations::id.eq(Uuid::now_v7()),
                validations::ticket_id.eq(s.ticket_id),
                validations::channel.eq(channel.as_str()),
                validations::activated_at.eq(s.activated_at),
                validations::checklist_id.eq(checklist_id),
                validations::share_percent.eq(i32::from(share_percent)),
                validations::sampled_at.eq(at),
                validations::sampled_by.eq(by),
                validations::status.eq(ValidationStatus::Waiting.as_str()),
                validations::updated_at.eq(at),
            )
        })
        .collect();
    let mut inserted = 0;
    // A statement's parameters are limited (65535): 10 per row.
    for chunk in rows.chunks(5000) {
        inserted += diesel::insert_into(validations::table)
            .values(chunk)
            .on_conflict(validations::ticket_id)
            .do_nothing()
            .execute(conn)
            .await?;
    }
    Ok(inserted)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = validations, check_for_backend(Pg))]
struct ValidationRow {
    id: Uuid,
    ticket_id: Uuid,
    channel: String,
    activated_at: DateTime<Utc>,
    checklist_id: Uuid,
    share_percent: i32,
    sampled_at: DateTime<Utc>,
    sampled_by: Option<Uuid>,
    status: String,
    claimed_by: Option<Uuid>,
    claimed_at: Option<DateTime<Utc>>,
    lease_expires_at: Option<DateTime<Utc>>,
    findings: Option<String>,
    validated_by: Option<Uuid>,
    validated_at: Option<DateTime<Utc>>,
    issue_id: Option<Uuid>,
}

fn validation(r: ValidationRow) -> crate::Result<Validation> {
    Ok(Validation {
        id: r.id,
        ticket_id: r.ticket_id,
        channel: decode("validations.channel", &r.channel)?,
        activated_at: r.activated_at,
        checklist_id: r.checklist_id,
        share_percent: u8::try_from(r.share_percent).map_err(|_| {
            anyhow::anyhow!("validations.share_percent {} out of range", r.share_percent)
        })?,
        sampled_at: r.sampled_at,
        sampled_by: r.sampled_by,
        status: decode("validations.status", &r.status)?,
        claimed_by: r.claimed_by,
        claimed_at: r.claimed_at,
        lease_expires_at: r.lease_expires_at,
        findings: r.findings,
        validated_by: r.validated_by,
        validated_at: r.validated_at,
        issue_id: r.issue_id,
    })
}

/// The validation `id`; `for_update` locks it for the transaction.
pub async fn find(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    for_update: bool,
) -> crate::Result<Option<Validation>> {
    let query = validations::table
        .filter(validations::id.eq(id))
        .select(ValidationRow::as_select());
    let row = if for_update {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    row.map(validation).transpose()
}

/// The validation `qc` holds under an unexpired lease, if any (the oldest).
pub async fn held_by(
    conn: &mut AsyncPgConnection,
    qc: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Option<Validation>> {
    let row: Option<ValidationRow> = validations::table
        .filter(validations::status.eq(ValidationStatus::Claimed.as_str()))
        .filter(validations::claimed_by.eq(qc))
        .filter(validations::lease_expires_at.gt(now))
        .order((validations::claimed_at.asc(), validations::id.asc()))
        .select(ValidationRow::as_select())
        .first(conn)
        .await
        .optional()?;
    row.map(validation).transpose()
}

/// Claims the oldest activation (of `channel`, or of any) waiting or whose lease
/// expired, for `qc` until `until`. The candidate is locked `FOR UPDATE SKIP LOCKED`:
/// concurrent claims each get another validation (or none) instead of waiting.
pub async fn claim_next(
    conn: &mut AsyncPgConnection,
    channel: Option<Channel>,
    qc: Uuid,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> crate::Result<Option<Validation>> {
    // A boxed query cannot carry FOR UPDATE: the channel filter is a list.
    let channels: Vec<&str> = match channel {
        Some(channel) => vec![channel.as_str()],
        None => Channel::ALL.iter().map(|c| c.as_str()).collect(),
    };
    let candidate: Option<Uuid> = validations::table
        .filter(
            validations::status
                .eq(ValidationStatus::Waiting.as_str())
                .or(validations::status
                    .eq(ValidationStatus::Claimed.as_str())
                    .and(validations::lease_expires_at.le(now))),
        )
        .filter(validations::channel.eq_any(channels))
        .order((validations::activated_at.asc(), validations::id.asc()))
        .select(validations::id)
        .for_update()
        .skip_locked()
        .first(conn)
        .await
        .optional()?;
    let Some(id) = candidate else {
        return Ok(None);
    };
    let row: ValidationRow = diesel::update(validations::table.filter(validations::id.eq(id)))
        .set((
            validations::status.eq(ValidationStatus::Claimed.as_str()),
            validations::claimed_by.eq(qc),
            validations::claimed_at.eq(now),
            validations::lease_expires_at.eq(until),
            validations::updated_at.eq(now),
        ))
        .returning(ValidationRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(Some(validation(row)?))
}

/// The list's filters.
#[derive(Debug, Clone, Default)]
pub struct ValidationFilter {
    pub channel: Option<Channel>,
    pub status: Option<ValidationStatus>,
    /// Activated in `[from, to)`.
    pub activated_from: Option<DateTime<Utc>>,
    pub activated_to: Option<DateTime<Utc>>,
    pub ticket_id: Option<Uuid>,
}

/// One page of validations, oldest activation first (the queue's order); one more than
/// `limit` is fetched to know whether a next page exists.
pub async fn list(
    conn: &mut AsyncPgConnection,
    filter: &ValidationFilter,
    cursor: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Validation>> {
    let mut query = validations::table.into_boxed();
    if let Some(channel) = filter.channel {
        query = query.filter(validations::channel.eq(channel.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(validations::status.eq(status.as_str()));
    }
    if let Some(from) = filter.activated_from {
        query = query.filter(validations::activated_at.ge(from));
    }
    if let Some(to) = filter.activated_to {
        query = query.filter(validations::activated_at.lt(to));
    }
    if let Some(ticket) = filter.ticket_id {
        query = query.filter(validations::ticket_id.eq(ticket));
    }
    if let Some(c) = cursor {
        query = query.filter(
            validations::activated_at
                .gt(c.at)
                .or(validations::activated_at
                    .eq(c.at)
                    .and(validations::id.gt(c.id))),
        );
    }
    let rows: Vec<ValidationRow> = query
        .order((validations::activated_at.asc(), validations::id.asc()))
        .limit(limit.fetch())
        .select(ValidationRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter().map(validation).collect()
}

/// A validation's answers, in no particular order.
pub async fn answers(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Vec<Answer>> {
    let rows: Vec<(String, bool, Option<String>)> = validation_answers::table
        .filter(validation_answers::validation_id.eq(id))
        .select((
            validation_answers::item_code,
            validation_answers::passed,
            validation_answers::note,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(code, passed, note)| Answer { code, passed, note })
        .collect())
}

/// The result QC Tier 2 recorded.
#[derive(Debug, Clone)]
pub struct ResultRecord<'a> {
    pub status: ValidationStatus,
    pub findings: Option<&'a str>,
    pub answers: &'a [Answer],
    pub by: Uuid,
    pub at: DateTime<Utc>,
    pub issue_id: Option<Uuid>,
}

/// Writes the result and the answers (the caller holds the row lock).
pub async fn record_result(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    r: &ResultRecord<'_>,
) -> crate::Result<Validation> {
    let rows: Vec<_> = r
        .answers
        .iter()
        .map(|a| {
            (
                validation_answers::validation_id.eq(id),
                validation_answers::item_code.eq(&a.code),
                validation_answers::passed.eq(a.passed),
                validation_answers::note.eq(&a.note),
            )
        })
        .collect();
    diesel::insert_into(validation_answers::table)
        .values(rows)
        .execute(conn)
        .await?;
    let row: ValidationRow = diesel::update(validations::table.filter(validations::id.eq(id)))
        .set((
            validations::status.eq(r.status.as_str()),
            validations::findings.eq(r.findings),
            validations::validated_by.eq(Some(r.by)),
            validations::validated_at.eq(Some(r.at)),
            validations::issue_id.eq(r.issue_id),
            validations::lease_expires_at.eq(None::<DateTime<Utc>>),
            validations::updated_at.eq(r.at),
        ))
        .returning(ValidationRow::as_returning())
        .get_result(conn)
        .await?;
    validation(row)
}

/// Per channel, the activations of `[from, to)`, and the statuses of those
/// sampled: `(channel, activated, [(status, count)])`.
pub async fn month_counts(
    conn: &mut AsyncPgConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::Result<(Vec<(String, i64)>, Vec<(String, String, i64)>)> {
    // Activations, from the history: a ticket reopened since still counts.
    let activated: Vec<(String, i64)> = ticket_history::table
        .inner_join(tickets::table)
        .filter(ticket_history::status.eq(TicketStatus::Activated.as_str()))
        .filter(ticket_history::at.ge(from))
        .filter(ticket_history::at.lt(to))
        .group_by(tickets::channel)
        .select((tickets::channel, count_star()))
        .load(conn)
        .await?;
    let sampled: Vec<(String, String, i64)> = validations::table
        .filter(validations::activated_at.ge(from))
        .filter(validations::activated_at.lt(to))
        .group_by((validations::channel, validations::status))
        .select((validations::channel, validations::status, count_star()))
        .load(conn)
        .await?;
    Ok((activated, sampled))
}
