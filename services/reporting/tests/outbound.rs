//! The outbound family on a migrated reporting schema: a hand-built list of events
//! (every outcome, a FOLLOW UP kept and one missed, a second DAPROS file, events out of
//! order) folded through `families::apply` gives every KPI's exact value; a full
//! rebuild and a rebuild from a day give the same report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use diesel_async::AsyncPgConnection;
use serde::Serialize;
use tam_contracts::calling::{CallAbandoned, CallCompleted, CallRef, CallStarted};
use tam_contracts::prospect::{DaprosImported, WorkOrderCreated, WorkOrderStatus};
use tam_db::testing::TestDatabase;
use tam_events::{Envelope, Event};
use tam_kernel::{Outcome, Program, Site};
use tam_reporting::kpi::Report;
use tam_reporting::query::{Grouping, Period, ReportQuery, Scope};
use tam_reporting::{compact, families};
use uuid::Uuid;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// 2026-12-`d` at `h:m` UTC (WIB = UTC+7: every time here is the same WIB day).
fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const WO1: u128 = 0x100;
const WO2: u128 = 0x200;
const A1: u128 = 0xa1;
const A2: u128 = 0xa2;
const A3: u128 = 0xa3;
const TEAM: u128 = 0x7e;

fn envelope<E: Event + Serialize>(occurred_at: DateTime<Utc>, payload: &E) -> Envelope {
    Envelope {
        id: Uuid::now_v7(),
        event_type: E::TYPE.into(),
        version: E::VERSION,
        occurred_at,
        producer: E::TYPE.split('.').next().unwrap().into(),
        site: Some("medan".into()),
        correlation_id: None,
        payload: serde_json::to_value(payload).unwrap(),
    }
}

fn call_ref(call: u128, prospect: u128, wo: u128, agent: u128) -> CallRef {
    CallRef {
        call_id: id(call),
        claim_id: id(call + 0x1000),
        prospect_id: id(prospect),
        work_order_id: id(wo),
        agent_id: id(agent),
        team_id: (agent != A3).then(|| id(TEAM)),
        site: Site::Medan,
        program: Program::AddOnConsumer,
    }
}

fn created(wo: u128, code: &str, max_attempts: u32, when: DateTime<Utc>) -> Envelope {
    envelope(
        when,
        &WorkOrderCreated {
            work_order_id: id(wo),
            wo_code: code.into(),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            title: code.into(),
            valid_from: day(1),
            valid_to: day(31),
            status: WorkOrderStatus::Draft,
            max_attempts,
            daily_quota_per_agent: 50,
        },
    )
}

fn imported(wo: u128, accepted: u32, when: DateTime<Utc>) -> Envelope {
    envelope(
        when,
        &DaprosImported {
            import_id: Uuid::now_v7(),
            work_order_id: id(wo),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            total: accepted + 2,
            accepted,
            rejected: 1,
            duplicates: 1,
            dnc_excluded: 0,
            imported_by: id(0xadd),
        },
    )
}

fn started(call: &CallRef, when: DateTime<Utc>) -> Envelope {
    envelope(
        when,
        &CallStarted {
            call: call.clone(),
            masking_number: "+62215550100".into(),
            started_at: when,
        },
    )
}

fn completed(
    call: &CallRef,
    start: DateTime<Utc>,
    seconds: u32,
    outcome: Outcome,
    follow_up_at: Option<DateTime<Utc>>,
) -> Envelope {
    let ended = start + Duration::seconds(i64::from(seconds));
    envelope(
        ended,
        &CallCompleted {
            call: call.clone(),
            outcome,
            product_code: (outcome == Outcome::Agree).then(|| "ADDON-1".into()),
            negotiation_step: None,
            follow_up_at,
            notes: None,
            started_at: start,
            ended_at: ended,
            duration_seconds: seconds,
            has_recording: true,
        },
    )
}

