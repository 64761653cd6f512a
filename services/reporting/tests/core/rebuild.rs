//! The rebuild gives the live figures: after a full rebuild and after one from a day.

use chrono::{Duration, NaiveDate};
use diesel::sql_types::{BigInt, Date, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use tam_kernel::{wib_date, Site};
use tam_reporting::rebuild::rebuild;
use tam_testkit::TestService;

use super::{acknowledged, start};

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CountRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = BigInt)]
    events: i64,
}

/// Every figure the read models hold (today: the activity counts; each family's tests
/// compare their own reports).
async fn figures(h: &TestService) -> Vec<CountRow> {
    let mut conn = h.pool.get().await.unwrap();
    diesel::sql_query(
        "SELECT day, event_type, site, events FROM event_counts ORDER BY day, event_type, site",
    )
    .load(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_rebuild_gives_the_live_figures() {
    let h = start().await;
    let now = h.now();
    let mut ids = Vec::new();
    // Events of three days and two sites, arriving out of order.
    for (days_ago, site) in [
        (0, Site::Medan),
        (2, Site::Medan),
        (1, Site::Tangerang),
        (2, Site::Tangerang),
        (0, Site::Medan),
        (1, Site::Medan),
    ] {
        let event = acknowledged(now - Duration::days(days_ago), site);
        h.app.emit_envelope(&event).await.unwrap();
        ids.push(event.id);
    }
    h.app.handled("reporting", &ids).await.unwrap();
    let live = figures(&h).await;
    assert_eq!(live.iter().map(|r| r.events).sum::<i64>(), 6);

    let mut conn = h.pool.get().await.unwrap();
    let full = rebuild(&mut conn, None).await.unwrap();
    assert_eq!(full.events, 6);
    drop(conn);
    assert_eq!(figures(&h).await, live);

    let yesterday = wib_date(now) - Duration::days(1);
    let mut conn = h.pool.get().await.unwrap();
    let partial = rebuild(&mut conn, Some(yesterday)).await.unwrap();
    assert_eq!(partial.events, 4);
    drop(conn);
    assert_eq!(figures(&h).await, live);

    // A read model wiped by hand comes back whole.
    let mut conn = h.pool.get().await.unwrap();
    diesel::sql_query("DELETE FROM event_count_rows")
        .execute(&mut conn)
        .await
        .unwrap();
    rebuild(&mut conn, None).await.unwrap();
    drop(conn);
    assert_eq!(figures(&h).await, live);
    h.stop().await;
}
