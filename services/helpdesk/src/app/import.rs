//! Importing a channel's daily list of AddOn orders (CSV): one ticket per new order,
//! with a row-level report; and reading past reports.
//!
//! Like prospect's DAPROS import, with the same machinery
//! ([`tam_runtime::csv_import`]): the body is streamed to a reader thread (the CSV
//! reader reads a `std::io::Read`) through a bounded channel, so the raw file never
//! sits in memory whole; the good rows (at most [`MAX_ROWS`]) are then filed in one
//! transaction, with the import's row and report: all or nothing. A broken upload, a
//! header that cannot be read or any failure leaves no trace.
//!
//! The rule for bad rows is DAPROS's: a row with a bad field (an IndiHome number that
//! is not one, an unknown product, …) is reported with its line and field and left
//! out; the good rows of the same file are imported. A row whose order already has an
//! open ticket (same IndiHome number and product), or repeats an earlier line of the
//! file, is reported as a duplicate with the ticket that follows it. `total` =
//! `opened` + `rejected` + `duplicates`, in that order of precedence.

use std::collections::HashMap;
use std::fmt::Display;

use bytes::Bytes;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures::Stream;
use tam_kernel::FieldError;
use tam_runtime::csv_import::{self, body_channel, body_sha256, pump, BodyReader, Tally};
use uuid::Uuid;

use super::{tickets, Helpdesk, Request};
use crate::domain::orders_csv::{HeaderError, OrderRow, OrdersReader, RowError};
use crate::domain::policy::{Channel, Priority};
use crate::domain::scope::TicketScope;
use crate::domain::ticket::{NewTicket, Opener, Subject};
use crate::domain::{rules, unprocessable, Rejection};
use crate::error::{Error, Own, Result};
use crate::store::imports::{self as store, Details, Duplicate, ImportReport, Opened};
use crate::store::references::{self, Known};
use crate::store::tickets as ticket_store;

/// How many good rows one file may hold: a day's orders of one channel are a few
/// thousand; a bigger file is another kind of file, or several days in one (split it).
pub const MAX_ROWS: usize = 20_000;
/// How many errors a report lists (every rejected row is counted).
pub use tam_runtime::csv_import::REPORTED_ERRORS;

/// What an import request came to: a new import (201) or the one made earlier with the
/// same Idempotency-Key and the same file (200).
pub type Imported = csv_import::Imported<ImportReport>;

/// Imports the order list streamed in `body` for `channel`.
///
/// 422 `obc-tickets-from-sales` for obc (its tickets come from quality's verdicts);
/// 422 `unknown-reference` naming `channel` for a channel the desk no longer uses; 400
/// naming `header` for a header that cannot be read, `body` for an upload that broke
/// off or a file of more than [`MAX_ROWS`] rows. With a `key` already used on the
/// channel: the earlier report when the file is the same (422 `idempotency-key-reused`
/// otherwise); a request that loses a race for its key answers 409.
pub async fn import<S, E>(
    h: &Helpdesk,
    request: &Request,
    channel: Channel,
    key: Option<String>,
    body: S,
) -> Result<Imported>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: Display,
{
    if channel == Channel::Obc {
        return Err(Rejection::rule(
            rules::OBC_FROM_SALES,
            "channel: obc tickets are opened from quality's VALID sales, not from files",
        )
        .into());
    }
    {
        let mut conn = h.pool.get().await?;
        check_channel(&mut conn, channel).await?;
        if let Some(key) = key.as_deref() {
            if let Some(report) = store::find_by_key(&mut conn, channel, key).await? {
                drop(conn);
                return replay(report, body).await;
            }
        }
    }
    let now = h.now();
    let today = now.with_timezone(&tam_kernel::WIB).date_naive();
    let (chunk_tx, body_reader) = body_channel();
    let reader = tokio::task::spawn_blocking(move || read_file(body_reader, today));
    let ((), read) = futures::join!(pump(body, chunk_tx), reader);
    let file = read.map_err(|e| anyhow::anyhow!("the order-list reader thread failed: {e}"))??;

    let import_id = Uuid::now_v7();
    let actor = request.actor;
    let correlation_id = request.correlation_id().map(str::to_owned);
    let mut conn = h.pool.get().await?;
    let report = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                if !store::claim(
                    conn,
                    import_id,
                    channel,
                    key.as_deref(),
                    &file.sha256,
                    actor.id,
                    now,
                )
                .await?
                {
                    return Err(Rejection::Conflict(
                        "another request with this Idempotency-Key imported a file for the channel meanwhile: repeat the request to get its report"
                            .to_owned(),
                    )
                    .into());
                }
                let filed = file_rows(conn, import_id, channel, &file, now, correlation_id).await?;
                store::finish(conn, import_id, filed.counts(file.total, file.rejected), &filed.details).await
            }
            .scope_boxed()
        })
        .await?;
    tracing::info!(
        import = %report.id,
        channel = %channel,
        total = report.total,
        opened = report.opened,
        "order list imported"
    );
    Ok(Imported::Created(report))
}

