//! DAPROS imports: the import transaction and the reads of its reports and left-out
//! lines.
//!
//! The import runs on its own `tokio-postgres` connection, not the diesel-async pool:
//! diesel-async 0.5 has no `COPY … FROM STDIN` (diesel-rs/diesel_async#158), and the
//! COPY, the SQL that files its rows and the outbox row (written by
//! `tam_events::Producer::publish` on this transaction) must share one transaction. The
//! reads use the pool like every other query.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Program, Site};
use tokio_postgres::{Client, NoTls, Transaction};
use uuid::Uuid;

use super::schema::{dapros_imports, dapros_rejections};
use super::{decode, int, uint};
use crate::domain::dapros::{DaprosRow, ImportReport, ReportedError, RowError, Tally};
use crate::domain::scope::Scope;
use crate::domain::work_order::WorkOrderStatus;
use crate::error::{Error, Result};

// ---------------------------------------------------------------------------------
// The import transaction (tokio-postgres)
// ---------------------------------------------------------------------------------

/// A connection of its own for one import, with `search_path` set to `schema`. Its
/// driver task ends when the client is dropped; a transaction left open then is rolled
/// back by the server (all or nothing).
pub async fn connect(url: &str, schema: &str) -> Result<Client> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "import connection ended");
        }
    });
    client
        .batch_execute(&format!(
            "SET search_path TO \"{}\"",
            schema.replace('"', "\"\"")
        ))
        .await
        .map_err(pg("setting the import connection's search_path"))?;
    Ok(client)
}

/// A tokio-postgres error as prospect's: a lost connection is 503, the rest 500.
pub fn pg(context: &'static str) -> impl FnOnce(tokio_postgres::Error) -> Error {
    move |e| {
        if e.is_closed() {
            Error::Unavailable(format!("{context}: {e}"))
        } else {
            Error::Internal(anyhow::Error::new(e).context(context))
        }
    }
}

/// The work order an import goes into, as locked by [`lock_work_order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub site: Site,
    pub program: Program,
    pub status: WorkOrderStatus,
}

/// Serialises imports into work order `id` (a transaction-scoped advisory lock: two
/// concurrent imports could otherwise both find an IndiHome number new and collide on
/// the unique key at insert), then reads the work order in `scope` `FOR SHARE`, so it
/// cannot be closed or changed until the import commits. `None` when out of scope.
pub async fn lock_work_order(
    tx: &Transaction<'_>,
    scope: Scope,
    id: Uuid,
) -> Result<Option<Target>> {
    let site = match scope {
        Scope::All => None,
        Scope::Site(site) => Some(site.as_str()),
        Scope::Nothing => return Ok(None),
    };
    tx.execute(
        tam_db::LOCK_UNTIL_COMMIT_SQL,
        &[&format!("dapros-import:{id}")],
    )
    .await
    .map_err(pg("locking the work order's imports"))?;
    let row = tx
        .query_opt(
            "SELECT site, program, status FROM work_orders \
             WHERE id = $1 AND ($2::text IS NULL OR site = $2) FOR SHARE",
            &[&id, &site],
        )
        .await
        .map_err(pg("reading the work order"))?;
    row.map(|row| {
        Ok(Target {
            site: decode("work_orders.site", row.get::<_, &str>(0))?,
            program: decode("work_orders.program", row.get::<_, &str>(1))?,
            status: decode("work_orders.status", row.get::<_, &str>(2))?,
        })
    })
    .transpose()
    .map_err(Error::Internal)
}

/// Inserts the import's row (counts zero, set by [`finish`]). `false` when the
/// Idempotency-Key is already taken on the work order: the unique constraint decides
/// between racing requests (the later one waits here for the earlier to commit or roll
/// back).
pub async fn claim(
    tx: &Transaction<'_>,
    id: Uuid,
    work_order_id: Uuid,
    idempotency_key: Option<&str>,
    imported_by: Uuid,
    created_at: DateTime<Utc>,
) -> Result<bool> {
    let inserted = tx
        .execute(
            "INSERT INTO dapros_imports (id, work_order_id, idempotency_key, sha256, total, \
             accepted, rejected, duplicates, dnc_excluded, errors, imported_by, created_at) \
             VALUES ($1, $2, $3, '', 0, 0, 0, 0, 0, '[]'::jsonb, $4, $5) \
             ON CONFLICT ON CONSTRAINT dapros_imports_idempotency_key DO NOTHING",
            &[
                &id,
                &work_order_id,
                &idempotency_key,
                &imported_by,
                &created_at,
            ],
        )
        .await
        .map_err(pg("inserting the import"))?;
    Ok(inserted == 1)
}

