//! CAPLAN, SDM fulfilment and requisitions: agents count only on the days they are
//! certified for the program, closed days publish `hr.sdm.day_closed`, the gap opens
//! one requisition, and requisitions by hand keep to the caller's site.

use chrono::{NaiveDate, NaiveTime};
use serde_json::{json, Value};
use tam_hr::domain::training::CertificationSource;
use tam_hr::store::certification::{self, NewCertification};
use tam_kernel::{Program, Role, Site};

use crate::helpers::Hr;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn set_wib(hr: &Hr, date: &str, hour: u32) {
    hr.app.clock().set(tam_kernel::wib_to_utc(
        day(date),
        NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
    ));
}

async fn certify(hr: &Hr, employee: uuid::Uuid, program: Program, from: &str, until: &str) {
    let mut conn = hr.pool.get().await.unwrap();
    certification::insert(
        &mut conn,
        &NewCertification {
            id: tam_kernel::new_id(),
            employee_id: employee,
            program,
            valid_from: day(from),
            valid_until: day(until),
            source: CertificationSource::Prior,
            class_id: None,
            reason: Some("trained before the suite"),
            recorded_by: employee,
        },
    )
    .await
    .unwrap();
}

fn payloads(published: &[(String, Value)], event_type: &str) -> Vec<Value> {
    published
        .iter()
        .filter(|(t, _)| t == event_type)
        .map(|(_, e)| e["payload"].clone())
        .collect()
}

#[tokio::test]
async fn agents_count_only_while_certified_and_closed_days_are_published() {
    let hr = Hr::start().await;
    let site = Site::Medan;
    let program = site.programs()[0];
    let code = program.as_str();
    set_wib(&hr, "2027-04-01", 9);
    let mut agents = Vec::new();
    for _ in 0..3 {
        agents.push(
            hr.insert_employee(Role::Agent, Some(site), Some(program), None)
                .await,
        );
    }
    certify(&hr, agents[0].id, program, "2027-04-01", "2027-04-30").await;
    certify(&hr, agents[1].id, program, "2027-04-03", "2027-04-30").await;
    // agents[2] is never certified.
    let manager = hr.token(Role::Manager, None);
    let revised = hr
        .post(
            "/api/v1/hr/caplan",
            Some(&manager),
            json!({"site": "medan", "program": code, "role": "agent",
                   "effective_from": "2027-04", "headcount": 2}),
        )
        .await;
    assert_eq!(revised.status, 201, "{:?}", revised.body);
    assert_eq!(revised.body["effective_from"], "2027-04-01");

    set_wib(&hr, "2027-04-05", 9);
    let read = hr
        .get(
            &format!(
                "/api/v1/hr/sdm?site=medan&program={code}&role=agent&from=2027-04-01&to=2027-04-30"
            ),
            &manager,
        )
        .await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    let days: Vec<(u64, bool, bool)> = read.body["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["available"].as_u64().unwrap(),
                d["below_target"].as_bool().unwrap(),
                d["provisional"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            (1, true, false),
            (1, true, false),
            (2, false, false),
            (2, false, false),
            (2, false, true),
        ]
    );
    assert_eq!(read.body["days"][0]["ratio"], 0.5);
    assert_eq!(read.body["days_below_target"], 2);

    let published = hr.published().await;
    let closed = payloads(&published, "hr.sdm.day_closed");
    assert_eq!(closed.len(), 4, "{closed:?}");
    assert_eq!(closed[0]["day"], "2027-04-01");
    assert_eq!(closed[0]["available"], 1);
    assert_eq!(closed[0]["target"], 2);
    assert_eq!(closed[0]["ratio"], 0.5);
    assert_eq!(closed[0]["below_target"], true);
    let revisions = payloads(&published, "hr.caplan.revised");
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0]["headcount"], 2);
    assert_eq!(revisions[0]["previous_headcount"], Value::Null);
    // On 1 April one agent of two was available: the gap opened one requisition.
    let opened = payloads(&published, "hr.requisition.opened");
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(opened[0]["origin"], "caplan_gap");
    assert_eq!(opened[0]["headcount"], 1);
    hr.stop().await;
}

#[tokio::test]
async fn a_negative_target_names_the_field_and_a_supervisor_plans_only_their_site() {
    let hr = Hr::start().await;
    set_wib(&hr, "2027-04-01", 9);
    let medan_ops = hr.token(Role::SupervisorOps, Some(Site::Medan));
    let medan = Site::Medan.programs()[0].as_str();
    let bandung = Site::Bandung.programs()[0].as_str();
    let negative = hr
        .post(
            "/api/v1/hr/caplan",
            Some(&medan_ops),
            json!({"site": "medan", "program": medan, "role": "agent",
                   "effective_from": "2027-05", "headcount": -3}),
        )
        .await;
    assert_eq!(negative.status, 422, "{:?}", negative.body);
    assert!(negative.body["type"]
        .as_str()
        .unwrap()
        .ends_with("negative-target"));
    assert!(negative.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("headcount"));
    let manager_role = hr
        .post(
            "/api/v1/hr/caplan",
            Some(&medan_ops),
            json!({"site": "medan", "program": medan, "role": "manager",
                   "effective_from": "2027-05", "headcount": 3}),
        )
        .await;
    assert_eq!(manager_role.status, 400, "{:?}", manager_role.body);
    let other_site = hr
        .post(
            "/api/v1/hr/caplan",
            Some(&medan_ops),
            json!({"site": "bandung", "program": bandung, "role": "agent",
                   "effective_from": "2027-05", "headcount": 3}),
        )
        .await;
    assert_eq!(other_site.status, 403, "{:?}", other_site.body);
    let coordinator = hr.token(Role::Coordinator, None);
    let bandung_plan = hr
        .post(
            "/api/v1/hr/caplan",
            Some(&coordinator),
            json!({"site": "bandung", "program": bandung, "role": "team_leader",
                   "effective_from": "2027-05", "headcount": 3}),
        )
        .await;
    assert_eq!(bandung_plan.status, 201, "{:?}", bandung_plan.body);
    let seen = hr.get("/api/v1/hr/caplan", &medan_ops).await;
    assert_eq!(seen.body["items"], json!([]), "{:?}", seen.body);
    let all = hr.get("/api/v1/hr/caplan", &coordinator).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 1);
    hr.stop().await;
}

