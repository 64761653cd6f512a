//! The monthly evaluation for incentives: quality's verdicts (emitted onto the test's
//! broker as quality would) and the attendance of the month give the tier the table
//! says; it is reviewed, approved, locked; a locked one refuses any change (422
//! `evaluation-locked`); a later verdict correction lands on the next month as an
//! adjustment; the approved month exports as CSV and XLSX.

use chrono::{NaiveDate, NaiveTime};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, WAIT};
use uuid::Uuid;

use crate::helpers::Hr;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn set_wib(hr: &Hr, date: &str, hour: u32, minute: u32) {
    hr.app.clock().set(tam_kernel::wib_to_utc(
        day(date),
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap(),
    ));
}

/// The table of the example: gold at 40 validated sales, a score of at least
/// 92.5% and at most two late days; silver 30/85%/3; bronze 20/80%. An agent in
/// pembinaan is capped at silver.
fn table() -> Value {
    json!({
        "tiers": [
            {"code": "gold", "min_validated_sales": 40, "min_score": 92.5, "max_late_days": 2},
            {"code": "silver", "min_validated_sales": 30, "min_score": 85.0, "max_late_days": 3},
            {"code": "bronze", "min_validated_sales": 20, "min_score": 80.0},
        ],
        "pembinaan_rule": "cap",
        "pembinaan_cap": "silver",
    })
}

struct Verdict {
    call_id: Uuid,
    task_id: Uuid,
}

async fn emit_verdict(
    hr: &Hr,
    (agent, team): (Uuid, Uuid),
    program: &str,
    v: &Verdict,
    valid: bool,
    revision: u32,
    at: &str,
) {
    hr.app
        .emit(
            "quality.call.validated",
            "quality",
            Some(Site::Medan),
            json!({
                "task_id": v.task_id, "call_id": v.call_id,
                "prospect_id": Uuid::now_v7(), "work_order_id": Uuid::now_v7(),
                "agent_id": agent, "team_id": team, "site": "medan", "program": program,
                "verdict": if valid { "valid" } else { "returned" }, "score": 95.0,
                "reason": if valid { Value::Null } else { json!("no consent recorded") },
                "recommendation": null, "validated_at": at, "revision": revision,
            }),
        )
        .await
        .unwrap();
}

