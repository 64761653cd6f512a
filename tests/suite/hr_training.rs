//! hr's training gate through the gateway, with every service, real Postgres and
//! RabbitMQ and the test clock: an agent hired through hr's employee API is refused by
//! `next` (422 `agent-not-certified`) until they pass an initial class of their
//! program; then they get a customer; once the certification's last day has passed
//! (the clock moved, no event needed) `next` refuses again, and hr's expiry poller
//! tells prospect. On the way: the bad input of the issue (overlapping sessions of one
//! trainer, a score outside 0–100, enrolling twice) and the lists trainers and agents
//! see.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveTime};
use serde_json::json;
use tam_kernel::{Role, Site};

use crate::outbound::Suite;

const CLASSES: &str = "/api/v1/hr/training/classes";

#[tokio::test]
async fn an_agent_calls_only_between_passing_initial_training_and_the_certifications_end() {
    let overrides = HashMap::from([
        (
            "TAM_CERTIFICATION_VALIDITY_DAYS".to_owned(),
            "30".to_owned(),
        ),
        (
            "TAM_CERTIFICATION_EXPIRY_POLL_SECS".to_owned(),
            "1".to_owned(),
        ),
    ]);
    let s = Suite::start_with(&overrides).await;
    s.set_wib_time(9, 0);
    let today = tam_kernel::wib_date(s.now());
    let trainer = s
        .hire_uncertified(Role::Trainer, Site::Medan, "add_on_consumer")
        .await;
    let agent = s
        .hire_uncertified(Role::Agent, Site::Medan, "add_on_consumer")
        .await;
    let wo = s.work_order(Site::Medan, "WO-TRAIN-1").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               122000000031;Sri Rahayu;081220000031\n\
               122000000032;Budi Santoso;081220000032\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);

    // Not certified: no customer, and the answer names the program.
    let refused = s.next(&agent).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.slug(), "agent-not-certified");
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("add_on_consumer"));

    // The trainer's initial class: two sessions today.
    let sessions = json!([
        {"date": today.to_string(), "start": "08:00", "end": "12:00"},
        {"date": today.to_string(), "start": "13:00", "end": "16:00"},
    ]);
    let class = s
        .post(
            CLASSES,
            &trainer.token,
            json!({"kind": "initial", "program": "add_on_consumer", "site": "medan",
                   "title": "Initial training Add On Consumer", "pass_mark": 70,
                   "sessions": sessions}),
        )
        .await;
    assert_eq!(class.status, 201, "{:?}", class.body);
    let class_id = class.body["id"].as_str().unwrap().to_owned();

    // A second class of the same trainer overlapping the afternoon: 422 naming it.
    let clash = s
        .post(
            CLASSES,
            &trainer.token,
            json!({"kind": "product_briefing", "program": "add_on_consumer",
                   "site": "medan", "title": "Briefing STB2",
                   "sessions": [{"date": today.to_string(), "start": "15:00", "end": "17:00"}]}),
        )
        .await;
    assert_eq!(clash.status, 422, "{:?}", clash.body);
    assert_eq!(clash.slug(), "trainer-sessions-overlap");
    assert!(clash.body["detail"]
        .as_str()
        .unwrap()
        .contains("sessions[0]"));

    // Enrolled once; twice is a conflict.
    let enroll = format!("{CLASSES}/{class_id}/enrollments");
    let enrolled = s
        .post(&enroll, &trainer.token, json!({"employee_id": agent.id}))
        .await;
    assert_eq!(enrolled.status, 201, "{:?}", enrolled.body);
    let again = s
        .post(&enroll, &trainer.token, json!({"employee_id": agent.id}))
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);

    // Present at both sessions.
    let detail = s
        .get(&format!("{CLASSES}/{class_id}"), &trainer.token)
        .await;
    for session in detail.body["sessions"].as_array().unwrap() {
        let present = s
            .post(
                &format!("{CLASSES}/{class_id}/attendance"),
                &trainer.token,
                json!({"session_id": session["id"], "employee_id": agent.id, "present": true}),
            )
            .await;
        assert_eq!(present.status, 204, "{:?}", present.body);
    }

    // A score outside 0–100 is refused naming the field, and nothing is recorded.
    let scores = format!("{CLASSES}/{class_id}/scores");
    let wild = s
        .post(
            &scores,
            &trainer.token,
            json!({"employee_id": agent.id, "score": 101}),
        )
        .await;
    assert_eq!(wild.status, 422, "{:?}", wild.body);
    assert_eq!(wild.slug(), "score-out-of-range");
    assert!(wild.body["detail"].as_str().unwrap().contains("score"));
    assert_eq!(s.next(&agent).await.slug(), "agent-not-certified");

    // Passing certifies them from today for the configured 30 days.
    let passed = s
        .post(
            &scores,
            &trainer.token,
            json!({"employee_id": agent.id, "score": 85}),
        )
        .await;
    assert_eq!(passed.status, 200, "{:?}", passed.body);
    assert_eq!(passed.body["enrollment"]["passed"], true);
    let last_day = today + Duration::days(29);
    assert_eq!(
        passed.body["certification"]["valid_from"],
        today.to_string()
    );
    assert_eq!(
        passed.body["certification"]["valid_until"],
        last_day.to_string()
    );
    s.wait_in_prospect(
        "the certification reaches prospect",
        &format!(
            "SELECT count(*) AS n FROM certifications WHERE employee_id = '{}'",
            agent.id
        ),
    )
    .await;

    // Now the agent gets a customer.
    let claimed = s.next(&agent).await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    assert!(claimed.body["prospect"]["id"].is_string());

    // The agent sees their own certification; the trainer sees it among those expiring
    // within 30 days.
    let mine = s.get("/api/v1/hr/certifications", &agent.token).await;
    assert_eq!(mine.status, 200, "{:?}", mine.body);
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
    let expiring = s
        .get("/api/v1/hr/certifications/expiring", &trainer.token)
        .await;
    assert_eq!(expiring.status, 200, "{:?}", expiring.body);
    assert!(expiring.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["employee_id"] == json!(agent.id)));

    // On its last day the agent still calls; the day after, refused again, without any
    // event having been needed.
    let at_nine =
        |day: NaiveDate| tam_kernel::wib_to_utc(day, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    s.app.clock().set(at_nine(last_day));
    let still = s.next(&agent).await;
    assert!(
        still.status == 200 || still.status == 204,
        "{:?}",
        still.body
    );
    s.app.clock().set(at_nine(last_day + Duration::days(1)));
    let expired = s.next(&agent).await;
    assert_eq!(expired.status, 422, "{:?}", expired.body);
    assert_eq!(expired.slug(), "agent-not-certified");

    // hr's poller publishes the expiry once; prospect records the day it ran out.
    s.wait_in_prospect(
        "hr.certification.expired reaches prospect",
        &format!(
            "SELECT count(*) AS n FROM certifications WHERE employee_id = '{}' \
             AND expired_on = '{}'",
            agent.id,
            last_day + Duration::days(1)
        ),
    )
    .await;
    s.stop().await;
}
