//! Contracts and their extension through the gateway, with every service, real Postgres
//! and RabbitMQ and the test clock (issue 15): a contract ending in 30 days shows in the
//! site supervisor's queue once (not again on the next sweep or the next day), the
//! supervisor proposes an extension, HR confirms it, and the employee keeps working past
//! the old end; a contract that is ended deactivates its employee after its end date and
//! their access token stops working (401 at the gateway).

use std::collections::HashMap;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDate, NaiveTime};
use reqwest::Method;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};

use crate::outbound::{Person, Suite};

fn nine_on(s: &Suite, day: NaiveDate) {
    s.app.clock().set(tam_kernel::wib_to_utc(
        day,
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    ));
}

/// The contracts queue as `token` sees it.
async fn queue(s: &Suite, token: &str) -> Vec<Value> {
    let answer = s.get("/api/v1/hr/contracts/ending", token).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["items"].as_array().unwrap().clone()
}

/// Waits until the queue shows `person`'s contract with the notices `notices`.
async fn wait_for_notice(s: &Suite, token: &str, person: &Person, notices: Value) {
    let started = Instant::now();
    loop {
        let items = queue(s, token).await;
        let mine: Vec<&Value> = items
            .iter()
            .filter(|i| i["contract"]["employee_id"] == json!(person.id))
            .collect();
        assert!(mine.len() <= 1, "once in the queue: {items:?}");
        if mine.first().is_some_and(|i| i["notices"] == notices) {
            return;
        }
        assert!(
            started.elapsed() < StdDuration::from_secs(20),
            "the sweep never announced {notices} for {}: {items:?}",
            person.id
        );
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }
}

async fn me(s: &Suite, person: &Person) -> reqwest::StatusCode {
    s.call(Method::GET, "/api/v1/auth/me", &person.token, None)
        .await
        .status
}

async fn contract_for(
    s: &Suite,
    hr: &str,
    person: &Person,
    from: NaiveDate,
    to: NaiveDate,
) -> String {
    let added = s
        .post(
            &format!("/api/v1/hr/employees/{}/contracts", person.id),
            hr,
            json!({"kind": "pkwt", "starts_on": from.to_string(), "ends_on": to.to_string()}),
        )
        .await;
    assert_eq!(added.status, 201, "{:?}", added.body);
    added.body["id"].as_str().unwrap().to_owned()
}

async fn decide(s: &Suite, supervisor: &str, hr: &str, contract: &str, body: Value) {
    let proposed = s
        .post(
            &format!("/api/v1/hr/contracts/{contract}/decision"),
            supervisor,
            body,
        )
        .await;
    assert_eq!(proposed.status, 200, "{:?}", proposed.body);
    let confirmed = s
        .post(
            &format!("/api/v1/hr/contracts/{contract}/decision/confirm"),
            hr,
            json!({}),
        )
        .await;
    assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);
}

#[tokio::test]
async fn a_contract_ending_is_queued_once_extended_or_ended_and_an_ended_one_stops_the_token() {
    let overrides = HashMap::from([("TAM_CONTRACT_SWEEP_SECS".to_owned(), "1".to_owned())]);
    let s = Suite::start_with(&overrides).await;
    s.set_wib_time(9, 0);
    let day = tam_kernel::wib_date(s.now());
    let hr = s.token(Role::HrRecruiter, None);
    let supervisor = s.token(Role::SupervisorOps, Some(Site::Medan));
    let elsewhere = s.token(Role::SupervisorOps, Some(Site::Bandung));
    let kept = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let leaving = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let start = day - Duration::days(300);
    let old_end = day + Duration::days(30);
    let leaving_end = day + Duration::days(7);
    let kept_contract = contract_for(&s, &hr, &kept, start, old_end).await;
    let leaving_contract = contract_for(&s, &hr, &leaving, start, leaving_end).await;

    // The sweep announces the 30-day threshold; the Medan supervisor's queue has it once.
    wait_for_notice(&s, &supervisor, &kept, json!([30])).await;
    wait_for_notice(&s, &supervisor, &leaving, json!([7])).await;
    assert!(queue(&s, &elsewhere).await.is_empty(), "not Bandung's");
    // Not again on the next sweeps, nor the next day.
    tokio::time::sleep(StdDuration::from_millis(2500)).await;
    nine_on(&s, day + Duration::days(1));
    tokio::time::sleep(StdDuration::from_millis(2500)).await;
    wait_for_notice(&s, &supervisor, &kept, json!([30])).await;
    let ending: Vec<Value> = s
        .app
        .published("hr.contract.ending")
        .await
        .into_iter()
        .filter(|e| e["payload"]["contract_id"] == json!(kept_contract))
        .collect();
    assert_eq!(ending.len(), 1, "once: {ending:?}");
    assert_eq!(ending[0]["payload"]["threshold_days"], 30);

    // The supervisor proposes, HR confirms: extended by six months; the other ended.
    let new_end = old_end + Duration::days(182);
    decide(
        &s,
        &supervisor,
        &hr,
        &kept_contract,
        json!({"outcome": "extend", "new_ends_on": new_end.to_string(), "note": "on target"}),
    )
    .await;
    decide(
        &s,
        &supervisor,
        &hr,
        &leaving_contract,
        json!({"outcome": "end"}),
    )
    .await;
    assert!(queue(&s, &supervisor).await.is_empty(), "both decided");
    assert_eq!(me(&s, &leaving).await, 200, "works until the end date");

    // After the ended contract's last day: deactivated, the token refused at the gateway.
    nine_on(&s, leaving_end + Duration::days(1));
    let started = Instant::now();
    loop {
        let answer = s
            .call(Method::GET, "/api/v1/auth/me", &leaving.token, None)
            .await;
        if answer.status == 401 {
            assert_eq!(answer.slug(), tam_auth::TOKEN_REVOKED, "{:?}", answer.body);
            break;
        }
        assert!(
            started.elapsed() < StdDuration::from_secs(20),
            "the ended contract's employee still gets {}: {:?}",
            answer.status,
            answer.body
        );
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }
    let admin = s.token(Role::Admin, None);
    let employee = s
        .get(&format!("/api/v1/hr/employees/{}", leaving.id), &admin)
        .await;
    assert_eq!(
        employee.body["status"], "deactivated",
        "{:?}",
        employee.body
    );

    // Past the extended contract's old end the other keeps working.
    nine_on(&s, old_end + Duration::days(2));
    tokio::time::sleep(StdDuration::from_millis(2500)).await;
    assert_eq!(me(&s, &kept).await, 200);
    let employee = s
        .get(&format!("/api/v1/hr/employees/{}", kept.id), &admin)
        .await;
    assert_eq!(employee.body["status"], "active", "{:?}", employee.body);
    let contracts = s
        .get(&format!("/api/v1/hr/employees/{}/contracts", kept.id), &hr)
        .await;
    let items = contracts.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[1]["ends_on"], new_end.to_string());
    s.stop().await;
}