/// The COPY statement whose rows [`copy_row`] and [`copy_errors`] write.
pub const STAGING_COPY: &str = "COPY dapros_staging (id, line, indihome_number, \
    customer_name, contact_number, alt_contact_number, region, notes, field, reason) \
    FROM STDIN";

/// Appends a good row to a COPY (text format) buffer for [`STAGING_COPY`].
pub fn copy_row(buf: &mut Vec<u8>, id: Uuid, line: u64, row: &DaprosRow) {
    let mut uuid = Uuid::encode_buffer();
    buf.extend_from_slice(id.hyphenated().encode_lower(&mut uuid).as_bytes());
    buf.push(b'\t');
    buf.extend_from_slice(line.to_string().as_bytes());
    for value in [
        Some(row.indihome_number.as_str()),
        Some(row.customer_name.as_str()),
        Some(row.contact_number.as_str()),
        row.alt_contact_number.as_deref(),
        row.region.as_deref(),
        row.notes.as_deref(),
        None,
        None,
    ] {
        buf.push(b'\t');
        copy_text(buf, value);
    }
    buf.push(b'\n');
}

/// Appends a bad row's errors, one COPY row each, to a buffer for [`STAGING_COPY`].
pub fn copy_errors(buf: &mut Vec<u8>, errors: &[RowError]) {
    for e in errors {
        buf.extend_from_slice(b"\\N\t");
        buf.extend_from_slice(e.line.to_string().as_bytes());
        buf.extend_from_slice(b"\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t");
        copy_text(buf, Some(e.field));
        buf.push(b'\t');
        copy_text(buf, Some(&e.reason));
        buf.push(b'\n');
    }
}

/// A value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage
/// return escaped (a quoted CSV field may hold any of them).
fn copy_text(buf: &mut Vec<u8>, value: Option<&str>) {
    let Some(value) = value else {
        buf.extend_from_slice(b"\\N");
        return;
    };
    for &b in value.as_bytes() {
        match b {
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.push(b),
        }
    }
}

/// What [`settle`] did with the staged rows, and how long each of its steps took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    pub accepted: u32,
    pub duplicates: u32,
    pub dnc_excluded: u32,
    /// Filing the bad rows, then classifying the good ones and filing the left-out lines.
    pub classifying: Duration,
    /// Inserting the new prospects (the table and its indexes).
    pub inserting: Duration,
    /// Emptying the staging table.
    pub emptying: Duration,
}

