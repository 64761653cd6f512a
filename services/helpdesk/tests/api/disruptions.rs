//! IT disruptions to IOC: the site reports (its own site, from the token), IOC
//! acknowledges, posts updates and resolves, the site's supervisor confirms or reopens;
//! another site's people get 404; open P1s come first for the site; a P1's breach on
//! the 24x7 calendar is escalated once to `ioc_manager`, even with two replicas.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::{wait_until, TestService, WAIT};
use tokio_util::sync::CancellationToken;

const DISRUPTIONS: &str = "/api/v1/helpdesk/disruptions";

fn wib(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+07:00"))
        .unwrap()
        .with_timezone(&Utc)
}

async fn start() -> TestService {
    let overrides: HashMap<String, String> = [("TAM_ESCALATION_POLL_INTERVAL_MS", "100")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &overrides,
    )
    .await
}

fn dialer_down(severity: &str) -> Value {
    json!({
        "category": "telephony_dialer",
        "programs": ["add_on_consumer", "ct0_pranpc"],
        "agents_affected": 60,
        "description": "the dialer drops every call after the greeting",
        "proposed_severity": severity,
    })
}

/// Reports a disruption as `token`; answers its id.
async fn report(h: &TestService, token: &str, body: Value) -> String {
    let reported = h.post(DISRUPTIONS, token, body).await;
    assert_eq!(reported.status, 201, "{:?}", reported.body);
    reported.body["disruption"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The `detail` of a problem (a 422 names its fields there).
fn problem_detail(answer: &tam_testkit::Answer) -> &str {
    answer.body["detail"].as_str().unwrap_or_default()
}

fn clock<'a>(detail: &'a Value, name: &str) -> &'a Value {
    detail["sla"]["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == name)
        .unwrap_or_else(|| panic!("no {name} clock in {detail}"))
}

#[tokio::test]
async fn a_site_reports_ioc_works_it_and_the_sites_supervisor_confirms_after_a_reopening() {
    let h = start().await;
    h.app.clock().set(wib("2026-12-07T10:00:00"));
    let team_leader = h.token(Role::TeamLeader, Some(Site::Bandung));
    let id = report(&h, &team_leader, dialer_down("p1")).await;
    let link = format!("{DISRUPTIONS}/{id}");

    let ioc = h.token(Role::Ioc, None);
    let detail = h.get(&link, &ioc).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    let d = &detail.body["disruption"];
    // The site is the reporter's, from the token.
    assert_eq!(d["site"], "bandung");
    assert_eq!(d["status"], "reported");
    assert_eq!(d["severity"], "p1");
    assert_eq!(d["active_p1"], true);
    assert_eq!(detail.body["sla"]["calendar"], "always");
    assert_eq!(clock(&detail.body, "acknowledge")["target_minutes"], 15);
    assert_eq!(
        clock(&detail.body, "acknowledge")["due_at"],
        "2026-12-07T03:15:00Z"
    );
    assert_eq!(clock(&detail.body, "resolve")["target_minutes"], 240);
    assert_eq!(detail.body["allowed_statuses"], json!(["acknowledged"]));

    // IOC acknowledges and posts an update the site sees on the timeline.
    h.app.clock().set(wib("2026-12-07T10:05:00"));
    let acked = h
        .post(
            &format!("{link}/status"),
            &ioc,
            json!({"status": "acknowledged"}),
        )
        .await;
    assert_eq!(acked.status, 200, "{:?}", acked.body);
    assert_eq!(clock(&acked.body, "acknowledge")["running"], false);
    assert_eq!(clock(&acked.body, "acknowledge")["breached"], false);
    let update = h
        .post(
            &format!("{link}/updates"),
            &ioc,
            json!({"note": "the SIP trunk to Bandung is down; the carrier is on it"}),
        )
        .await;
    assert_eq!(update.status, 201, "{:?}", update.body);
    let seen = h.get(&link, &team_leader).await;
    assert_eq!(seen.status, 200);
    let kinds: Vec<&str> = seen.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["reported", "status", "update"]);
    assert_eq!(
        seen.body["timeline"][2]["note"],
        "the SIP trunk to Bandung is down; the carrier is on it"
    );

    // IOC may not confirm its own fix; a resolution names what fixed it.
    let no_note = h
        .post(
            &format!("{link}/status"),
            &ioc,
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(no_note.status, 422, "{:?}", no_note.body);
    assert_eq!(no_note.slug(), "invalid-disruption");
    assert!(
        problem_detail(&no_note).starts_with("note: "),
        "{:?}",
        no_note.body
    );
    h.app.clock().set(wib("2026-12-07T11:00:00"));
    let resolved = h
        .post(
            &format!("{link}/status"),
            &ioc,
            json!({"status": "resolved", "note": "trunk rerouted"}),
        )
        .await;
    assert_eq!(resolved.status, 200, "{:?}", resolved.body);
    assert_eq!(
        resolved.body["disruption"]["ended_at"],
        "2026-12-07T04:00:00Z"
    );
    assert_eq!(resolved.body["disruption"]["active_p1"], false);
    let closed_by_ioc = h
        .post(&format!("{link}/status"), &ioc, json!({"status": "closed"}))
        .await;
    assert_eq!(closed_by_ioc.status, 403, "{:?}", closed_by_ioc.body);

    // Another site's supervisor does not see it; the site's team leader may not confirm.
    let medan = h.token(Role::SupervisorOps, Some(Site::Medan));
    let foreign = h
        .post(
            &format!("{link}/status"),
            &medan,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(foreign.status, 404, "{:?}", foreign.body);
    let by_tl = h
        .post(
            &format!("{link}/status"),
            &team_leader,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(by_tl.status, 403, "{:?}", by_tl.body);

    // The site's supervisor finds it still broken: reopened, the resolve clock runs again.
    let supervisor = h.token(Role::SupervisorOps, Some(Site::Bandung));
    h.app.clock().set(wib("2026-12-07T11:30:00"));
    let reopened = h
        .post(
            &format!("{link}/status"),
            &supervisor,
            json!({"status": "reopened", "note": "calls still drop on the CT0 floor"}),
        )
        .await;
    assert_eq!(reopened.status, 200, "{:?}", reopened.body);
    assert_eq!(reopened.body["disruption"]["ended_at"], Value::Null);
    assert_eq!(reopened.body["disruption"]["active_p1"], true);
    let resolve = clock(&reopened.body, "resolve");
    assert_eq!(resolve["running"], true);
    // 10:00–11:00 used (60 min): 180 minutes left from 11:30, due 14:30 WIB.
    assert_eq!(resolve["elapsed_seconds"], 3600);
    assert_eq!(resolve["due_at"], "2026-12-07T07:30:00Z");

    h.app.clock().set(wib("2026-12-07T12:00:00"));
    let again = h
        .post(
            &format!("{link}/status"),
            &ioc,
            json!({"status": "resolved", "note": "second trunk replaced"}),
        )
        .await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    let confirmed = h
        .post(
            &format!("{link}/status"),
            &supervisor,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(confirmed.status, 200, "{:?}", confirmed.body);
    assert_eq!(confirmed.body["disruption"]["status"], "closed");
    // Closed: no more work on it.
    let late = h
        .post(&format!("{link}/updates"), &ioc, json!({"note": "x"}))
        .await;
    assert_eq!(late.status, 409, "{:?}", late.body);

    // Every step is an event; the confirmation carries the disruption's whole span.
    h.app.outboxes_drained().await.unwrap();
    let types: Vec<String> = h
        .published()
        .await
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| t.starts_with("helpdesk.disruption."))
        .collect();
    assert_eq!(
        types,
        [
            "helpdesk.disruption.reported",
            "helpdesk.disruption.acknowledged",
            "helpdesk.disruption.updated",
            "helpdesk.disruption.resolved",
            "helpdesk.disruption.reopened",
            "helpdesk.disruption.resolved",
            "helpdesk.disruption.confirmed",
        ]
    );
    let confirmed = h.app.published("helpdesk.disruption.confirmed").await;
    assert_eq!(
        confirmed[0]["payload"]["started_at"],
        "2026-12-07T03:00:00Z"
    );
    assert_eq!(confirmed[0]["payload"]["ended_at"], "2026-12-07T05:00:00Z");
    assert_eq!(
        confirmed[0]["payload"]["programs"],
        json!(["add_on_consumer", "ct0_pranpc"])
    );
    assert_eq!(confirmed[0]["site"], "bandung");
    h.stop().await;
}

#[tokio::test]
async fn another_sites_people_get_404_ioc_sees_all_and_open_p1s_come_first_for_the_site() {
    let h = start().await;
    h.app.clock().set(wib("2026-12-07T09:00:00"));
    let bandung_agent = h.token(Role::Agent, Some(Site::Bandung));
    let p1 = report(&h, &bandung_agent, dialer_down("p1")).await;
    h.app.clock().set(wib("2026-12-07T09:10:00"));
    let qco = h.token(Role::QcOfficer, Some(Site::Bandung));
    let p3 = report(
        &h,
        &qco,
        json!({"category": "pc_headset", "programs": ["add_on_consumer"],
               "agents_affected": 2, "description": "two headsets crackle",
               "proposed_severity": "p3"}),
    )
    .await;
    let medan_tl = h.token(Role::TeamLeader, Some(Site::Medan));
    let medan = report(
        &h,
        &medan_tl,
        json!({"category": "network", "programs": ["add_on_consumer"],
               "agents_affected": 10, "description": "slow network on floor 2",
               "proposed_severity": "p2"}),
    )
    .await;

    // A Medan team leader: 404 on Bandung's, as for an unknown id; lists only Medan's.
    for id in [&p1, &p3] {
        let answer = h.get(&format!("{DISRUPTIONS}/{id}"), &medan_tl).await;
        assert_eq!(answer.status, 404, "{:?}", answer.body);
    }
    let listed = h.get(DISRUPTIONS, &medan_tl).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(ids(&listed.body, "items"), [medan.as_str()]);
    assert!(ids(&listed.body, "active_p1").is_empty());

    // Bandung's supervisor: the open P1 on top, then everything newest first.
    let supervisor = h.token(Role::SupervisorOps, Some(Site::Bandung));
    let theirs = h.get(DISRUPTIONS, &supervisor).await;
    assert_eq!(ids(&theirs.body, "active_p1"), [p1.as_str()]);
    assert_eq!(ids(&theirs.body, "items"), [p3.clone(), p1.clone()]);

    // IOC and its manager see all three.
    for role in [Role::Ioc, Role::IocManager, Role::Manager] {
        let all = h.get(DISRUPTIONS, &h.token(role, None)).await;
        assert_eq!(all.status, 200, "{role}: {:?}", all.body);
        assert_eq!(
            ids(&all.body, "items"),
            [medan.clone(), p3.clone(), p1.clone()],
            "{role}"
        );
        assert_eq!(ids(&all.body, "active_p1"), [p1.as_str()], "{role}");
    }

    // IOC lowers the P1 to P2: no longer first, its clocks on office hours now.
    let ioc = h.token(Role::Ioc, None);
    let set = h
        .post(
            &format!("{DISRUPTIONS}/{p1}/severity"),
            &ioc,
            json!({"severity": "p2", "note": "half the floor can call"}),
        )
        .await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    assert_eq!(set.body["sla"]["calendar"], "office-wib");
    let theirs = h.get(DISRUPTIONS, &supervisor).await;
    assert!(ids(&theirs.body, "active_p1").is_empty());
    // A site person cannot set a severity.
    let by_site = h
        .post(
            &format!("{DISRUPTIONS}/{p3}/severity"),
            &supervisor,
            json!({"severity": "p1"}),
        )
        .await;
    assert_eq!(by_site.status, 403, "{:?}", by_site.body);
    let unknown = h
        .post(
            &format!("{DISRUPTIONS}/{p3}/severity"),
            &ioc,
            json!({"severity": "p0"}),
        )
        .await;
    assert_eq!(unknown.status, 422, "{:?}", unknown.body);
    assert!(
        problem_detail(&unknown).starts_with("severity: p0"),
        "{:?}",
        unknown.body
    );
    h.stop().await;
}

#[tokio::test]
async fn unknown_categories_and_programs_the_site_does_not_run_are_422_and_nothing_is_written() {
    let h = start().await;
    let medan = h.token(Role::SupervisorOps, Some(Site::Medan));
    let mut body = dialer_down("p2");
    body["category"] = json!("coffee_machine");
    let answer = h.post(DISRUPTIONS, &medan, body).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "unknown-reference");
    assert!(
        problem_detail(&answer).starts_with("category: coffee_machine"),
        "{:?}",
        answer.body
    );
    // CT0 PraNPC is called in Bandung only.
    let answer = h.post(DISRUPTIONS, &medan, dialer_down("p2")).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "unknown-reference");
    assert_eq!(
        problem_detail(&answer),
        "programs[1]: ct0_pranpc does not run at medan"
    );
    // A start ahead of now, or a program twice: 422 invalid-disruption naming each.
    let mut body = dialer_down("p2");
    body["programs"] = json!(["add_on_consumer", "add_on_consumer"]);
    body["started_at"] = json!("2099-01-01T00:00:00Z");
    let answer = h.post(DISRUPTIONS, &medan, body).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "invalid-disruption");
    assert_eq!(
        problem_detail(&answer),
        "programs[1]: add_on_consumer is listed twice; started_at: lies in the future"
    );
    // The reporter's site comes from the token: naming one is refused.
    let mut body = dialer_down("p2");
    body["programs"] = json!(["add_on_consumer"]);
    body["site"] = json!("bandung");
    let answer = h.post(DISRUPTIONS, &medan, body).await;
    assert_eq!(answer.status, 400, "{:?}", answer.body);
    assert_eq!(h.count("SELECT count(*) AS n FROM disruptions").await, 0);
    assert_eq!(
        h.count("SELECT count(*) AS n FROM disruption_timeline")
            .await,
        0
    );
    h.stop().await;
}

