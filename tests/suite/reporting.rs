//! Reporting end to end, through the gateway, with every service, Postgres, RabbitMQ and
//! the test clock: a scripted day at Medan (two teams; a work order loaded from a DAPROS
//! file; calls of every outcome; a FOLLOW UP kept and one missed; an AGREE found VALID
//! and one RETURNed and sold again; the sale's ticket activated; an SLA breach; a CABUT
//! case; a P1 disruption resolved) gives every KPI its exact value in the family
//! reports. An event delivered twice counts once; an event of yesterday arriving today
//! lands in yesterday; a team leader sees their team only and an agent their own; a
//! rebuild from the raw events gives the same figures; the XLSX, CSV and PNG chart carry
//! the same figures.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, WAIT};
use uuid::Uuid;

use crate::helpdesk_obc::search;
use crate::outbound::{Person, Suite};
use crate::quality::{claim, scores};

/// The scripted day: the WIB day the test runs (taken once). The services stamp an
/// event's `occurred_at` with the wall clock, not the test clock, and reporting buckets
/// by `occurred_at`: the test clock is put on that day's morning so that the payloads'
/// times (promises, call ends, verdicts) fall on the same day. The script does not
/// depend on the office calendar (the breach is on an around-the-clock policy), so it
/// holds on a Sunday or a holiday too; run across WIB midnight it would not.
static DAY: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| tam_kernel::wib_date(Utc::now()).to_string());

fn day() -> NaiveDate {
    DAY.parse().unwrap()
}

/// The scripted day at `h:m:s` WIB.
fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    tam_kernel::wib_to_utc(day(), NaiveTime::from_hms_opt(h, m, s).unwrap())
}

/// What the scripted day made, for the assertions.
struct Day {
    team_b: Uuid,
    leader_a: Person,
    a1: Person,
    a2: Person,
    b1: Person,
}

