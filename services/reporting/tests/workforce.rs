//! The workforce family on a migrated reporting schema: SDM closes, check-ins and
//! check-outs (one out of order), corrections (one of an earlier day, one making an
//! absent day present), a team change, AGREE calls through the outbound family:
//! exact KPI values per grouping and scope; a full rebuild and a rebuild from a day
//! give the same reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use diesel_async::AsyncPgConnection;
use serde::Serialize;
use tam_contracts::calling::{CallCompleted, CallRef};
use tam_contracts::hr::{EmployeeCreated, EmployeeRoster, EmployeeStatus, EmployeeUpdated};
use tam_contracts::hr_attendance::{
    AttendanceCheckedIn, AttendanceCheckedOut, AttendanceCorrected,
};
use tam_contracts::hr_caplan::SdmDayClosed;
use tam_db::testing::TestDatabase;
use tam_events::{Envelope, Event};
use tam_kernel::{Outcome, Program, Role, Site};
use tam_reporting::families;
use tam_reporting::kpi::Report;
use tam_reporting::query::{Grouping, Period, ReportQuery, Scope};
use uuid::Uuid;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// 2026-12-`d` at `h:m` UTC (WIB = UTC+7).
fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const A1: u128 = 0xa1;
const A2: u128 = 0xa2;
const LEAD: u128 = 0x1ead;
const B1: u128 = 0xb1;
const T: u128 = 0x7e;
const T2: u128 = 0x7e2;
const T3: u128 = 0x7e3;

fn envelope<E: Event + Serialize>(occurred_at: DateTime<Utc>, payload: &E) -> Envelope {
    Envelope {
        id: Uuid::now_v7(),
        event_type: E::TYPE.into(),
        version: E::VERSION,
        occurred_at,
        producer: E::TYPE.split('.').next().unwrap().into(),
        site: None,
        correlation_id: None,
        payload: serde_json::to_value(payload).unwrap(),
    }
}

fn roster(employee: u128, role: Role, site: Site, team: Option<u128>) -> EmployeeRoster {
    EmployeeRoster {
        employee_id: id(employee),
        nik: format!("N{employee}"),
        full_name: "x".into(),
        username: format!("u{employee}"),
        role,
        site: Some(site),
        program: Some(Program::AddOnConsumer),
        team_id: team.map(id),
        status: EmployeeStatus::Active,
    }
}

fn hired(employee: u128, role: Role, site: Site, team: Option<u128>) -> Envelope {
    envelope(
        at(1, 0, 0),
        &EmployeeCreated {
            employee: roster(employee, role, site, team),
        },
    )
}

fn check_in(employee: u128, site: Site, d: u32, h: u32, m: u32, late: bool) -> Envelope {
    envelope(
        at(d, h, m),
        &AttendanceCheckedIn {
            employee_id: id(employee),
            site,
            day: day(d),
            checked_in_at: at(d, h, m),
            shift_code: Some("P1".into()),
            late_minutes: if late { 30 } else { 0 },
            late,
        },
    )
}

fn check_out(employee: u128, site: Site, d: u32, h: u32, m: u32) -> Envelope {
    envelope(
        at(d, h, m),
        &AttendanceCheckedOut {
            employee_id: id(employee),
            site,
            day: day(d),
            checked_out_at: at(d, h, m),
            early_minutes: 0,
            early_leave: false,
        },
    )
}

/// A correction of `employee`'s day `d`, made at `when`.
fn corrected(
    employee: u128,
    d: u32,
    times: Option<((u32, u32), (u32, u32))>,
    late: bool,
    when: DateTime<Utc>,
) -> Envelope {
    envelope(
        when,
        &AttendanceCorrected {
            correction_id: Uuid::now_v7(),
            employee_id: id(employee),
            site: Site::Medan,
            day: day(d),
            check_in_at: times.map(|((h, m), _)| at(d, h, m)),
            check_out_at: times.map(|(_, (h, m))| at(d, h, m)),
            late,
            early_leave: false,
            reason: "badge reader down".into(),
            corrected_by: id(LEAD),
            corrected_by_role: Role::TeamLeader,
            corrected_at: when,
        },
    )
}

fn sdm(site: Site, role: Role, available: u32, target: u32) -> Envelope {
    // hr closes day 1 after midnight WIB: the event is of day 2, the figure of day 1.
    envelope(
        at(1, 17, 30),
        &SdmDayClosed {
            site,
            program: Program::AddOnConsumer,
            role,
            day: day(1),
            available,
            target,
            ratio: Some(f64::from(available) / f64::from(target)),
            below_target: f64::from(available) / f64::from(target) < 0.95,
        },
    )
}

