//! The do-not-call list and its history. An entry taken off the list keeps its row
//! (`removed_*` set) and excludes nothing; every addition and removal is a row of
//! `dnc_history`.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Site};
use uuid::Uuid;

use super::decode;
use super::schema::{dnc_history, dnc_numbers};
use crate::domain::dnc::{DncAction, DncEntry, DncEvent, NewDnc, Removal};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = dnc_numbers, check_for_backend(Pg))]
struct DncRow {
    id: Uuid,
    number: String,
    reason: String,
    added_by: Uuid,
    added_at: DateTime<Utc>,
    site: Option<String>,
    removed_by: Option<Uuid>,
    removed_at: Option<DateTime<Utc>>,
    removal_reason: Option<String>,
}

impl TryFrom<DncRow> for DncEntry {
    type Error = crate::Error;

    fn try_from(r: DncRow) -> crate::Result<Self> {
        let site = r
            .site
            .as_deref()
            .map(|s| decode::<Site>("dnc_numbers.site", s))
            .transpose()?;
        let removal = match (r.removed_by, r.removed_at, r.removal_reason) {
            (Some(by), Some(at), Some(reason)) => Some(Removal { by, at, reason }),
            _ => None,
        };
        Ok(DncEntry {
            id: r.id,
            number: r.number,
            reason: r.reason,
            added_by: r.added_by,
            added_at: r.added_at,
            site,
            removal,
        })
    }
}

/// Adds the number unless it is listed already: `(entry, true)` when added now (a number
/// taken off the list before is listed again, on the same entry), `(the listed entry,
/// false)` otherwise. The addition goes into the history.
pub async fn add(
    conn: &mut AsyncPgConnection,
    new: &NewDnc,
    added_by: Uuid,
    site: Option<Site>,
    now: DateTime<Utc>,
) -> crate::Result<(DncEntry, bool)> {
    let site_code = site.map(|s| s.as_str());
    let inserted: Option<DncRow> = diesel::insert_into(dnc_numbers::table)
        .values((
            dnc_numbers::id.eq(tam_kernel::new_id()),
            dnc_numbers::number.eq(&new.number),
            dnc_numbers::reason.eq(&new.reason),
            dnc_numbers::added_by.eq(added_by),
            dnc_numbers::added_at.eq(now),
            dnc_numbers::site.eq(site_code),
        ))
        .on_conflict(dnc_numbers::number)
        .do_nothing()
        .returning(DncRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    // Listed again: only while removed, so that of two at once one relists it.
    let added = match inserted {
        Some(row) => Some(row),
        None => diesel::update(
            dnc_numbers::table
                .filter(dnc_numbers::number.eq(&new.number))
                .filter(dnc_numbers::removed_at.is_not_null()),
        )
        .set((
            dnc_numbers::reason.eq(&new.reason),
            dnc_numbers::added_by.eq(added_by),
            dnc_numbers::added_at.eq(now),
            dnc_numbers::site.eq(site_code),
            dnc_numbers::removed_by.eq(None::<Uuid>),
            dnc_numbers::removed_at.eq(None::<DateTime<Utc>>),
            dnc_numbers::removal_reason.eq(None::<String>),
        ))
        .returning(DncRow::as_returning())
        .get_result(conn)
        .await
        .optional()?,
    };
    if let Some(row) = added {
        let entry = DncEntry::try_from(row)?;
        record(
            conn,
            entry.id,
            DncAction::Added,
            added_by,
            site,
            &entry.reason,
            entry.added_at,
        )
        .await?;
        return Ok((entry, true));
    }
    let existing: DncRow = dnc_numbers::table
        .filter(dnc_numbers::number.eq(&new.number))
        .select(DncRow::as_select())
        .first(conn)
        .await?;
    Ok((existing.try_into()?, false))
}

/// The entry of `number` (listed or taken off), locked for a change when `lock`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    number: &str,
    lock: bool,
) -> crate::Result<Option<DncEntry>> {
    let query = dnc_numbers::table
        .filter(dnc_numbers::number.eq(number))
        .select(DncRow::as_select());
    let row: Option<DncRow> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    row.map(DncEntry::try_from).transpose()
}

/// Takes the entry off the list, and writes the removal into the history.
pub async fn remove(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
    site: Option<Site>,
    reason: &str,
    at: DateTime<Utc>,
) -> crate::Result<DncEntry> {
    let row: DncRow = diesel::update(dnc_numbers::table.find(id))
        .set((
            dnc_numbers::removed_by.eq(by),
            dnc_numbers::removed_at.eq(at),
            dnc_numbers::removal_reason.eq(reason),
        ))
        .returning(DncRow::as_returning())
        .get_result(conn)
        .await?;
    record(conn, id, DncAction::Removed, by, site, reason, at).await?;
    row.try_into()
}

async fn record(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    action: DncAction,
    actor: Uuid,
    site: Option<Site>,
    reason: &str,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::insert_into(dnc_history::table)
        .values((
            dnc_history::dnc_id.eq(id),
            dnc_history::action.eq(action.as_str()),
            dnc_history::actor.eq(actor),
            dnc_history::site.eq(site.map(|s| s.as_str())),
            dnc_history::reason.eq(reason),
            dnc_history::at.eq(at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = dnc_history, check_for_backend(Pg))]
struct HistoryRow {
    action: String,
    actor: Uuid,
    site: Option<String>,
    reason: String,
    at: DateTime<Utc>,
}

/// Every addition and removal of the entry, in the order they were made.
pub async fn history(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Vec<DncEvent>> {
    let rows: Vec<HistoryRow> = dnc_history::table
        .filter(dnc_history::dnc_id.eq(id))
        .order(dnc_history::id)
        .select(HistoryRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|row| {
            let action = match row.action.as_str() {
                "added" => DncAction::Added,
                "removed" => DncAction::Removed,
                other => return Err(anyhow::anyhow!("dnc_history.action holds {other:?}").into()),
            };
            let site = row
                .site
                .as_deref()
                .map(|s| decode::<Site>("dnc_history.site", s))
                .transpose()?;
            Ok(DncEvent {
                action,
                actor: row.actor,
                site,
                reason: row.reason,
                at: row.at,
            })
        })
        .collect()
}

/// One page of the numbers on the list (not those taken off it), oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<DncEntry>> {
    let mut query = dnc_numbers::table
        .filter(dnc_numbers::removed_at.is_null())
        .select(DncRow::as_select())
        .into_boxed();
    if let Some(cursor) = after {
        query = query.filter(
            dnc_numbers::added_at.gt(cursor.at).or(dnc_numbers::added_at
                .eq(cursor.at)
                .and(dnc_numbers::id.gt(cursor.id))),
        );
    }
    let rows: Vec<DncRow> = query
        .order((dnc_numbers::added_at.asc(), dnc_numbers::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    rows.into_iter().map(DncEntry::try_from).collect()
}
