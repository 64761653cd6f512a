//! Contracts and their extension through hr's API (issue 15): HR adds contracts (an
//! overlap 409, the fixed-term limit 422 naming it, nothing written), the sweep
//! announces each threshold once, the queue is scoped by site, the site's supervisor
//! proposes and HR confirms (extend, end), and an ended contract deactivates the
//! employee after its end date through the one deactivation path.

use std::time::Duration as StdDuration;

use chrono::{Duration, NaiveDate, NaiveTime};
use serde_json::{json, Value};
use tam_hr::app::contracts::ContractSweep;
use tam_hr::domain::employee::{Employee, EmployeeStatus};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use crate::helpers::{Answer, Hr};

fn today(hr: &Hr) -> NaiveDate {
    tam_kernel::wib_date(hr.app.clock().now())
}

fn nine_on(hr: &Hr, day: NaiveDate) {
    hr.app.clock().set(tam_kernel::wib_to_utc(
        day,
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    ));
}

fn sweep(hr: &Hr) -> ContractSweep {
    ContractSweep {
        pool: hr.pool.clone(),
        clock: hr.app.clock().clone(),
        interval: StdDuration::from_secs(3600),
    }
}

async fn staff(hr: &Hr, role: Role, site: Option<Site>) -> (Employee, String) {
    let program = matches!(role, Role::Agent | Role::TeamLeader).then_some(Program::AddOnConsumer);
    let e = hr.insert_employee(role, site, program, None).await;
    let token = hr.token_of(&e, None);
    (e, token)
}

async fn add(hr: &Hr, token: &str, employee: Uuid, body: Value) -> Answer {
    hr.post(
        &format!("/api/v1/hr/employees/{employee}/contracts"),
        Some(token),
        body,
    )
    .await
}

fn pkwt(from: NaiveDate, to: NaiveDate) -> Value {
    json!({"kind": "pkwt", "starts_on": from.to_string(), "ends_on": to.to_string()})
}

async fn contracts_of(hr: &Hr, employee: Uuid) -> i64 {
    hr.count(&format!(
        "SELECT count(*) AS n FROM contracts WHERE employee_id = '{employee}'"
    ))
    .await
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[tokio::test]
async fn hr_adds_contracts_and_overlaps_and_the_fixed_term_limit_are_refused() {
    let hr = Hr::start().await;
    let (_, recruiter) = staff(&hr, Role::HrRecruiter, None).await;
    let (_, supervisor) = staff(&hr, Role::SupervisorOps, Some(Site::Medan)).await;
    let (agent, _) = staff(&hr, Role::Agent, Some(Site::Medan)).await;

    let first = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(d(2025, 1, 6), d(2025, 12, 31)),
    )
    .await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    assert_eq!(first.body["kind"], "pkwt");

    // Sharing a day with the first: 409, nothing written.
    let overlap = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(d(2025, 12, 31), d(2026, 6, 30)),
    )
    .await;
    assert_eq!(overlap.status, 409, "{:?}", overlap.body);
    assert!(overlap.body["detail"]
        .as_str()
        .unwrap()
        .contains("contract-overlap"));
    assert_eq!(contracts_of(&hr, agent.id).await, 1);

    // 12 + 48 months = the 60 allowed by default.
    let second = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(d(2026, 1, 1), d(2029, 12, 31)),
    )
    .await;
    assert_eq!(second.status, 201, "{:?}", second.body);
    // One month more is beyond TAM_MAX_FIXED_TERM_MONTHS.
    let beyond = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(d(2030, 1, 1), d(2030, 1, 31)),
    )
    .await;
    assert_eq!(beyond.status, 422, "{:?}", beyond.body);
    assert_eq!(beyond.slug(), "fixed-term-limit");
    assert!(beyond.body["detail"]
        .as_str()
        .unwrap()
        .contains("TAM_MAX_FIXED_TERM_MONTHS"));
    // A permanent contract is not limited, but a permanent one overlapping is 409.
    let permanent = json!({"kind": "pkwtt", "starts_on": "2030-01-01"});
    assert_eq!(add(&hr, &recruiter, agent.id, permanent).await.status, 201);
    let after = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(d(2031, 1, 1), d(2031, 2, 1)),
    )
    .await;
    assert_eq!(after.status, 409, "{:?}", after.body);

    // Terms that break the rule between fields: 422 naming it; not HR: 403.
    let backwards = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(d(2032, 2, 1), d(2032, 1, 1)),
    )
    .await;
    assert_eq!(backwards.status, 422, "{:?}", backwards.body);
    assert_eq!(backwards.slug(), "invalid-contract-terms");
    let no_end = add(
        &hr,
        &recruiter,
        agent.id,
        json!({"kind": "pkwt", "starts_on": "2032-01-01"}),
    )
    .await;
    assert_eq!(no_end.slug(), "invalid-contract-terms");
    let by_supervisor = add(
        &hr,
        &supervisor,
        agent.id,
        pkwt(d(2032, 1, 1), d(2032, 2, 1)),
    )
    .await;
    assert_eq!(by_supervisor.status, 403);
    assert_eq!(contracts_of(&hr, agent.id).await, 3);

    let list = hr
        .get(
            &format!("/api/v1/hr/employees/{}/contracts", agent.id),
            &supervisor,
        )
        .await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    let kinds: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["pkwt", "pkwt", "pkwtt"]);
    let created = hr.app.published("hr.contract.created").await;
    assert_eq!(created.len(), 3);
    hr.stop().await;
}