/// A call started and completed: its two events, in order.
fn call(
    call: &CallRef,
    start: DateTime<Utc>,
    seconds: u32,
    outcome: Outcome,
    follow_up_at: Option<DateTime<Utc>>,
) -> Vec<Envelope> {
    vec![
        started(call, start),
        completed(call, start, seconds, outcome, follow_up_at),
    ]
}

/// The scripted two days at Medan, in the order the consumer receives them (not the
/// order they happened).
fn script() -> Vec<Envelope> {
    let mut events = vec![
        created(WO1, "WO-MDN-01", 3, at(1, 1, 0)),
        imported(WO1, 10, at(1, 1, 30)),
    ];
    // P1, P2: AGREE and DECLINE by A1.
    events.extend(call(
        &call_ref(1, 1, WO1, A1),
        at(1, 2, 0),
        120,
        Outcome::Agree,
        None,
    ));
    events.extend(call(
        &call_ref(2, 2, WO1, A1),
        at(1, 2, 10),
        60,
        Outcome::Decline,
        None,
    ));
    // P3: a FOLLOW UP for 07:00, kept by A1 at 07:05 with an AGREE. The keeping call's
    // completion arrives before its start, and both before the promise.
    let c3 = call_ref(3, 3, WO1, A1);
    let c4 = call_ref(4, 3, WO1, A1);
    events.push(completed(&c4, at(1, 7, 5), 100, Outcome::Agree, None));
    events.push(started(&c4, at(1, 7, 5)));
    events.extend(call(
        &c3,
        at(1, 2, 20),
        90,
        Outcome::FollowUp,
        Some(at(1, 7, 0)),
    ));
    // P4: a FOLLOW UP by A2 for the 2nd at 03:00, called back two hours late (missed),
    // with a DECLINE.
    events.extend(call(
        &call_ref(5, 4, WO1, A2),
        at(1, 3, 0),
        30,
        Outcome::FollowUp,
        Some(at(2, 3, 0)),
    ));
    events.extend(call(
        &call_ref(6, 4, WO1, A2),
        at(2, 5, 0),
        40,
        Outcome::Decline,
        None,
    ));
    // P5: no answer, busy, then unreachable on the 2nd: the third attempt exhausts it.
    // The third call's events arrive before the first's.
    let third = call(
        &call_ref(9, 5, WO1, A2),
        at(2, 2, 0),
        3,
        Outcome::Unreachable,
        None,
    );
    events.extend(third);
    events.extend(call(
        &call_ref(7, 5, WO1, A2),
        at(1, 3, 30),
        10,
        Outcome::NoAnswer,
        None,
    ));
    events.extend(call(
        &call_ref(8, 5, WO1, A2),
        at(1, 4, 30),
        5,
        Outcome::Busy,
        None,
    ));
    // P6 by A3 (no team): rejected, then a wrong number (settled).
    events.extend(call(
        &call_ref(10, 6, WO1, A3),
        at(1, 4, 0),
        8,
        Outcome::Rejected,
        None,
    ));
    events.extend(call(
        &call_ref(11, 6, WO1, A3),
        at(1, 5, 0),
        20,
        Outcome::WrongNumber,
        None,
    ));
    // P7 by A3: a call abandoned on the 1st, then no answer on the 2nd.
    let c12 = call_ref(12, 7, WO1, A3);
    events.push(started(&c12, at(1, 6, 0)));
    events.push(envelope(
        at(1, 6, 30),
        &CallAbandoned {
            call: c12.clone(),
            started_at: at(1, 6, 0),
            abandoned_at: at(1, 6, 30),
            abandoned_by: id(0x7ea),
            reason: "session died".into(),
        },
    ));
    events.extend(call(
        &call_ref(13, 7, WO1, A3),
        at(2, 6, 0),
        15,
        Outcome::NoAnswer,
        None,
    ));
    // The 2nd: a second file for WO1, and a second work order with its own file; its
    // creation arrives after its first call.
    events.push(imported(WO1, 5, at(2, 1, 0)));
    events.extend(call(
        &call_ref(14, 8, WO2, A1),
        at(2, 3, 0),
        200,
        Outcome::Agree,
        None,
    ));
    events.push(created(WO2, "WO-MDN-02", 2, at(2, 0, 30)));
    events.push(imported(WO2, 4, at(2, 0, 45)));
    events
}

