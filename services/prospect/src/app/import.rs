//! Importing a DAPROS file into a work order, streamed end to end, all or nothing; and
//! reading the reports and left-out lines of past imports.
//!
//! The request body never sits in memory whole. Three parties pass it along through
//! bounded channels, so a slow side holds the others back instead of letting data pile
//! up:
//!
//! ```text
//! HTTP body ──pump──▶ [chunks, 8] ──▶ blocking thread: DaprosReader, SHA-256,
//!                                      COPY text encoding, tally
//!                                          │
//!            import transaction ◀── [COPY buffers of 64 KiB, 4]
//!            (tokio-postgres): COPY into dapros_staging, then SQL files the rows
//! ```
//!
//! The CSV parsing runs on a blocking thread (`spawn_blocking`) because `DaprosReader`
//! reads a `std::io::Read`; the async side only forwards bytes (the pump and the
//! hashing body reader are the runtime's [`tam_runtime::csv_import`], shared with the
//! helpdesk's order-list import). Everything is written in
//! one transaction on a connection of its own (see `store::imports`), committed only
//! after the whole body was read: a dropped upload, a failed stream or a crash leaves no
//! trace.

use std::fmt::Display;
use std::io::Read;
use std::pin::pin;

use bytes::Bytes;
use futures::future::{self, Either};
use futures::{SinkExt, Stream};
use tam_kernel::{Cursor, Limit, Page};
use tam_runtime::csv_import::{self, body_channel, body_sha256, pump, BodyReader};
use tokio::sync::mpsc;
use uuid::Uuid;

use super::{Prospect, Request};
use crate::domain::dapros::{DaprosReader, HeaderError, ImportReport, RowError, Tally};
use crate::domain::scope::{scope_of, Scope};
use crate::domain::work_order::WorkOrderStatus;
use crate::domain::Rejection;
use crate::error::{Error, Result};
use crate::events::{self, DaprosImported};
use crate::store::imports::{self as store, pg, LeftOutLine, Target};
use crate::store::work_orders;

/// The slug of the 422 for an Idempotency-Key reused with another body.
pub const KEY_REUSED: &str = "idempotency-key-reused";

/// How many COPY buffers wait between the reader thread and the database.
const BUFFERS_IN_FLIGHT: usize = 4;
/// The size at which a COPY buffer is sent.
const COPY_BUFFER: usize = 64 * 1024;
/// How many left-out lines the download reads per query.
pub const LEFT_OUT_PAGE: i64 = 5_000;

/// What an import request came to: a new import (201) or the one made earlier with the
/// same Idempotency-Key and the same body (200).
pub type Imported = csv_import::Imported<ImportReport>;

/// Imports the DAPROS file streamed in `body` into work order `work_order_id`.
///
/// 404 outside the caller's scope; with a `key` already used on the work order, the
/// earlier report (when `body` hashes the same; 422 [`KEY_REUSED`] otherwise) even if
/// the work order is closed since; 409 for a closed work order; 400 naming `header`
/// for a header that cannot be read, or `body` when the upload failed before its end.
/// A request that loses a race for its key to a concurrent one answers 409 (repeating
/// it replays the winner's report).
pub async fn import<S, E>(
    p: &Prospect,
    request: &Request,
    work_order_id: Uuid,
    key: Option<String>,
    body: S,
) -> Result<Imported>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: Display,
{
    let scope = scope_of(&request.actor);
    {
        let mut conn = p.pool.get().await?;
        let work_order = work_orders::find(&mut conn, scope, work_order_id, false)
            .await?
            .ok_or(Error::NotFound("work order"))?;
        if let Some(key) = key.as_deref() {
            if let Some(report) = store::find_by_key(&mut conn, work_order_id, key).await? {
                drop(conn);
                return replay(report, body).await;
            }
        }
        check_status(work_order.status)?;
    }

    let (chunk_tx, body_reader) = body_channel();
    let (buffer_tx, buffer_rx) = mpsc::channel(BUFFERS_IN_FLIGHT);
    let reader = tokio::task::spawn_blocking(move || read_file(body_reader, buffer_tx));
    let transaction = pin!(run_import(
        p,
        request,
        scope,
        work_order_id,
        key,
        buffer_rx,
        reader
    ));
    let pump = pin!(pump(body, chunk_tx));
    // When the import ends first (an error), the pump is dropped with its sender, which
    // stops the reader thread; when the whole body has been handed over, the import
    // goes on alone.
    match future::select(transaction, pump).await {
        Either::Left((result, _)) => result.map(Imported::Created),
        Either::Right(((), transaction)) => transaction.await.map(Imported::Created),
    }
}