/// A P1 reported at 23:50 WIB on a Saturday (the office calendars are closed): its
/// acknowledge target (15 minutes on the 24x7 calendar) runs out at 00:05, and the
/// breach is recorded and escalated to `ioc_manager` once, with two replicas sweeping.
#[tokio::test]
async fn a_p1_at_night_breaches_on_the_24x7_calendar_and_escalates_once_with_two_replicas() {
    let h = start().await;
    let policy = Arc::new(tam_runtime::policy_of(&[tam_helpdesk::service()]).unwrap());
    let replica_shutdown = CancellationToken::new();
    let replica = tam_runtime::start(
        &tam_helpdesk::service(),
        policy,
        Arc::clone(&h.app.config),
        replica_shutdown.clone(),
    )
    .await
    .unwrap();
    h.app.clock().set(wib("2026-12-05T23:50:00"));
    let agent = h.token(Role::Agent, Some(Site::Bandung));
    let id = report(&h, &agent, dialer_down("p1")).await;

    // 00:04: not yet.
    h.app.clock().set(wib("2026-12-06T00:04:00"));
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        h.count("SELECT count(*) AS n FROM disruption_breaches")
            .await,
        0
    );
    // 00:06: the breach at 00:05, recorded once by whichever replica swept first.
    h.app.clock().set(wib("2026-12-06T00:06:00"));
    wait_until("the acknowledge breach", WAIT, || async {
        (h.count("SELECT count(*) AS n FROM disruption_breaches")
            .await
            == 1)
            .then_some(())
    })
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(
        h.count("SELECT count(*) AS n FROM disruption_breaches")
            .await,
        1
    );
    let ioc_manager = h.token(Role::IocManager, None);
    let detail = h.get(&format!("{DISRUPTIONS}/{id}"), &ioc_manager).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    let breaches = detail.body["breaches"].as_array().unwrap();
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0]["clock"], "acknowledge");
    assert_eq!(breaches[0]["due_at"], "2026-12-05T17:05:00Z");
    assert_eq!(breaches[0]["escalated_to"], "ioc_manager");
    assert_eq!(breaches[0]["calendar"], "always");
    let breached = h
        .get(&format!("{DISRUPTIONS}?breached=true"), &ioc_manager)
        .await;
    assert_eq!(ids(&breached.body, "items"), [id.as_str()]);
    h.app.outboxes_drained().await.unwrap();
    let events = h.app.published("helpdesk.disruption.breached").await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["payload"]["escalated_to"], "ioc_manager");
    assert_eq!(events[0]["payload"]["clock"], "acknowledge");

    replica_shutdown.cancel();
    replica.stopped().await.unwrap();
    h.stop().await;
}

