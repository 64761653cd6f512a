//! Daily activity: events per type, site and WIB business day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::sql_types::{Array, BigInt, Date, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_events::{Envelope, HandlerError};
use tam_kernel::wib_date;

/// The row an event counts towards: its business day in WIB, its type, its site.
pub fn activity_key(event: &Envelope) -> (NaiveDate, &str, &str) {
    (
        wib_date(event.occurred_at),
        event.event_type.as_str(),
        event.site.as_deref().unwrap_or(""),
    )
}

/// How many of `events` count towards each row.
pub fn tally<'e>(events: &[&'e Envelope]) -> BTreeMap<(NaiveDate, &'e str, &'e str), i64> {
    let mut counts = BTreeMap::new();
    for event in events {
        *counts.entry(activity_key(event)).or_insert(0) += 1;
    }
    counts
}

/// Counts `events` (the deliveries that arrived together) in one statement: one delta
/// row per key, inserted, never an update. Every batch counts on today's rows, so an
/// upsert made concurrent batches queue on those rows' locks until each commit
/// (`crate::compact` folds the deltas; readers sum, through the `event_counts` view).
///
/// The statement is built now and sent when the answer is first awaited: the fold
/// awaits it together with the families' statements (pipelined on the connection).
pub fn count<'e>(
    conn: &mut AsyncPgConnection,
    events: &[&'e Envelope],
) -> impl std::future::Future<Output = Result<(), HandlerError>> + Send + 'e {
    let counts = tally(events);
    let mut days = Vec::with_capacity(counts.len());
    let mut types = Vec::with_capacity(counts.len());
    let mut sites = Vec::with_capacity(counts.len());
    let mut numbers = Vec::with_capacity(counts.len());
    for ((day, event_type, site), n) in counts {
        days.push(day);
        types.push(event_type);
        sites.push(site);
        numbers.push(n);
    }
    let sent = diesel::sql_query(
        "INSERT INTO event_count_rows (day, event_type, site, events, delta)
         SELECT *, true FROM unnest($1::date[], $2::text[], $3::text[], $4::bigint[])",
    )
    .bind::<Array<Date>, _>(days)
    .bind::<Array<Text>, _>(types)
    .bind::<Array<Text>, _>(sites)
    .bind::<Array<BigInt>, _>(numbers)
    .execute(conn);
    async move {
        sent.await?;
        Ok(())
    }
}

/// Folds the delta rows of up to `keys` keys (with each key's compacted row) into one
/// compacted row per key; answers how many keys. The caller holds the compaction's lock
/// (`crate::compact`): the DELETE removes exactly the rows its snapshot sees, so a delta
/// committed meanwhile stays for the next pass and no event is counted twice or lost.
pub async fn compact(conn: &mut AsyncPgConnection, keys: i64) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "WITH keys AS MATERIALIZED (
             SELECT DISTINCT day, event_type, site FROM event_count_rows WHERE delta LIMIT $1
         ), gone AS (
             DELETE FROM event_count_rows r USING keys k
             WHERE r.day = k.day AND r.event_type = k.event_type AND r.site = k.site
             RETURNING r.day, r.event_type, r.site, r.events
         )
         INSERT INTO event_count_rows (day, event_type, site, events, delta)
         SELECT day, event_type, site, SUM(events)::bigint, false FROM gone
         GROUP BY day, event_type, site",
    )
    .bind::<BigInt, _>(keys)
    .execute(conn)
    .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn event(at: chrono::DateTime<Utc>, site: Option<&str>) -> Envelope {
        Envelope {
            id: uuid::Uuid::now_v7(),
            event_type: "calling.call.completed".into(),
            version: 1,
            occurred_at: at,
            producer: "calling".into(),
            site: site.map(str::to_owned),
            correlation_id: None,
            payload: serde_json::json!({}),
        }
    }

    #[test]
    fn counts_towards_the_wib_business_day() {
        // 18:30 UTC is 01:30 the next day in Jakarta.
        let late = Utc.with_ymd_and_hms(2026, 11, 28, 18, 30, 0).unwrap();
        let event = event(late, Some("medan"));
        let (day, ty, site) = activity_key(&event);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(ty, "calling.call.completed");
        assert_eq!(site, "medan");
    }

    #[test]
    fn an_event_without_a_site_counts_under_no_site() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 3, 0, 0).unwrap();
        let event = event(at, None);
        let (day, _, site) = activity_key(&event);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(site, "");
    }

    #[test]
    fn a_batch_is_tallied_per_row() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 3, 0, 0).unwrap();
        let (a, b, c) = (
            event(at, Some("medan")),
            event(at, Some("medan")),
            event(at, None),
        );
        let counts = tally(&[&a, &b, &c]);
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(counts[&(day, "calling.call.completed", "medan")], 2);
        assert_eq!(counts[&(day, "calling.call.completed", "")], 1);
    }
}