fn check_status(status: WorkOrderStatus) -> Result<()> {
    if status == WorkOrderStatus::Closed {
        return Err(Rejection::Conflict(
            "the work order is closed: DAPROS files can be imported into draft or active work orders only"
                .to_owned(),
        )
        .into());
    }
    Ok(())
}

/// The stored report, if `body` is the same file (same SHA-256) as the one imported.
async fn replay<S, E>(report: ImportReport, body: S) -> Result<Imported>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: Display,
{
    let sha256 = body_sha256(body).await.map_err(|e| upload_failed(&e))?;
    if sha256 != report.sha256 {
        return Err(Rejection::rule(
            KEY_REUSED,
            "this Idempotency-Key was used for another file on this work order: send that file again to see its report, or use a new key",
        )
        .into());
    }
    Ok(Imported::Replayed(report))
}

fn upload_failed(reason: &dyn Display) -> Error {
    Rejection::field("body", csv_import::upload_failed(reason)).into()
}

/// How many imports one process runs at once. Each holds a database connection of its
/// own (COPY needs `tokio-postgres`, outside the pool) and a CPU for parsing; a further
/// upload waits for a turn, its body held back by the bounded channel.
pub const CONCURRENT_IMPORTS: usize = 2;

/// The import transaction: lock, claim the key, COPY what the reader thread sends, file
/// the rows, report, publish, commit.
async fn run_import(
    p: &Prospect,
    request: &Request,
    scope: Scope,
    work_order_id: Uuid,
    key: Option<String>,
    mut buffers: mpsc::Receiver<FromReader>,
    reader: tokio::task::JoinHandle<ReadOutcome>,
) -> Result<ImportReport> {
    let _turn = p
        .imports
        .acquire()
        .await
        .map_err(|_| anyhow::anyhow!("the import queue is closed"))?;
    let mut client = store::connect(&p.config.database_url, crate::MIGRATIONS.schema).await?;
    let mut tx = client
        .transaction()
        .await
        .map_err(pg("starting the import transaction"))?;
    // The duplicate search aggregates the whole file at once; let it hash in memory.
    tx.batch_execute("SET LOCAL work_mem = '64MB'")
        .await
        .map_err(pg("setting work_mem"))?;
    let target: Target = store::lock_work_order(&tx, scope, work_order_id)
        .await?
        .ok_or(Error::NotFound("work order"))?;
    check_status(target.status)?;
    let import_id = tam_kernel::new_id();
    let now = p.config.clock.now();
    if !store::claim(
        &tx,
        import_id,
        work_order_id,
        key.as_deref(),
        request.actor.id,
        now,
    )
    .await?
    {
        return Err(Rejection::Conflict(
            "another request with this Idempotency-Key imported into the work order meanwhile: repeat the request to get its report"
                .to_owned(),
        )
        .into());
    }

    match buffers.recv().await {
        Some(FromReader::Header(Ok(()))) => {}
        Some(FromReader::Header(Err(e))) => return Err(header_rejection(&e)),
        // The reader thread ended without a word: only a panic does that.
        Some(FromReader::Copy(_)) | None => {
            return Err(reader_lost(reader.await.err()));
        }
    }
    let copy_started = std::time::Instant::now();
    let sink = tx
        .copy_in::<_, Bytes>(store::STAGING_COPY)
        .await
        .map_err(pg("starting the COPY"))?;
    let mut sink = pin!(sink);
    while let Some(message) = buffers.recv().await {
        if let FromReader::Copy(bytes) = message {
            sink.send(bytes).await.map_err(pg("copying rows"))?;
        }
    }
    let outcome = match reader.await {
        Ok(outcome) => outcome,
        Err(e) => return Err(reader_lost(Some(e))),
    };
    if let Some(failure) = outcome.failure {
        // Dropping the transaction rolls it back: nothing of the file is kept.
        return Err(upload_failed(&failure));
    }
    sink.finish().await.map_err(pg("finishing the COPY"))?;

    let copied = copy_started.elapsed();
    let settled = store::settle(&tx, import_id, work_order_id, target, now).await?;
    let commit_started = std::time::Instant::now();
    let report = store::finish(&tx, import_id, &outcome.tally, settled, &outcome.sha256).await?;
    let event = DaprosImported {
        import_id,
        work_order_id,
        site: target.site,
        program: target.program,
        total: report.total,
        accepted: report.accepted,
        rejected: report.rejected,
        duplicates: report.duplicates,
        dnc_excluded: report.dnc_excluded,
        imported_by: request.actor.id,
    };
    // Through tam_events like every event, on the import's own transaction.
    events::PRODUCER
        .publish(&mut tx, Some(target.site), request.correlation_id(), &event)
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    tx.commit().await.map_err(pg("committing the import"))?;
    // A tokio_postgres transaction is not watched for its commit as diesel's are: wake
    // this process's relays now, or the event would wait for their poll.
    tam_events::committed();
    tracing::info!(
        %import_id,
        %work_order_id,
        total = report.total,
        accepted = report.accepted,
        // The phases (the import bench reads them): upload, parse and COPY into the
        // staging table; the bad rows, the duplicates and do-not-call rows; the new
        // prospects; emptying the staging table; the report and the commit.
        copy_ms = copied.as_millis(),
        classify_ms = settled.classifying.as_millis(),
        insert_ms = settled.inserting.as_millis(),
        empty_ms = settled.emptying.as_millis(),
        commit_ms = commit_started.elapsed().as_millis(),
        "DAPROS file imported"
    );
    Ok(report)
}

