//! The `ticket_imports` table: one row per CSV import of a channel's order list, with
//! its report.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use tam_db::column::{decode, int, uint};
use uuid::Uuid;

use super::schema::ticket_imports;
use crate::domain::orders_csv::RowError;
use crate::domain::policy::Channel;

/// A row of the file already followed: by an open ticket of the desk, or by a ticket
/// opened from an earlier line of the same file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub line: u64,
    pub indihome_number: String,
    pub product_code: String,
    /// The open ticket that already follows the order.
    pub ticket_id: Uuid,
    pub ticket_number: i64,
}

/// A ticket the import opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opened {
    pub line: u64,
    pub ticket_id: Uuid,
    pub ticket_number: i64,
}

/// What an import's report lists besides its counts (the `report` column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    /// The errors of the rejected rows, in file order (the first
    /// [`crate::app::import::REPORTED_ERRORS`]).
    pub errors: Vec<RowError>,
    /// The rows already followed, in file order.
    pub duplicates: Vec<Duplicate>,
    /// The tickets opened, in file order.
    pub opened: Vec<Opened>,
    /// Header columns the reader does not know, ignored.
    pub ignored_columns: Vec<String>,
}

/// One import as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub id: Uuid,
    pub channel: Channel,
    pub idempotency_key: Option<String>,
    pub sha256: String,
    pub total: u32,
    pub opened: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub details: Details,
    pub imported_by: Uuid,
    pub created_at: DateTime<Utc>,
}

type Row = (
    Uuid,
    String,
    Option<String>,
    String,
    i32,
    i32,
    i32,
    i32,
    serde_json::Value,
    Uuid,
    DateTime<Utc>,
);

fn report(row: Row) -> crate::Result<ImportReport> {
    let (id, channel, key, sha256, total, opened, rejected, duplicates, details, by, at) = row;
    Ok(ImportReport {
        id,
        channel: decode("ticket_imports.channel", &channel)?,
        idempotency_key: key,
        sha256,
        total: uint("ticket_imports.total", total)?,
        opened: uint("ticket_imports.opened", opened)?,
        rejected: uint("ticket_imports.rejected", rejected)?,
        duplicates: uint("ticket_imports.duplicates", duplicates)?,
        details: serde_json::from_value(details)
            .map_err(|e| anyhow::anyhow!("ticket_imports.report of {id}: {e}"))?,
        imported_by: by,
        created_at: at,
    })
}

const COLUMNS: (
    ticket_imports::id,
    ticket_imports::channel,
    ticket_imports::idempotency_key,
    ticket_imports::sha256,
    ticket_imports::total,
    ticket_imports::opened,
    ticket_imports::rejected,
    ticket_imports::duplicates,
    ticket_imports::report,
    ticket_imports::imported_by,
    ticket_imports::created_at,
) = (
    ticket_imports::id,
    ticket_imports::channel,
    ticket_imports::idempotency_key,
    ticket_imports::sha256,
    ticket_imports::total,
    ticket_imports::opened,
    ticket_imports::rejected,
    ticket_imports::duplicates,
    ticket_imports::report,
    ticket_imports::imported_by,
    ticket_imports::created_at,
);

/// The import made on `channel` with Idempotency-Key `key`, if any.
pub async fn find_by_key(
    conn: &mut AsyncPgConnection,
    channel: Channel,
    key: &str,
) -> crate::Result<Option<ImportReport>> {
    ticket_imports::table
        .filter(ticket_imports::channel.eq(channel.as_str()))
        .filter(ticket_imports::idempotency_key.eq(key))
        .select(COLUMNS)
        .first::<Row>(conn)
        .await
        .optional()?
        .map(report)
        .transpose()
}

/// One import.
pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Option<ImportReport>> {
    ticket_imports::table
        .find(id)
        .select(COLUMNS)
        .first::<Row>(conn)
        .await
        .optional()?
        .map(report)
        .transpose()
}

/// Claims the import's row (and its key) at the start of the import transaction; false
/// when a concurrent import took the key first (the unique index waits for it to commit).
pub async fn claim(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    channel: Channel,
    key: Option<&str>,
    sha256: &str,
    imported_by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<bool> {
    let inserted = diesel::insert_into(ticket_imports::table)
        .values((
            ticket_imports::id.eq(id),
            ticket_imports::channel.eq(channel.as_str()),
            ticket_imports::idempotency_key.eq(key),
            ticket_imports::sha256.eq(sha256),
            ticket_imports::imported_by.eq(imported_by),
            ticket_imports::created_at.eq(at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Writes the counts and the report of the claimed import.
pub async fn finish(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    counts: [u32; 4],
    details: &Details,
) -> crate::Result<ImportReport> {
    let [total, opened, rejected, duplicates] = counts;
    let details = serde_json::to_value(details).map_err(anyhow::Error::from)?;
    let row: Row = diesel::update(ticket_imports::table.find(id))
        .set((
            ticket_imports::total.eq(int(total)),
            ticket_imports::opened.eq(int(opened)),
            ticket_imports::rejected.eq(int(rejected)),
            ticket_imports::duplicates.eq(int(duplicates)),
            ticket_imports::report.eq(details),
        ))
        .returning(COLUMNS)
        .get_result(conn)
        .await?;
    report(row)
}
