//! The quality, activation and disruptions families on a migrated reporting schema:
//! hand-built events (a verdict corrected, a RETURN re-called, a ticket before its
//! sale, a sale reverted, a failed ticket activated after reopening, a non-OBC ticket
//! without a site, CABUT cases, a disruption over midnight reopened once) folded
//! through `families::apply`, delivered out of order, give every KPI's exact value; a
//! full rebuild and a rebuild from a day give the same reports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    clippy::vec_init_then_push
)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use diesel_async::AsyncPgConnection;
use serde::Serialize;
use tam_contracts::calling::{CallCompleted, CallRef};
use tam_contracts::helpdesk::{TicketOpened, TicketResolved};
use tam_contracts::helpdesk_cabut::{CaseOpened, CaseSurveyed, MisSaleSuspected};
use tam_contracts::helpdesk_ioc::{
    DisruptionAcknowledged, DisruptionCategory, DisruptionConfirmed, DisruptionReopened,
    DisruptionReported, DisruptionResolved, DisruptionSeverity, DisruptionSeveritySet,
};
use tam_contracts::helpdesk_qc::{ActivationInvalidated, ActivationValidated};
use tam_contracts::helpdesk_sla::{SlaClock, TicketBreached};
use tam_contracts::prospect::{SaleReverted, SaleWon};
use tam_contracts::quality::{CallValidated, Verdict};
use tam_db::testing::TestDatabase;
use tam_events::{Envelope, Event};
use tam_kernel::{Outcome, Program, Role, Site};
use tam_reporting::families::{self, activation};
use tam_reporting::kpi::Report;
use tam_reporting::query::{Grouping, Period, ReportQuery, Scope};
use uuid::Uuid;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// 2026-12-`d` at `h:m` UTC (WIB = UTC+7: before 17:00 UTC it is the same WIB day).
fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const A1: u128 = 0xa1;
const A2: u128 = 0xa2;
const A3: u128 = 0xa3; // at Bandung, no team
const TEAM: u128 = 0x7e;
const WO: u128 = 0x100;
const WO_BDG: u128 = 0x200;

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

fn site_of(agent: u128) -> Site {
    if agent == A3 {
        Site::Bandung
    } else {
        Site::Medan
    }
}

fn team_of(agent: u128) -> Option<Uuid> {
    (agent != A3).then(|| id(TEAM))
}

fn wo_of(agent: u128) -> Uuid {
    id(if agent == A3 { WO_BDG } else { WO })
}

fn prospect_of(call: u128) -> Uuid {
    id(0x9000 + call)
}

/// Calls are 0xc1.. and prospects 0x9000 + call, except the re-call 0xc5 of 0xc2's.
fn agree(call: u128, prospect: Uuid, agent: u128, ended: DateTime<Utc>) -> Envelope {
    envelope(
        ended,
        &CallCompleted {
            call: CallRef {
                call_id: id(call),
                claim_id: id(call + 0x1000),
                prospect_id: prospect,
                work_order_id: wo_of(agent),
                agent_id: id(agent),
                team_id: team_of(agent),
                site: site_of(agent),
                program: Program::AddOnConsumer,
            },
            outcome: Outcome::Agree,
            product_code: Some("ADDON-1".into()),
            negotiation_step: None,
            follow_up_at: None,
            notes: None,
            started_at: ended - chrono::Duration::minutes(5),
            ended_at: ended,
            duration_seconds: 300,
            has_recording: true,
        },
    )
}

#[allow(clippy::too_many_arguments)]
fn verdict(
    task: u128,
    call: u128,
    prospect: Uuid,
    agent: u128,
    verdict: Verdict,
    revision: u32,
    when: DateTime<Utc>,
) -> Envelope {
    envelope(
        when,
        &CallValidated {
            task_id: id(task),
            call_id: id(call),
            prospect_id: prospect,
            work_order_id: wo_of(agent),
            agent_id: id(agent),
            team_id: team_of(agent),
            site: site_of(agent),
            program: Program::AddOnConsumer,
            verdict,
            score: 90.0,
            reason: None,
            recommendation: None,
            validated_at: when,
            revision,
        },
    )
}