/// One import's report (any desk reader).
pub async fn get(h: &Helpdesk, id: Uuid) -> Result<ImportReport> {
    let mut conn = h.pool.get().await?;
    store::find(&mut conn, id)
        .await?
        .ok_or(Error::NotFound("import"))
}

async fn check_channel(conn: &mut AsyncPgConnection, channel: Channel) -> Result<()> {
    let reason = match references::channel(conn, channel.as_str()).await? {
        Known::Active => return Ok(()),
        Known::Inactive => format!("{channel} is no longer used by the desk"),
        Known::Unknown => format!("{channel} is not a channel of the desk"),
    };
    Err(unprocessable(
        rules::UNKNOWN_REFERENCE,
        &[FieldError::new("channel", reason)],
    )
    .into())
}

/// What the reader thread made of the file.
#[derive(Debug)]
struct ReadFile {
    rows: Vec<OrderRow>,
    total: u32,
    rejected: u32,
    errors: Vec<RowError>,
    ignored_columns: Vec<String>,
    sha256: String,
}

/// What filing the good rows came to.
#[derive(Debug, Default)]
struct Filed {
    details: Details,
    rejected: u32,
}

impl Filed {
    /// [total, opened, rejected, duplicates].
    fn counts(&self, total: u32, read_rejected: u32) -> [u32; 4] {
        let opened = u32::try_from(self.details.opened.len()).unwrap_or(u32::MAX);
        let duplicates = u32::try_from(self.details.duplicates.len()).unwrap_or(u32::MAX);
        [total, opened, read_rejected + self.rejected, duplicates]
    }
}

/// Opens a ticket per good row, in file order; an unknown product is a rejected row, an
/// order already followed a duplicate.
async fn file_rows(
    conn: &mut AsyncPgConnection,
    import_id: Uuid,
    channel: Channel,
    file: &ReadFile,
    now: chrono::DateTime<chrono::Utc>,
    correlation_id: Option<String>,
) -> Result<Filed> {
    let mut filed = Filed {
        details: Details {
            errors: file.errors.clone(),
            ignored_columns: file.ignored_columns.clone(),
            ..Details::default()
        },
        rejected: 0,
    };
    let mut products: HashMap<String, Known> = HashMap::new();
    let mut seen: HashMap<(String, String), (Uuid, i64)> = HashMap::new();
    let opener = Opener::Channel(channel);
    for row in &file.rows {
        let known = match products.get(&row.product_code) {
            Some(known) => *known,
            None => {
                let known = references::product(conn, &row.product_code).await?;
                products.insert(row.product_code.clone(), known);
                known
            }
        };
        let refused = match known {
            Known::Active => None,
            Known::Inactive => Some(format!("{} is no longer sold", row.product_code)),
            Known::Unknown => Some(format!(
                "{} is not a product of the catalogue",
                row.product_code
            )),
        };
        if let Some(reason) = refused {
            filed.rejected += 1;
            push_error(
                &mut filed.details.errors,
                RowError::new(row.line, "product_code", reason),
            );
            continue;
        }
        let key = (row.indihome_number.clone(), row.product_code.clone());
        let existing = match seen.get(&key) {
            Some(ticket) => Some(*ticket),
            None => {
                match ticket_store::open_for(conn, &row.indihome_number, &row.product_code).await? {
                    Some(id) => Some((id, number_of(conn, id).await?)),
                    None => None,
                }
            }
        };
        if let Some((ticket_id, ticket_number)) = existing {
            filed.details.duplicates.push(Duplicate {
                line: row.line,
                indihome_number: row.indihome_number.clone(),
                product_code: row.product_code.clone(),
                ticket_id,
                ticket_number,
            });
            continue;
        }
        let new = NewTicket {
            channel,
            indihome_number: row.indihome_number.clone(),
            customer_name: row.customer_name.clone(),
            contact_number: row.contact_number.clone(),
            subject: Subject::Product(row.product_code.clone()),
            priority: Priority::Normal,
            site: row.site,
            program: None,
            sale: None,
            provisioning_order_number: row.provisioning_order_number.clone(),
            note: Some(format!(
                "ordered on {} ({channel}); CSV import {import_id}, line {}",
                row.order_date, row.line
            )),
            opened_at: now,
            idempotency: None,
            correlation_id: correlation_id.clone(),
        };
        let opened = match tickets::open(conn, new, opener).await {
            Ok(opened) => opened.ticket,
            // Checked just before on this transaction; kept for a concurrent opening.
            Err(Error::Own(Own::AlreadyOpen { existing })) => {
                let number = number_of(conn, existing).await?;
                filed.details.duplicates.push(Duplicate {
                    line: row.line,
                    indihome_number: row.indihome_number.clone(),
                    product_code: row.product_code.clone(),
                    ticket_id: existing,
                    ticket_number: number,
                });
                continue;
            }
            Err(err) => return Err(err),
        };
        seen.insert(key, (opened.id, opened.number));
        filed.details.opened.push(Opened {
            line: row.line,
            ticket_id: opened.id,
            ticket_number: opened.number,
        });
    }
    // Rows the reader refused and rows refused here, in file order.
    filed.details.errors.sort_by_key(|e| e.line);
    Ok(filed)
}