#[tokio::test]
async fn each_threshold_is_announced_once_and_the_queue_is_the_sites() {
    let hr = Hr::start().await;
    let day = today(&hr);
    nine_on(&hr, day);
    let (_, recruiter) = staff(&hr, Role::HrRecruiter, None).await;
    let (_, medan_ops) = staff(&hr, Role::SupervisorOps, Some(Site::Medan)).await;
    let (medan, _) = staff(&hr, Role::Agent, Some(Site::Medan)).await;
    let (bandung, _) = staff(&hr, Role::Agent, Some(Site::Bandung)).await;
    let start = day - Duration::days(300);
    for (who, end) in [
        (medan.id, day + Duration::days(30)),
        (bandung.id, day + Duration::days(45)),
    ] {
        assert_eq!(
            add(&hr, &recruiter, who, pkwt(start, end)).await.status,
            201
        );
    }
    let sweep = sweep(&hr);
    assert_eq!(sweep.notify_once().await.unwrap(), 2, "30 and 60 days");
    assert_eq!(sweep.notify_once().await.unwrap(), 0, "once");
    nine_on(&hr, day + Duration::days(1));
    assert_eq!(
        sweep.notify_once().await.unwrap(),
        0,
        "not again the next day"
    );
    let ending = hr.app.published("hr.contract.ending").await;
    let mut thresholds: Vec<(String, u64)> = ending
        .iter()
        .map(|e| {
            (
                e["payload"]["employee_id"].as_str().unwrap().to_owned(),
                e["payload"]["threshold_days"].as_u64().unwrap(),
            )
        })
        .collect();
    thresholds.sort();
    let mut expected = vec![(medan.id.to_string(), 30), (bandung.id.to_string(), 60)];
    expected.sort();
    assert_eq!(thresholds, expected);

    // Medan's supervisor sees Medan's contract, once; HR sees both.
    let queue = hr.get("/api/v1/hr/contracts/ending", &medan_ops).await;
    assert_eq!(queue.status, 200, "{:?}", queue.body);
    let items = queue.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["contract"]["employee_id"], json!(medan.id));
    assert_eq!(items[0]["days_left"], 29);
    assert_eq!(items[0]["notices"], json!([30]));
    let all = hr.get("/api/v1/hr/contracts/ending", &recruiter).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);

    // 15 days later: Medan's 15 and Bandung's 30, once each.
    nine_on(&hr, day + Duration::days(15));
    assert_eq!(sweep.notify_once().await.unwrap(), 2);
    assert_eq!(sweep.notify_once().await.unwrap(), 0);
    hr.stop().await;
}