fn won(call: u128, agent: u128, revision: u32, when: DateTime<Utc>) -> Envelope {
    envelope(
        when,
        &SaleWon {
            prospect_id: prospect_of(call),
            work_order_id: wo_of(agent),
            wo_code: "WO-1".into(),
            call_id: id(call),
            task_id: id(call + 0x100),
            revision,
            agent_id: id(agent),
            team_id: team_of(agent),
            site: site_of(agent),
            program: Program::AddOnConsumer,
            channel: "obc".into(),
            indihome_number: format!("1{call}"),
            customer_name: "X".into(),
            contact_number: "+628111".into(),
            product_code: Some("ADDON-1".into()),
            negotiation_step: None,
            won_at: when,
        },
    )
}

fn reverted(call: u128, agent: u128, revision: u32, when: DateTime<Utc>) -> Envelope {
    envelope(
        when,
        &SaleReverted {
            prospect_id: prospect_of(call),
            work_order_id: wo_of(agent),
            call_id: id(call),
            task_id: id(call + 0x100),
            revision,
            agent_id: id(agent),
            team_id: team_of(agent),
            site: site_of(agent),
            program: Program::AddOnConsumer,
            indihome_number: format!("1{call}"),
            reason: None,
            reverted_at: when,
        },
    )
}

/// An OBC ticket of `call` (`Some((call, agent))`) or a plasa one without a site.
fn opened(ticket: u128, sale: Option<(u128, u128)>, when: DateTime<Utc>) -> Envelope {
    envelope(
        when,
        &TicketOpened {
            ticket_id: id(ticket),
            number: u64::try_from(ticket).unwrap(),
            channel: if sale.is_some() { "obc" } else { "plasa" }.into(),
            indihome_number: "123".into(),
            product_code: Some("ADDON-1".into()),
            negotiation_step: None,
            priority: "normal".into(),
            site: sale.map(|(_, agent)| site_of(agent)),
            call_id: sale.map(|(call, _)| id(call)),
            agent_id: sale.map(|(_, agent)| id(agent)),
            opened_by: None,
            opened_at: when,
        },
    )
}

fn resolved(
    ticket: u128,
    site: Option<Site>,
    resolution: &str,
    opened_at: DateTime<Utc>,
    when: DateTime<Utc>,
    breached: bool,
) -> Envelope {
    envelope(
        when,
        &TicketResolved {
            ticket_id: id(ticket),
            channel: if site.is_some() { "obc" } else { "plasa" }.into(),
            site,
            resolution: resolution.into(),
            opened_at,
            resolved_at: when,
            breached,
        },
    )
}

fn breached(ticket: u128, site: Option<Site>, clock: SlaClock, when: DateTime<Utc>) -> Envelope {
    envelope(
        when,
        &TicketBreached {
            ticket_id: id(ticket),
            ticket_number: 1,
            site,
            channel: if site.is_some() { "obc" } else { "plasa" }.into(),
            clock,
            target_minutes: 60,
            due_at: when,
        },
    )
}

fn disruption_reported(
    n: u128,
    site: Site,
    severity: DisruptionSeverity,
    started: DateTime<Utc>,
    when: DateTime<Utc>,
) -> Envelope {
    envelope(
        when,
        &DisruptionReported {
            disruption_id: id(n),
            number: 1,
            site,
            category: DisruptionCategory::Network,
            programs: vec![Program::AddOnConsumer],
            agents_affected: 10,
            proposed_severity: severity,
            severity,
            reported_by: id(0x5),
            reporter_role: Role::SupervisorOps,
            started_at: started,
            reported_at: when,
        },
    )
}

fn disruption_resolved(
    n: u128,
    site: Site,
    severity: DisruptionSeverity,
    started: DateTime<Utc>,
    ended: DateTime<Utc>,
) -> Envelope {
    envelope(
        ended,
        &DisruptionResolved {
            disruption_id: id(n),
            number: 1,
            site,
            category: DisruptionCategory::Network,
            programs: vec![Program::AddOnConsumer],
            agents_affected: 10,
            severity,
            resolution: "router replaced".into(),
            resolved_by: id(0x6),
            started_at: started,
            ended_at: ended,
        },
    )
}

