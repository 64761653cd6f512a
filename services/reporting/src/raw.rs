//! The raw event log (`raw_events`): every event reporting consumed, kept as it arrived
//! so that every read model can be rebuilt from it. Append-only: this module inserts and
//! reads; nothing in reporting updates or deletes a row of it.
//!
//! The table is partitioned by the WIB month of `occurred_at` (`raw_events_YYYY_MM`,
//! from the 1st 00:00 WIB to the next 1st). The migration creates a few months around
//! the day it ran; [`Partitions::ensure`] creates any other the first time an event of
//! that month arrives.

use std::collections::{BTreeSet, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use diesel::sql_types::{Array, Date, Integer, Jsonb, Nullable, Text, Timestamptz};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_events::{Envelope, HandlerError};
use tam_kernel::{wib_date, wib_to_utc};
use uuid::Uuid;

/// A WIB month: the key of a partition.
pub type Month = (i32, u32);

/// The WIB month `at` falls in.
pub fn month_of(at: DateTime<Utc>) -> Month {
    let day = wib_date(at);
    (day.year(), day.month())
}

/// The first day of `month` and of the month after.
fn month_bounds((year, month): Month) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((first, next))
}

/// The partition's name, `raw_events_2026_12`.
pub fn partition_name((year, month): Month) -> String {
    format!("raw_events_{year:04}_{month:02}")
}

/// The statement that creates `month`'s partition unless it exists (the same name and
/// bounds as the migration's). Built from numbers only: nothing of an event is spliced.
pub fn partition_ddl(month: Month) -> Option<String> {
    let (first, next) = month_bounds(month)?;
    Some(format!(
        "CREATE TABLE IF NOT EXISTS {} PARTITION OF raw_events \
         FOR VALUES FROM ('{first} 00:00:00+07') TO ('{next} 00:00:00+07')",
        partition_name(month)
    ))
}

/// Partitions are created under this advisory lock: two replicas seeing a new month at
/// once would otherwise both pass `IF NOT EXISTS` and one fail on the catalog.
const PARTITION_LOCK: &str = "reporting-raw-events-partition";

/// The months whose partition this consumer knows to exist, so that the DDL runs once
/// per month per process, not once per batch. One per consumer (the service's handler
/// holds it): a process that serves several databases (tests) keeps one per database.
#[derive(Debug, Default)]
pub struct Partitions {
    known: Mutex<HashSet<Month>>,
}

impl Partitions {
    /// Creates the partitions `events` need that this consumer has not seen yet, in the
    /// caller's transaction.
    pub async fn ensure(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError> {
        let missing: BTreeSet<Month> = {
            let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            events
                .iter()
                .map(|e| month_of(e.occurred_at))
                .filter(|m| !known.contains(m))
                .collect()
        };
        if missing.is_empty() {
            return Ok(());
        }
        tam_db::lock_until_commit(conn, PARTITION_LOCK).await?;
        for month in &missing {
            let ddl = partition_ddl(*month).ok_or_else(|| {
                HandlerError::Rejected(format!("no partition for the month {month:?}"))
            })?;
            diesel::sql_query(ddl).execute(conn).await?;
        }
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(missing);
        Ok(())
    }

    /// Forgets every month: after a failed transaction a partition this consumer created
    /// may have been rolled back with it, so the next batch checks again.
    pub fn forget(&self) {
        self.known.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[derive(QueryableByName)]
struct Inserted {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

/// Stores `events` (ensuring their partitions) with one statement; an event already
/// stored (the same id and time) is skipped. Answers those newly stored, in the order
/// given (an id twice in `events` counts once, the first time).
pub async fn store<'e>(
    conn: &mut AsyncPgConnection,
    partitions: &Partitions,
    events: &[&'e Envelope],
) -> Result<Vec<&'e Envelope>, HandlerError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    partitions.ensure(conn, events).await?;
    let n = events.len();
    let mut ids = Vec::with_capacity(n);
    let mut types = Vec::with_capacity(n);
    let mut versions = Vec::with_capacity(n);
    let mut producers = Vec::with_capacity(n);
    let mut sites = Vec::with_capacity(n);
    let mut correlations = Vec::with_capacity(n);
    let mut times = Vec::with_capacity(n);
    let mut days = Vec::with_capacity(n);
    let mut payloads = Vec::with_capacity(n);
    for e in events {
        ids.push(e.id);
        types.push(e.event_type.as_str());
        versions.push(i32::from(e.version));
        producers.push(e.producer.as_str());
        sites.push(e.site.as_deref());
        correlations.push(e.correlation_id.as_deref());
        times.push(e.occurred_at);
        days.push(wib_date(e.occurred_at));
        payloads.push(&e.payload);
    }
    let inserted: Vec<Inserted> = diesel::sql_query(
        "INSERT INTO raw_events
             (id, event_type, version, producer, site, correlation_id, occurred_at, day, payload)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int4[], $4::text[], $5::text[],
                              $6::text[], $7::timestamptz[], $8::date[], $9::jsonb[])
         ON CONFLICT (occurred_at, id) DO NOTHING
         RETURNING id",
    )
    .bind::<Array<diesel::sql_types::Uuid>, _>(ids)
    .bind::<Array<Text>, _>(types)
    .bind::<Array<Integer>, _>(versions)
    .bind::<Array<Text>, _>(producers)
    .bind::<Array<Nullable<Text>>, _>(sites)
    .bind::<Array<Nullable<Text>>, _>(correlations)
    .bind::<Array<Timestamptz>, _>(times)
    .bind::<Array<Date>, _>(days)
    .bind::<Array<Jsonb>, _>(payloads)
    .load(conn)
    .await?;
    let mut fresh: HashSet<Uuid> = inserted.into_iter().map(|r| r.id).collect();
    Ok(events
        .iter()
        .copied()
        .filter(|e| fresh.remove(&e.id))
        .collect())
}

/// Where a page of the log ends: the next page starts after it.
pub type Cursor = (DateTime<Utc>, Uuid);

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Integer)]
    version: i32,
    #[diesel(sql_type = Text)]
    producer: String,
    #[diesel(sql_type = Nullable<Text>)]
    site: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    correlation_id: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    occurred_at: DateTime<Utc>,
    #[diesel(sql_type = Jsonb)]
    payload: serde_json::Value,
}

