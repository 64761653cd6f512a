//! Attendance: shifts kept by the site's supervisor_ops, rosters by the supervisor or
//! the team leader of the employee's own team, check-in and check-out at the server's
//! clock classified late / early against the roster, corrections with a reason kept
//! beside the original, the reads by scope, the summary other parts of hr read, and the
//! site policy published for prospect.

use chrono::{NaiveDate, NaiveTime};
use serde_json::{json, Value};
use tam_kernel::{Program, Role, Site};

use crate::helpers::Hr;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn set_wib(hr: &Hr, date: &str, h: u32, m: u32) {
    hr.app.clock().set(tam_kernel::wib_to_utc(
        day(date),
        NaiveTime::from_hms_opt(h, m, 0).unwrap(),
    ));
}

fn payloads(published: &[(String, Value)], event_type: &str) -> Vec<Value> {
    published
        .iter()
        .filter(|(t, _)| t == event_type)
        .map(|(_, e)| e["payload"].clone())
        .collect()
}

#[tokio::test]
async fn shifts_are_the_sites_and_end_after_they_start() {
    let hr = Hr::start().await;
    let medan = hr.token(Role::SupervisorOps, Some(Site::Medan));
    let bandung = hr.token(Role::SupervisorOps, Some(Site::Bandung));

    // Without times: the operating hours.
    let default = hr
        .post(
            "/api/v1/hr/shifts",
            Some(&medan),
            json!({"site": "medan", "code": "PAGI"}),
        )
        .await;
    assert_eq!(default.status, 201, "{:?}", default.body);
    assert_eq!(default.body["starts_at"], "08:00");
    assert_eq!(default.body["ends_at"], "17:00");

    let backwards = hr
        .post(
            "/api/v1/hr/shifts",
            Some(&medan),
            json!({"site": "medan", "code": "SORE", "starts_at": "17:00", "ends_at": "13:00"}),
        )
        .await;
    assert_eq!(backwards.status, 422, "{:?}", backwards.body);
    assert_eq!(backwards.slug(), "shift-ends-before-start");
    assert!(backwards.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("ends_at"));

    let taken = hr
        .post(
            "/api/v1/hr/shifts",
            Some(&medan),
            json!({"site": "medan", "code": "PAGI"}),
        )
        .await;
    assert_eq!(taken.slug(), "shift-code-taken");

    let elsewhere = hr
        .post(
            "/api/v1/hr/shifts",
            Some(&bandung),
            json!({"site": "medan", "code": "X"}),
        )
        .await;
    assert_eq!(elsewhere.status, 403, "{:?}", elsewhere.body);

    let malformed = hr
        .post(
            "/api/v1/hr/shifts",
            Some(&medan),
            json!({"site": "medan", "code": "Y", "starts_at": "8:00"}),
        )
        .await;
    assert_eq!(malformed.status, 400, "{:?}", malformed.body);

    // Bandung's supervisor sees Bandung's shifts only.
    let seen = hr.get("/api/v1/hr/shifts", &bandung).await;
    assert_eq!(seen.body["items"], json!([]));
    let seen = hr.get("/api/v1/hr/shifts", &medan).await;
    assert_eq!(seen.body["items"].as_array().unwrap().len(), 1);
    hr.stop().await;
}