fn script() -> Vec<Envelope> {
    let p = |call: u128| prospect_of(call);
    let mut e = Vec::new();
    // --- quality ---
    // Dec 1: four AGREE calls; T3's correction (Dec 2) delivered before its first verdict.
    e.push(verdict(
        0x13,
        0xc3,
        p(0xc3),
        A2,
        Verdict::Returned,
        2,
        at(2, 2, 0),
    ));
    e.push(agree(0xc1, p(0xc1), A1, at(1, 3, 0)));
    e.push(agree(0xc2, p(0xc2), A1, at(1, 3, 10)));
    e.push(agree(0xc3, p(0xc3), A2, at(1, 3, 20)));
    e.push(verdict(
        0x11,
        0xc1,
        p(0xc1),
        A1,
        Verdict::Valid,
        1,
        at(1, 4, 0),
    ));
    e.push(verdict(
        0x12,
        0xc2,
        p(0xc2),
        A1,
        Verdict::Returned,
        1,
        at(1, 4, 10),
    ));
    e.push(verdict(
        0x13,
        0xc3,
        p(0xc3),
        A2,
        Verdict::Valid,
        1,
        at(1, 3, 50),
    ));
    // C4 at Bandung: its verdict (Dec 2) arrives before the call (Dec 1).
    e.push(verdict(
        0x14,
        0xc4,
        p(0xc4),
        A3,
        Verdict::Valid,
        1,
        at(2, 1, 0),
    ));
    e.push(agree(0xc4, p(0xc4), A3, at(1, 3, 30)));
    // Dec 2: C2's prospect re-called and won; a verdict whose call event never came; an
    // AGREE call not tapped yet; a verdict delivered twice changes nothing.
    e.push(agree(0xc5, p(0xc2), A1, at(2, 1, 0)));
    e.push(verdict(
        0x15,
        0xc5,
        p(0xc2),
        A1,
        Verdict::Valid,
        1,
        at(2, 2, 30),
    ));
    e.push(verdict(
        0x16,
        0xc6,
        p(0xc6),
        A2,
        Verdict::Returned,
        1,
        at(2, 3, 0),
    ));
    e.push(agree(0xc7, p(0xc7), A2, at(2, 4, 0)));

    // --- activation ---
    // K1: the ticket before its sale; activated after 4 h.
    e.push(opened(0x41, Some((0xc1, A1)), at(1, 5, 1)));
    e.push(won(0xc1, A1, 1, at(1, 5, 0)));
    e.push(resolved(
        0x41,
        Some(Site::Medan),
        "activated",
        at(1, 5, 1),
        at(1, 9, 1),
        false,
    ));
    // C3: won, then taken back on Dec 2; its ticket cancelled.
    e.push(won(0xc3, A2, 1, at(1, 4, 0)));
    e.push(opened(0x43, Some((0xc3, A2)), at(1, 4, 1)));
    e.push(reverted(0xc3, A2, 2, at(2, 2, 0)));
    e.push(resolved(
        0x43,
        Some(Site::Medan),
        "cancelled",
        at(1, 4, 1),
        at(2, 2, 5),
        false,
    ));
    // C5: won Dec 2; first response breached; failed, reopened, activated after 5 h.
    e.push(won(0xc5, A1, 1, at(2, 3, 0)));
    e.push(opened(0x45, Some((0xc5, A1)), at(2, 3, 1)));
    e.push(breached(
        0x45,
        Some(Site::Medan),
        SlaClock::FirstResponse,
        at(2, 4, 0),
    ));
    e.push(resolved(
        0x45,
        Some(Site::Medan),
        "activated",
        at(2, 3, 1),
        at(2, 8, 1),
        true,
    ));
    e.push(resolved(
        0x45,
        Some(Site::Medan),
        "failed",
        at(2, 3, 1),
        at(2, 5, 0),
        true,
    ));
    // C4 at Bandung: won, ticket open.
    e.push(won(0xc4, A3, 1, at(2, 1, 30)));
    e.push(opened(0x44, Some((0xc4, A3)), at(2, 1, 31)));
    // K9: plasa, no site, provisioning breached, activated after 4 h.
    e.push(opened(0x49, None, at(2, 2, 0)));
    e.push(breached(0x49, None, SlaClock::Provisioning, at(2, 5, 30)));
    e.push(resolved(
        0x49,
        None,
        "activated",
        at(2, 2, 0),
        at(2, 6, 0),
        true,
    ));
    // QC Tier 2: K1 valid, K9 invalid.
    e.push(envelope(
        at(2, 1, 0),
        &ActivationValidated {
            validation_id: id(0x51),
            ticket_id: id(0x41),
            channel: "obc".into(),
            site: Some(Site::Medan),
            call_id: Some(id(0xc1)),
            agent_id: Some(id(A1)),
            validated_by: id(0x7),
            validated_at: at(2, 1, 0),
        },
    ));
    e.push(envelope(
        at(2, 10, 0),
        &ActivationInvalidated {
            validation_id: id(0x59),
            ticket_id: id(0x49),
            ticket_number: 9,
            channel: "plasa".into(),
            site: None,
            product_code: Some("ADDON-1".into()),
            call_id: None,
            agent_id: None,
            team_id: None,
            failed_items: vec!["id_check".into()],
            findings: "no ID".into(),
            issue_id: id(0x8),
            validated_by: id(0x7),
            validated_at: at(2, 10, 0),
        },
    ));
    // CABUT: C1's sale cancelled (never ordered: a mis-sale), a plasa one (price).
    e.push(envelope(
        at(2, 10, 0),
        &CaseSurveyed {
            case_id: id(0x61),
            channel: "obc".into(),
            call_id: Some(id(0xc1)),
            agent_id: Some(id(A1)),
            team_id: Some(id(TEAM)),
            site: Some(Site::Medan),
            program: Some(Program::AddOnConsumer),
            main_reason: "never_ordered".into(),
            reasons: vec!["never_ordered".into(), "price".into()],
            mis_sale: true,
            surveyed_at: at(2, 10, 0),
        },
    ));
    e.push(envelope(
        at(2, 9, 0),
        &CaseOpened {
            case_id: id(0x61),
            number: 1,
            channel: "obc".into(),
            indihome_number: "1".into(),
            product_code: "ADDON-1".into(),
            cancelled_on: day(2),
            ticket_id: Some(id(0x41)),
            call_id: Some(id(0xc1)),
            agent_id: Some(id(A1)),
            team_id: Some(id(TEAM)),
            site: Some(Site::Medan),
            program: Some(Program::AddOnConsumer),
            opened_at: at(2, 9, 0),
        },
    ));
    e.push(envelope(
        at(2, 10, 0),
        &MisSaleSuspected {
            case_id: id(0x61),
            call_id: id(0xc1),
            agent_id: id(A1),
            team_id: Some(id(TEAM)),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            indihome_number: "1".into(),
            product_code: "ADDON-1".into(),
            cancelled_on: day(2),
            main_reason: "never_ordered".into(),
            reasons: vec!["never_ordered".into(), "price".into()],
            note: None,
            surveyed_at: at(2, 10, 0),
        },
    ));
    e.push(envelope(
        at(2, 9, 10),
        &CaseOpened {
            case_id: id(0x62),
            number: 2,
            channel: "plasa".into(),
            indihome_number: "2".into(),
            product_code: "ADDON-1".into(),
            cancelled_on: day(2),
            ticket_id: None,
            call_id: None,
            agent_id: None,
            team_id: None,
            site: None,
            program: None,
            opened_at: at(2, 9, 10),
        },
    ));
    e.push(envelope(
        at(2, 10, 5),
        &CaseSurveyed {
            case_id: id(0x62),
            channel: "plasa".into(),
            call_id: None,
            agent_id: None,
            team_id: None,
            site: None,
            program: None,
            main_reason: "price".into(),
            reasons: vec!["price".into()],
            mis_sale: false,
            surveyed_at: at(2, 10, 5),
        },
    ));

    // --- disruptions ---
    // D1 at Medan: 23:00 WIB Dec 1 (16:00 UTC) to 01:00 WIB Dec 2, via a rejected
    // resolution at 00:30; proposed P2, set to P1.
    let d1_start = at(1, 16, 0);
    e.push(disruption_reported(
        0xd1,
        Site::Medan,
        DisruptionSeverity::P2,
        d1_start,
        at(1, 16, 30),
    ));
    e.push(envelope(
        at(1, 16, 40),
        &DisruptionSeveritySet {
            disruption_id: id(0xd1),
            number: 1,
            site: Site::Medan,
            programs: vec![Program::AddOnConsumer],
            from: DisruptionSeverity::P2,
            to: DisruptionSeverity::P1,
            set_by: id(0x6),
            set_at: at(1, 16, 40),
            started_at: d1_start,
        },
    ));
    e.push(envelope(
        at(1, 18, 30),
        &DisruptionConfirmed {
            disruption_id: id(0xd1),
            number: 1,
            site: Site::Medan,
            category: DisruptionCategory::Network,
            programs: vec![Program::AddOnConsumer],
            agents_affected: 10,
            severity: DisruptionSeverity::P1,
            confirmed_by: id(0x5),
            confirmed_at: at(1, 18, 30),
            started_at: d1_start,
            ended_at: at(1, 18, 0),
        },
    ));
    e.push(disruption_resolved(
        0xd1,
        Site::Medan,
        DisruptionSeverity::P1,
        d1_start,
        at(1, 17, 30),
    ));
    e.push(envelope(
        at(1, 17, 45),
        &DisruptionReopened {
            disruption_id: id(0xd1),
            number: 1,
            site: Site::Medan,
            programs: vec![Program::AddOnConsumer],
            severity: DisruptionSeverity::P1,
            reason: "still down".into(),
            reopened_by: id(0x5),
            reopened_at: at(1, 17, 45),
            started_at: d1_start,
        },
    ));
    e.push(disruption_resolved(
        0xd1,
        Site::Medan,
        DisruptionSeverity::P1,
        d1_start,
        at(1, 18, 0),
    ));
    // D2 at Bandung: 90 minutes on Dec 2.
    e.push(disruption_reported(
        0xd2,
        Site::Bandung,
        DisruptionSeverity::P3,
        at(2, 1, 50),
        at(2, 2, 0),
    ));
    e.push(disruption_resolved(
        0xd2,
        Site::Bandung,
        DisruptionSeverity::P3,
        at(2, 1, 50),
        at(2, 3, 20),
    ));
    // D3 at Medan: still open (acknowledged only): no minutes yet.
    e.push(disruption_reported(
        0xd3,
        Site::Medan,
        DisruptionSeverity::P4,
        at(2, 5, 0),
        at(2, 5, 0),
    ));
    e.push(envelope(
        at(2, 5, 10),
        &DisruptionAcknowledged {
            disruption_id: id(0xd3),
            number: 3,
            site: Site::Medan,
            severity: DisruptionSeverity::P4,
            acknowledged_by: id(0x6),
            acknowledged_at: at(2, 5, 10),
            started_at: at(2, 5, 0),
        },
    ));
    e
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

const TEAM_SCOPE: Scope = Scope::Team {
    site: Site::Medan,
    team: Uuid::from_u128(TEAM),
};

async fn report(conn: &mut AsyncPgConnection, family: &str, q: &ReportQuery) -> Report {
    let family = families::family(family).unwrap();
    families::report(conn, family, q).await.unwrap()
}

/// Every report the test compares between live and rebuilt figures.
async fn reports(conn: &mut AsyncPgConnection) -> Vec<Report> {
    let mut out = Vec::new();
    for family in ["quality", "activation", "disruptions"] {
        for period in [Period::Day, Period::Range] {
            for group in families::family(family).unwrap().groupings {
                out.push(report(conn, family, &query(period, *group, Scope::All)).await);
            }
        }
        out.push(
            report(
                conn,
                family,
                &query(Period::Range, Grouping::Agent, TEAM_SCOPE),
            )
            .await,
        );
    }
    out
}

async fn reasons(conn: &mut AsyncPgConnection) -> Vec<(String, String, u64)> {
    activation::cabut_reasons(conn, &query(Period::Range, Grouping::Site, Scope::All))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.group.label, r.reason, r.cases))
        .collect()
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

