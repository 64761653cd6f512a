//! CAPLAN and SDM fulfilment through the gateway, with the clock the test sets: a
//! Medan plan over February with a resignation mid-month gives the exact daily figures,
//! the closed days do not change after later resignations and a later target revision,
//! the gap opens one requisition and grows it, and a Medan supervisor_ops neither sees
//! nor plans Bandung.
//!
//! The people counted are team leaders: an agent counts only while certified for the
//! program, which the training part of the issue covers; a team leader needs no
//! certification, so the figures here depend on status alone.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};

use crate::outbound::Suite;

/// `date` at `hour`:00 WIB.
fn wib(date: &str, hour: u32) -> DateTime<Utc> {
    let date: NaiveDate = date.parse().unwrap();
    tam_kernel::wib_to_utc(date, NaiveTime::from_hms_opt(hour, 0, 0).unwrap())
}

/// Hires a team leader at `site` on `program` through hr; their id.
async fn hire_team_leader(s: &Suite, n: u32, site: Site, program: &str) -> String {
    let admin = s.token(Role::Admin, None);
    let created = s
        .post(
            "/api/v1/hr/employees",
            &admin,
            json!({
                "nik": format!("1271{:012}", n),
                "full_name": format!("Ketua Tim {n}"),
                "username": format!("ketua.{n}"),
                "role": "team_leader",
                "site": site.as_str(),
                "program": program,
                "birth_date": "1994-03-02",
                "education_level": "S1",
                "education_field": "Manajemen",
                "hire_date": "2027-02-01",
            }),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

async fn resign(s: &Suite, id: &str) {
    let admin = s.token(Role::Admin, None);
    let gone = s
        .post(
            &format!("/api/v1/hr/employees/{id}/deactivate"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(gone.status, 200, "{:?}", gone.body);
}

/// The SDM days of Medan's team leaders on `program` in February 2027.
async fn february(s: &Suite, token: &str, program: &str) -> Value {
    let read = s
        .get(
            &format!(
                "/api/v1/hr/sdm?site=medan&program={program}&role=team_leader&from=2027-02-01&to=2027-02-28"
            ),
            token,
        )
        .await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    read.body
}

/// (day of month, available, target, below target, provisional) of each day.
fn figures(body: &Value) -> Vec<(u32, u64, u64, bool, bool)> {
    body["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let day: NaiveDate = d["day"].as_str().unwrap().parse().unwrap();
            (
                chrono::Datelike::day(&day),
                d["available"].as_u64().unwrap(),
                d["target"].as_u64().unwrap(),
                d["below_target"].as_bool().unwrap(),
                d["provisional"].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn gap_requisitions(s: &Suite, token: &str) -> Vec<Value> {
    let list = s
        .get("/api/v1/hr/requisitions?site=medan&role=team_leader", token)
        .await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["origin"] == "caplan_gap")
        .cloned()
        .collect()
}

#[tokio::test]
async fn february_fulfilment_with_a_resignation_mid_month_is_exact_and_stays_as_it_closed() {
    let s = Suite::start().await;
    let program = Site::Medan.programs()[0].as_str();
    let bandung_program = Site::Bandung.programs()[0].as_str();
    let manager = s.token(Role::Manager, None);
    let medan_ops = s.token(Role::SupervisorOps, Some(Site::Medan));

    // 1 February 2027: four team leaders start; the plan is four from February on.
    s.app.clock().set(wib("2027-02-01", 9));
    let mut leaders = Vec::new();
    for n in 0..4 {
        leaders.push(hire_team_leader(&s, n, Site::Medan, program).await);
    }
    let negative = s
        .post(
            "/api/v1/hr/caplan",
            &manager,
            json!({"site": "medan", "program": program, "role": "team_leader",
                   "effective_from": "2027-02", "headcount": -1}),
        )
        .await;
    assert_eq!(negative.status, 422, "{:?}", negative.body);
    assert!(
        negative.body["detail"]
            .as_str()
            .unwrap()
            .contains("headcount"),
        "{:?}",
        negative.body
    );
    let planned = s
        .post(
            "/api/v1/hr/caplan",
            &medan_ops,
            json!({"site": "medan", "program": program, "role": "team_leader",
                   "effective_from": "2027-02", "headcount": 4}),
        )
        .await;
    assert_eq!(planned.status, 201, "{:?}", planned.body);

    // A Medan supervisor_ops neither plans nor reads Bandung.
    let elsewhere = s
        .post(
            "/api/v1/hr/caplan",
            &medan_ops,
            json!({"site": "bandung", "program": bandung_program, "role": "team_leader",
                   "effective_from": "2027-02", "headcount": 3}),
        )
        .await;
    assert_eq!(elsewhere.status, 403, "{:?}", elsewhere.body);
    let peek = s
        .get(
            &format!(
                "/api/v1/hr/sdm?site=bandung&program={bandung_program}&role=team_leader&from=2027-02-01&to=2027-02-28"
            ),
            &medan_ops,
        )
        .await;
    assert_eq!(peek.status, 403, "{:?}", peek.body);
    let bandung_plan = s.get("/api/v1/hr/caplan?site=bandung", &medan_ops).await;
    assert_eq!(bandung_plan.status, 200);
    assert_eq!(bandung_plan.body["items"], json!([]));

    // 15 February: one of them resigns.
    s.app.clock().set(wib("2027-02-15", 10));
    resign(&s, &leaders[0]).await;
    let mid = february(&s, &medan_ops, program).await;
    let mut expected: Vec<_> = (1..=14).map(|d| (d, 4, 4, false, false)).collect();
    // Today: live and provisional, already under 95% (3 of 4).
    expected.push((15, 3, 4, true, true));
    assert_eq!(figures(&mid), expected, "{mid}");

    // 2 March: February is closed, every day as it was.
    s.app.clock().set(wib("2027-03-02", 10));
    let closed = february(&s, &manager, program).await;
    let mut expected: Vec<_> = (1..=14).map(|d| (d, 4, 4, false, false)).collect();
    expected.extend((15..=28).map(|d| (d, 3, 4, true, false)));
    assert_eq!(figures(&closed), expected, "{closed}");
    assert_eq!(closed["days_below_target"], 14);
    assert_eq!(closed["days"][14]["ratio"], 0.75);
    assert_eq!(closed["days"][0]["ratio"], 1.0);
    // The close found the gap (4 planned, 3 available): one requisition for one person;
    // closing again opens no second one.
    let gaps = gap_requisitions(&s, &manager).await;
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["headcount"], 1);
    assert_eq!(gaps[0]["status"], "open");
    let _ = february(&s, &manager, program).await;
    assert_eq!(gap_requisitions(&s, &manager).await.len(), 1);

    // Another resignation today and a revision from March (six): February does not move.
    resign(&s, &leaders[1]).await;
    let revised = s
        .post(
            "/api/v1/hr/caplan",
            &manager,
            json!({"site": "medan", "program": program, "role": "team_leader",
                   "effective_from": "2027-03", "headcount": 6, "note": "new campaign"}),
        )
        .await;
    assert_eq!(revised.status, 201, "{:?}", revised.body);
    let past = s
        .post(
            "/api/v1/hr/caplan",
            &manager,
            json!({"site": "medan", "program": program, "role": "team_leader",
                   "effective_from": "2027-02", "headcount": 9}),
        )
        .await;
    assert_eq!(past.status, 422, "{:?}", past.body);
    let again = february(&s, &manager, program).await;
    assert_eq!(again["days"], closed["days"]);
    // The gap grew the open requisition (6 planned, 2 available, 1 open): 1 + 3.
    let gaps = gap_requisitions(&s, &manager).await;
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["headcount"], 4, "{gaps:?}");
    // Today in March is live under the new target.
    let march = s
        .get(
            &format!(
                "/api/v1/hr/sdm?site=medan&program={program}&role=team_leader&from=2027-03-02&to=2027-03-31"
            ),
            &manager,
        )
        .await;
    assert_eq!(march.status, 200, "{:?}", march.body);
    assert_eq!(figures(&march.body), vec![(2, 2, 6, true, true)]);

    // Bandung's supervisor_ops does not see Medan's requisition.
    let id = gaps[0]["id"].as_str().unwrap();
    let bandung_ops = s.token(Role::SupervisorOps, Some(Site::Bandung));
    let hidden = s
        .get(&format!("/api/v1/hr/requisitions/{id}"), &bandung_ops)
        .await;
    assert_eq!(hidden.status, 404, "{:?}", hidden.body);
    let seen = s
        .get(&format!("/api/v1/hr/requisitions/{id}"), &medan_ops)
        .await;
    assert_eq!(seen.status, 200, "{:?}", seen.body);
    s.stop().await;
}

/// A prior certification of `agent` for `program` through hr's route.
async fn certify(s: &Suite, agent: &uuid::Uuid, program: &str, from: &str, until: &str) {
    let admin = s.token(Role::Admin, None);
    let certified = s
        .post(
            "/api/v1/hr/certifications",
            &admin,
            json!({"employee_id": agent, "program": program, "valid_from": from,
                   "valid_until": until, "reason": "trained before the suite"}),
        )
        .await;
    assert_eq!(certified.status, 201, "{:?}", certified.body);
}

#[tokio::test]
async fn agents_are_available_only_while_certified_and_a_late_certification_changes_no_closed_day()
{
    let s = Suite::start().await;
    let program = Site::Medan.programs()[0].as_str();
    let coordinator = s.token(Role::Coordinator, None);
    s.app.clock().set(wib("2027-03-01", 9));
    let mut agents = Vec::new();
    for _ in 0..3 {
        agents.push(
            s.hire_uncertified(Role::Agent, Site::Medan, program)
                .await
                .id,
        );
    }
    certify(&s, &agents[0], program, "2027-03-01", "2027-03-31").await;
    // The second agent's certification ends on 10 March; the third has none.
    certify(&s, &agents[1], program, "2027-03-01", "2027-03-10").await;
    let planned = s
        .post(
            "/api/v1/hr/caplan",
            &coordinator,
            json!({"site": "medan", "program": program, "role": "agent",
                   "effective_from": "2027-03", "headcount": 2}),
        )
        .await;
    assert_eq!(planned.status, 201, "{:?}", planned.body);

    s.app.clock().set(wib("2027-03-16", 9));
    let path = format!(
        "/api/v1/hr/sdm?site=medan&program={program}&role=agent&from=2027-03-01&to=2027-03-31"
    );
    let read = s.get(&path, &coordinator).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    let mut expected: Vec<_> = (1..=10).map(|d| (d, 2, 2, false, false)).collect();
    expected.extend((11..=15).map(|d| (d, 1, 2, true, false)));
    expected.push((16, 1, 2, true, true));
    assert_eq!(figures(&read.body), expected, "{}", read.body);

    // A certification recorded today from 1 March on counts from today: the closed
    // days stay as they closed.
    certify(&s, &agents[2], program, "2027-03-01", "2027-03-31").await;
    let again = s.get(&path, &coordinator).await;
    expected.pop();
    expected.push((16, 2, 2, false, true));
    assert_eq!(figures(&again.body), expected, "{}", again.body);
    s.stop().await;
}