#[tokio::test]
async fn the_sites_supervisor_proposes_hr_confirms_and_an_extension_takes_effect() {
    let hr = Hr::start().await;
    let day = today(&hr);
    nine_on(&hr, day);
    let (_, recruiter) = staff(&hr, Role::HrRecruiter, None).await;
    let (medan_ops_e, medan_ops) = staff(&hr, Role::SupervisorOps, Some(Site::Medan)).await;
    let (_, bandung_ops) = staff(&hr, Role::SupervisorOps, Some(Site::Bandung)).await;
    let (agent, _) = staff(&hr, Role::Agent, Some(Site::Medan)).await;
    let end = day + Duration::days(30);
    let created = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(day - Duration::days(300), end),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let decision = format!("/api/v1/hr/contracts/{id}/decision");
    let confirm = format!("/api/v1/hr/contracts/{id}/decision/confirm");
    let extend = |to: NaiveDate| json!({"outcome": "extend", "new_ends_on": to.to_string()});

    // Nothing proposed yet: HR cannot confirm.
    assert_eq!(
        hr.post(&confirm, Some(&recruiter), json!({})).await.status,
        409
    );
    // Another site's supervisor does not see the employee; HR does not propose.
    let elsewhere = hr
        .post(
            &decision,
            Some(&bandung_ops),
            extend(end + Duration::days(180)),
        )
        .await;
    assert_eq!(elsewhere.status, 404, "{:?}", elsewhere.body);
    assert_eq!(
        hr.post(&decision, Some(&recruiter), extend(end))
            .await
            .status,
        403
    );
    // Rules: an extension ends after the end; the total stays within the limit.
    let not_after = hr.post(&decision, Some(&medan_ops), extend(end)).await;
    assert_eq!(not_after.slug(), "invalid-decision");
    let too_long = hr
        .post(
            &decision,
            Some(&medan_ops),
            extend(end + Duration::days(5 * 366)),
        )
        .await;
    assert_eq!(too_long.status, 422, "{:?}", too_long.body);
    assert_eq!(too_long.slug(), "fixed-term-limit");
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM contract_decisions")
            .await,
        0
    );

    let new_end = end + Duration::days(180);
    let proposed = hr
        .post(
            &decision,
            Some(&medan_ops),
            json!({"outcome": "extend", "new_ends_on": new_end.to_string(), "note": "target met"}),
        )
        .await;
    assert_eq!(proposed.status, 200, "{:?}", proposed.body);
    assert_eq!(proposed.body["proposed_by"], json!(medan_ops_e.id));
    assert_eq!(proposed.body["confirmed_by"], Value::Null);

    // What the decision is taken on: an SP1 issued today is in force.
    let letter = hr
        .post(
            "/api/v1/hr/warning-letters",
            Some(&medan_ops),
            json!({"employee_id": agent.id, "level": "SP1", "reason": "late five times"}),
        )
        .await;
    assert_eq!(letter.status, 201, "{:?}", letter.body);
    let review = hr
        .get(&format!("/api/v1/hr/contracts/{id}/review"), &medan_ops)
        .await;
    assert_eq!(review.status, 200, "{:?}", review.body);
    let letters = review.body["letters_in_force"].as_array().unwrap();
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert_eq!(letters[0]["level"], "SP1");
    assert_eq!(letters[0]["id"], letter.body["id"]);
    assert_eq!(review.body["evaluations"], json!([]));
    assert_eq!(review.body["attendance"]["rostered_days"], 0);
    assert_eq!(review.body["contract"]["decision"]["outcome"], "extend");

    let confirmed = hr.post(&confirm, Some(&recruiter), json!({})).await;
    assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);
    let successor = confirmed.body["decision"]["successor_id"].clone();
    assert!(successor.is_string(), "{:?}", confirmed.body);
    assert_eq!(
        hr.post(&confirm, Some(&recruiter), json!({})).await.status,
        409
    );
    assert_eq!(
        hr.post(&decision, Some(&medan_ops), extend(new_end))
            .await
            .status,
        409,
        "decided once"
    );

    let list = hr
        .get(
            &format!("/api/v1/hr/employees/{}/contracts", agent.id),
            &recruiter,
        )
        .await;
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["id"], successor);
    assert_eq!(items[1]["starts_on"], (end + Duration::days(1)).to_string());
    assert_eq!(items[1]["ends_on"], new_end.to_string());
    assert_eq!(items[1]["previous_id"], json!(id));
    let queue = hr.get("/api/v1/hr/contracts/ending", &medan_ops).await;
    assert_eq!(queue.body["items"], json!([]), "decided: out of the queue");
    let extended = hr.app.published("hr.contract.extended").await;
    assert_eq!(extended.len(), 1);
    assert_eq!(extended[0]["payload"]["new_ends_on"], new_end.to_string());

    // Past the old end the employee keeps working.
    nine_on(&hr, end + Duration::days(2));
    sweep(&hr).end_once().await.unwrap();
    assert_eq!(hr.stored(agent.id).await.status, EmployeeStatus::Active);
    hr.stop().await;
}

