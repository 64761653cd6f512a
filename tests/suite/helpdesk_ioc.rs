//! IT disruptions to IOC through the gateway, with the test clock and two helpdesk
//! replicas: a Bandung disruption raised to P1 in the night runs on the 24x7 calendar,
//! breaches its acknowledge target at the exact minute and is escalated once to IOC's
//! manager; a Medan team leader gets 404 on it while IOC sees every site's, and
//! Bandung's supervisor sees it first in the list.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};

use crate::outbound::Suite;

const DISRUPTIONS: &str = "/api/v1/helpdesk/disruptions";

/// `date` at `hour:minute` WIB.
fn wib(date: &str, hour: u32, minute: u32) -> DateTime<Utc> {
    let date: NaiveDate = date.parse().unwrap();
    tam_kernel::wib_to_utc(date, NaiveTime::from_hms_opt(hour, minute, 0).unwrap())
}

fn at(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

fn ids(body: &Value, key: &str) -> Vec<String> {
    body[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

fn clock<'a>(detail: &'a Value, name: &str) -> &'a Value {
    detail["sla"]["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == name)
        .unwrap_or_else(|| panic!("no {name} clock in {detail}"))
}

/// The breaches ioc_manager reads on the disruption.
async fn breaches(s: &Suite, id: &str) -> Vec<Value> {
    let manager = s.token(Role::IocManager, None);
    let detail = s.get(&format!("{DISRUPTIONS}/{id}"), &manager).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    detail.body["breaches"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_p1_at_bandung_breaches_at_the_minute_on_the_24x7_calendar_at_night_and_escalates_once() {
    let overrides = [("TAM_ESCALATION_POLL_INTERVAL_MS", "100")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let s = Suite::start_with(&overrides).await;
    let policy = std::sync::Arc::new(tam_runtime::policy_of(&tam::services()).unwrap());
    let replica_shutdown = tokio_util::sync::CancellationToken::new();
    let replica = tam_runtime::start(
        &tam_helpdesk::service(),
        policy,
        std::sync::Arc::clone(&s.app.config),
        replica_shutdown.clone(),
    )
    .await
    .unwrap();

    // Sunday 6 December 2026, 02:10 WIB: the office calendars are closed until Monday.
    s.app.clock().set(wib("2026-12-06", 2, 10));
    let team_leader = s.token(Role::TeamLeader, Some(Site::Bandung));
    let reported = s
        .post(
            DISRUPTIONS,
            &team_leader,
            json!({
                "category": "telephony_dialer",
                "programs": ["add_on_consumer", "ct0_pranpc"],
                "agents_affected": 45,
                "description": "night shift: the dialer rejects every campaign",
                "proposed_severity": "p2",
            }),
        )
        .await;
    assert_eq!(reported.status, 201, "{:?}", reported.body);
    let id = reported.body["disruption"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let link = format!("{DISRUPTIONS}/{id}");
    assert_eq!(reported.body["disruption"]["site"], "bandung");
    // As P2 on office hours nothing runs before Monday 08:00: due 08:30.
    assert_eq!(reported.body["sla"]["calendar"], "office-wib");
    assert_eq!(
        at(&clock(&reported.body, "acknowledge")["due_at"]),
        wib("2026-12-07", 8, 30)
    );

    // IOC makes it P1 at 02:12: the clocks run on the 24x7 calendar from the report, so
    // the 15-minute acknowledge target runs out at 02:25, in the night.
    s.app.clock().set(wib("2026-12-06", 2, 12));
    let ioc = s.token(Role::Ioc, None);
    let raised = s
        .post(
            &format!("{link}/severity"),
            &ioc,
            json!({"severity": "p1", "note": "two programs cannot call"}),
        )
        .await;
    assert_eq!(raised.status, 200, "{:?}", raised.body);
    assert_eq!(raised.body["sla"]["calendar"], "always");
    assert_eq!(
        at(&clock(&raised.body, "acknowledge")["due_at"]),
        wib("2026-12-06", 2, 25)
    );

    // Bandung's supervisor sees it first; a Medan team leader neither sees nor lists it;
    // IOC sees it among every site's.
    let supervisor = s.token(Role::SupervisorOps, Some(Site::Bandung));
    let theirs = s.get(DISRUPTIONS, &supervisor).await;
    assert_eq!(theirs.status, 200, "{:?}", theirs.body);
    assert_eq!(ids(&theirs.body, "active_p1"), [id.as_str()]);
    let medan_tl = s.token(Role::TeamLeader, Some(Site::Medan));
    assert_eq!(s.get(&link, &medan_tl).await.status, 404);
    let medan_list = s.get(DISRUPTIONS, &medan_tl).await;
    assert_eq!(medan_list.status, 200, "{:?}", medan_list.body);
    assert!(ids(&medan_list.body, "items").is_empty());
    assert!(ids(&medan_list.body, "active_p1").is_empty());
    let medan_report = s
        .post(
            DISRUPTIONS,
            &medan_tl,
            json!({
                "category": "power",
                "programs": ["add_on_consumer"],
                "agents_affected": 5,
                "description": "UPS alarm on floor 3",
                "proposed_severity": "p4",
            }),
        )
        .await;
    assert_eq!(medan_report.status, 201, "{:?}", medan_report.body);
    let medan_id = medan_report.body["disruption"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let all = s.get(DISRUPTIONS, &ioc).await;
    assert_eq!(all.status, 200, "{:?}", all.body);
    assert_eq!(ids(&all.body, "items"), [medan_id, id.clone()]);
    assert_eq!(s.get(&link, &ioc).await.status, 200);

    // 02:24: one minute before, both replicas sweep: nothing.
    s.app.clock().set(wib("2026-12-06", 2, 24));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(breaches(&s, &id).await, Vec::<Value>::new());

    // 02:26: the breach at 02:25, escalated to ioc_manager once.
    s.app.clock().set(wib("2026-12-06", 2, 26));
    let found = tam_testkit::wait_until("the breach", tam_testkit::WAIT, || async {
        let found = breaches(&s, &id).await;
        (!found.is_empty()).then_some(found)
    })
    .await
    .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["clock"], "acknowledge");
    assert_eq!(found[0]["severity"], "p1");
    assert_eq!(found[0]["escalated_to"], "ioc_manager");
    assert_eq!(at(&found[0]["due_at"]), wib("2026-12-06", 2, 25));
    // Many more sweeps of both helpdesks: still once, recorded and published.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(breaches(&s, &id).await.len(), 1);
    let manager = s.token(Role::IocManager, None);
    let breached = s
        .get(&format!("{DISRUPTIONS}?breached=true"), &manager)
        .await;
    assert_eq!(ids(&breached.body, "items"), [id.as_str()]);
    let events: Vec<Value> =
        tam_testkit::wait_until("the breach event", tam_testkit::WAIT, || async {
            let events: Vec<Value> = s
                .app
                .published("helpdesk.disruption.breached")
                .await
                .into_iter()
                .filter(|e| e["payload"]["disruption_id"] == id.as_str())
                .collect();
            (!events.is_empty()).then_some(events)
        })
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["payload"]["escalated_to"], "ioc_manager");
    assert_eq!(events[0]["payload"]["calendar"], "always");
    assert_eq!(
        at(&events[0]["payload"]["started_at"]),
        wib("2026-12-06", 2, 10)
    );
    let detail = s.get(&link, &ioc).await;
    assert_eq!(clock(&detail.body, "acknowledge")["breached"], true);

    replica_shutdown.cancel();
    replica.stopped().await.unwrap();
    s.stop().await;
}