/// An agent's call of the next prospect `next` gives them: started at the clock, its
/// result recorded `seconds` later (with a recording first for an AGREE). Returns the
/// prospect, the call, and where `next` took the prospect from.
async fn call_next(
    s: &Suite,
    agent: &Person,
    seconds: i64,
    result: Value,
) -> (String, String, String) {
    let claimed = s.next(agent).await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let source = claimed.body["source"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let call = call_prospect(s, agent, &prospect, seconds, result).await;
    (prospect, call, source)
}

async fn call_prospect(
    s: &Suite,
    agent: &Person,
    prospect: &str,
    seconds: i64,
    result: Value,
) -> String {
    // calling learns of a new claim from prospect's event: a prospect claimed again (a
    // FOLLOW UP, a RETURN) is on its previous claim until then.
    let mut started = s.start_call(agent, prospect).await;
    for _ in 0..50 {
        if started.status != 409 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        started = s.start_call(agent, prospect).await;
    }
    assert_eq!(
        started.status,
        201,
        "{result} on {prospect} at {}: {:?}",
        s.now(),
        started.body
    );
    let call = started.body["id"].as_str().unwrap().to_owned();
    s.app.clock().advance(Duration::seconds(seconds));
    if result["outcome"] == "agree" {
        let recording = s
            .app
            .client
            .put(format!(
                "{}/api/v1/calling/calls/{call}/recording",
                s.gateway
            ))
            .bearer_auth(&agent.token)
            .header("content-type", "audio/mpeg")
            .body(vec![3u8; 16 * 1024])
            .send()
            .await
            .unwrap();
        assert_eq!(recording.status(), 201);
    }
    let recorded = s.result(agent, &call, result.clone()).await;
    assert_eq!(recorded.status, 200, "{result}: {:?}", recorded.body);
    // prospect learns of the result from calling's event; until then the agent still
    // holds the prospect and `next` would hand the same one back.
    let manager = s.token(Role::Manager, None);
    let path = format!("/api/v1/prospect/prospects/{prospect}");
    wait_until("prospect records the result", WAIT, || async {
        let detail = s.get(&path, &manager).await;
        detail.body["attempts"]
            .as_array()?
            .iter()
            .any(|a| a["call_id"] == call.as_str())
            .then_some(())
    })
    .await
    .unwrap();
    call
}

/// The QCO's verdict on the next tapping task; the task's call.
async fn verdict(s: &Suite, qco: &str, valid: bool) -> String {
    let task = claim(s, qco).await;
    let task_id = task["id"].as_str().unwrap().to_owned();
    let body = if valid {
        json!({"scores": scores(s, qco, &task_id, &[]).await, "verdict": "valid"})
    } else {
        json!({"scores": scores(s, qco, &task_id, &["CONFIRMATION"]).await,
               "verdict": "return",
               "reason": "harga paket tidak dikonfirmasi ulang",
               "recommendation": "ulangi harga sebelum menutup"})
    };
    let given = s
        .post(
            &format!("/api/v1/quality/tasks/{task_id}/verdict"),
            qco,
            body,
        )
        .await;
    assert_eq!(given.status, 200, "{:?}", given.body);
    task["call_id"].as_str().unwrap().to_owned()
}

/// The OBC ticket of a sale to `indihome_number`, once helpdesk opened it.
async fn ticket_of(s: &Suite, indihome_number: &str) -> String {
    let found = wait_until("the sale's ticket is open", WAIT, || async {
        let found = search(s, indihome_number).await;
        (!found.is_empty()).then_some(found)
    })
    .await
    .unwrap();
    found[0]["id"].as_str().unwrap().to_owned()
}

async fn ticket_status(s: &Suite, ticket: &str, body: Value) {
    let desk = s.token(Role::HdSupport, None);
    let moved = s
        .post(
            &format!("/api/v1/helpdesk/tickets/{ticket}/status"),
            &desk,
            body,
        )
        .await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
}

/// A team of `site` led by a new team leader; the team and its leader (their token
/// names the team).
async fn team(s: &Suite, name: &str) -> (Uuid, Person) {
    let leader = s
        .hire_uncertified(Role::TeamLeader, Site::Medan, "add_on_consumer")
        .await;
    let created = s
        .post(
            "/api/v1/hr/teams",
            &s.token(Role::Admin, None),
            json!({"name": name, "site": "medan", "program": "add_on_consumer",
                   "team_leader_id": leader.id}),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id: Uuid = created.body["id"].as_str().unwrap().parse().unwrap();
    let token = s.app.token_for(&Subject {
        id: leader.id,
        role: Role::TeamLeader,
        site: Some(Site::Medan),
        team: Some(id),
    });
    (
        id,
        Person {
            id: leader.id,
            token,
        },
    )
}

/// A certified Medan agent of `team`, known in prospect with that team (so that their
/// claims and calls carry it).
async fn agent_of(s: &Suite, team: Uuid) -> Person {
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let moved = s
        .call(
            Method::PATCH,
            &format!("/api/v1/hr/employees/{}", agent.id),
            &s.token(Role::Admin, None),
            Some(json!({"team_id": team})),
        )
        .await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    s.wait_in_prospect(
        "the agent's team reaches prospect",
        &format!(
            "SELECT count(*) AS n FROM agents WHERE employee_id = '{}' AND team_id = '{team}'",
            agent.id
        ),
    )
    .await;
    agent
}

/// The scripted day at Medan. Times are WIB; durations of calls in brackets.
///
/// | time  | what |
/// |-------|------|
/// | 08:00 | A1 checks in on time for the morning shift; 08:40 A2 checks in late |
/// | 09:00 | A1 AGREE p1 (300 s) |
/// | 09:05 | A1 FOLLOW UP p2 (60 s), promised for 09:40 |
/// | 09:06 | A2 AGREE p3 (240 s) |
/// | 09:10 | A2 FOLLOW UP p4 (60 s), promised for 09:45 |
/// | 09:11 | A2 NO ANSWER p5 (20 s), BUSY p6 (10 s); B1 UNREACHABLE p7 (10 s), REJECTED p8 (30 s), WRONG NUMBER p9 (40 s), DECLINE p10 (180 s) |
/// | 09:15:50 | B1 starts p11; 09:20 the supervisor abandons the call |
/// | 09:20 | QCO: p1 VALID (a sale, its OBC ticket) |
/// | 09:22 | QCO: p3 RETURN |
/// | 09:25 | A2 calls p3 again: AGREE (120 s) |
/// | 09:30 | QCO: p3's new call VALID (a sale, its OBC ticket) |
/// | 09:31 | p1's ticket provisioning issued; 09:35 activated; 09:36 p3's provisioning issued |
/// | 09:36 | HD Support opens an urgent web ticket at Medan (first response 30 min around the clock: due 10:06) |
/// | 09:40 | A team leader reports a P1 dialer outage at Medan; 09:45 IOC acknowledges |
/// | 09:45 | A1 keeps the FOLLOW UP of p2 (5 min late, within 15): AGREE (120 s), not judged |
/// | 10:05 | A2 calls p4, 20 min after the promise (missed): DECLINE (30 s) |
/// | 10:40 | IOC resolves the disruption (60 minutes) |
/// | 10:40 | the web ticket's first response breached (at 10:06) |
/// | 10:45 | QC Tier 2 files p1's cancellation (CABUT), reaches the customer: never ordered |
/// | 10:50 | A1 (in at 08:00) and A2 (in at 08:40, late) check out |
async fn scripted_day(s: &Suite) -> Day {
    s.app.clock().set(at(8, 0, 0));
    let wo = s.work_order(Site::Medan, "WO-RPT-MDN").await;
    let mut csv = String::from("indihome_number;customer_name;contact_number\n");
    for i in 1..=12 {
        csv.push_str(&format!("16100000{i:04};Pelanggan {i};08126100{i:04}\n"));
    }
    let imported = s.import(Site::Medan, wo, &csv).await;
    assert_eq!(imported.status, 201, "{:?}", imported.body);
    assert_eq!(imported.body["accepted"], 12, "{:?}", imported.body);

    let (team_a, leader_a) = team(s, "Tim Reporting A").await;
    let (team_b, _leader_b) = team(s, "Tim Reporting B").await;
    let a1 = agent_of(s, team_a).await;
    let a2 = agent_of(s, team_a).await;
    let b1 = agent_of(s, team_b).await;
    let qco = s.token(Role::QcOfficer, Some(Site::Medan));

    // The site's morning shift; A1 and A2 rostered on it. A1 checks in at 08:00 (on
    // time), A2 at 08:40 (late); B1 never does (the site does not require it).
    let supervisor = s.token(Role::SupervisorOps, Some(Site::Medan));
    let shift = s
        .post(
            "/api/v1/hr/shifts",
            &supervisor,
            json!({"site": "medan", "code": "PAGI", "starts_at": "08:00", "ends_at": "17:00"}),
        )
        .await;
    assert_eq!(shift.status, 201, "{:?}", shift.body);
    for agent in [&a1, &a2] {
        let rostered = s
            .post(
                "/api/v1/hr/rosters",
                &supervisor,
                json!({"employee_id": agent.id, "shift_id": shift.body["id"],
                       "from": *DAY, "to": *DAY}),
            )
            .await;
        assert_eq!(rostered.status, 200, "{:?}", rostered.body);
    }
    let check_in = |agent: &Person| {
        let token = agent.token.clone();
        async move {
            let done = s
                .post("/api/v1/hr/attendance/check-in", &token, json!({}))
                .await;
            assert_eq!(done.status, 201, "{:?}", done.body);
            done.body["late"].as_bool().unwrap()
        }
    };
    assert!(!check_in(&a1).await);
    s.app.clock().set(at(8, 40, 0));
    assert!(check_in(&a2).await);

    // The morning's calls.
    s.app.clock().set(at(9, 0, 0));
    let (p1, _, _) = call_next(
        s,
        &a1,
        300,
        json!({"outcome": "agree", "product_code": "STB2"}),
    )
    .await;
    let promise_p2 = at(9, 40, 0);
    let (p2, _, _) = call_next(
        s,
        &a1,
        60,
        json!({"outcome": "follow_up", "follow_up_at": promise_p2.to_rfc3339()}),
    )
    .await;
    let (p3, _, _) = call_next(
        s,
        &a2,
        240,
        json!({"outcome": "agree", "product_code": "STB2"}),
    )
    .await;
    let promise_p4 = at(9, 45, 0);
    let (p4, _, _) = call_next(
        s,
        &a2,
        60,
        json!({"outcome": "follow_up", "follow_up_at": promise_p4.to_rfc3339()}),
    )
    .await;
    call_next(s, &a2, 20, json!({"outcome": "no_answer"})).await;
    call_next(s, &a2, 10, json!({"outcome": "busy"})).await;
    call_next(s, &b1, 10, json!({"outcome": "unreachable"})).await;
    call_next(s, &b1, 30, json!({"outcome": "rejected"})).await;
    call_next(s, &b1, 40, json!({"outcome": "wrong_number"})).await;
    call_next(s, &b1, 180, json!({"outcome": "decline"})).await;
    assert_eq!(s.now(), at(9, 15, 50));

    // B1's softphone dies on p11; the supervisor closes the call.
    let claimed = s.next(&b1).await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    let p11 = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let open = s.start_call(&b1, &p11).await;
    assert_eq!(open.status, 201, "{:?}", open.body);
    let stuck = open.body["id"].as_str().unwrap().to_owned();
    s.app.clock().set(at(9, 20, 0));
    let closed = s
        .post(
            &format!("/api/v1/calling/calls/{stuck}/abandon"),
            &s.token(Role::SupervisorOps, Some(Site::Medan)),
            json!({"reason": "softphone mati"}),
        )
        .await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);

    // QC: p1 VALID, p3 RETURNed.
    verdict(s, &qco, true).await;
    s.app.clock().set(at(9, 22, 0));
    verdict(s, &qco, false).await;
    s.prospect_in(&p3, "returned").await;

    // A2 sells p3 again; VALID.
    s.app.clock().set(at(9, 25, 0));
    let again = s.next(&a2).await;
    assert_eq!(again.body["source"], "returned", "{:?}", again.body);
    assert_eq!(again.body["prospect"]["id"], p3.as_str());
    call_prospect(
        s,
        &a2,
        &p3,
        120,
        json!({"outcome": "agree", "product_code": "STB2"}),
    )
    .await;
    s.app.clock().set(at(9, 30, 0));
    verdict(s, &qco, true).await;
    s.prospect_in(&p1, "won").await;
    s.prospect_in(&p3, "won").await;

    // HD Support: p1's activation done, p3's provisioning issued (its first response).
    let ticket_p1 = ticket_of(s, "161000000001").await;
    let ticket_p3 = ticket_of(s, "161000000003").await;
    s.app.clock().set(at(9, 31, 0));
    ticket_status(
        s,
        &ticket_p1,
        json!({"status": "provisioning_issued", "provisioning_order_number": "SC-16001"}),
    )
    .await;
    s.app.clock().set(at(9, 35, 0));
    ticket_status(s, &ticket_p1, json!({"status": "activated"})).await;
    s.app.clock().set(at(9, 36, 0));
    ticket_status(
        s,
        &ticket_p3,
        json!({"status": "provisioning_issued", "provisioning_order_number": "SC-16003"}),
    )
    .await;
    let desk = s.token(Role::HdSupport, None);
    let web_ticket = s
        .post(
            "/api/v1/helpdesk/tickets",
            &desk,
            json!({
                "channel": "web",
                "priority": "urgent",
                "indihome_number": "161009990001",
                "customer_name": "Hendra Gunawan",
                "contact_number": "0812-6100-9990",
                "product_code": "MINIPACK",
                "site": "medan",
                "note": "ordered on the web, the customer waits for it",
            }),
        )
        .await;
    assert_eq!(web_ticket.status, 201, "{:?}", web_ticket.body);
    let web_ticket_id = web_ticket.body["ticket"]["id"].as_str().unwrap().to_owned();

    // A P1 dialer outage at Medan, acknowledged by IOC.
    s.app.clock().set(at(9, 40, 0));
    let reported = s
        .post(
            "/api/v1/helpdesk/disruptions",
            &leader_a.token,
            json!({
                "category": "telephony_dialer",
                "programs": ["add_on_consumer"],
                "agents_affected": 3,
                "description": "the dialer drops every call after the greeting",
                "proposed_severity": "p1",
            }),
        )
        .await;
    assert_eq!(reported.status, 201, "{:?}", reported.body);
    assert_eq!(reported.body["disruption"]["severity"], "p1");
    let disruption = reported.body["disruption"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ioc = s.token(Role::Ioc, None);
    s.app.clock().set(at(9, 45, 0));
    let acked = s
        .post(
            &format!("/api/v1/helpdesk/disruptions/{disruption}/status"),
            &ioc,
            json!({"status": "acknowledged"}),
        )
        .await;
    assert_eq!(acked.status, 200, "{:?}", acked.body);

    // The FOLLOW UP of p2 kept five minutes after the promise; p4's twenty minutes late.
    let due = s.next(&a1).await;
    assert_eq!(due.body["source"], "follow_up", "{:?}", due.body);
    assert_eq!(due.body["prospect"]["id"], p2.as_str());
    call_prospect(
        s,
        &a1,
        &p2,
        120,
        json!({"outcome": "agree", "product_code": "MINIPACK"}),
    )
    .await;
    s.app.clock().set(at(10, 5, 0));
    let late = s.next(&a2).await;
    assert_eq!(late.body["source"], "follow_up", "{:?}", late.body);
    assert_eq!(late.body["prospect"]["id"], p4.as_str());
    call_prospect(s, &a2, &p4, 30, json!({"outcome": "decline"})).await;

    // IOC resolves the outage; the web ticket's first response breached at 10:06.
    s.app.clock().set(at(10, 40, 0));
    let resolved = s
        .post(
            &format!("/api/v1/helpdesk/disruptions/{disruption}/status"),
            &ioc,
            json!({"status": "resolved", "note": "dialer restarted"}),
        )
        .await;
    assert_eq!(resolved.status, 200, "{:?}", resolved.body);
    s.app.clock().set(at(10, 41, 0));
    wait_until("the web ticket's breach", WAIT, || async {
        let breached = s.app.published("helpdesk.ticket.breached").await;
        breached
            .iter()
            .any(|e| e["payload"]["ticket_id"] == web_ticket_id.as_str())
            .then_some(())
    })
    .await
    .unwrap();

    // p1's customer cancels: QC Tier 2 files it, reaches them, never ordered.
    s.app.clock().set(at(10, 45, 0));
    let qc2 = s.token(Role::QcTier2, None);
    let filed = s
        .post(
            "/api/v1/helpdesk/cabut/cases",
            &qc2,
            json!({"indihome_number": "161000000001", "product_code": "STB2",
                   "cancelled_on": *DAY, "channel": "obc"}),
        )
        .await;
    assert_eq!(filed.status, 201, "{:?}", filed.body);
    let case = filed.body["case"]["id"].as_str().unwrap().to_owned();
    let held = s
        .post("/api/v1/helpdesk/cabut/cases/claim", &qc2, json!({}))
        .await;
    assert_eq!(held.status, 200, "{:?}", held.body);
    let reached = s
        .post(
            &format!("/api/v1/helpdesk/cabut/cases/{case}/attempts"),
            &qc2,
            json!({"outcome": "reached"}),
        )
        .await;
    assert_eq!(reached.status, 200, "{:?}", reached.body);
    let surveyed = s
        .post(
            &format!("/api/v1/helpdesk/cabut/cases/{case}/survey"),
            &qc2,
            json!({"reasons": [{"code": "never_ordered", "main": true}],
                   "note": "pelanggan tidak merasa memesan"}),
        )
        .await;
    assert_eq!(surveyed.status, 200, "{:?}", surveyed.body);
    let _ = (p1, wo);

    // A1 and A2 check out at 10:50: 2 h 50 min and 2 h 10 min present.
    s.app.clock().set(at(10, 50, 0));
    for agent in [&a1, &a2] {
        let out = s
            .post("/api/v1/hr/attendance/check-out", &agent.token, json!({}))
            .await;
        assert!(out.status.is_success(), "{:?}", out.body);
    }

    Day {
        team_b,
        leader_a,
        a1,
        a2,
        b1,
    }
}

/// Waits until reporting has handled every event the services published so far.
async fn reporting_caught_up(s: &Suite) {
    let ids: Vec<Uuid> = s
        .app
        .published_all()
        .await
        .into_iter()
        .map(|(_, e)| e["id"].as_str().unwrap().parse().unwrap())
        .collect();
    s.app.handled("reporting", &ids).await.unwrap();
}

/// `GET /api/v1/reporting/{family}?{query}` as `token`: its JSON.
async fn report(s: &Suite, family: &str, query: &str, token: &str) -> Value {
    let answer = s
        .get(&format!("/api/v1/reporting/{family}?{query}"), token)
        .await;
    assert_eq!(answer.status, 200, "{family}?{query}: {:?}", answer.body);
    answer.body
}

/// The day's totals of `family`, by KPI key.
async fn day_totals(s: &Suite, family: &str, day: &str, token: &str) -> BTreeMap<String, Value> {
    let body = report(
        s,
        family,
        &format!("from={day}&to={day}&period=day&group_by=total"),
        token,
    )
    .await;
    let rows = body["rows"].as_array().unwrap();
    match rows.as_slice() {
        [] => BTreeMap::new(),
        [row] => row["values"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        more => panic!("{family}: one total row a day, not {}: {body}", more.len()),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Asserts every column of `family`'s day total is `expected` (a ratio to 1e-9).
/// `expected` names every KPI the report has.
fn assert_values(family: &str, got: &BTreeMap<String, Value>, expected: &[(&str, Option<f64>)]) {
    let mut wrong = Vec::new();
    for (key, want) in expected {
        let have = got.get(*key).and_then(Value::as_f64);
        let same = match (have, want) {
            (Some(h), Some(w)) => close(h, *w),
            (None, None) => true,
            _ => false,
        };
        if !same {
            wrong.push(format!("{key}: {have:?}, expected {want:?}"));
        }
    }
    for key in got.keys() {
        if !expected.iter().any(|(k, _)| k == key) {
            wrong.push(format!("{key}: {:?} is not asserted", got[key]));
        }
    }
    assert!(
        wrong.is_empty(),
        "{family} on {}:\n{}",
        *DAY,
        wrong.join("\n")
    );
}

/// The outbound figures of the scripted day (13 calls with a result, one abandoned).
fn outbound_expected() -> Vec<(&'static str, Option<f64>)> {
    let calls = 13.0;
    let contacts = 8.0; // 4 agree + 2 decline + 2 follow_up
    vec![
        ("calls", Some(calls)),
        ("contacts", Some(contacts)),
        ("contact_rate", Some(contacts / calls)),
        // Contacts ÷ (contacts + wrong numbers).
        ("right_number_rate", Some(contacts / (contacts + 1.0))),
        ("conversion", Some(4.0 / contacts)),
        ("agree", Some(4.0)),
        ("decline", Some(2.0)),
        ("follow_up", Some(2.0)),
        ("unreached", Some(4.0)),
        ("wrong_number", Some(1.0)),
        // 300+60+240+60+20+10+10+30+40+180+120+120+30
        ("avg_call_duration", Some(1220.0 / calls)),
        ("follow_up_due", Some(2.0)),
        ("follow_up_kept", Some(1.0)),
        ("follow_up_adherence", Some(0.5)),
        // The calls that answered the two FOLLOW UPs: p2's AGREE, p4's DECLINE.
        ("follow_up_yield", Some(0.5)),
        ("prospects_loaded", Some(12.0)),
        ("prospects_attempted", Some(10.0)),
        // p1, p2, p3 (AGREE, once), p4, p10 (DECLINE), p9 (wrong number).
        ("prospects_final", Some(6.0)),
        ("list_penetration", Some(10.0 / 12.0)),
        ("list_exhaustion", Some(0.5)),
        ("attempts_per_prospect", Some(1.3)),
        ("abandoned_calls", Some(1.0)),
    ]
}

/// The quality figures: verdicts on p1 (VALID, 900 s after its AGREE), p3 (RETURN, 720 s)
/// and p3's new call (VALID, 180 s); p2's AGREE not judged.
fn quality_expected() -> Vec<(&'static str, Option<f64>)> {
    vec![
        ("agree_validated", Some(3.0)),
        ("valid", Some(2.0)),
        ("returned", Some(1.0)),
        ("quality_validation_score", Some(2.0 / 3.0)),
        ("recalled_after_return", Some(1.0)),
        ("recall_success", Some(1.0)),
        ("tapping_coverage", Some(0.75)),
        ("avg_tapping_turnaround", Some(600.0)),
    ]
}

fn activation_expected() -> Vec<(&'static str, Option<f64>)> {
    vec![
        ("sales_won", Some(2.0)),
        // Two OBC sales' tickets and the web one.
        ("tickets_opened", Some(3.0)),
        ("activated", Some(1.0)),
        ("sale_to_activation_rate", Some(0.5)),
        // p1 won at 09:20, activated at 09:35.
        ("avg_activation_lead_time", Some(900.0)),
        ("sla_breaches", Some(1.0)),
        // p1's ticket, resolved without a breach.
        ("sla_compliance", Some(1.0)),
        ("breaches_first_response", Some(1.0)),
        ("breaches_validation", Some(0.0)),
        ("breaches_provisioning", Some(0.0)),
        ("breaches_resolution", Some(0.0)),
        ("cabut_cases", Some(1.0)),
        // CABUT cases ÷ activations.
        ("cabut_rate", Some(1.0)),
        ("cabut_mis_sale", Some(1.0)),
        ("qc2_validated", Some(0.0)),
        ("qc2_invalid", Some(0.0)),
        ("qc2_validity_rate", None),
    ]
}

/// The workforce figures: two check-ins (one late), 5 hours present, no day closed by
/// hr yet (the SDM figures come with hr's close of the day, after it).
fn workforce_expected() -> Vec<(&'static str, Option<f64>)> {
    vec![
        ("sdm_available", None),
        ("sdm_target", None),
        ("sdm_fulfilment", None),
        ("check_ins", Some(2.0)),
        ("late_check_ins", Some(1.0)),
        ("hours_present", Some(5.0)),
        // The agents' 4 AGREE calls ÷ their 5 hours present.
        ("sales_per_hour_present", Some(0.8)),
    ]
}

fn disruptions_expected() -> Vec<(&'static str, Option<f64>)> {
    vec![
        ("disruptions", Some(1.0)),
        ("disruption_minutes", Some(60.0)),
        ("p1_disruptions", Some(1.0)),
    ]
}

const FAMILIES: &[&str] = &[
    "outbound",
    "quality",
    "activation",
    "disruptions",
    "workforce",
];

fn expected(family: &str) -> Vec<(&'static str, Option<f64>)> {
    match family {
        "outbound" => outbound_expected(),
        "quality" => quality_expected(),
        "activation" => activation_expected(),
        "disruptions" => disruptions_expected(),
        "workforce" => workforce_expected(),
        _ => Vec::new(),
    }
}

/// Every family's day totals as `token` sees them.
async fn all_totals(s: &Suite, token: &str) -> BTreeMap<String, BTreeMap<String, Value>> {
    let mut all = BTreeMap::new();
    for family in FAMILIES {
        all.insert(
            (*family).to_owned(),
            day_totals(s, family, &DAY, token).await,
        );
    }
    all
}

/// An envelope the services published, as it was sent.
fn envelope(json: &Value) -> tam_events::Envelope {
    serde_json::from_value(json.clone()).unwrap()
}

/// The suite with a fast escalation poller (the web ticket's breach is found within
/// a second of the clock passing its due time).
async fn start() -> Suite {
    let overrides = [("TAM_ESCALATION_POLL_INTERVAL_MS", "100")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Suite::start_with(&overrides).await
}

#[tokio::test]
async fn a_scripted_day_gives_every_kpi_its_exact_value_in_every_view_and_format() {
    let s = start().await;
    let today = day();
    let d = scripted_day(&s).await;
    reporting_caught_up(&s).await;
    let manager = s.token(Role::Manager, None);

    // Every KPI of every family, exactly.
    let live = all_totals(&s, &manager).await;
    for family in FAMILIES {
        assert_values(family, &live[*family], &expected(family));
    }

    // An event delivered twice counts once: a call's completion published again with
    // its id changes nothing.
    let completed = s.app.published("calling.call.completed").await;
    let again = envelope(&completed[0]);
    s.app.emit_envelope(&again).await.unwrap();
    // An event of yesterday that arrives today lands in yesterday: a DAPROS import of
    // five rows at 16:00 WIB the day before, delivered (twice) only now.
    let yesterday = day() - Duration::days(1);
    let imports = s.app.published("prospect.dapros.imported").await;
    let mut late = envelope(&imports[0]);
    late.id = Uuid::now_v7();
    late.occurred_at =
        tam_kernel::wib_to_utc(yesterday, NaiveTime::from_hms_opt(16, 0, 0).unwrap());
    let p = &mut late.payload;
    p["import_id"] = json!(Uuid::now_v7());
    for (field, n) in [
        ("total", 5),
        ("accepted", 5),
        ("rejected", 0),
        ("duplicates", 0),
        ("dnc_excluded", 0),
    ] {
        p[field] = json!(n);
    }
    s.app.emit_envelope(&late).await.unwrap();
    s.app.emit_envelope(&late).await.unwrap();
    s.app
        .handled("reporting", &[again.id, late.id])
        .await
        .unwrap();
    let after = all_totals(&s, &manager).await;
    assert_eq!(
        after, live,
        "the redelivery and yesterday's event change nothing today"
    );
    let before = day_totals(&s, "outbound", &yesterday.to_string(), &manager).await;
    for (key, want) in [("prospects_loaded", 5.0), ("list_penetration", 0.0)] {
        assert_eq!(
            before.get(key).and_then(Value::as_f64),
            Some(want),
            "{key} {before:?}"
        );
    }

    // The team leader's view: their team's agents only; another team refused.
    let by_agent = report(
        &s,
        "outbound",
        &format!("from={today}&to={today}&group_by=agent"),
        &d.leader_a.token,
    )
    .await;
    let mut agents: Vec<String> = by_agent["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"]["id"].as_str().unwrap().to_owned())
        .collect();
    agents.sort();
    let mut team_a = vec![d.a1.id.to_string(), d.a2.id.to_string()];
    team_a.sort();
    assert_eq!(agents, team_a, "{by_agent}");
    let calls_of = |body: &Value, agent: Uuid| {
        body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"]["id"] == agent.to_string())
            .map(|r| r["values"]["calls"].clone())
    };
    // A1: p1, p2, p2 kept; A2: p3, p4, p5, p6, p3 again, p4 late.
    assert_eq!(calls_of(&by_agent, d.a1.id), Some(json!(3.0)));
    assert_eq!(calls_of(&by_agent, d.a2.id), Some(json!(6.0)));
    let foreign = s
        .get(
            &format!(
                "/api/v1/reporting/outbound?from={today}&to={today}&team={}",
                d.team_b
            ),
            &d.leader_a.token,
        )
        .await;
    assert!(
        foreign.status == 403 || foreign.status == 404,
        "another team's figures are refused: {:?}",
        foreign.body
    );
    // An agent sees their own figures only.
    let own = report(
        &s,
        "outbound",
        &format!("from={today}&to={today}&group_by=agent"),
        &d.b1.token,
    )
    .await;
    let rows = own["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{own}");
    assert_eq!(rows[0]["group"]["id"], d.b1.id.to_string());
    assert_eq!(rows[0]["values"]["calls"], json!(4.0));
    let own_total = day_totals(&s, "outbound", &DAY, &d.b1.token).await;
    assert_eq!(own_total["calls"], json!(4.0));

    // A rebuild from the raw events, whole and from the day, gives the same figures.
    let pool = s.app.pool("reporting").unwrap();
    for from in [None, Some(day())] {
        let mut conn = pool.get().await.unwrap();
        tam_reporting::rebuild::rebuild(&mut conn, from)
            .await
            .unwrap();
        drop(conn);
        assert_eq!(
            all_totals(&s, &manager).await,
            live,
            "rebuilt from {from:?}"
        );
        assert_eq!(
            day_totals(&s, "outbound", &yesterday.to_string(), &manager).await,
            before,
            "yesterday, rebuilt from {from:?}"
        );
    }

    // The CSV has the same figures.
    let query = format!("from={today}&to={today}&period=day&group_by=total");
    let (status, csv) = fetch(
        &s,
        &format!("/api/v1/reporting/outbound?{query}&format=csv"),
        &manager,
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&csv));
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let values: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(lines.next(), None, "{csv}");
    let outbound = &live["outbound"];
    for (key, cell) in header.iter().zip(&values).skip(5) {
        let want = outbound[*key].as_f64();
        let have = (!cell.is_empty()).then(|| cell.parse::<f64>().unwrap());
        assert!(
            match (have, want) {
                (Some(h), Some(w)) => close(h, w),
                (h, w) => h == w,
            },
            "{key}: CSV {cell:?}, JSON {want:?}"
        );
    }
    assert_eq!(header.len() - 5, outbound.len(), "{csv}");

    // The XLSX of the two days opens, has the day's figures (durations as durations,
    // in days) and its native chart.
    let (status, xlsx) = fetch(
        &s,
        &format!("/api/v1/reporting/outbound?from={yesterday}&to={today}&period=day&format=xlsx"),
        &manager,
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&xlsx));
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.clone())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "outbound").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let serial =
        |d: NaiveDate| (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
    let data: Vec<&[calamine::Data]> = rows.collect();
    assert_eq!(data.len(), 2, "yesterday and the day");
    let row = data
        .iter()
        .find(|r| number(&r[0]) == Some(serial(day())))
        .unwrap_or_else(|| panic!("no row of {today}: {data:?}"));
    let units: BTreeMap<&str, tam_reporting::kpi::Unit> = tam_reporting::families::kpis()
        .map(|k| (k.key, k.unit))
        .collect();
    for (key, cell) in header.iter().zip(row.iter()).skip(5) {
        let want = outbound[key.as_str()].as_f64();
        let have = number(cell).map(|v| match units[key.as_str()] {
            tam_reporting::kpi::Unit::Seconds => v * 86_400.0,
            _ => v,
        });
        assert!(
            match (have, want) {
                (Some(h), Some(w)) => (h - w).abs() < 1e-6,
                (h, w) => h == w,
            },
            "{key}: XLSX {cell:?}, JSON {want:?}"
        );
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    assert!(
        zip.by_name("xl/charts/chart1.xml").is_ok(),
        "the workbook has a chart"
    );

    // The PNG chart decodes and has the size asked for.
    let (status, png) = fetch(
        &s,
        &format!(
            "/api/v1/reporting/charts/contact_rate?from={yesterday}&to={today}&format=png&width=800&height=400"
        ),
        &manager,
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&png));
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (800, 400));

    s.stop().await;
}

/// A cell's number (a date or a duration as Excel keeps it: days).
fn number(cell: &calamine::Data) -> Option<f64> {
    match cell {
        calamine::Data::Float(f) => Some(*f),
        calamine::Data::Int(i) => Some(*i as f64),
        calamine::Data::DateTime(d) => Some(d.as_f64()),
        _ => None,
    }
}

/// `GET path` as `token`: the status and the body's bytes.
async fn fetch(s: &Suite, path: &str, token: &str) -> (u16, Vec<u8>) {
    let response = s
        .app
        .client
        .get(format!("{}{path}", s.gateway))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}