#[tokio::test]
async fn requisitions_by_hand_keep_to_the_callers_site_and_cancel_once() {
    let hr = Hr::start().await;
    set_wib(&hr, "2027-04-01", 9);
    let recruiter = hr.token(Role::HrRecruiter, None);
    let medan_ops = hr.token(Role::SupervisorOps, Some(Site::Medan));
    let bandung_ops = hr.token(Role::SupervisorOps, Some(Site::Bandung));
    let medan = Site::Medan.programs()[0].as_str();
    let desk = hr
        .post(
            "/api/v1/hr/requisitions",
            Some(&recruiter),
            json!({"role": "hd_support", "headcount": 2, "needed_by": "2027-05-01",
                   "reason": "new channel"}),
        )
        .await;
    assert_eq!(desk.status, 201, "{:?}", desk.body);
    assert_eq!(desk.body["origin"], "manual");
    assert_eq!(desk.body["site"], Value::Null);
    let no_program = hr
        .post(
            "/api/v1/hr/requisitions",
            Some(&medan_ops),
            json!({"role": "agent", "site": "medan", "headcount": 2,
                   "needed_by": "2027-05-01", "reason": "attrition"}),
        )
        .await;
    assert_eq!(no_program.status, 422, "{:?}", no_program.body);
    assert!(no_program.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("program"));
    let elsewhere = hr
        .post(
            "/api/v1/hr/requisitions",
            Some(&medan_ops),
            json!({"role": "agent", "site": "bandung",
                   "program": Site::Bandung.programs()[0].as_str(), "headcount": 2,
                   "needed_by": "2027-05-01", "reason": "attrition"}),
        )
        .await;
    assert_eq!(elsewhere.status, 403, "{:?}", elsewhere.body);
    let own = hr
        .post(
            "/api/v1/hr/requisitions",
            Some(&medan_ops),
            json!({"role": "agent", "site": "medan", "program": medan, "headcount": 2,
                   "needed_by": "2027-05-01", "reason": "attrition"}),
        )
        .await;
    assert_eq!(own.status, 201, "{:?}", own.body);
    let id = own.body["id"].as_str().unwrap();

    let mine = hr.get("/api/v1/hr/requisitions", &medan_ops).await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
    let all = hr.get("/api/v1/hr/requisitions", &recruiter).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
    let hidden = hr
        .get(&format!("/api/v1/hr/requisitions/{id}"), &bandung_ops)
        .await;
    assert_eq!(hidden.status, 404);
    let cancelled = hr
        .post(
            &format!("/api/v1/hr/requisitions/{id}/cancel"),
            Some(&recruiter),
            json!({}),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["status"], "cancelled");
    let again = hr
        .post(
            &format!("/api/v1/hr/requisitions/{id}/cancel"),
            Some(&recruiter),
            json!({}),
        )
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    hr.stop().await;
}

#[tokio::test]
async fn a_suspension_counts_from_its_day_and_a_reactivation_does_not_reopen_closed_days() {
    let hr = Hr::start().await;
    let site = Site::Bandung;
    let program = site.programs()[0];
    let code = program.as_str();
    set_wib(&hr, "2027-06-01", 9);
    let leaders = [
        hr.insert_employee(Role::TeamLeader, Some(site), Some(program), None)
            .await,
        hr.insert_employee(Role::TeamLeader, Some(site), Some(program), None)
            .await,
    ];
    let manager = hr.token(Role::Manager, None);
    let recruiter = hr.token(Role::HrRecruiter, None);
    let planned = hr
        .post(
            "/api/v1/hr/caplan",
            Some(&manager),
            json!({"site": "bandung", "program": code, "role": "team_leader",
                   "effective_from": "2027-06", "headcount": 2}),
        )
        .await;
    assert_eq!(planned.status, 201, "{:?}", planned.body);
    set_wib(&hr, "2027-06-02", 9);
    let path = format!("/api/v1/hr/employees/{}", leaders[0].id);
    let suspended = hr
        .patch(&path, &recruiter, json!({"status": "suspended"}))
        .await;
    assert_eq!(suspended.status, 200, "{:?}", suspended.body);
    set_wib(&hr, "2027-06-03", 9);
    let reactivated = hr
        .patch(&path, &recruiter, json!({"status": "active"}))
        .await;
    assert_eq!(reactivated.status, 200, "{:?}", reactivated.body);
    let read = hr
        .get(
            &format!("/api/v1/hr/sdm?site=bandung&program={code}&role=team_leader&from=2027-06-01&to=2027-06-30"),
            &manager,
        )
        .await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    let days: Vec<(u64, bool)> = read.body["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["available"].as_u64().unwrap(),
                d["provisional"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(days, [(2, false), (1, false), (2, true)]);
    hr.stop().await;
}
