//! hr's attendance and prospect's check-in gate through the gateway, with every
//! service, real Postgres and RabbitMQ and the test clock: at a site whose supervisor
//! requires a check-in before calling, an agent who has not checked in today is refused
//! by `next` (422 `not-checked-in`) and gets a customer once checked in; a second
//! check-in the same day is refused; a check-in after the shift's start plus the
//! threshold is marked late; the team leader's correction of a day is kept with its
//! reason beside the agent's own record.

use reqwest::Method;
use serde_json::json;
use tam_kernel::{Role, Site};

use crate::outbound::Suite;

#[tokio::test]
async fn a_site_that_requires_a_check_in_gives_customers_only_to_agents_checked_in() {
    let s = Suite::start().await;
    s.set_wib_time(7, 30);
    let today = tam_kernel::wib_date(s.now());
    let admin = s.token(Role::Admin, None);
    let supervisor = s.token(Role::SupervisorOps, Some(Site::Medan));

    // The site's shift: the operating hours. One that ends before it starts is refused
    // naming the field.
    let shift = s
        .post(
            "/api/v1/hr/shifts",
            &supervisor,
            json!({"site": "medan", "code": "PAGI", "starts_at": "08:00", "ends_at": "17:00"}),
        )
        .await;
    assert_eq!(shift.status, 201, "{:?}", shift.body);
    let shift_id = shift.body["id"].as_str().unwrap().to_owned();
    let backwards = s
        .post(
            "/api/v1/hr/shifts",
            &supervisor,
            json!({"site": "medan", "code": "MALAM", "starts_at": "17:00", "ends_at": "08:00"}),
        )
        .await;
    assert_eq!(backwards.status, 422, "{:?}", backwards.body);
    assert_eq!(backwards.slug(), "shift-ends-before-start");
    assert!(backwards.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("ends_at"));

    // A team leader with two agents (certified by the shared helper).
    let leader = s
        .hire_uncertified(Role::TeamLeader, Site::Medan, "add_on_consumer")
        .await;
    let team = s
        .post(
            "/api/v1/hr/teams",
            &admin,
            json!({"name": "Tim Absen", "site": "medan", "program": "add_on_consumer",
                   "team_leader_id": leader.id}),
        )
        .await;
    assert_eq!(team.status, 201, "{:?}", team.body);
    let team_id = team.body["id"].as_str().unwrap().to_owned();
    let punctual = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let late = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    for agent in [&punctual, &late] {
        let moved = s
            .call(
                Method::PATCH,
                &format!("/api/v1/hr/employees/{}", agent.id),
                &admin,
                Some(json!({"team_id": team_id})),
            )
            .await;
        assert_eq!(moved.status, 200, "{:?}", moved.body);
    }

    // The roster: the supervisor for a week, the team leader for their own agent.
    let week = s
        .post(
            "/api/v1/hr/rosters",
            &supervisor,
            json!({"employee_id": punctual.id, "shift_id": shift_id,
                   "from": today.to_string(),
                   "to": (today + chrono::Duration::days(6)).to_string()}),
        )
        .await;
    assert_eq!(week.status, 200, "{:?}", week.body);
    assert_eq!(week.body["days"], 7);
    let day = s
        .post(
            "/api/v1/hr/rosters",
            &leader.token,
            json!({"employee_id": late.id, "shift_id": shift_id,
                   "from": today.to_string(), "to": today.to_string()}),
        )
        .await;
    assert_eq!(day.status, 200, "{:?}", day.body);

    // The supervisor requires a check-in before calling at Medan.
    let policy = s
        .post(
            "/api/v1/hr/attendance/policies",
            &supervisor,
            json!({"site": "medan", "check_in_required": true}),
        )
        .await;
    assert_eq!(policy.status, 200, "{:?}", policy.body);
    assert_eq!(policy.body["check_in_required"], true);
    s.wait_in_prospect(
        "the policy reaches prospect",
        "SELECT count(*) AS n FROM attendance_policies WHERE site = 'medan' \
         AND check_in_required",
    )
    .await;

    let wo = s.work_order(Site::Medan, "WO-ABSEN-1").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               122000000051;Sri Rahayu;081220000051\n\
               122000000052;Budi Santoso;081220000052\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);

    // 08:00: not checked in, no customer, and the answer names the rule.
    s.set_wib_time(8, 0);
    let refused = s.next(&punctual).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.slug(), "not-checked-in");

    // 08:03 is within the 5 minutes: on time.
    s.set_wib_time(8, 3);
    let checked_in = s
        .post("/api/v1/hr/attendance/check-in", &punctual.token, json!({}))
        .await;
    assert_eq!(checked_in.status, 201, "{:?}", checked_in.body);
    assert_eq!(checked_in.body["late"], false);
    assert_eq!(checked_in.body["shift_code"], "PAGI");
    assert_eq!(checked_in.body["day"], today.to_string());
    s.wait_in_prospect(
        "the check-in reaches prospect",
        &format!(
            "SELECT count(*) AS n FROM check_ins WHERE employee_id = '{}' AND checked_in",
            punctual.id
        ),
    )
    .await;
    let served = s.next(&punctual).await;
    assert_eq!(served.status, 200, "{:?}", served.body);
    assert!(
        served.body["prospect"]["id"].is_string(),
        "{:?}",
        served.body
    );

    // A second check-in the same day is refused naming the rule.
    let twice = s
        .post("/api/v1/hr/attendance/check-in", &punctual.token, json!({}))
        .await;
    assert_eq!(twice.status, 422, "{:?}", twice.body);
    assert_eq!(twice.slug(), "already-checked-in");

    // A check-out without a check-in is refused naming the rule.
    let no_check_in = s
        .post("/api/v1/hr/attendance/check-out", &leader.token, json!({}))
        .await;
    assert_eq!(no_check_in.status, 422, "{:?}", no_check_in.body);
    assert_eq!(no_check_in.slug(), "not-checked-in");

    // 08:40 is late.
    s.set_wib_time(8, 40);
    let tardy = s
        .post("/api/v1/hr/attendance/check-in", &late.token, json!({}))
        .await;
    assert_eq!(tardy.status, 201, "{:?}", tardy.body);
    assert_eq!(tardy.body["late"], true);

    // The team leader corrects the late day (the gate at the door was broken): the day
    // reads on time, the agent's own check-in and the reason are kept.
    let corrected = s
        .post(
            "/api/v1/hr/attendance/corrections",
            &leader.token,
            json!({"employee_id": late.id, "day": today.to_string(), "check_in": "07:58",
                   "reason": "gate reader broken, arrived 07:58 per security log"}),
        )
        .await;
    assert_eq!(corrected.status, 201, "{:?}", corrected.body);
    assert_eq!(corrected.body["late"], false);
    assert_eq!(corrected.body["corrected"], true);
    assert_eq!(
        corrected.body["original"]["check_in_at"],
        tardy.body["check_in_at"]
    );
    let path = format!(
        "/api/v1/hr/attendance?from={today}&to={today}&employee_id={}",
        late.id
    );
    let read = s.get(&path, &supervisor).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    let days = read.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 1, "{:?}", read.body);
    assert_eq!(
        days[0]["corrections"][0]["reason"],
        "gate reader broken, arrived 07:58 per security log"
    );
    assert_eq!(days[0]["corrections"][0]["corrected_by"], json!(leader.id));
    assert_eq!(read.body["summary"]["late_arrivals"], 0);
    assert_eq!(read.body["summary"]["corrected_days"], 1);
    // The agent sees the same in their own view; another agent is not theirs to fix.
    let mine = s
        .get(
            &format!("/api/v1/hr/attendance/me?from={today}&to={today}"),
            &late.token,
        )
        .await;
    assert_eq!(mine.status, 200, "{:?}", mine.body);
    assert_eq!(mine.body["days"][0]["corrected"], true);
    let not_a_corrector = s
        .post(
            "/api/v1/hr/attendance/corrections",
            &late.token,
            json!({"employee_id": punctual.id, "day": today.to_string(),
                   "reason": "not mine to fix"}),
        )
        .await;
    assert_eq!(not_a_corrector.status, 403, "{:?}", not_a_corrector.body);

    s.stop().await;
}