fn agree(n: u128, agent: u128, team: u128, d: u32, h: u32, outcome: Outcome) -> Envelope {
    let call = CallRef {
        call_id: id(0xca11_0000 + n),
        claim_id: id(0xc1a1_0000 + n),
        prospect_id: id(0x9000 + n),
        work_order_id: id(0x100),
        agent_id: id(agent),
        team_id: Some(id(team)),
        site: Site::Medan,
        program: Program::AddOnConsumer,
    };
    envelope(
        at(d, h, 5),
        &CallCompleted {
            call,
            outcome,
            product_code: (outcome == Outcome::Agree).then(|| "ADDON-1".into()),
            negotiation_step: None,
            follow_up_at: None,
            notes: None,
            started_at: at(d, h, 0),
            ended_at: at(d, h, 5),
            duration_seconds: 300,
            has_recording: true,
        },
    )
}

/// The script, in the order it is delivered live (not the order it happened).
fn script() -> Vec<Envelope> {
    vec![
        hired(A1, Role::Agent, Site::Medan, Some(T)),
        hired(A2, Role::Agent, Site::Medan, Some(T)),
        hired(LEAD, Role::TeamLeader, Site::Medan, None),
        hired(B1, Role::Agent, Site::Bandung, Some(T2)),
        // Day 1: 8 h each for A1 and LEAD; A2 late, later corrected to on time, 8.5 h;
        // B1 never checks out.
        check_in(A1, Site::Medan, 1, 1, 0, false),
        check_out(A1, Site::Medan, 1, 9, 0),
        check_in(A2, Site::Medan, 1, 1, 30, true),
        check_out(A2, Site::Medan, 1, 9, 30),
        check_in(LEAD, Site::Medan, 1, 0, 30, false),
        check_out(LEAD, Site::Medan, 1, 8, 30),
        check_in(B1, Site::Bandung, 1, 1, 0, false),
        agree(1, A1, T, 1, 3, Outcome::Agree),
        agree(2, A1, T, 1, 4, Outcome::Agree),
        agree(3, A2, T, 1, 3, Outcome::Agree),
        agree(4, A2, T, 1, 5, Outcome::Decline),
        sdm(Site::Medan, Role::Agent, 19, 20),
        sdm(Site::Medan, Role::TeamLeader, 2, 2),
        sdm(Site::Bandung, Role::Agent, 9, 10),
        // Day 2: A2 moves to team T3 first thing; A1's check-out arrives before the
        // check-in; the team leader forgot to check in, corrected to 2 h, late.
        envelope(
            at(2, 0, 0),
            &EmployeeUpdated {
                employee: roster(A2, Role::Agent, Site::Medan, Some(T3)),
                changed: vec!["team_id".into()],
            },
        ),
        check_out(A1, Site::Medan, 2, 5, 0),
        check_in(A1, Site::Medan, 2, 1, 0, false),
        check_in(A2, Site::Medan, 2, 1, 0, false),
        check_out(A2, Site::Medan, 2, 7, 0),
        corrected(A2, 1, Some(((1, 0), (9, 30))), false, at(2, 3, 0)),
        corrected(LEAD, 2, Some(((1, 0), (3, 0))), true, at(2, 4, 0)),
        agree(5, A2, T3, 2, 3, Outcome::Agree),
    ]
}

fn query(from: u32, to: u32, group_by: Grouping, scope: Scope) -> ReportQuery {
    ReportQuery {
        from: day(from),
        to: day(to),
        period: Period::Range,
        group_by,
        scope,
        site: None,
        program: None,
        team: None,
        agent: None,
        work_order: None,
    }
}

fn queries() -> Vec<ReportQuery> {
    let medan = Scope::Site(Site::Medan);
    let mut by_day = query(1, 2, Grouping::Total, Scope::All);
    by_day.period = Period::Day;
    vec![
        query(1, 1, Grouping::Total, Scope::All),
        query(2, 2, Grouping::Total, Scope::All),
        query(1, 1, Grouping::Total, medan),
        query(1, 2, Grouping::Team, Scope::All),
        query(1, 1, Grouping::Program, Scope::All),
        query(1, 1, Grouping::Site, Scope::All),
        query(1, 2, Grouping::Agent, medan),
        query(
            1,
            1,
            Grouping::Total,
            Scope::Team {
                site: Site::Medan,
                team: id(T),
            },
        ),
        query(
            1,
            1,
            Grouping::Total,
            Scope::Agent {
                site: Site::Medan,
                agent: id(A1),
            },
        ),
        by_day,
    ]
}

