//! Scheduled report packs against a real database: generated exactly once when two
//! replicas generate the same pack at the same time, listed and downloaded per scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use calamine::Reader;
use chrono::{NaiveDate, TimeZone, Utc};
use tam_db::testing::TestDatabase;
use tam_db::{connect_pool, PoolSettings};
use tam_kernel::Site;
use tam_reporting::packs::store::{self, PackScope};
use tam_reporting::packs::{due, PackKey, PackKind};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

#[tokio::test]
async fn two_replicas_generating_the_same_pack_make_one() {
    let db = TestDatabase::create(&[tam_reporting::MIGRATIONS])
        .await
        .unwrap();
    let pool = connect_pool(db.url(), "reporting", PoolSettings::default()).unwrap();
    let key = PackKey {
        kind: PackKind::Daily,
        site: Some(Site::Medan),
        period_start: day(3),
        period_end: day(3),
    };
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 10, 30, 0).unwrap();
    let mut a = pool.get().await.unwrap();
    let mut b = pool.get().await.unwrap();
    let (first, second) = tokio::join!(
        store::generate(&mut a, key, now),
        store::generate(&mut b, key, now)
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert!(
        first.is_some() != second.is_some(),
        "exactly one replica generates: {first:?} {second:?}"
    );
    // A later poll does nothing either.
    assert_eq!(store::generate(&mut a, key, now).await.unwrap(), None);
    let listed = store::list(&mut a, PackScope::All, None, 100)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].kind, "daily");
    assert_eq!(listed[0].site.as_deref(), Some("medan"));
    assert_eq!(listed[0].generated_at, now);

    // The management pack of the same day is another pack (its NULL site is one key).
    let management = PackKey { site: None, ..key };
    let (m1, m2) = tokio::join!(
        store::generate(&mut a, management, now),
        store::generate(&mut b, management, now)
    );
    assert!(m1.unwrap().is_some() != m2.unwrap().is_some());
    assert_eq!(
        store::list(&mut a, PackScope::All, None, 100)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn packs_are_listed_and_downloaded_within_the_callers_scope() {
    let db = TestDatabase::create(&[tam_reporting::MIGRATIONS])
        .await
        .unwrap();
    let pool = connect_pool(db.url(), "reporting", PoolSettings::default()).unwrap();
    // Friday 2026-12-04 18:00 WIB: the 4th's daily packs, the week of Nov 23 and November.
    let now = Utc.with_ymd_and_hms(2026, 12, 4, 11, 0, 0).unwrap();
    let generated = tam_reporting::packs::poller::run_due(&pool, now)
        .await
        .unwrap();
    assert_eq!(generated.len(), due(now).len());
    // A second poll generates nothing.
    assert!(tam_reporting::packs::poller::run_due(&pool, now)
        .await
        .unwrap()
        .is_empty());

    let mut conn = pool.get().await.unwrap();
    let all = store::list(&mut conn, PackScope::All, None, 1000)
        .await
        .unwrap();
    assert_eq!(all.len(), 3 * (Site::ALL.len() + 1));
    let medan = store::list(&mut conn, PackScope::Site(Site::Medan), None, 1000)
        .await
        .unwrap();
    assert_eq!(
        medan.len(),
        3,
        "a site role sees its site's daily, weekly and monthly packs"
    );
    assert!(medan.iter().all(|p| p.site.as_deref() == Some("medan")));
    let daily = store::list(&mut conn, PackScope::All, Some(PackKind::Daily), 1000)
        .await
        .unwrap();
    assert!(daily
        .iter()
        .all(|p| p.period_start == day(4) && p.period_end == day(4)));
    assert_eq!(
        store::list(&mut conn, PackScope::None, None, 1000)
            .await
            .unwrap(),
        []
    );

    let management = all
        .iter()
        .find(|p| p.site.is_none() && p.kind == "monthly")
        .unwrap();
    assert_eq!(
        (management.period_start, management.period_end),
        (
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        )
    );
    // Outside the caller's scope it does not exist.
    assert!(
        store::get(&mut conn, PackScope::Site(Site::Medan), management.id)
            .await
            .unwrap()
            .is_none()
    );
    let (info, bytes) = store::get(&mut conn, PackScope::All, management.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(usize::try_from(info.size).unwrap(), bytes.len());
    let book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    for family in tam_reporting::families::FAMILIES {
        assert!(
            names.iter().any(|n| n == family.key),
            "{} in {names:?}",
            family.key
        );
    }
    assert!(names.iter().any(|n| n == "Definitions"));
}

/// reporting alone, in-process, on a fresh database and broker prefix.
async fn start() -> tam_testkit::TestService {
    tam_testkit::TestService::start(
        tam_runtime::ServiceName::Reporting,
        &[tam_reporting::service()],
        &std::collections::HashMap::new(),
    )
    .await
}

#[tokio::test]
async fn the_poller_generates_the_due_packs_and_the_api_serves_them_per_scope() {
    use tam_kernel::Role;
    let h = start().await;
    let expected = due(h.now()).len();
    let manager = h.token(Role::Manager, None);
    // The poller runs at start-up on the service clock.
    let mut listed = serde_json::Value::Null;
    for _ in 0..100 {
        let list = h.get("/api/v1/reporting/packs", &manager).await;
        assert_eq!(list.status, 200, "{:?}", list.body);
        if list.body["packs"].as_array().map_or(0, Vec::len) == expected {
            listed = list.body;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let packs = listed["packs"]
        .as_array()
        .expect("every due pack generated");
    let first = &packs[0];
    for field in [
        "id",
        "kind",
        "period_start",
        "period_end",
        "generated_at",
        "size",
    ] {
        assert!(!first[field].is_null(), "{field} in {first}");
    }

    let supervisor = h.token(Role::SupervisorOps, Some(Site::Medan));
    let own = h.get("/api/v1/reporting/packs", &supervisor).await;
    let own = own.body["packs"].as_array().unwrap().clone();
    assert_eq!(own.len(), 3, "{own:?}");
    assert!(own.iter().all(|p| p["site"] == "medan"));
    let daily = h.get("/api/v1/reporting/packs?kind=daily", &manager).await;
    assert!(daily.body["packs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["kind"] == "daily"));
    let bad = h
        .get("/api/v1/reporting/packs?kind=yearly&limit=0", &manager)
        .await;
    assert_eq!(bad.status, 400);

    let management = packs.iter().find(|p| p["site"].is_null()).unwrap();
    let path = format!(
        "/api/v1/reporting/packs/{}",
        management["id"].as_str().unwrap()
    );
    let file = h.get(&path, &manager).await;
    assert_eq!(file.status, 200);
    assert_eq!(
        file.headers["content-type"].to_str().unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(file.body.as_str().unwrap().starts_with("PK"));
    // The management pack is beyond a site's supervisor: 404.
    assert_eq!(h.get(&path, &supervisor).await.status, 404);
    h.stop().await;
}

#[tokio::test]
async fn a_kpi_chart_is_a_png_or_an_svg_with_its_target_line() {
    use tam_kernel::Role;
    let h = start().await;
    let manager = h.token(Role::Manager, None);
    let path = "/api/v1/reporting/charts/quality_validation_score?from=2026-11-01&to=2026-11-30";
    let png = h.get(path, &manager).await;
    assert_eq!(png.status, 200, "{:?}", png.body);
    assert_eq!(png.headers["content-type"].to_str().unwrap(), "image/png");
    let svg = h
        .get(&format!("{path}&format=svg&width=640&height=320"), &manager)
        .await;
    assert_eq!(svg.status, 200);
    assert_eq!(
        svg.headers["content-type"].to_str().unwrap(),
        "image/svg+xml"
    );
    let svg = svg.body.as_str().unwrap();
    assert!(svg.contains("target 95%"), "the target line's legend");
    assert!(
        svg.contains("width=\"640\""),
        "{}",
        &svg[..200.min(svg.len())]
    );

    let unknown = h
        .get("/api/v1/reporting/charts/happiness?month=2026-11", &manager)
        .await;
    assert_eq!(unknown.status, 404);
    let bad = h
        .get(
            "/api/v1/reporting/charts/contact_rate?from=2026-11-01&width=10&format=gif",
            &manager,
        )
        .await;
    assert_eq!(bad.status, 400);
    let mut fields = bad.fields();
    fields.sort();
    assert_eq!(fields, ["format", "to", "width"]);
    // A filter beyond the caller's scope is refused, as for reports.
    let leader = h.token(Role::SupervisorOps, Some(Site::Medan));
    let beyond = h.get(&format!("{path}&site=bandung"), &leader).await;
    assert_eq!(beyond.status, 403);
    h.stop().await;
}