fn header_rejection(e: &HeaderError) -> Error {
    Rejection::field(e.field(), e.to_string()).into()
}

fn reader_lost(e: Option<tokio::task::JoinError>) -> Error {
    Error::Internal(anyhow::anyhow!(
        "the DAPROS reader thread ended early: {}",
        e.map_or_else(|| "no reason".to_owned(), |e| e.to_string())
    ))
}

/// What the reader thread sends to the import transaction.
#[derive(Debug)]
enum FromReader {
    /// First: whether the header could be read.
    Header(std::result::Result<(), HeaderError>),
    /// Then: COPY text rows for `dapros_staging`.
    Copy(Bytes),
}

/// What the reader thread found, once the file is read.
#[derive(Debug)]
struct ReadOutcome {
    tally: Tally,
    sha256: String,
    /// Why the file could not be read to its end (the import must be abandoned).
    failure: Option<String>,
}

/// The reader thread: reads and checks the file, sends COPY buffers of its rows (good
/// rows with a new prospect id, bad rows as one staging row per error), counts.
fn read_file(mut input: BodyReader, out: mpsc::Sender<FromReader>) -> ReadOutcome {
    let mut tally = Tally::default();
    let failure = read_rows(&mut input, &out, &mut tally);
    // After a failure the hash is not used: the import is abandoned.
    let (sha256, failure) = match failure {
        None => match input.finish() {
            Ok(sha256) => (sha256, None),
            Err(e) => (String::new(), Some(e.to_string())),
        },
        failure => (String::new(), failure),
    };
    ReadOutcome {
        tally,
        sha256,
        failure,
    }
}

/// Reads rows into COPY buffers; why it stopped early, if it did.
fn read_rows(
    input: impl Read,
    out: &mpsc::Sender<FromReader>,
    tally: &mut Tally,
) -> Option<String> {
    let mut reader = match DaprosReader::new(input) {
        Ok(reader) => reader,
        Err(e) => {
            let reason = e.to_string();
            let _ = out.blocking_send(FromReader::Header(Err(e)));
            return Some(reason);
        }
    };
    if out.blocking_send(FromReader::Header(Ok(()))).is_err() {
        return Some("the import ended".to_owned());
    }
    let mut buf = Vec::with_capacity(COPY_BUFFER + 4 * 1024);
    while let Some(item) = reader.next() {
        if reader.failed() {
            let reason = match &item {
                Err(errors) => errors
                    .first()
                    .map_or_else(String::new, |e: &RowError| e.reason.clone()),
                Ok(_) => String::new(),
            };
            return Some(reason);
        }
        tally.count(&item);
        match &item {
            Ok(row) => store::copy_row(&mut buf, tam_kernel::new_id(), reader.line(), row),
            Err(errors) => store::copy_errors(&mut buf, errors),
        }
        if buf.len() >= COPY_BUFFER {
            let full = std::mem::replace(&mut buf, Vec::with_capacity(COPY_BUFFER + 4 * 1024));
            if out
                .blocking_send(FromReader::Copy(Bytes::from(full)))
                .is_err()
            {
                return Some("the import ended".to_owned());
            }
        }
    }
    if !buf.is_empty()
        && out
            .blocking_send(FromReader::Copy(Bytes::from(buf)))
            .is_err()
    {
        return Some("the import ended".to_owned());
    }
    None
}