async fn reports(conn: &mut AsyncPgConnection) -> Vec<Report> {
    let family = families::family("workforce").unwrap();
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

/// The KPIs of the row of `label` (and `start` when given), as (key, value).
fn row(report: &Report, label: &str) -> Vec<(&'static str, Option<f64>)> {
    let row = report
        .rows
        .iter()
        .find(|r| r.group.label == label)
        .unwrap_or_else(|| panic!("no row {label} in {:?}", report.rows));
    report
        .columns
        .iter()
        .map(|c| (c.key, report.value(row, c.key)))
        .collect()
}

fn kpis(values: [Option<f64>; 7]) -> Vec<(&'static str, Option<f64>)> {
    [
        "sdm_available",
        "sdm_target",
        "sdm_fulfilment",
        "check_ins",
        "late_check_ins",
        "hours_present",
        "sales_per_hour_present",
    ]
    .into_iter()
    .zip(values)
    .collect()
}

#[tokio::test]
async fn workforce_kpis_per_grouping_and_scope_and_the_rebuilds_agree() {
    let db = TestDatabase::create(&[tam_reporting::MIGRATIONS])
        .await
        .unwrap();
    let mut conn = tam_db::connect(db.url(), "reporting").await.unwrap();
    let events = script();
    let live: Vec<&Envelope> = events.iter().collect();
    apply_all(&mut conn, &live).await;
    let r = reports(&mut conn).await;

    // Day 1, every site: SDM 19+2+9 of 20+2+10 (closed on day 2, landing on day 1);
    // 4 check-ins, A2's late one corrected away; 8 + 8.5 + 8 + 0 hours, of which the
    // agents' 16.5 carry 3 AGREEs.
    assert_eq!(
        row(&r[0], "total"),
        kpis([
            Some(30.0),
            Some(32.0),
            Some(30.0 / 32.0),
            Some(4.0),
            Some(0.0),
            Some(24.5),
            Some(3.0 / 16.5)
        ])
    );
    // Day 2: no SDM close yet; the team leader's day corrected to present and late.
    assert_eq!(
        row(&r[1], "total"),
        kpis([
            None,
            None,
            None,
            Some(3.0),
            Some(1.0),
            Some(12.0),
            Some(1.0 / 10.0)
        ])
    );
    // Medan only.
    assert_eq!(
        row(&r[2], "total"),
        kpis([
            Some(21.0),
            Some(22.0),
            Some(21.0 / 22.0),
            Some(3.0),
            Some(0.0),
            Some(24.5),
            Some(3.0 / 16.5)
        ])
    );
    // Teams over both days: A2 counts in T on day 1 and in T3 on day 2; SDM has no
    // team.
    let team = |t: u128| id(t).to_string();
    assert_eq!(
        row(&r[3], &team(T)),
        kpis([
            None,
            None,
            None,
            Some(3.0),
            Some(0.0),
            Some(8.0 + 8.5 + 4.0),
            Some(3.0 / 20.5)
        ])
    );
    assert_eq!(
        row(&r[3], &team(T3)),
        kpis([
            None,
            None,
            None,
            Some(1.0),
            Some(0.0),
            Some(6.0),
            Some(1.0 / 6.0)
        ])
    );
    assert_eq!(
        row(&r[3], "(none)"),
        kpis([None, None, None, Some(2.0), Some(1.0), Some(10.0), None])
    );
    assert_eq!(
        row(&r[3], &team(T2)),
        kpis([None, None, None, Some(1.0), Some(0.0), Some(0.0), None])
    );
    // By program: SDM only.
    assert_eq!(
        row(&r[4], "add_on_consumer"),
        kpis([
            Some(30.0),
            Some(32.0),
            Some(30.0 / 32.0),
            None,
            None,
            None,
            None
        ])
    );
    // By site.
    assert_eq!(
        row(&r[5], "bandung"),
        kpis([
            Some(9.0),
            Some(10.0),
            Some(0.9),
            Some(1.0),
            Some(0.0),
            Some(0.0),
            None
        ])
    );
    // By agent at Medan (the team leader is an employee row without AGREEs).
    assert_eq!(
        row(&r[6], &id(A1).to_string()),
        kpis([
            None,
            None,
            None,
            Some(2.0),
            Some(0.0),
            Some(12.0),
            Some(2.0 / 12.0)
        ])
    );
    assert_eq!(r[6].rows.len(), 3, "A1, A2 and the team leader");
    // The team leader's view: their team only, no SDM.
    assert_eq!(
        row(&r[7], "total"),
        kpis([
            None,
            None,
            None,
            Some(2.0),
            Some(0.0),
            Some(16.5),
            Some(3.0 / 16.5)
        ])
    );
    // The agent's own.
    assert_eq!(
        row(&r[8], "total"),
        kpis([
            None,
            None,
            None,
            Some(1.0),
            Some(0.0),
            Some(8.0),
            Some(0.25)
        ])
    );
    // Day by day: two rows.
    assert_eq!(r[9].rows.len(), 2);

    // A full rebuild: forget everything, replay in (occurred_at, id) order.
    families::reset(&mut conn, None).await.unwrap();
    apply_all(&mut conn, &in_order(&events)).await;
    assert_eq!(reports(&mut conn).await, r, "full rebuild");

    // A rebuild from the 2nd: its events include day 1's SDM close and a correction
    // of day 1.
    families::reset(&mut conn, Some(day(2))).await.unwrap();
    let second: Vec<&Envelope> = in_order(&events)
        .into_iter()
        .filter(|e| tam_kernel::wib_date(e.occurred_at) >= day(2))
        .collect();
    apply_all(&mut conn, &second).await;
    assert_eq!(reports(&mut conn).await, r, "rebuild from the 2nd");
}