#[tokio::test]
async fn an_ended_contract_deactivates_the_employee_after_its_end_date() {
    let hr = Hr::start().await;
    let day = today(&hr);
    nine_on(&hr, day);
    let (_, recruiter) = staff(&hr, Role::HrRecruiter, None).await;
    let (_, medan_ops) = staff(&hr, Role::SupervisorOps, Some(Site::Medan)).await;
    let (agent, _) = staff(&hr, Role::Agent, Some(Site::Medan)).await;
    let end = day + Duration::days(7);
    let created = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(day - Duration::days(100), end),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let proposed = hr
        .post(
            &format!("/api/v1/hr/contracts/{id}/decision"),
            Some(&medan_ops),
            json!({"outcome": "end"}),
        )
        .await;
    assert_eq!(proposed.status, 200, "{:?}", proposed.body);
    let confirmed = hr
        .post(
            &format!("/api/v1/hr/contracts/{id}/decision/confirm"),
            Some(&recruiter),
            json!({}),
        )
        .await;
    assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);
    assert_eq!(hr.app.published("hr.contract.ended").await.len(), 1);

    let sweep = sweep(&hr);
    nine_on(&hr, end);
    assert_eq!(sweep.end_once().await.unwrap(), 0, "the end date is worked");
    assert_eq!(hr.stored(agent.id).await.status, EmployeeStatus::Active);
    nine_on(&hr, end + Duration::days(1));
    assert_eq!(sweep.end_once().await.unwrap(), 1);
    assert_eq!(sweep.end_once().await.unwrap(), 0, "once");
    assert_eq!(
        hr.stored(agent.id).await.status,
        EmployeeStatus::Deactivated
    );
    let deactivated = hr.app.published("hr.employee.deactivated").await;
    assert_eq!(deactivated.len(), 1);
    assert_eq!(deactivated[0]["payload"]["employee_id"], json!(agent.id));
    let revoked = hr.app.published("hr.access.revoked").await;
    assert!(
        revoked
            .iter()
            .any(|e| e["payload"]["employee_id"] == json!(agent.id)
                && e["payload"]["reason"] == "deactivated"),
        "{revoked:?}"
    );
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM access_revocations WHERE employee_id = '{}'",
            agent.id
        ))
        .await,
        1
    );
    // Deactivated: the contract is out of the queue and nothing more is added.
    let queue = hr.get("/api/v1/hr/contracts/ending", &recruiter).await;
    assert_eq!(queue.body["items"], json!([]));
    let more = add(
        &hr,
        &recruiter,
        agent.id,
        pkwt(end + Duration::days(10), end + Duration::days(40)),
    )
    .await;
    assert_eq!(more.slug(), "employee-deactivated");
    hr.stop().await;
}
