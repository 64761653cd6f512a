//! The daily run: after 01:00 WIB each replica's poller tries to claim yesterday's run
//! (an insert keyed by the day: exactly one replica wins), checks it and records it. A
//! failed attempt (a source unreachable) is recorded with its error and claimed again at
//! the next poll (by one replica: the claim clears the error); a claim its replica never
//! finished is taken over 10 minutes later.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use diesel::sql_types::{Date, Text, Timestamptz};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::DbPool;
use tam_kernel::{to_wib, Clock};
use tokio_util::sync::CancellationToken;

use super::source::Sources;

/// The WIB time of day from which yesterday is checked (the day's late events in).
pub const RUN_AFTER: NaiveTime = match NaiveTime::from_hms_opt(1, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The day a poll at `now` should have a run for: yesterday (WIB) once it is 01:00 WIB,
/// none before.
pub fn due_day(now: DateTime<Utc>) -> Option<NaiveDate> {
    let wib = to_wib(now);
    (wib.time() >= RUN_AFTER).then(|| wib.date_naive().pred_opt())?
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = Date)]
    #[allow(dead_code)]
    day: NaiveDate,
}

/// Claims `day`'s run: true for the one replica whose insert wins (or which takes over
/// a failed attempt, or an unfinished one at least 10 minutes old).
pub async fn claim(
    conn: &mut AsyncPgConnection,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> crate::Result<bool> {
    let won: Vec<Claimed> = diesel::sql_query(
        "INSERT INTO reconciliation_runs (day, started_at) VALUES ($1, $2)
         ON CONFLICT (day) DO UPDATE SET started_at = EXCLUDED.started_at, error = NULL
         WHERE reconciliation_runs.checked_at IS NULL
           AND (reconciliation_runs.error IS NOT NULL
                OR reconciliation_runs.started_at < EXCLUDED.started_at - interval '10 minutes')
         RETURNING day",
    )
    .bind::<Date, _>(day)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?;
    Ok(!won.is_empty())
}

/// The daily reconciliation poller.
pub struct Poller {
    pub pool: DbPool,
    pub clock: Clock,
    pub sources: Sources,
    pub interval: Duration,
}

impl Poller {
    /// Polls until `shutdown`.
    pub async fn run(self, shutdown: CancellationToken) {
        if !self.sources.configured() {
            tracing::warn!(
                "the daily reconciliation does not run: TAM_RECONCILE_USERNAME and \
                 TAM_RECONCILE_PASSWORD are not set"
            );
            return;
        }
        loop {
            // A pause first: the services it reads start beside it.
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
            if let Err(error) = self.tick().await {
                tracing::warn!(error = %error, "daily reconciliation failed; retried later");
            }
        }
    }

    /// One poll: runs yesterday's reconciliation if it is due and this replica claims it.
    pub async fn tick(&self) -> crate::Result<()> {
        let now = self.clock.now();
        let Some(day) = due_day(now) else {
            return Ok(());
        };
        let mut conn = self.pool.get().await?;
        if !claim(&mut conn, day, now).await? {
            return Ok(());
        }
        match self.sources.counts(day).await {
            Ok(source) => {
                let reporting = super::reporting_counts(&mut conn, day).await?;
                let r = super::reconciliation(
                    day,
                    self.clock.now(),
                    super::compare(&reporting, &source),
                );
                super::record(&mut conn, &r).await?;
                if r.differences > 0 {
                    tracing::warn!(%day, differences = r.differences, "reconciliation found differences");
                }
            }
            Err(error) => {
                diesel::sql_query("UPDATE reconciliation_runs SET error = $2 WHERE day = $1")
                    .bind::<Date, _>(day)
                    .bind::<Text, _>(error.to_string())
                    .execute(&mut conn)
                    .await?;
                tracing::warn!(%day, error = %error, "daily reconciliation could not read a source");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn yesterday_is_due_from_one_in_the_morning_wib() {
        // 17:59 UTC is 00:59 WIB on the 5th: not yet.
        assert_eq!(
            due_day(Utc.with_ymd_and_hms(2026, 12, 4, 17, 59, 0).unwrap()),
            None
        );
        // 18:00 UTC is 01:00 WIB on the 5th: the 4th.
        assert_eq!(
            due_day(Utc.with_ymd_and_hms(2026, 12, 4, 18, 0, 0).unwrap()),
            NaiveDate::from_ymd_opt(2026, 12, 4)
        );
        // 10:00 WIB on the 5th: still the 4th.
        assert_eq!(
            due_day(Utc.with_ymd_and_hms(2026, 12, 5, 3, 0, 0).unwrap()),
            NaiveDate::from_ymd_opt(2026, 12, 4)
        );
    }
}