impl Row {
    fn envelope(self) -> Result<Envelope, HandlerError> {
        let version = u16::try_from(self.version).map_err(|_| {
            HandlerError::Rejected(format!(
                "raw event {} has version {}",
                self.id, self.version
            ))
        })?;
        Ok(Envelope {
            id: self.id,
            event_type: self.event_type,
            version,
            occurred_at: self.occurred_at,
            producer: self.producer,
            site: self.site,
            correlation_id: self.correlation_id,
            payload: self.payload,
        })
    }
}

/// The first instant of the WIB day `from` (`None`: the beginning of the log).
pub fn start_of(from: Option<NaiveDate>) -> Option<DateTime<Utc>> {
    from.map(|day| wib_to_utc(day, NaiveTime::MIN))
}

/// Up to `limit` stored events of WIB days `from` on (all for `None`), in
/// `(occurred_at, id)` order, after `after` (from the first for `None`): a keyset page,
/// the order a rebuild replays in.
pub async fn page(
    conn: &mut AsyncPgConnection,
    from: Option<NaiveDate>,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<Envelope>, HandlerError> {
    let rows: Vec<Row> = match after {
        None => diesel::sql_query(
            "SELECT id, event_type, version, producer, site, correlation_id, occurred_at, payload
                 FROM raw_events
                 WHERE occurred_at >= COALESCE($1, '-infinity'::timestamptz)
                 ORDER BY occurred_at, id
                 LIMIT $2",
        )
        .bind::<Nullable<Timestamptz>, _>(start_of(from))
        .bind::<diesel::sql_types::BigInt, _>(limit)
        .load(conn)
        .await?,
        Some((at, id)) => diesel::sql_query(
            "SELECT id, event_type, version, producer, site, correlation_id, occurred_at, payload
                 FROM raw_events
                 WHERE (occurred_at, id) > ($1, $2)
                 ORDER BY occurred_at, id
                 LIMIT $3",
        )
        .bind::<Timestamptz, _>(at)
        .bind::<diesel::sql_types::Uuid, _>(id)
        .bind::<diesel::sql_types::BigInt, _>(limit)
        .load(conn)
        .await?,
    };
    rows.into_iter().map(Row::envelope).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_partition_is_a_wib_month() {
        // 17:30 UTC on 31 December is 00:30 on 1 January in Jakarta.
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 17, 30, 0).unwrap();
        assert_eq!(month_of(at), (2027, 1));
        assert_eq!(partition_name((2027, 1)), "raw_events_2027_01");
        assert_eq!(
            partition_ddl((2026, 12)).unwrap(),
            "CREATE TABLE IF NOT EXISTS raw_events_2026_12 PARTITION OF raw_events \
             FOR VALUES FROM ('2026-12-01 00:00:00+07') TO ('2027-01-01 00:00:00+07')"
        );
        assert_eq!(partition_ddl((2026, 13)), None);
    }

    #[test]
    fn a_rebuild_from_a_day_starts_at_its_wib_midnight() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(
            start_of(Some(day)),
            Some(Utc.with_ymd_and_hms(2026, 12, 3, 17, 0, 0).unwrap())
        );
        assert_eq!(start_of(None), None);
    }
}