fn query(period: Period, group_by: Grouping, scope: Scope) -> ReportQuery {
    ReportQuery {
        from: day(1),
        to: day(2),
        period,
        group_by,
        scope,
        site: None,
        program: None,
        team: None,
        agent: None,
        work_order: None,
    }
}

/// Every report the test compares between live and rebuilt figures.
fn queries() -> Vec<ReportQuery> {
    let mut all = Vec::new();
    for period in [Period::Day, Period::Range] {
        for group in [
            Grouping::Total,
            Grouping::Agent,
            Grouping::Team,
            Grouping::Site,
            Grouping::Program,
            Grouping::WorkOrder,
        ] {
            all.push(query(period, group, Scope::All));
        }
    }
    all.push(query(
        Period::Range,
        Grouping::Agent,
        Scope::Team {
            site: Site::Medan,
            team: id(TEAM),
        },
    ));
    all
}

async fn reports(conn: &mut AsyncPgConnection) -> Vec<Report> {
    let family = families::family("outbound").unwrap();
    let mut out = Vec::new();
    for q in queries() {
        out.push(families::report(conn, family, &q).await.unwrap());
    }
    out
}

async fn apply_all(conn: &mut AsyncPgConnection, events: &[&Envelope]) {
    for e in events {
        families::apply(conn, e).await.unwrap();
    }
}

fn in_order(events: &[Envelope]) -> Vec<&Envelope> {
    let mut sorted: Vec<&Envelope> = events.iter().collect();
    sorted.sort_by_key(|e| (e.occurred_at, e.id));
    sorted
}

/// `(key, value)` of the report's only row (or the row of `label` when grouped).
fn row_values(report: &Report, label: &str) -> Vec<(&'static str, Option<f64>)> {
    let row = report
        .rows
        .iter()
        .find(|r| r.group.label == label)
        .unwrap_or_else(|| panic!("no row {label}"));
    report
        .columns
        .iter()
        .map(|c| (c.key, report.value(row, c.key)))
        .collect()
}

fn value(report: &Report, label: &str, start: NaiveDate, key: &str) -> Option<f64> {
    let row = report
        .rows
        .iter()
        .find(|r| r.group.label == label && r.period_start == start)
        .unwrap_or_else(|| panic!("no row {label} {start}"));
    report.value(row, key)
}