/// The SQL that files the left-out good rows, returning how many duplicates and
/// do-not-call rows it found. A row is, in this order of precedence, a duplicate (its
/// IndiHome number is already in the work order, or on an earlier good line of this
/// file: the first good line keeps it), on the do-not-call list (its contact number),
/// or a new prospect ([`FILE_NEW`]).
///
/// Only the few left-out lines come out of the joins: the rows to insert are read again
/// by [`FILE_NEW`] rather than carried through a CTE, which held every row of the file
/// twice (a temporary file of ~130 MB for 1,000,000 rows; docs/decisions.md, "DAPROS
/// import performance").
const FILE_LEFT_OUT: &str = r#"
WITH left_out AS (
    INSERT INTO dapros_rejections (import_id, line, field, kind, reason)
    SELECT $2, c.line,
           CASE WHEN c.duplicate THEN 'indihome_number' ELSE 'contact_number' END,
           CASE WHEN c.duplicate THEN 'duplicate' ELSE 'dnc' END,
           CASE
               WHEN c.earlier_line IS NOT NULL THEN format(
                   '"%s" is already in the work order (line %s of import %s)',
                   c.indihome_number, c.earlier_line, c.earlier_import)
               WHEN c.duplicate THEN format(
                   '"%s" is also on line %s of this file', c.indihome_number, c.first_line)
               ELSE format('"%s" is on the do-not-call list', c.contact_number)
           END
    FROM (
        SELECT s.line, s.indihome_number, s.contact_number,
               p.line AS earlier_line, p.import_id AS earlier_import, r.first_line,
               (p.id IS NOT NULL OR r.first_line < s.line) AS duplicate,
               d.id IS NOT NULL AS dnc
        FROM dapros_staging s
        LEFT JOIN (
            SELECT indihome_number, min(line) AS first_line
            FROM dapros_staging
            WHERE field IS NULL
            GROUP BY indihome_number
            HAVING count(*) > 1
        ) r ON r.indihome_number = s.indihome_number
        LEFT JOIN prospects p
               ON p.work_order_id = $1 AND p.indihome_number = s.indihome_number
        LEFT JOIN dnc_numbers d ON d.number = s.contact_number AND d.removed_at IS NULL
        WHERE s.field IS NULL
    ) c
    WHERE c.duplicate OR c.dnc
    RETURNING kind
)
SELECT count(*) FILTER (WHERE kind = 'duplicate'), count(*) FILTER (WHERE kind = 'dnc')
FROM left_out"#;

/// The SQL that inserts the staged good rows [`FILE_LEFT_OUT`] did not leave out, in
/// file order (so the v7 ids reach the primary key and the pool index in order). An
/// alternative number on the do-not-call list is dropped (set NULL) and the row kept:
/// the customer is still reachable on the main number.
const FILE_NEW: &str = r#"
INSERT INTO prospects (id, work_order_id, import_id, line, site, program,
                       indihome_number, customer_name, contact_number,
                       alt_contact_number, region, notes, status, available_at,
                       created_at, updated_at)
SELECT s.id, $1, $2, s.line, $3, $4, s.indihome_number, s.customer_name,
       s.contact_number,
       CASE WHEN a.id IS NULL THEN s.alt_contact_number END,
       s.region, s.notes, 'new', $5, $5, $5
FROM dapros_staging s
LEFT JOIN dnc_numbers a ON a.number = s.alt_contact_number AND a.removed_at IS NULL
WHERE s.field IS NULL
  AND NOT EXISTS (SELECT 1 FROM dapros_rejections x
                   WHERE x.import_id = $2 AND x.line = s.line)"#;

/// Files the staged rows of import `import_id` (see [`FILE_LEFT_OUT`], [`FILE_NEW`]):
/// bad rows and left-out lines into `dapros_rejections`, the rest into `prospects`
/// (status `new`, available from `now`, the work order's site and program); then
/// empties the staging table.
///
/// Nested loops are turned off for these statements: the staging table's statistics
/// never describe the file being imported (its rows are deleted before every commit),
/// so the planner expects a few thousand rows, and a nested loop over the do-not-call
/// list chosen on that estimate took two minutes for a file of 1,000,000 rows. Every
/// join here is of whole tables: hash joins are the plan at any size.
pub async fn settle(
    tx: &Transaction<'_>,
    import_id: Uuid,
    work_order_id: Uuid,
    target: Target,
    now: DateTime<Utc>,
) -> Result<Settled> {
    let started = Instant::now();
    tx.batch_execute("SET LOCAL enable_nestloop = off")
        .await
        .map_err(pg("planning the filing"))?;
    tx.execute(
        "INSERT INTO dapros_rejections (import_id, line, field, kind, reason) \
         SELECT $1, line, field, 'rejected', reason FROM dapros_staging \
         WHERE field IS NOT NULL",
        &[&import_id],
    )
    .await
    .map_err(pg("filing the rejected rows"))?;
    let left_out = tx
        .query_one(FILE_LEFT_OUT, &[&work_order_id, &import_id])
        .await
        .map_err(pg("filing the left-out lines"))?;
    let classifying = started.elapsed();
    let started = Instant::now();
    let accepted = tx
        .execute(
            FILE_NEW,
            &[
                &work_order_id,
                &import_id,
                &target.site.as_str(),
                &target.program.as_str(),
                &now,
            ],
        )
        .await
        .map_err(pg("filing the new prospects"))?;
    let inserting = started.elapsed();
    let started = Instant::now();
    tx.batch_execute("RESET enable_nestloop; DELETE FROM dapros_staging")
        .await
        .map_err(pg("emptying the staging table"))?;
    let count = |i: usize| int_count(left_out.get::<_, i64>(i));
    Ok(Settled {
        accepted: u32::try_from(accepted).unwrap_or(u32::MAX),
        duplicates: count(0),
        dnc_excluded: count(1),
        classifying,
        inserting,
        emptying: started.elapsed(),
    })
}