async fn number_of(conn: &mut AsyncPgConnection, id: Uuid) -> Result<i64> {
    Ok(ticket_store::find(conn, TicketScope::All, id, false)
        .await?
        .map_or(0, |t| t.number))
}

fn push_error(errors: &mut Vec<RowError>, error: RowError) {
    if errors.len() < REPORTED_ERRORS {
        errors.push(error);
    }
}

/// Reads the whole file on the reader thread: the good rows, the counts, the errors,
/// the SHA-256 of the bytes.
fn read_file(mut source: BodyReader, today: chrono::NaiveDate) -> Result<ReadFile> {
    let outcome = (|| {
        let mut reader = OrdersReader::new(&mut source, today).map_err(|e| header_rejection(&e))?;
        let ignored_columns = reader.ignored_columns().to_vec();
        let mut rows = Vec::new();
        let mut tally = Tally::default();
        for item in reader.by_ref() {
            match item {
                Ok(_) if rows.len() >= MAX_ROWS => {
                    return Err(Rejection::field(
                        "body",
                        format!("the file has more than {MAX_ROWS} rows: split it; nothing was imported"),
                    )
                    .into());
                }
                Err(errors) if errors.iter().any(|e| e.field == "file") => {
                    let reason = errors.first().map(|e| e.reason.clone()).unwrap_or_default();
                    return Err(upload_failed(&reason));
                }
                item => {
                    tally.count(&item);
                    if let Ok(row) = item {
                        rows.push(row);
                    }
                }
            }
        }
        if reader.failed() {
            return Err(upload_failed(&"the file could not be read to its end"));
        }
        Ok(ReadFile {
            rows,
            total: u32::try_from(tally.total).unwrap_or(u32::MAX),
            rejected: u32::try_from(tally.rejected).unwrap_or(u32::MAX),
            errors: tally.errors.iter().map(RowError::from).collect(),
            ignored_columns,
            sha256: String::new(),
        })
    })();
    // On a refusal the source is dropped: the pump's next send fails and it stops.
    let mut file = outcome?;
    // The CSV reader read to the end; anything left would be past its end of file.
    file.sha256 = source.finish().map_err(|e| upload_failed(&e))?;
    Ok(file)
}

fn header_rejection(e: &HeaderError) -> Error {
    Rejection::field(e.field(), e.to_string()).into()
}

fn upload_failed(reason: &dyn Display) -> Error {
    Rejection::field("body", csv_import::upload_failed(reason)).into()
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
            rules::IDEMPOTENCY_KEY_REUSED,
            "this Idempotency-Key was used for another file on this channel: send that file again to see its report, or use a new key",
        )
        .into());
    }
    Ok(Imported::Replayed(report))
}
