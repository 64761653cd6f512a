//! The escalation poller: the ladder's levels fire once per ticket and clock, even with
//! two helpdesk replicas sweeping the same database, on the clock the test controls;
//! a breach is recorded, published and listed.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use diesel_async::RunQueryDsl;
use serde_json::Value;
use tam_kernel::Role;
use tam_runtime::ServiceName;
use tam_testkit::{wait_until, TestService, WAIT};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const ESCALATIONS: &str = "/api/v1/helpdesk/escalations";

/// Monday 2026-12-07 (a working day of `office-wib`, no exception) at `hh:mm` WIB.
pub fn monday(hh: u32, mm: u32) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-12-07T{hh:02}:{mm:02}:00+07:00"))
        .unwrap()
        .with_timezone(&Utc)
}

/// A `plasa` ticket of `product`, normal priority, opened at `at` in `validation`, as
/// the desk's open use case leaves it: the ticket, its opening history entry and a timer
/// due at once (the poller computes the first real one).
pub async fn open_ticket(h: &TestService, number: &str, product: &str, at: DateTime<Utc>) -> Uuid {
    let id = Uuid::now_v7();
    let mut conn = h.pool.get().await.unwrap();
    // One statement: a sweep never sees the ticket without its opening entry.
    diesel::sql_query(format!(
        "WITH t AS (INSERT INTO tickets (id, channel, indihome_number, customer_name, \
         contact_number, product_code, product_key, priority, status, stage, opened_at, \
         updated_at, next_escalation_at) VALUES ('{id}', 'plasa', '{number}', 'Siti Aminah', \
         '081234567890', '{product}', '{product}', 'normal', 'validation', 'validation', \
         '{at}', '{at}', '{at}') RETURNING id) \
         INSERT INTO ticket_history (ticket_id, at, kind, status) \
         SELECT id, '{at}', 'opened', 'validation' FROM t",
        at = at.to_rfc3339()
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    id
}

/// The helpdesk under test with a fast poller in batches of `batch`.
async fn start(batch: u32) -> TestService {
    let overrides: HashMap<String, String> = [
        ("TAM_ESCALATION_POLL_INTERVAL_MS", "100".to_owned()),
        ("TAM_ESCALATION_BATCH", batch.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &overrides,
    )
    .await
}

/// A second helpdesk replica on the same database, broker prefix and clock, with its own
/// poller.
async fn second_replica(h: &TestService) -> (tam_runtime::RunningService, CancellationToken) {
    let policy = Arc::new(tam_runtime::policy_of(&[tam_helpdesk::service()]).unwrap());
    let shutdown = CancellationToken::new();
    let replica = tam_runtime::start(
        &tam_helpdesk::service(),
        policy,
        Arc::clone(&h.app.config),
        shutdown.clone(),
    )
    .await
    .unwrap();
    (replica, shutdown)
}

async fn escalation_count(h: &TestService, filter: &str) -> i64 {
    h.count(&format!(
        "SELECT count(*) AS n FROM escalations WHERE {filter}"
    ))
    .await
}

/// Waits until `filter` counts `n` escalations.
async fn wait_for(h: &TestService, filter: &str, n: i64) {
    wait_until(&format!("{n} escalations where {filter}"), WAIT, || async {
        (escalation_count(h, filter).await == n).then_some(())
    })
    .await
    .unwrap();
}

fn levels(body: &Value) -> Vec<(String, String)> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["clock"].as_str().unwrap().to_owned(),
                e["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The `plasa` policy: first response within 60 business minutes on `office-wib`
/// (Mon–Fri 08:00–17:00). Opened Monday 08:00: 50% (assignee) at 08:30, 80%
/// (`supervisor_hd`) at 08:48, 100% (breach: `supervisor_hd` and the manager) at 09:00.
#[tokio::test]
async fn the_80_percent_escalation_reaches_supervisor_hd_once_with_two_replicas() {
    let h = start(3).await;
    let (replica, replica_shutdown) = second_replica(&h).await;
    let clock = h.app.clock();
    clock.set(monday(8, 0));
    // Enough tickets that both replicas' sweeps (3 tickets each) run side by side.
    let mut tickets = Vec::new();
    for i in 0..12 {
        tickets.push(open_ticket(&h, &format!("12210{i:07}"), "MINIPACK", monday(8, 0)).await);
    }

    // 08:40: only the warning (50%) is due, for each ticket's first response.
    clock.set(monday(8, 40));
    wait_for(&h, "level = 'warning' AND clock = 'first_response'", 12).await;
    assert_eq!(escalation_count(&h, "level = 'supervisor'").await, 0);

    // 08:50: the supervisor level (80%).
    clock.set(monday(8, 50));
    wait_for(&h, "level = 'supervisor'", 12).await;
    // Several more sweeps of both replicas: nothing fires twice.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(escalation_count(&h, "true").await, 24);
    for ticket in &tickets {
        assert_eq!(
            escalation_count(
                &h,
                &format!(
                    "ticket_id = '{ticket}' AND clock = 'first_response' AND level = 'supervisor'"
                )
            )
            .await,
            1
        );
        // And one history entry per level fired.
        assert_eq!(
            h.count(&format!(
                "SELECT count(*) AS n FROM ticket_history WHERE ticket_id = '{ticket}' \
                 AND kind = 'escalated'"
            ))
            .await,
            2
        );
    }

    // supervisor_hd sees each ticket's 80% escalation once.
    let supervisor = h.token(Role::SupervisorHd, None);
    let mine = h
        .get(&format!("{ESCALATIONS}?mine=true"), &supervisor)
        .await;
    assert_eq!(mine.status, 200, "{:?}", mine.body);
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 12);
    assert!(levels(&mine.body)
        .iter()
        .all(|(clock, level)| clock == "first_response" && level == "supervisor"));
    let item = &mine.body["items"][0];
    assert_eq!(item["percent"], 80);
    assert_eq!(item["breach"], false);
    assert_eq!(item["recipients"], serde_json::json!(["supervisor_hd"]));
    // Reached at 08:48 WIB, within the open hours: notified when recorded.
    assert_eq!(item["reached_at"], "2026-12-07T01:48:00Z");
    assert!(item["notified_at"].is_string());
    // Nothing has reached the manager yet.
    let manager = h.token(Role::Manager, None);
    let theirs = h.get(&format!("{ESCALATIONS}?mine=true"), &manager).await;
    assert_eq!(theirs.body["items"], serde_json::json!([]));

    // Published once per ticket, as the notification of the level.
    let escalated = h.app.published("helpdesk.ticket.escalated").await;
    let supervisor_events: Vec<&Value> = escalated
        .iter()
        .filter(|e| e["payload"]["level"] == "supervisor")
        .collect();
    assert_eq!(supervisor_events.len(), 12);
    let mut notified: Vec<String> = supervisor_events
        .iter()
        .map(|e| e["payload"]["ticket_id"].as_str().unwrap().to_owned())
        .collect();
    notified.sort();
    notified.dedup();
    assert_eq!(notified.len(), 12);
    assert_eq!(
        supervisor_events[0]["payload"]["recipients"],
        serde_json::json!(["supervisor_hd"])
    );
    assert_eq!(supervisor_events[0]["payload"]["clock"], "first_response");

    replica_shutdown.cancel();
    replica.stopped().await.unwrap();
    h.stop().await;
}

#[tokio::test]
async fn a_breach_is_recorded_published_and_listed() {
    let h = start(50).await;
    let clock = h.app.clock();
    clock.set(monday(8, 0));
    let ticket = open_ticket(&h, "122101234567", "NETFLIX", monday(8, 0)).await;

    // 09:05: the first response's whole target (60 minutes) is used up at 09:00.
    clock.set(monday(9, 5));
    wait_for(&h, "clock = 'first_response'", 3).await;
    let breach = "clock = 'first_response' AND level = 'breach' AND breach";
    assert_eq!(escalation_count(&h, breach).await, 1);

    let breached = h.app.published("helpdesk.ticket.breached").await;
    assert_eq!(breached.len(), 1, "{breached:?}");
    let payload = &breached[0]["payload"];
    assert_eq!(payload["ticket_id"], ticket.to_string());
    assert_eq!(payload["clock"], "first_response");
    assert_eq!(payload["channel"], "plasa");
    assert_eq!(payload["target_minutes"], 60);
    assert_eq!(payload["due_at"], "2026-12-07T02:00:00Z");

    // The breach level reaches supervisor_hd and the manager.
    let manager = h.token(Role::Manager, None);
    let theirs = h.get(&format!("{ESCALATIONS}?mine=true"), &manager).await;
    assert_eq!(
        levels(&theirs.body),
        [("first_response".to_owned(), "breach".to_owned())]
    );
    let supervisor = h.token(Role::SupervisorHd, None);
    let breaches = h
        .get(&format!("{ESCALATIONS}?mine=true&breach=true"), &supervisor)
        .await;
    assert_eq!(breaches.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(breaches.body["items"][0]["percent"], 100);
    // The history says so too.
    let mut conn = h.pool.get().await.unwrap();
    #[derive(diesel::QueryableByName)]
    struct Details {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        details: Value,
    }
    let entries: Vec<Details> = diesel::sql_query(format!(
        "SELECT details FROM ticket_history WHERE ticket_id = '{ticket}' AND kind = 'escalated' \
         ORDER BY id"
    ))
    .load(&mut conn)
    .await
    .unwrap();
    let last = &entries.last().unwrap().details;
    assert_eq!(last["clock"], "first_response");
    assert_eq!(last["level"], "breach");
    assert_eq!(
        last["recipients"],
        serde_json::json!(["supervisor_hd", "manager"])
    );

    // An agent is refused the list (policy).
    let agent = h.token(Role::Agent, Some(tam_kernel::Site::Bandung));
    assert_eq!(h.get(ESCALATIONS, &agent).await.status, 403);
    h.stop().await;
}

/// A level reached at the close (17:00) found by a sweep after hours waits for the next
/// opening before it is published.
#[tokio::test]
async fn a_notification_found_after_hours_waits_for_the_open_hours() {
    let h = start(50).await;
    let clock = h.app.clock();
    clock.set(monday(16, 0));
    open_ticket(&h, "122109876543", "HBO", monday(16, 0)).await;
    // The first response's 50% (30 minutes) is at 16:30; the poller only looks at 18:00.
    clock.set(monday(18, 0));
    wait_for(&h, "clock = 'first_response' AND level = 'supervisor'", 1).await;
    // The breach (60 minutes: 16:00–17:00) is due too; none is sent before Tuesday 08:00.
    assert_eq!(
        escalation_count(
            &h,
            "notified_at IS NULL AND notify_at = '2026-12-08T01:00:00Z'"
        )
        .await,
        3
    );
    let supervisor = h.token(Role::SupervisorHd, None);
    let mine = h
        .get(&format!("{ESCALATIONS}?mine=true"), &supervisor)
        .await;
    assert_eq!(mine.body["items"], serde_json::json!([]));
    // The breach itself is a fact, published at once.
    assert_eq!(h.app.published("helpdesk.ticket.breached").await.len(), 1);
    assert!(h
        .app
        .published("helpdesk.ticket.escalated")
        .await
        .is_empty());

    // Tuesday 08:00: the notifications go out.
    clock.set(monday(8, 0) + Duration::days(1));
    wait_for(&h, "notified_at IS NOT NULL", 3).await;
    let mine = h
        .get(&format!("{ESCALATIONS}?mine=true"), &supervisor)
        .await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(h.app.published("helpdesk.ticket.escalated").await.len(), 3);
    h.stop().await;
}