/// The value of `key` in the row of group `label` starting on `start`.
fn value(report: &Report, label: &str, start: NaiveDate, key: &str) -> Option<f64> {
    let row = report
        .rows
        .iter()
        .find(|r| r.group.label == label && r.period_start == start)
        .unwrap_or_else(|| panic!("no row {label} {start} in {}", report.family));
    report.value(row, key)
}

fn values(report: &Report, label: &str, start: NaiveDate) -> Vec<(&'static str, Option<f64>)> {
    report
        .columns
        .iter()
        .map(|c| (c.key, value(report, label, start, c.key)))
        .collect()
}

#[tokio::test]
async fn quality_activation_and_disruption_kpis_from_two_scripted_days_and_the_rebuilds_agree() {
    let db = TestDatabase::create(&[tam_reporting::MIGRATIONS])
        .await
        .unwrap();
    let mut conn = tam_db::connect(db.url(), "reporting").await.unwrap();
    let events = script();
    let mut live: Vec<&Envelope> = events.iter().collect();
    // A redelivery reaching `apply` (the raw log normally stops it) changes nothing
    // either: every fact is keyed by what it is about.
    live.push(&events[4]);
    apply_all(&mut conn, &live).await;

    // --- quality, both days ---
    let q = report(
        &mut conn,
        "quality",
        &query(Period::Range, Grouping::Total, Scope::All),
    )
    .await;
    assert_eq!(
        values(&q, "total", day(1)),
        vec![
            ("agree_validated", Some(6.0)),
            ("valid", Some(3.0)),
            ("returned", Some(3.0)),
            ("quality_validation_score", Some(0.5)),
            ("recalled_after_return", Some(1.0)),
            ("recall_success", Some(1.0 / 3.0)),
            ("tapping_coverage", Some(5.0 / 6.0)),
            // 3600 + 3600 + 1800 (T3's first verdict) + 77400 (C4) + 5400 (C5), over 5.
            ("avg_tapping_turnaround", Some(18360.0)),
        ]
    );
    // The correction of T3 (given on Dec 2) moved Dec 1's VALID to RETURN.
    let daily = report(
        &mut conn,
        "quality",
        &query(Period::Day, Grouping::Total, Scope::All),
    )
    .await;
    assert_eq!(value(&daily, "total", day(1), "agree_validated"), Some(3.0));
    assert_eq!(value(&daily, "total", day(1), "valid"), Some(1.0));
    assert_eq!(value(&daily, "total", day(1), "returned"), Some(2.0));
    assert_eq!(
        value(&daily, "total", day(1), "tapping_coverage"),
        Some(1.0)
    );
    assert_eq!(
        value(&daily, "total", day(2), "tapping_coverage"),
        Some(0.5)
    );
    let agents = report(
        &mut conn,
        "quality",
        &query(Period::Range, Grouping::Agent, Scope::All),
    )
    .await;
    let a1 = id(A1).to_string();
    assert_eq!(value(&agents, &a1, day(1), "agree_validated"), Some(3.0));
    assert_eq!(value(&agents, &a1, day(1), "valid"), Some(2.0));
    assert_eq!(value(&agents, &a1, day(1), "recall_success"), Some(1.0));
    let bandung = report(
        &mut conn,
        "quality",
        &query(Period::Range, Grouping::Total, Scope::Site(Site::Bandung)),
    )
    .await;
    assert_eq!(
        value(&bandung, "total", day(1), "agree_validated"),
        Some(1.0)
    );
    assert_eq!(
        value(&bandung, "total", day(1), "quality_validation_score"),
        Some(1.0)
    );
    let team = report(
        &mut conn,
        "quality",
        &query(Period::Range, Grouping::Total, TEAM_SCOPE),
    )
    .await;
    assert_eq!(value(&team, "total", day(1), "agree_validated"), Some(5.0));

    // Dec 2 alone: T3's correction (given on Dec 2) stays on Dec 1, its first verdict's day.
    let second = ReportQuery {
        from: day(2),
        ..query(Period::Range, Grouping::Total, Scope::All)
    };
    let q2 = report(&mut conn, "quality", &second).await;
    assert_eq!(value(&q2, "total", day(2), "agree_validated"), Some(3.0));
    assert_eq!(value(&q2, "total", day(2), "returned"), Some(1.0));
    let a2 = report(&mut conn, "activation", &second).await;
    assert_eq!(value(&a2, "total", day(2), "sales_won"), Some(2.0));

    // --- activation ---
    let a = report(
        &mut conn,
        "activation",
        &query(Period::Range, Grouping::Total, Scope::All),
    )
    .await;
    assert_eq!(
        values(&a, "total", day(1)),
        vec![
            ("sales_won", Some(3.0)),
            ("tickets_opened", Some(5.0)),
            ("activated", Some(3.0)),
            ("sale_to_activation_rate", Some(2.0 / 3.0)),
            ("avg_activation_lead_time", Some(15600.0)),
            ("sla_breaches", Some(2.0)),
            ("sla_compliance", Some(0.5)),
            ("breaches_first_response", Some(1.0)),
            ("breaches_validation", Some(0.0)),
            ("breaches_provisioning", Some(1.0)),
            ("breaches_resolution", Some(0.0)),
            ("cabut_cases", Some(2.0)),
            ("cabut_rate", Some(2.0 / 3.0)),
            ("cabut_mis_sale", Some(1.0)),
            ("qc2_validated", Some(2.0)),
            ("qc2_invalid", Some(1.0)),
            ("qc2_validity_rate", Some(0.5)),
        ]
    );
    let daily = report(
        &mut conn,
        "activation",
        &query(Period::Day, Grouping::Total, Scope::All),
    )
    .await;
    // C3's sale was taken back: Dec 1 keeps C1 only.
    assert_eq!(value(&daily, "total", day(1), "sales_won"), Some(1.0));
    assert_eq!(value(&daily, "total", day(1), "activated"), Some(1.0));
    assert_eq!(value(&daily, "total", day(2), "activated"), Some(2.0));
    // Medan's supervisor: no plasa ticket (no site), no Bandung sale.
    let medan = report(
        &mut conn,
        "activation",
        &query(Period::Range, Grouping::Total, Scope::Site(Site::Medan)),
    )
    .await;
    assert_eq!(value(&medan, "total", day(1), "sales_won"), Some(2.0));
    assert_eq!(value(&medan, "total", day(1), "tickets_opened"), Some(3.0));
    assert_eq!(value(&medan, "total", day(1), "activated"), Some(2.0));
    assert_eq!(value(&medan, "total", day(1), "cabut_cases"), Some(1.0));
    assert_eq!(value(&medan, "total", day(1), "qc2_validated"), Some(1.0));
    // The ticket opened before its sale still belongs to the sale's agent and program.
    let agents = report(
        &mut conn,
        "activation",
        &query(Period::Range, Grouping::Agent, Scope::All),
    )
    .await;
    assert_eq!(value(&agents, &a1, day(1), "activated"), Some(2.0));
    assert_eq!(value(&agents, &a1, day(1), "cabut_cases"), Some(1.0));
    assert_eq!(
        value(&agents, "(none)", day(1), "tickets_opened"),
        Some(1.0)
    );
    let programs = report(
        &mut conn,
        "activation",
        &query(Period::Range, Grouping::Program, Scope::All),
    )
    .await;
    assert_eq!(
        value(&programs, "add_on_consumer", day(1), "tickets_opened"),
        Some(4.0)
    );
    assert_eq!(
        reasons(&mut conn).await,
        vec![
            ("(none)".to_owned(), "price".to_owned(), 1),
            ("medan".to_owned(), "never_ordered".to_owned(), 1),
        ]
    );

    // --- disruptions ---
    let d = report(
        &mut conn,
        "disruptions",
        &query(Period::Day, Grouping::Total, Scope::All),
    )
    .await;
    assert_eq!(
        values(&d, "total", day(1)),
        vec![
            ("disruptions", Some(1.0)),
            ("disruption_minutes", Some(60.0)),
            ("p1_disruptions", Some(1.0)),
        ]
    );
    assert_eq!(
        values(&d, "total", day(2)),
        vec![
            ("disruptions", Some(2.0)),
            ("disruption_minutes", Some(150.0)),
            ("p1_disruptions", Some(0.0)),
        ]
    );
    let sites = report(
        &mut conn,
        "disruptions",
        &query(Period::Range, Grouping::Site, Scope::All),
    )
    .await;
    assert_eq!(
        value(&sites, "medan", day(1), "disruption_minutes"),
        Some(120.0)
    );
    assert_eq!(
        value(&sites, "bandung", day(1), "disruption_minutes"),
        Some(90.0)
    );
    let team = report(
        &mut conn,
        "disruptions",
        &query(Period::Range, Grouping::Total, TEAM_SCOPE),
    )
    .await;
    assert!(team.rows.is_empty(), "a team sees no site-level facts");

    // --- rebuilds ---
    let live_reports = reports(&mut conn).await;
    let live_reasons = reasons(&mut conn).await;
    families::reset(&mut conn, None).await.unwrap();
    apply_all(&mut conn, &in_order(&events)).await;
    assert_eq!(reports(&mut conn).await, live_reports, "full rebuild");
    assert_eq!(reasons(&mut conn).await, live_reasons, "full rebuild");

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
    assert_eq!(
        reasons(&mut conn).await,
        live_reasons,
        "rebuild from the 2nd"
    );
}
