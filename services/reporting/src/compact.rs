//! Compaction of the counters' delta rows.
//!
//! The fold never updates a counter row: each batch inserts its own delta rows
//! (`event_count_rows`, `outbound_day` with `delta = true`), and every reader sums.
//! Concurrent batches used to upsert the same rows (today's activity row, today's agents'
//! day rows) and so queued on their row locks, each held through its commit's WAL flush:
//! the consumer's batches committed one at a time (docs/decisions.md, "Reporting
//! consumer without hot rows (issue 19)"). Inserts take no row lock, so the batches now
//! commit together.
//!
//! So that readers do not sum an ever-growing pile, [`compact`] folds the delta rows of
//! each key, with the key's compacted row, into one compacted row, in its own short
//! transaction per table and page of keys; the background [`Compactor`] runs it every
//! `TAM_REPORTING_COMPACT_MS`. A key's sum is the same before and after: the statement
//! deletes exactly the rows its snapshot sees and inserts their sum, so a delta committed
//! meanwhile stays a delta for the next pass; one compaction runs at a time (an advisory
//! lock), so each key keeps at most one compacted row.

use std::time::Duration;

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_db::DbPool;
use tokio_util::sync::CancellationToken;

use crate::families::outbound::store;
use crate::{activity, Error, Result};

/// The setting of the compaction interval, its default and what it sets.
pub const INTERVAL_VARIABLE: tam_runtime::Variable = (
    "TAM_REPORTING_COMPACT_MS",
    "1000",
    "how often (milliseconds) each reporting replica folds the counters' delta rows (one per consumer batch and key) into one row per key, each table and page of keys in its own short transaction",
);

/// The default compaction interval.
pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(1000);

/// Keys compacted per transaction: a backlog's pile is folded in short transactions.
pub const PAGE: i64 = 5_000;

/// Only one compaction at a time across replicas: two would each insert a compacted row
/// for the same key (the second's snapshot does not see the first's).
const LOCK: &str = "reporting-compact-counters";

/// Holds off every compaction until the caller's transaction ends: a rebuild takes it
/// before it rewrites the counters, so that a compaction never holds some of their rows
/// while waiting on others the rebuild holds (a deadlock that would abort one of them).
pub async fn exclude(conn: &mut AsyncPgConnection) -> Result<(), diesel::result::Error> {
    tam_db::lock_until_commit(conn, LOCK).await
}

/// The compaction interval `config` sets (`TAM_REPORTING_COMPACT_MS`, at least 1); a bad
/// value stops start-up naming its variable.
pub fn interval(config: &tam_runtime::Config) -> Result<Duration, tam_runtime::ConfigError> {
    Ok(Duration::from_millis(config.positive_setting(
        INTERVAL_VARIABLE.0,
        DEFAULT_INTERVAL.as_millis() as u64,
    )?))
}

/// Whether a table needs another page: a page that was full may have left keys behind.
pub fn page_was_full(keys_compacted: usize, page: i64) -> bool {
    i64::try_from(keys_compacted).map_or(true, |n| n >= page)
}

/// What one [`compact`] did: keys folded per table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    pub activity_keys: usize,
    pub outbound_keys: usize,
}

/// Folds every delta row committed so far into its key's compacted row, page by page,
/// each page of each table in its own transaction (so the locks it takes are short and a
/// reader never waits on a long one).
pub async fn compact(conn: &mut AsyncPgConnection) -> Result<Compacted> {
    let mut done = Compacted::default();
    loop {
        let n = page(conn, Table::Activity).await?;
        done.activity_keys += n;
        if !page_was_full(n, PAGE) {
            break;
        }
    }
    loop {
        let n = page(conn, Table::Outbound).await?;
        done.outbound_keys += n;
        if !page_was_full(n, PAGE) {
            break;
        }
    }
    Ok(done)
}

#[derive(Debug, Clone, Copy)]
enum Table {
    Activity,
    Outbound,
}

async fn page(conn: &mut AsyncPgConnection, table: Table) -> Result<usize> {
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            tam_db::lock_until_commit(conn, LOCK).await?;
            let n = match table {
                Table::Activity => activity::compact(conn, PAGE).await?,
                Table::Outbound => store::compact_day_rows(conn, PAGE).await?,
            };
            Ok(n)
        }
        .scope_boxed()
    })
    .await
}

/// The background compaction of one replica.
pub struct Compactor {
    pub pool: DbPool,
    pub interval: Duration,
}

impl Compactor {
    /// Compacts every `interval` until `shutdown` is cancelled (a page in progress
    /// finishes: it is one transaction); a failed pass (the database away) is logged and
    /// retried at the next tick.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
            match self.pool.get().await {
                Ok(mut conn) => {
                    if let Err(e) = compact(&mut conn).await {
                        tracing::warn!(error = %e, "compacting the counters failed");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "compacting the counters: no connection"),
            }
        }
    }

    /// The compactor as the runtime's background work.
    pub fn background(self) -> tam_runtime::Background {
        Box::new(move |shutdown| Box::pin(self.run(shutdown)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> tam_runtime::Config {
        tam_runtime::Config::from_variables(
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
        .unwrap()
    }

    #[test]
    fn the_interval_defaults_to_the_documented_one_and_a_bad_value_names_its_variable() {
        assert_eq!(
            INTERVAL_VARIABLE.1,
            DEFAULT_INTERVAL.as_millis().to_string()
        );
        assert_eq!(interval(&config(&[])).unwrap(), DEFAULT_INTERVAL);
        assert_eq!(
            interval(&config(&[("TAM_REPORTING_COMPACT_MS", "250")])).unwrap(),
            Duration::from_millis(250)
        );
        let e = interval(&config(&[("TAM_REPORTING_COMPACT_MS", "0")])).unwrap_err();
        assert_eq!(e.variable, "TAM_REPORTING_COMPACT_MS");
    }

    #[test]
    fn another_page_only_after_a_full_one() {
        assert!(!page_was_full(0, PAGE));
        assert!(!page_was_full(4_999, 5_000));
        assert!(page_was_full(5_000, 5_000));
    }
}