#[tokio::test]
async fn every_outbound_kpi_from_a_scripted_two_days_and_the_rebuilds_agree() {
    let db = TestDatabase::create(&[tam_reporting::MIGRATIONS])
        .await
        .unwrap();
    let mut conn = tam_db::connect(db.url(), "reporting").await.unwrap();
    let events = script();
    let live: Vec<&Envelope> = events.iter().collect();
    apply_all(&mut conn, &live).await;

    let family = families::family("outbound").unwrap();
    let total = families::report(
        &mut conn,
        family,
        &query(Period::Range, Grouping::Total, Scope::All),
    )
    .await
    .unwrap();
    assert_eq!(total.rows.len(), 1);
    assert_eq!(
        (total.rows[0].period_start, total.rows[0].period_end),
        (day(1), day(2))
    );
    let r = |a: f64, b: f64| Some(a / b);
    assert_eq!(
        row_values(&total, "total"),
        vec![
            ("calls", Some(13.0)),
            ("contacts", Some(7.0)),
            ("contact_rate", r(7.0, 13.0)),
            ("right_number_rate", r(7.0, 8.0)),
            ("conversion", r(3.0, 7.0)),
            ("agree", Some(3.0)),
            ("decline", Some(2.0)),
            ("follow_up", Some(2.0)),
            ("unreached", Some(5.0)),
            ("wrong_number", Some(1.0)),
            ("avg_call_duration", r(701.0, 13.0)),
            ("follow_up_due", Some(2.0)),
            ("follow_up_kept", Some(1.0)),
            ("follow_up_adherence", Some(0.5)),
            ("follow_up_yield", Some(0.5)),
            ("prospects_loaded", Some(19.0)),
            ("prospects_attempted", Some(8.0)),
            ("prospects_final", Some(7.0)),
            ("list_penetration", r(8.0, 19.0)),
            ("list_exhaustion", r(7.0, 19.0)),
            ("attempts_per_prospect", r(13.0, 8.0)),
            ("abandoned_calls", Some(1.0)),
        ]
    );

    // Per day: calls on the day their result was recorded, the missed FOLLOW UP on the
    // day it was due, the exhausted prospect on the day of its third call.
    let daily = families::report(
        &mut conn,
        family,
        &query(Period::Day, Grouping::Total, Scope::All),
    )
    .await
    .unwrap();
    assert_eq!(daily.rows.len(), 2);
    let d = |n, key| value(&daily, "total", day(n), key);
    assert_eq!((d(1, "calls"), d(2, "calls")), (Some(9.0), Some(4.0)));
    assert_eq!(
        (
            d(1, "follow_up_due"),
            d(1, "follow_up_kept"),
            d(1, "follow_up_adherence")
        ),
        (Some(1.0), Some(1.0), Some(1.0))
    );
    assert_eq!(
        (
            d(2, "follow_up_due"),
            d(2, "follow_up_kept"),
            d(2, "follow_up_adherence")
        ),
        (Some(1.0), Some(0.0), Some(0.0))
    );
    // P1, P2, P3 (by the keeping AGREE), P6 on the 1st; P4, P5, P8 on the 2nd.
    assert_eq!(
        (d(1, "prospects_final"), d(2, "prospects_final")),
        (Some(4.0), Some(3.0))
    );
    assert_eq!(
        (d(1, "prospects_loaded"), d(2, "prospects_loaded")),
        (Some(10.0), Some(9.0))
    );
    assert_eq!(
        (d(1, "abandoned_calls"), d(2, "abandoned_calls")),
        (Some(1.0), Some(0.0))
    );

    // Per agent: no loaded figures; the teamless agent's row is there.
    let agents = families::report(
        &mut conn,
        family,
        &query(Period::Range, Grouping::Agent, Scope::All),
    )
    .await
    .unwrap();
    assert_eq!(agents.rows.len(), 3);
    let a = |agent: u128, key| value(&agents, &id(agent).to_string(), day(1), key);
    assert_eq!(a(A1, "calls"), Some(5.0));
    assert_eq!(a(A1, "agree"), Some(3.0));
    assert_eq!(a(A1, "follow_up_adherence"), Some(1.0));
    assert_eq!(a(A2, "follow_up_adherence"), Some(0.0));
    assert_eq!(a(A2, "follow_up_yield"), Some(0.0));
    assert_eq!(a(A3, "calls"), Some(3.0));
    assert_eq!(a(A3, "abandoned_calls"), Some(1.0));
    assert_eq!(a(A1, "prospects_loaded"), None);
    assert_eq!(a(A1, "list_penetration"), None);

    // Per team: the team and the agent without one.
    let teams = families::report(
        &mut conn,
        family,
        &query(Period::Range, Grouping::Team, Scope::All),
    )
    .await
    .unwrap();
    assert_eq!(
        value(&teams, &id(TEAM).to_string(), day(1), "calls"),
        Some(10.0)
    );
    assert_eq!(value(&teams, "(none)", day(1), "calls"), Some(3.0));

    // Per work order, labelled by its code, with its own list.
    let orders = families::report(
        &mut conn,
        family,
        &query(Period::Range, Grouping::WorkOrder, Scope::All),
    )
    .await
    .unwrap();
    let w = |code, key| value(&orders, code, day(1), key);
    assert_eq!(w("WO-MDN-01", "prospects_loaded"), Some(15.0));
    assert_eq!(w("WO-MDN-01", "list_penetration"), r(7.0, 15.0));
    assert_eq!(w("WO-MDN-01", "list_exhaustion"), r(6.0, 15.0));
    assert_eq!(w("WO-MDN-02", "list_penetration"), r(1.0, 4.0));
    assert_eq!(w("WO-MDN-02", "agree"), Some(1.0));

    // Scope: a team leader's view holds their team only; an agent their own.
    let team_view = families::report(
        &mut conn,
        family,
        &query(
            Period::Range,
            Grouping::Total,
            Scope::Team {
                site: Site::Medan,
                team: id(TEAM),
            },
        ),
    )
    .await
    .unwrap();
    assert_eq!(value(&team_view, "total", day(1), "calls"), Some(10.0));
    assert_eq!(value(&team_view, "total", day(1), "prospects_loaded"), None);
    let other_site = families::report(
        &mut conn,
        family,
        &query(Period::Range, Grouping::Total, Scope::Site(Site::Bandung)),
    )
    .await
    .unwrap();
    assert_eq!(value(&other_site, "total", day(1), "calls"), Some(0.0));
    assert_eq!(
        value(&other_site, "total", day(1), "prospects_loaded"),
        Some(0.0)
    );

    let live_reports = reports(&mut conn).await;

    // The fold wrote delta rows; compaction folds each key's into one row, and the
    // reports read the same figures before and after (the rebuilds below then start
    // from compacted rows).
    assert!(
        counted(
            &mut conn,
            "SELECT count(*) AS n FROM outbound_day WHERE delta"
        )
        .await
            > 0
    );
    let compacted = compact::compact(&mut conn).await.unwrap();
    assert!(compacted.outbound_keys > 0);
    assert_eq!(
        compact::compact(&mut conn).await.unwrap(),
        compact::Compacted::default()
    );
    assert_eq!(
        counted(
            &mut conn,
            "SELECT count(*) AS n FROM outbound_day WHERE delta"
        )
        .await,
        0
    );
    assert_eq!(
        counted(
            &mut conn,
            "SELECT count(*) AS n FROM (SELECT 1 FROM outbound_day
                 GROUP BY day, site, program, team_id, agent_id, work_order_id
                 HAVING count(*) > 1) twice"
        )
        .await,
        0
    );
    assert_eq!(reports(&mut conn).await, live_reports, "compacted");

    // A full rebuild: forget everything, replay in (occurred_at, id) order.
    families::reset(&mut conn, None).await.unwrap();
    apply_all(&mut conn, &in_order(&events)).await;
    assert_eq!(reports(&mut conn).await, live_reports, "full rebuild");

    // A rebuild from the 2nd: forget it, replay its events only.
    families::reset(&mut conn, Some(day(2))).await.unwrap();
    let second: Vec<&Envelope> = in_order(&events)
        .into_iter()
        .filter(|e| tam_kernel::wib_date(e.occurred_at) >= day(2))
        .collect();
    apply_all(&mut conn, &second).await;
    assert_eq!(
        reports(&mut conn).await,
        live_reports,
        "rebuild from the 2nd"
    );

    // And from the 1st after the live, out-of-order fold.
    families::reset(&mut conn, Some(day(1))).await.unwrap();
    apply_all(&mut conn, &in_order(&events)).await;
    assert_eq!(
        reports(&mut conn).await,
        live_reports,
        "rebuild from the 1st"
    );
    compact::compact(&mut conn).await.unwrap();
    assert_eq!(
        reports(&mut conn).await,
        live_reports,
        "rebuilt and compacted"
    );
}

#[derive(diesel::QueryableByName)]
struct Counted {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

async fn counted(conn: &mut AsyncPgConnection, sql: &str) -> i64 {
    use diesel_async::RunQueryDsl;
    diesel::sql_query(sql)
        .get_result::<Counted>(conn)
        .await
        .unwrap()
        .n
}
