//! The monthly evaluation for incentives through the gateway, with real Postgres and
//! RabbitMQ and the test clock: an agent with 40 validated sales, a score above the
//! table's 92.5% and two late days gets the table's gold tier on the first day after
//! the month; it is reviewed, approved and locked (then 422 `evaluation-locked`); a
//! later verdict correction lands on the next month as an adjustment; the approved month
//! downloads as CSV and XLSX.
//!
//! Quality's verdicts are put on the suite's broker with the testkit's `emit` (exactly
//! the `quality.call.validated` quality publishes, consumed by hr's real queue): making
//! 43 real sales through calling and quality would only make the test slow. quality's
//! own suite test covers how a verdict and its correction are published.

use chrono::{NaiveDate, NaiveTime};
use reqwest::Method;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, WAIT};
use uuid::Uuid;

use crate::outbound::{Person, Suite};

fn set_wib(s: &Suite, date: &str, hour: u32, minute: u32) {
    let date: NaiveDate = date.parse().unwrap();
    s.app.clock().set(tam_kernel::wib_to_utc(
        date,
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap(),
    ));
}

fn rule(body: &Value) -> &str {
    body["type"].as_str().unwrap().rsplit('/').next().unwrap()
}

async fn verdict(s: &Suite, agent: &Person, call: Uuid, valid: bool, revision: u32, at: &str) {
    s.app
        .emit(
            "quality.call.validated",
            "quality",
            Some(Site::Medan),
            json!({
                "task_id": Uuid::now_v7(), "call_id": call,
                "prospect_id": Uuid::now_v7(), "work_order_id": Uuid::now_v7(),
                "agent_id": agent.id, "team_id": null, "site": "medan",
                "program": "add_on_consumer",
                "verdict": if valid { "valid" } else { "returned" }, "score": 96.0,
                "reason": if valid { Value::Null } else { json!("no consent recorded") },
                "recommendation": null, "validated_at": at, "revision": revision,
            }),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_months_evaluation_gives_the_tier_is_approved_locked_and_a_late_correction_is_next_months_adjustment(
) {
    let s = Suite::start().await;
    set_wib(&s, "2027-06-01", 7, 0);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let manager = s.token(Role::Manager, None);
    let sup = s.token(Role::SupervisorOps, Some(Site::Medan));
    let hr_staff = s.token(Role::HrRecruiter, None);

    let table = s
        .call(
            Method::PUT,
            "/api/v1/hr/incentive-tables/add_on_consumer",
            &manager,
            Some(json!({
                "tiers": [
                    {"code": "gold", "min_validated_sales": 40, "min_score": 92.5, "max_late_days": 2},
                    {"code": "silver", "min_validated_sales": 30, "min_score": 85.0, "max_late_days": 3},
                ],
                "pembinaan_rule": "exclude",
            })),
        )
        .await;
    assert_eq!(table.status, 200, "{:?}", table.body);

    // Rostered three days of June; late on two.
    let shift = s
        .post(
            "/api/v1/hr/shifts",
            &sup,
            json!({"site": "medan", "code": "EVAL", "starts_at": "08:00", "ends_at": "17:00"}),
        )
        .await;
    assert_eq!(shift.status, 201, "{:?}", shift.body);
    let roster = s
        .post(
            "/api/v1/hr/rosters",
            &sup,
            json!({"employee_id": agent.id, "shift_id": shift.body["id"], "from": "2027-06-01", "to": "2027-06-03"}),
        )
        .await;
    assert!(roster.status.is_success(), "{:?}", roster.body);
    for (date, hour, minute) in [
        ("2027-06-01", 7, 50),
        ("2027-06-02", 8, 40),
        ("2027-06-03", 9, 10),
    ] {
        set_wib(&s, date, hour, minute);
        let checked = s
            .post("/api/v1/hr/attendance/check-in", &agent.token, json!({}))
            .await;
        assert!(checked.status.is_success(), "{date}: {:?}", checked.body);
    }

    // 43 AGREE calls judged in June: 40 valid (a score of 93.0%).
    let calls: Vec<Uuid> = (0..43).map(|_| Uuid::now_v7()).collect();
    for (i, call) in calls.iter().enumerate() {
        verdict(&s, &agent, *call, i < 40, 1, "2027-06-15T04:00:00Z").await;
    }
    let hr_db = s.app.pool("hr").unwrap();
    let kept = format!(
        "SELECT count(*) AS n FROM evaluation_verdicts WHERE agent_id = '{}'",
        agent.id
    );
    wait_until("hr keeps the 43 verdicts", WAIT, || async {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        use diesel_async::RunQueryDsl;
        let mut conn = hr_db.get().await.ok()?;
        let c: Count = diesel::sql_query(&kept).get_result(&mut conn).await.ok()?;
        (c.n == 43).then_some(())
    })
    .await
    .unwrap();

    // The first day after June (WIB): computed by the sweep on the configured clock.
    set_wib(&s, "2027-07-01", 8, 0);
    let path = format!("/api/v1/hr/evaluations?employee={}&month=2027-06", agent.id);
    let list = s.get(&path, &sup).await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    let e = &list.body["items"][0];
    assert_eq!(e["validated_sales"], 40, "{e:?}");
    assert_eq!(e["agree_total"], 43);
    assert_eq!(e["late_days"], 2);
    assert_eq!(e["present_days"], 3);
    assert_eq!(e["tier"], "gold");
    let id = e["id"].as_str().unwrap().to_owned();
    // The agent sees their own.
    let own = s.get(&path, &agent.token).await;
    assert_eq!(own.body["items"][0]["id"], json!(id));

    let step = |name: &str| format!("/api/v1/hr/evaluations/{id}/{name}");
    let reviewed = s.post(&step("review"), &sup, json!({})).await;
    assert_eq!(reviewed.status, 200, "{:?}", reviewed.body);
    let approved = s.post(&step("approve"), &sup, json!({})).await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);
    let locked = s.post(&step("lock"), &hr_staff, json!({})).await;
    assert_eq!(locked.status, 200, "{:?}", locked.body);
    assert_eq!(locked.body["status"], "locked");
    let changed = s.post(&step("review"), &sup, json!({})).await;
    assert_eq!(changed.status, 422, "{:?}", changed.body);
    assert_eq!(rule(&changed.body), "evaluation-locked");

    // The payroll files.
    let csv = s
        .get(
            "/api/v1/hr/evaluations/export?month=2027-06&site=medan&format=csv",
            &hr_staff,
        )
        .await;
    assert_eq!(csv.status, 200, "{:?}", csv.body);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.body.as_str().unwrap();
    let row = text
        .lines()
        .find(|l| l.contains(&agent.id.to_string()))
        .expect("the agent's row");
    assert!(row.ends_with(",gold"), "{row}");
    let xlsx = s
        .get(
            "/api/v1/hr/evaluations/export?month=2027-06&site=medan&format=xlsx",
            &hr_staff,
        )
        .await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("evaluations-medan-2027-06.xlsx"));
    assert!(xlsx.body.as_str().unwrap().starts_with("PK"));

    // A correction in July of a June call: June stays as locked, July gets -1.
    set_wib(&s, "2027-07-05", 10, 0);
    verdict(&s, &agent, calls[0], false, 2, "2027-07-05T03:00:00Z").await;
    let adjustments = format!(
        "/api/v1/hr/evaluations/adjustments?employee={}&month=2027-07",
        agent.id
    );
    let landed = wait_until("the correction lands on July", WAIT, || async {
        let a = s.get(&adjustments, &sup).await;
        let items = a.body["items"].as_array()?.clone();
        (!items.is_empty()).then_some(items)
    })
    .await
    .unwrap();
    assert_eq!(landed[0]["delta"], -1);
    assert_eq!(landed[0]["from_month"], "2027-06");
    let june = s.get(&path, &sup).await;
    assert_eq!(june.body["items"][0]["validated_sales"], 40);
    assert_eq!(june.body["items"][0]["status"], "locked");

    set_wib(&s, "2027-08-01", 9, 0);
    let july = s
        .get(
            &format!("/api/v1/hr/evaluations?employee={}&month=2027-07", agent.id),
            &sup,
        )
        .await;
    assert_eq!(july.body["items"][0]["adjustment"], -1, "{:?}", july.body);
    s.stop().await;
}