#[tokio::test]
async fn check_in_and_out_follow_the_roster_and_a_correction_keeps_the_original() {
    let hr = Hr::start().await;
    let today = "2026-12-07";
    set_wib(&hr, today, 7, 0);
    let supervisor = hr.token(Role::SupervisorOps, Some(Site::Medan));
    let (team, leader) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            Some(team.id),
        )
        .await;
    let (_, other_leader) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let agent_token = hr.token_of(&agent, None);
    let leader_token = hr.token_of(&leader, Some(team.id));
    let other_leader_token = hr.token_of(&other_leader, None);

    let shift = hr
        .post(
            "/api/v1/hr/shifts",
            Some(&supervisor),
            json!({"site": "medan", "code": "PAGI", "starts_at": "08:00", "ends_at": "17:00"}),
        )
        .await;
    let shift_id = shift.body["id"].as_str().unwrap().to_owned();

    // The leader of another team may not roster this agent (not theirs: 404); their
    // own leader may; a range backwards is refused naming the rule.
    let roster = json!({"employee_id": agent.id, "shift_id": shift_id,
                        "from": "2026-12-07", "to": "2026-12-09"});
    let stranger = hr
        .post(
            "/api/v1/hr/rosters",
            Some(&other_leader_token),
            roster.clone(),
        )
        .await;
    assert_eq!(stranger.status, 404, "{:?}", stranger.body);
    let rostered = hr
        .post("/api/v1/hr/rosters", Some(&leader_token), roster)
        .await;
    assert_eq!(rostered.status, 200, "{:?}", rostered.body);
    assert_eq!(rostered.body["days"], 3);
    let backwards = hr
        .post(
            "/api/v1/hr/rosters",
            Some(&supervisor),
            json!({"employee_id": agent.id, "shift_id": shift_id,
                   "from": "2026-12-09", "to": "2026-12-07"}),
        )
        .await;
    assert_eq!(backwards.slug(), "invalid-roster-range");

    // No check-out before a check-in.
    let early_out = hr
        .post(
            "/api/v1/hr/attendance/check-out",
            Some(&agent_token),
            json!({}),
        )
        .await;
    assert_eq!(early_out.status, 422, "{:?}", early_out.body);
    assert_eq!(early_out.slug(), "not-checked-in");

    // 08:05 is within the default 5 minutes; the time is the server's.
    set_wib(&hr, today, 8, 5);
    let checked_in = hr
        .post(
            "/api/v1/hr/attendance/check-in",
            Some(&agent_token),
            json!({}),
        )
        .await;
    assert_eq!(checked_in.status, 201, "{:?}", checked_in.body);
    assert_eq!(checked_in.body["late"], false);
    assert_eq!(checked_in.body["shift_code"], "PAGI");
    let twice = hr
        .post(
            "/api/v1/hr/attendance/check-in",
            Some(&agent_token),
            json!({}),
        )
        .await;
    assert_eq!(twice.status, 422, "{:?}", twice.body);
    assert_eq!(twice.slug(), "already-checked-in");
    // 15:00 is two hours before the shift ends: an early leave.
    set_wib(&hr, today, 15, 0);
    let out = hr
        .post(
            "/api/v1/hr/attendance/check-out",
            Some(&agent_token),
            json!({}),
        )
        .await;
    assert_eq!(out.status, 200, "{:?}", out.body);
    assert_eq!(out.body["early_leave"], true);
    let out_again = hr
        .post(
            "/api/v1/hr/attendance/check-out",
            Some(&agent_token),
            json!({}),
        )
        .await;
    assert_eq!(out_again.slug(), "already-checked-out");

    // The next day 08:30 is late.
    set_wib(&hr, "2026-12-08", 8, 30);
    let late = hr
        .post(
            "/api/v1/hr/attendance/check-in",
            Some(&agent_token),
            json!({}),
        )
        .await;
    assert_eq!(late.status, 201, "{:?}", late.body);
    assert_eq!(late.body["late"], true);

    // The leader corrects the first day (a customer visit ran late): no longer an early
    // leave; the agent's own times stay as the original.
    let correction = json!({"employee_id": agent.id, "day": today, "check_in": "08:05",
                            "check_out": "17:00", "reason": "customer visit on site"});
    let stranger = hr
        .post(
            "/api/v1/hr/attendance/corrections",
            Some(&other_leader_token),
            correction.clone(),
        )
        .await;
    assert_eq!(stranger.status, 404, "{:?}", stranger.body);
    let corrected = hr
        .post(
            "/api/v1/hr/attendance/corrections",
            Some(&leader_token),
            correction,
        )
        .await;
    assert_eq!(corrected.status, 201, "{:?}", corrected.body);
    assert_eq!(corrected.body["early_leave"], false);
    assert_eq!(corrected.body["corrected"], true);
    assert_eq!(
        corrected.body["original"]["check_out_at"],
        out.body["check_out_at"]
    );
    assert_eq!(
        corrected.body["corrections"][0]["reason"],
        "customer visit on site"
    );
    let reversed = hr
        .post(
            "/api/v1/hr/attendance/corrections",
            Some(&leader_token),
            json!({"employee_id": agent.id, "day": today, "check_in": "09:00",
                   "check_out": "08:00", "reason": "typo"}),
        )
        .await;
    assert_eq!(reversed.slug(), "invalid-correction");
    let future = hr
        .post(
            "/api/v1/hr/attendance/corrections",
            Some(&leader_token),
            json!({"employee_id": agent.id, "day": "2026-12-20", "reason": "leave"}),
        )
        .await;
    assert_eq!(future.slug(), "invalid-correction");

    // The summary: three rostered days, two present, one late, no early leave (after
    // the correction), one absence (the 9th, not checked in), one corrected day.
    let mut conn = hr.pool.get().await.unwrap();
    let summary =
        tam_hr::store::attendance::summary(&mut conn, agent.id, day(today), day("2026-12-09"))
            .await
            .unwrap();
    drop(conn);
    assert_eq!(
        summary,
        tam_hr::domain::attendance::AttendanceSummary {
            rostered_days: 3,
            days_present: 2,
            late_arrivals: 1,
            early_leaves: 0,
            absences: 1,
            corrected_days: 1,
        }
    );

    // Reads by scope: the agent their own, the team leader their team's, the other
    // leader nothing of it, the supervisor the site's.
    let period = "from=2026-12-07&to=2026-12-09";
    let own = hr
        .get(&format!("/api/v1/hr/attendance/me?{period}"), &agent_token)
        .await;
    assert_eq!(own.body["summary"]["days_present"], 2, "{:?}", own.body);
    let team_view = hr
        .get(
            &format!("/api/v1/hr/attendance?{period}&team_id={}", team.id),
            &leader_token,
        )
        .await;
    assert_eq!(team_view.body["days"].as_array().unwrap().len(), 3);
    let other = hr
        .get(
            &format!("/api/v1/hr/attendance?{period}&employee_id={}", agent.id),
            &other_leader_token,
        )
        .await;
    assert_eq!(other.body["days"], json!([]));
    let bandung = hr
        .get(
            &format!("/api/v1/hr/attendance?{period}"),
            &hr.token(Role::SupervisorOps, Some(Site::Bandung)),
        )
        .await;
    assert_eq!(bandung.body["days"], json!([]));
    let site = hr
        .get(&format!("/api/v1/hr/attendance?{period}"), &supervisor)
        .await;
    assert_eq!(site.body["summary"]["late_arrivals"], 1, "{:?}", site.body);

    let published = hr.published().await;
    let ins = payloads(&published, "hr.attendance.checked_in");
    assert_eq!(ins.len(), 2);
    assert_eq!(ins[1]["late"], true);
    assert_eq!(ins[1]["late_minutes"], 30);
    assert_eq!(payloads(&published, "hr.attendance.checked_out").len(), 1);
    let corrections = payloads(&published, "hr.attendance.corrected");
    assert_eq!(corrections.len(), 1);
    assert_eq!(corrections[0]["reason"], "customer visit on site");
    hr.stop().await;
}

#[tokio::test]
async fn the_site_policy_is_set_by_its_supervisor_and_published() {
    let hr = Hr::start().await;
    let medan = hr.token(Role::SupervisorOps, Some(Site::Medan));
    let listed = hr.get("/api/v1/hr/attendance/policies", &medan).await;
    assert!(listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["check_in_required"] == false));
    let elsewhere = hr
        .post(
            "/api/v1/hr/attendance/policies",
            Some(&medan),
            json!({"site": "bandung", "check_in_required": true}),
        )
        .await;
    assert_eq!(elsewhere.status, 403, "{:?}", elsewhere.body);
    let set = hr
        .post(
            "/api/v1/hr/attendance/policies",
            Some(&medan),
            json!({"site": "medan", "check_in_required": true}),
        )
        .await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    let published = hr.published().await;
    let changed = payloads(&published, "hr.site.attendance_policy_changed");
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["site"], "medan");
    assert_eq!(changed[0]["check_in_required"], true);
    hr.stop().await;
}