/// One import, if the caller sees its work order.
pub async fn get(p: &Prospect, request: &Request, id: Uuid) -> Result<ImportReport> {
    let mut conn = p.pool.get().await?;
    let report = store::find(&mut conn, id)
        .await?
        .ok_or(Error::NotFound("import"))?;
    work_orders::find(
        &mut conn,
        scope_of(&request.actor),
        report.work_order_id,
        false,
    )
    .await?
    .ok_or(Error::NotFound("import"))?;
    Ok(report)
}

/// A page of a work order's imports, newest first.
pub async fn list(
    p: &Prospect,
    request: &Request,
    work_order_id: Uuid,
    before: Option<Cursor>,
    limit: Limit,
) -> Result<Page<ImportReport>> {
    let mut conn = p.pool.get().await?;
    work_orders::find(&mut conn, scope_of(&request.actor), work_order_id, false)
        .await?
        .ok_or(Error::NotFound("work order"))?;
    let rows = store::list(&mut conn, work_order_id, before, limit).await?;
    Ok(Page::from_fetched(rows, limit, |r| {
        Cursor::new(r.created_at, r.id)
    }))
}

/// The left-out lines of an import, page by page, for the download: a stream of pages
/// that reads the next page only when the previous one has been sent. Checks the scope
/// first (404).
pub async fn left_out(
    p: &Prospect,
    request: &Request,
    id: Uuid,
) -> Result<impl Stream<Item = Result<Vec<LeftOutLine>>> + 'static> {
    get(p, request, id).await?;
    let pool = p.pool.clone();
    Ok(futures::stream::unfold(
        Some(None::<(i64, String)>),
        move |state| {
            let pool = pool.clone();
            async move {
                let after = state?;
                let page = async {
                    let mut conn = pool.get().await?;
                    store::left_out(&mut conn, id, after, LEFT_OUT_PAGE).await
                }
                .await;
                match page {
                    Ok(lines) if lines.is_empty() => None,
                    Ok(lines) => {
                        let next = if i64::try_from(lines.len()).unwrap_or(i64::MAX) < LEFT_OUT_PAGE
                        {
                            None
                        } else {
                            lines.last().map(|l| Some((l.line, l.field.clone())))
                        };
                        Some((Ok(lines), next))
                    }
                    Err(e) => Some((Err(e), None)),
                }
            }
        },
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tam_runtime::csv_import::Chunk;

    #[test]
    fn the_reader_thread_tallies_hashes_and_encodes() {
        let file = "indihome_number;customer_name;contact_number\n\
                    122101234567;Ani;081234567890\n\
                    122101234568;;081234567891\n";
        let (chunk_tx, body_reader) = body_channel();
        chunk_tx
            .try_send(Chunk::Data(Bytes::from_static(file.as_bytes())))
            .unwrap();
        chunk_tx.try_send(Chunk::End).unwrap();
        let (out_tx, mut out_rx) = mpsc::channel(4);
        let outcome = read_file(body_reader, out_tx);
        assert_eq!(outcome.failure, None);
        assert_eq!((outcome.tally.total, outcome.tally.rejected), (2, 1));
        assert_eq!(
            outcome.sha256,
            ring::digest::digest(&ring::digest::SHA256, file.as_bytes())
                .as_ref()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        assert!(matches!(
            out_rx.try_recv().unwrap(),
            FromReader::Header(Ok(()))
        ));
        let FromReader::Copy(bytes) = out_rx.try_recv().unwrap() else {
            panic!("expected rows");
        };
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].ends_with("\t2\t122101234567\tAni\t+6281234567890\t\\N\t\\N\t\\N\t\\N\t\\N")
        );
        assert_eq!(
            lines[1],
            "\\N\t3\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\tcustomer_name\tis required"
        );
    }

    #[test]
    fn a_failed_upload_is_a_failure_not_a_short_file() {
        let (chunk_tx, body_reader) = body_channel();
        chunk_tx
            .try_send(Chunk::Data(Bytes::from_static(
                b"indihome_number;customer_name;contact_number\n122101234567;Ani;0812",
            )))
            .unwrap();
        chunk_tx
            .try_send(Chunk::Failed("connection reset".into()))
            .unwrap();
        let (out_tx, _out_rx) = mpsc::channel(4);
        let outcome = read_file(body_reader, out_tx);
        assert!(
            outcome
                .failure
                .as_deref()
                .unwrap()
                .contains("connection reset"),
            "{:?}",
            outcome.failure
        );
    }
}
