//! Ingest: every consumed event lands once in the raw log (on its own WIB day, in its
//! month's partition) and is folded into the read models once.

use chrono::{Duration, NaiveTime};
use tam_kernel::{wib_date, wib_to_utc, Site};
use tam_reporting::raw;

use super::{acknowledged, count, start};

#[tokio::test]
async fn an_event_delivered_twice_counts_once() {
    let h = start().await;
    let event = acknowledged(h.now(), Site::Medan);
    h.app.emit_envelope(&event).await.unwrap();
    h.app.emit_envelope(&event).await.unwrap();
    let later = acknowledged(h.now(), Site::Medan);
    h.app.emit_envelope(&later).await.unwrap();
    h.app
        .handled("reporting", &[event.id, later.id])
        .await
        .unwrap();
    let id = event.id;
    assert_eq!(
        count(
            &h,
            &format!("SELECT count(*) AS n FROM raw_events WHERE id = '{id}'")
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &h,
            "SELECT coalesce(sum(events), 0)::bigint AS n FROM event_counts
             WHERE event_type = 'hr.warning_letter.acknowledged' AND site = 'medan'"
        )
        .await,
        2
    );
    h.stop().await;
}

/// Past the inbox too: the raw log's key alone keeps a second delivery out of the read
/// models (the handler called twice with the same event, in two batches and in one).
#[tokio::test]
async fn the_raw_log_lets_an_event_through_once_even_without_the_inbox() {
    let h = start().await;
    let event = acknowledged(h.now(), Site::Tangerang);
    let partitions = raw::Partitions::default();
    let mut conn = h.pool.get().await.unwrap();
    tam_reporting::consume::ingest(&mut conn, &partitions, &[&event, &event])
        .await
        .unwrap();
    tam_reporting::consume::ingest(&mut conn, &partitions, &[&event])
        .await
        .unwrap();
    drop(conn);
    assert_eq!(
        count(
            &h,
            "SELECT coalesce(sum(events), 0)::bigint AS n FROM event_counts
             WHERE site = 'tangerang'"
        )
        .await,
        1
    );
    assert_eq!(count(&h, "SELECT count(*) AS n FROM raw_events").await, 1);
    h.stop().await;
}

#[tokio::test]
async fn an_event_of_yesterday_arriving_today_lands_in_yesterday() {
    let h = start().await;
    let today = wib_date(h.now());
    let yesterday = today - Duration::days(1);
    // 23:30 WIB yesterday: 16:30 UTC, a UTC date that is also yesterday's; and 00:30 WIB
    // today is still yesterday in UTC (the day is the WIB one).
    let late = acknowledged(
        wib_to_utc(yesterday, NaiveTime::from_hms_opt(23, 30, 0).unwrap()),
        Site::Medan,
    );
    let early = acknowledged(
        wib_to_utc(today, NaiveTime::from_hms_opt(0, 30, 0).unwrap()),
        Site::Medan,
    );
    h.app.emit_envelope(&late).await.unwrap();
    h.app.emit_envelope(&early).await.unwrap();
    h.app
        .handled("reporting", &[late.id, early.id])
        .await
        .unwrap();
    let partition = raw::partition_name(raw::month_of(late.occurred_at));
    assert_eq!(
        count(
            &h,
            &format!(
                "SELECT count(*) AS n FROM {partition} WHERE id = '{}' AND day = '{yesterday}'",
                late.id
            )
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &h,
            &format!(
                "SELECT count(*) AS n FROM raw_events WHERE id = '{}' AND day = '{today}'",
                early.id
            )
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &h,
            &format!(
                "SELECT events AS n FROM event_counts WHERE day = '{yesterday}' AND site = 'medan'"
            )
        )
        .await,
        1
    );
    h.stop().await;
}

/// A month the migration did not create (years ahead) gets its partition when its
/// first event arrives.
#[tokio::test]
async fn a_new_month_gets_its_partition_on_demand() {
    let h = start().await;
    let at = h.now() + Duration::days(3 * 366);
    let event = acknowledged(at, Site::Medan);
    h.app.emit_envelope(&event).await.unwrap();
    h.app.handled("reporting", &[event.id]).await.unwrap();
    let partition = raw::partition_name(raw::month_of(at));
    assert_eq!(
        count(&h, &format!("SELECT count(*) AS n FROM {partition}")).await,
        1
    );
    h.stop().await;
}

/// Each batch counts with rows of its own (no batch waits on another's row lock); the
/// compaction folds them into one row per key and the figure stays the same.
#[tokio::test]
async fn batches_count_in_delta_rows_that_compaction_folds_into_one() {
    let h = start().await;
    let partitions = raw::Partitions::default();
    let mut conn = h.pool.get().await.unwrap();
    for _ in 0..3 {
        let a = acknowledged(h.now(), Site::Makassar);
        let b = acknowledged(h.now(), Site::Makassar);
        tam_reporting::consume::ingest(&mut conn, &partitions, &[&a, &b])
            .await
            .unwrap();
    }
    drop(conn);
    let rows = "SELECT count(*) AS n FROM event_count_rows WHERE site = 'makassar'";
    let figure = "SELECT coalesce(sum(events), 0)::bigint AS n FROM event_counts
                  WHERE site = 'makassar'";
    // The service's own compactor may already have run: at most three rows.
    assert!((1..=3).contains(&count(&h, rows).await));
    assert_eq!(count(&h, figure).await, 6);
    let mut conn = h.pool.get().await.unwrap();
    tam_reporting::compact::compact(&mut conn).await.unwrap();
    drop(conn);
    assert_eq!(count(&h, rows).await, 1);
    assert_eq!(
        count(
            &h,
            "SELECT count(*) AS n FROM event_counts WHERE site = 'makassar'"
        )
        .await,
        1
    );
    assert_eq!(count(&h, figure).await, 6);

    let later = acknowledged(h.now(), Site::Makassar);
    let mut conn = h.pool.get().await.unwrap();
    tam_reporting::consume::ingest(&mut conn, &partitions, &[&later])
        .await
        .unwrap();
    assert_eq!(count(&h, figure).await, 7);
    tam_reporting::compact::compact(&mut conn).await.unwrap();
    drop(conn);
    assert_eq!(count(&h, rows).await, 1);
    assert_eq!(count(&h, figure).await, 7);
    h.stop().await;
}