fn int_count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Sets the counts, errors and body hash of import `id`; the finished report.
pub async fn finish(
    tx: &Transaction<'_>,
    id: Uuid,
    tally: &Tally,
    settled: Settled,
    sha256: &str,
) -> Result<ImportReport> {
    let errors: Vec<ReportedError> = tally.errors.iter().map(ReportedError::from).collect();
    let errors = serde_json::to_value(&errors).map_err(|e| Error::Internal(e.into()))?;
    let total = int(u32::try_from(tally.total).unwrap_or(u32::MAX));
    let rejected = int(u32::try_from(tally.rejected).unwrap_or(u32::MAX));
    let row = tx
        .query_one(
            "UPDATE dapros_imports SET sha256 = $2, total = $3, accepted = $4, rejected = $5, \
             duplicates = $6, dnc_excluded = $7, errors = $8 WHERE id = $1 \
             RETURNING id, work_order_id, idempotency_key, sha256, total, accepted, \
             rejected, duplicates, dnc_excluded, errors, imported_by, created_at",
            &[
                &id,
                &sha256,
                &total,
                &int(settled.accepted),
                &rejected,
                &int(settled.duplicates),
                &int(settled.dnc_excluded),
                &errors,
            ],
        )
        .await
        .map_err(pg("finishing the import"))?;
    ImportRow {
        id: row.get(0),
        work_order_id: row.get(1),
        idempotency_key: row.get(2),
        sha256: row.get(3),
        total: row.get(4),
        accepted: row.get(5),
        rejected: row.get(6),
        duplicates: row.get(7),
        dnc_excluded: row.get(8),
        errors: row.get(9),
        imported_by: row.get(10),
        created_at: row.get(11),
    }
    .try_into()
    .map_err(Error::Internal)
}

// ---------------------------------------------------------------------------------
// Reads (diesel-async pool)
// ---------------------------------------------------------------------------------

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = dapros_imports, check_for_backend(Pg))]
struct ImportRow {
    id: Uuid,
    work_order_id: Uuid,
    idempotency_key: Option<String>,
    sha256: String,
    total: i32,
    accepted: i32,
    rejected: i32,
    duplicates: i32,
    dnc_excluded: i32,
    errors: serde_json::Value,
    imported_by: Uuid,
    created_at: DateTime<Utc>,
}

impl TryFrom<ImportRow> for ImportReport {
    type Error = anyhow::Error;

    fn try_from(r: ImportRow) -> anyhow::Result<Self> {
        Ok(ImportReport {
            id: r.id,
            work_order_id: r.work_order_id,
            idempotency_key: r.idempotency_key,
            sha256: r.sha256,
            total: uint("dapros_imports.total", r.total)?,
            accepted: uint("dapros_imports.accepted", r.accepted)?,
            rejected: uint("dapros_imports.rejected", r.rejected)?,
            duplicates: uint("dapros_imports.duplicates", r.duplicates)?,
            dnc_excluded: uint("dapros_imports.dnc_excluded", r.dnc_excluded)?,
            errors: serde_json::from_value(r.errors)
                .map_err(|e| anyhow::anyhow!("dapros_imports.errors of {}: {e}", r.id))?,
            imported_by: r.imported_by,
            created_at: r.created_at,
        })
    }
}