/// A site on a flaky link sends its report twice with one Idempotency-Key: one
/// disruption, the retry answered with it (200, `Idempotent-Replayed`); the key with
/// another report is 422.
#[tokio::test]
async fn a_retried_report_with_its_idempotency_key_reports_one_disruption() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorOps, Some(Site::Medan));
    let mut body = dialer_down("p1");
    body["programs"] = json!(["add_on_consumer"]);
    let send = |body: Value| {
        let h = &h;
        let supervisor = &supervisor;
        async move {
            h.request(
                reqwest::Method::POST,
                DISRUPTIONS,
                Some(supervisor),
                &[("Idempotency-Key", "medan-dialer-1")],
                Some(body),
            )
            .await
        }
    };
    let first = send(body.clone()).await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    let again = send(body.clone()).await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(
        again.body["disruption"]["id"],
        first.body["disruption"]["id"]
    );
    body["agents_affected"] = json!(61);
    let other = send(body).await;
    assert_eq!(other.status, 422, "{:?}", other.body);
    assert_eq!(other.slug(), "idempotency-key-reused");
    assert_eq!(h.count("SELECT count(*) AS n FROM disruptions").await, 1);
    h.app.outboxes_drained().await.unwrap();
    assert_eq!(
        h.app.published("helpdesk.disruption.reported").await.len(),
        1
    );
    h.stop().await;
}