async fn verdicts_kept(hr: &Hr, agent: Uuid, n: i64) {
    let sql = format!("SELECT count(*) AS n FROM evaluation_verdicts WHERE agent_id = '{agent}'");
    wait_until("the verdicts are kept", WAIT, || async {
        (hr.count(&sql).await == n).then_some(())
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn forty_validated_sales_at_the_score_with_two_late_days_give_gold_then_locked_and_adjusted()
{
    let hr = Hr::start().await;
    let site = Site::Medan;
    let program = site.programs()[0];
    let code = program.as_str();
    set_wib(&hr, "2027-03-01", 7, 0);
    let (team, leader) = hr.insert_team(site, program).await;
    let agent = hr
        .insert_employee(Role::Agent, Some(site), Some(program), Some(team.id))
        .await;
    let manager = hr.token(Role::Manager, None);
    let sup = hr.token(Role::SupervisorOps, Some(site));
    let hr_staff = hr.token(Role::HrRecruiter, None);
    let leader_token = hr.token_of(&leader, Some(team.id));
    let agent_token = hr.token_of(&agent, None);

    // The table: only a manager sets it, and a cap that is no tier is refused.
    let path = format!("/api/v1/hr/incentive-tables/{code}");
    assert_eq!(hr.put(&path, &sup, table()).await.status, 403);
    let mut bad = table();
    bad["pembinaan_cap"] = json!("platinum");
    let refused = hr.put(&path, &manager, bad).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(
        refused.body["type"].as_str().unwrap().rsplit('/').next(),
        Some("invalid-incentive-table")
    );
    let set = hr.put(&path, &manager, table()).await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    assert_eq!(set.body["version"], 1);

    // Three rostered days in March; two check-ins late.
    let shift = hr
        .post(
            "/api/v1/hr/shifts",
            Some(&sup),
            json!({"site": "medan", "code": "PAGI", "starts_at": "08:00", "ends_at": "17:00"}),
        )
        .await;
    assert_eq!(shift.status, 201, "{:?}", shift.body);
    let rostered = hr
        .post(
            "/api/v1/hr/rosters",
            Some(&sup),
            json!({"employee_id": agent.id, "shift_id": shift.id(), "from": "2027-03-01", "to": "2027-03-03"}),
        )
        .await;
    assert!(rostered.status.is_success(), "{:?}", rostered.body);
    for (date, hour, minute) in [
        ("2027-03-01", 7, 55),
        ("2027-03-02", 8, 30),
        ("2027-03-03", 9, 0),
    ] {
        set_wib(&hr, date, hour, minute);
        let checked = hr
            .post(
                "/api/v1/hr/attendance/check-in",
                Some(&agent_token),
                json!({}),
            )
            .await;
        assert!(checked.status.is_success(), "{date}: {:?}", checked.body);
    }

    // 43 AGREE calls judged in March: 40 valid, 3 returned (a score of 93.0%; with
    // valid ÷ total AGREE, exactly 92.5% and 40 valid cannot both hold).
    let calls: Vec<Verdict> = (0..43)
        .map(|_| Verdict {
            call_id: Uuid::now_v7(),
            task_id: Uuid::now_v7(),
        })
        .collect();
    for (i, v) in calls.iter().enumerate() {
        emit_verdict(
            &hr,
            (agent.id, team.id),
            code,
            v,
            i < 40,
            1,
            "2027-03-10T03:00:00Z",
        )
        .await;
    }
    verdicts_kept(&hr, agent.id, 43).await;
    // An old revision arriving again changes nothing (the latest wins).
    emit_verdict(
        &hr,
        (agent.id, team.id),
        code,
        &calls[0],
        true,
        1,
        "2027-03-10T03:00:00Z",
    )
    .await;

    // Nothing is computed during the month.
    set_wib(&hr, "2027-03-31", 20, 0);
    let list = hr
        .get(
            &format!("/api/v1/hr/evaluations?employee={}&month=2027-03", agent.id),
            &manager,
        )
        .await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);

    // The first day after the month (WIB): computed once.
    set_wib(&hr, "2027-04-01", 0, 30);
    let list = hr
        .get(
            &format!("/api/v1/hr/evaluations?employee={}&month=2027-03", agent.id),
            &manager,
        )
        .await;
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{:?}", list.body);
    let e = &items[0];
    assert_eq!(e["month"], "2027-03");
    assert_eq!(e["validated_sales"], 40);
    assert_eq!(e["agree_total"], 43);
    assert!((e["quality_score"].as_f64().unwrap() - 4000.0 / 43.0).abs() < 1e-9);
    assert_eq!(e["rostered_days"], 3);
    assert_eq!(e["present_days"], 3);
    assert_eq!(e["late_days"], 2);
    assert_eq!(e["in_pembinaan"], false);
    assert_eq!(e["tier"], "gold", "{e:?}");
    assert_eq!(e["tier_reason"], "qualified");
    assert_eq!(e["status"], "computed");
    let id = e["id"].as_str().unwrap().to_owned();
    // Scope: the agent sees their own, another site's supervisor nothing.
    let own = hr.get("/api/v1/hr/evaluations", &agent_token).await;
    let own = own.body["items"].as_array().unwrap().clone();
    assert!(!own.is_empty());
    assert!(own.iter().all(|e| e["employee_id"] == json!(agent.id)));
    let elsewhere = hr.token(Role::SupervisorOps, Some(Site::Bandung));
    let none = hr
        .get(
            &format!("/api/v1/hr/evaluations?employee={}&month=2027-03", agent.id),
            &elsewhere,
        )
        .await;
    assert_eq!(none.body["items"].as_array().unwrap().len(), 0);
    let computed = hr.app.published("hr.evaluation.computed").await;
    assert_eq!(
        computed
            .iter()
            .filter(|p| {
                p["payload"]["employee_id"] == json!(agent.id)
                    && p["payload"]["month"] == "2027-03-01"
            })
            .count(),
        1
    );

    // Export before approval: refused, naming the rule.
    let early = hr
        .get(
            "/api/v1/hr/evaluations/export?month=2027-03&site=medan&format=csv",
            &manager,
        )
        .await;
    assert_eq!(early.status, 422, "{:?}", early.body);
    assert_eq!(
        early.body["type"].as_str().unwrap().rsplit('/').next(),
        Some("month-not-approved")
    );

    // Approve before review: not ready. Review by the team leader, approve by the site's
    // supervisor, lock by HR.
    let step = |s: &str| format!("/api/v1/hr/evaluations/{id}/{s}");
    let not_ready = hr.post(&step("approve"), Some(&sup), json!({})).await;
    assert_eq!(not_ready.status, 422, "{:?}", not_ready.body);
    assert_eq!(
        hr.post(&step("review"), Some(&agent_token), json!({}))
            .await
            .status,
        403
    );
    let reviewed = hr
        .post(&step("review"), Some(&leader_token), json!({}))
        .await;
    assert_eq!(reviewed.status, 200, "{:?}", reviewed.body);
    assert_eq!(reviewed.body["status"], "reviewed");
    assert_eq!(
        hr.post(&step("approve"), Some(&elsewhere), json!({}))
            .await
            .status,
        404
    );
    let approved = hr.post(&step("approve"), Some(&sup), json!({})).await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);
    assert_eq!(approved.body["status"], "approved");
    let locked = hr.post(&step("lock"), Some(&hr_staff), json!({})).await;
    assert_eq!(locked.status, 200, "{:?}", locked.body);
    assert_eq!(locked.body["status"], "locked");
    let again = hr.post(&step("approve"), Some(&sup), json!({})).await;
    assert_eq!(again.status, 422, "{:?}", again.body);
    assert_eq!(
        again.body["type"].as_str().unwrap().rsplit('/').next(),
        Some("evaluation-locked")
    );

    // The export, as CSV and XLSX.
    let csv = hr
        .get(
            "/api/v1/hr/evaluations/export?month=2027-03&site=medan&format=csv",
            &manager,
        )
        .await;
    assert_eq!(csv.status, 200, "{:?}", csv.body);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("evaluations-medan-2027-03.csv"));
    let text = csv.body.as_str().unwrap().to_owned();
    assert!(
        text.starts_with("month,site,program,nik,full_name,employee_id"),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.contains(&agent.id.to_string()))
        .expect("the agent's row");
    assert!(
        line.contains(&agent.nik) && line.ends_with(",gold"),
        "{line}"
    );
    let xlsx = hr
        .get(
            "/api/v1/hr/evaluations/export?month=2027-03&site=medan&format=xlsx",
            &manager,
        )
        .await;
    assert_eq!(xlsx.status, 200);
    assert_eq!(
        xlsx.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        xlsx.body.as_str().unwrap().starts_with("PK"),
        "an xlsx is a zip"
    );

    // A correction in April of a March call: March stays, April gets -1.
    set_wib(&hr, "2027-04-03", 10, 0);
    emit_verdict(
        &hr,
        (agent.id, team.id),
        code,
        &calls[5],
        false,
        2,
        "2027-04-03T03:00:00Z",
    )
    .await;
    let adjustments = format!(
        "/api/v1/hr/evaluations/adjustments?employee={}&month=2027-04",
        agent.id
    );
    let landed = wait_until("the adjustment lands", WAIT, || async {
        let a = hr.get(&adjustments, &leader_token).await;
        let items = a.body["items"].as_array()?.clone();
        (!items.is_empty()).then_some(items)
    })
    .await
    .unwrap();
    assert_eq!(landed.len(), 1);
    assert_eq!(landed[0]["delta"], -1);
    assert_eq!(landed[0]["from_month"], "2027-03");
    assert_eq!(landed[0]["call_id"], json!(calls[5].call_id));
    let march = hr
        .get(
            &format!("/api/v1/hr/evaluations?employee={}&month=2027-03", agent.id),
            &manager,
        )
        .await;
    assert_eq!(
        march.body["items"][0]["validated_sales"], 40,
        "a locked month does not change"
    );
    assert_eq!(march.body["items"][0]["tier"], "gold");
    assert_eq!(hr.app.published("hr.evaluation.adjusted").await.len(), 1);

    // April's evaluation carries it.
    set_wib(&hr, "2027-05-01", 9, 0);
    let april = hr
        .get(
            &format!("/api/v1/hr/evaluations?employee={}&month=2027-04", agent.id),
            &manager,
        )
        .await;
    assert_eq!(april.body["items"][0]["validated_sales"], 0);
    assert_eq!(april.body["items"][0]["adjustment"], -1);
    assert_eq!(april.body["items"][0]["payable_sales"], -1);
    hr.stop().await;
}