/// Import `id` (whatever its work order; the caller checks the work order's scope).
pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<ImportReport>> {
    let row: Option<ImportRow> = dapros_imports::table
        .filter(dapros_imports::id.eq(id))
        .select(ImportRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(ImportReport::try_from).transpose()?)
}

/// The import made with `key` on work order `work_order_id`, if any.
pub async fn find_by_key(
    conn: &mut AsyncPgConnection,
    work_order_id: Uuid,
    key: &str,
) -> Result<Option<ImportReport>> {
    let row: Option<ImportRow> = dapros_imports::table
        .filter(dapros_imports::work_order_id.eq(work_order_id))
        .filter(dapros_imports::idempotency_key.eq(key))
        .select(ImportRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(ImportReport::try_from).transpose()?)
}

/// A page of work order `work_order_id`'s imports, newest first (limit + 1 rows).
pub async fn list(
    conn: &mut AsyncPgConnection,
    work_order_id: Uuid,
    before: Option<Cursor>,
    limit: Limit,
) -> Result<Vec<ImportReport>> {
    let mut query = dapros_imports::table
        .filter(dapros_imports::work_order_id.eq(work_order_id))
        .select(ImportRow::as_select())
        .order((dapros_imports::created_at.desc(), dapros_imports::id.desc()))
        .limit(limit.fetch())
        .into_boxed();
    if let Some(c) = before {
        query = query.filter(
            dapros_imports::created_at
                .lt(c.at)
                .or(dapros_imports::created_at
                    .eq(c.at)
                    .and(dapros_imports::id.lt(c.id))),
        );
    }
    let rows: Vec<ImportRow> = query.load(conn).await?;
    rows.into_iter()
        .map(|r| ImportReport::try_from(r).map_err(Error::Internal))
        .collect()
}

/// One left-out line of an import.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = dapros_rejections, check_for_backend(Pg))]
pub struct LeftOutLine {
    pub line: i64,
    pub field: String,
    pub kind: String,
    pub reason: String,
}

/// Up to `limit` left-out lines of import `import_id` after `(line, field)`, in line
/// order (the download pages through them, so it never holds them all).
pub async fn left_out(
    conn: &mut AsyncPgConnection,
    import_id: Uuid,
    after: Option<(i64, String)>,
    limit: i64,
) -> Result<Vec<LeftOutLine>> {
    let mut query = dapros_rejections::table
        .filter(dapros_rejections::import_id.eq(import_id))
        .select(LeftOutLine::as_select())
        .order((dapros_rejections::line, dapros_rejections::field))
        .limit(limit)
        .into_boxed();
    if let Some((line, field)) = after {
        query = query.filter(
            dapros_rejections::line.gt(line).or(dapros_rejections::line
                .eq(line)
                .and(dapros_rejections::field.gt(field))),
        );
    }
    Ok(query.load(conn).await?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn copy_rows_escape_what_copy_text_format_reserves() {
        let row = DaprosRow {
            indihome_number: "122101234567".into(),
            customer_name: "Dewi\r\nLestari\t\\".into(),
            contact_number: "+6281234567890".into(),
            alt_contact_number: None,
            region: Some("Bandung".into()),
            notes: None,
        };
        let mut buf = Vec::new();
        copy_row(&mut buf, Uuid::nil(), 9, &row);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "00000000-0000-0000-0000-000000000000\t9\t122101234567\tDewi\\r\\nLestari\\t\\\\\t\
             +6281234567890\t\\N\tBandung\t\\N\t\\N\t\\N\n"
        );
    }

    #[test]
    fn copy_errors_are_one_row_each() {
        let errors = vec![
            RowError {
                line: 4,
                field: "customer_name",
                reason: "is required".into(),
            },
            RowError {
                line: 4,
                field: "contact_number",
                reason: "\"0812\\x\" has\ta tab".into(),
            },
        ];
        let mut buf = Vec::new();
        copy_errors(&mut buf, &errors);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\\N\t4\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\tcustomer_name\tis required\n\
             \\N\t4\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\tcontact_number\t\"0812\\\\x\" has\\ta tab\n"
        );
    }
}
