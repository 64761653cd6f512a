//! The rebuild: every read model derived again from the raw event log
//! (`tam reporting rebuild [--from DATE]`), giving the figures the live consumer gives.
//!
//! One transaction: lock the raw log against the live consumer, forget what the read
//! models derived from events of `from` on (`families::reset`, and the activity counts
//! of those days), then replay the raw events of WIB days `from` on in `(occurred_at,
//! id)` order, a keyset page at a time, through the consumer's own [`derive`]. Readers
//! keep the old figures until the commit, then see the new ones at once; a failure
//! changes nothing.
//!
//! The lock is `SHARE ROW EXCLUSIVE` on `raw_events`: the consumer's insert (`ROW
//! EXCLUSIVE`, the first statement of its transaction after the inbox) waits for the
//! rebuild to commit, so no event is applied twice or lost between the reset and the
//! replay; the mode conflicts with itself, so two rebuilds take turns; reads of the log
//! (`ACCESS SHARE`) go on. The consumer then applies its batch over the rebuilt figures.
//! A table lock rather than an advisory lock: every writer of the log is covered without
//! having to remember to take it.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use diesel::sql_types::{Date, Nullable};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use tam_db::DbError;
use tam_events::{Envelope, HandlerError};

use crate::consume::derive;
use crate::{families, raw, Error, Result};

/// How many raw events one page of the replay reads.
pub const PAGE: i64 = 5_000;

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildStats {
    /// The first WIB day rebuilt (`None`: everything).
    pub from: Option<NaiveDate>,
    /// How many raw events were replayed.
    pub events: u64,
    /// How long it took, lock waits included.
    pub elapsed: Duration,
}

/// Rebuilds every read model from the raw events of WIB days `from` on (all of them for
/// `None`), in one transaction on `conn` (a connection on reporting's schema), [`PAGE`]
/// events a page.
pub async fn rebuild(
    conn: &mut AsyncPgConnection,
    from: Option<NaiveDate>,
) -> Result<RebuildStats> {
    rebuild_paged(conn, from, PAGE).await
}

/// [`rebuild`], `page` events a page (`TAM_REPORTING_REBUILD_PAGE`).
pub async fn rebuild_paged(
    conn: &mut AsyncPgConnection,
    from: Option<NaiveDate>,
    page: i64,
) -> Result<RebuildStats> {
    let started = Instant::now();
    let page = page.max(1);
    let events = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                diesel::sql_query("LOCK TABLE raw_events IN SHARE ROW EXCLUSIVE MODE")
                    .execute(conn)
                    .await?;
                crate::compact::exclude(conn).await?;
                families::reset(conn, from).await?;
                reset_activity(conn, from).await?;
                replay(conn, from, page).await
            }
            .scope_boxed()
        })
        .await?;
    Ok(RebuildStats {
        from,
        events,
        elapsed: started.elapsed(),
    })
}

/// Forgets the activity counts of days `from` on (all for `None`): compacted rows and
/// deltas alike.
async fn reset_activity(conn: &mut AsyncPgConnection, from: Option<NaiveDate>) -> Result<()> {
    diesel::sql_query("DELETE FROM event_count_rows WHERE $1::date IS NULL OR day >= $1")
        .bind::<Nullable<Date>, _>(from)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replays the raw events of days `from` on, page by page; answers how many.
async fn replay(conn: &mut AsyncPgConnection, from: Option<NaiveDate>, size: i64) -> Result<u64> {
    let mut replayed = 0u64;
    let mut after = None;
    loop {
        let page = raw::page(conn, from, after, size)
            .await
            .map_err(handler_error)?;
        let Some(last) = page.last() else {
            return Ok(replayed);
        };
        after = Some((last.occurred_at, last.id));
        let events: Vec<&Envelope> = page.iter().collect();
        derive(conn, &events).await.map_err(handler_error)?;
        replayed += events.len() as u64;
        tracing::debug!(replayed, "rebuild: page replayed");
    }
}

/// A replayed event the read models refuse is a bug of theirs (the live consumer took
/// it): the rebuild stops, changing nothing, and says which.
fn handler_error(e: HandlerError) -> Error {
    match e {
        HandlerError::Database(e) => Error::from(e),
        HandlerError::Rejected(why) => {
            Error::Internal(anyhow::anyhow!("a raw event cannot be replayed: {why}"))
        }
    }
}

/// Opens a connection on reporting's schema at `database_url`, refuses a schema that is
/// not current (run `tam migrate reporting` first: a rebuild never migrates) and
/// rebuilds, `page` events a page.
pub async fn rebuild_at(
    database_url: &str,
    from: Option<NaiveDate>,
    page: u32,
) -> anyhow::Result<RebuildStats> {
    let schema = crate::MIGRATIONS;
    let mut conn = tam_db::connect(database_url, schema.schema)
        .await
        .map_err(|e| anyhow::anyhow!("connecting to the database: {}", DbError::from(e)))?;
    let pending = tam_db::pending_versions(&mut conn, &schema).await?;
    if !pending.is_empty() {
        anyhow::bail!(
            "reporting's schema lacks migrations {}: run `tam migrate reporting` first",
            pending.join(", ")
        );
    }
    rebuild_paged(&mut conn, from, i64::from(page))
        .await
        .map_err(|e| anyhow::anyhow!("rebuilding reporting's read models: {e}"))
}

/// The `--from` of `tam reporting rebuild`: a WIB day, `YYYY-MM-DD`.
pub fn parse_day(v: &str) -> anyhow::Result<NaiveDate> {
    tam_kernel::parse_date(v).map_err(|why| anyhow::anyhow!("--from {v:?} {why}"))
}
