//! HD Support's SLA through the gateway, with the clock the test sets: a ticket waiting
//! for the customer over a weekend and a national holiday has its due time pushed by
//! exactly the business time paused; an agent sees only the activation status of their
//! own sales, and a Medan supervisor never sees a Bandung sale's ticket.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};

use crate::helpdesk_obc::search;
use crate::outbound::{Person, Suite};
use crate::quality::{claim, scores, sell};

const TICKETS: &str = "/api/v1/helpdesk/tickets";

/// `date` at `hour:minute` WIB.
fn wib(date: &str, hour: u32, minute: u32) -> DateTime<Utc> {
    let date: NaiveDate = date.parse().unwrap();
    tam_kernel::wib_to_utc(date, NaiveTime::from_hms_opt(hour, minute, 0).unwrap())
}

fn clock<'a>(detail: &'a Value, name: &str) -> &'a Value {
    detail["sla"]["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == name)
        .unwrap_or_else(|| panic!("no {name} clock in {detail}"))
}

fn at(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

fn ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_ticket_waiting_for_the_customer_over_a_weekend_and_a_holiday_is_due_later_by_the_business_time_paused(
) {
    let s = Suite::start().await;
    // Friday 14 August 2026, 10:00 WIB; Monday 17 August is Hari Kemerdekaan (closed in
    // the seeded office-wib calendar), Saturday is open 08–12, Sunday closed.
    s.app.clock().set(wib("2026-08-14", 10, 0));
    let desk = s.token(Role::HdSupport, None);
    let opened = s
        .post(
            TICKETS,
            &desk,
            json!({
                "channel": "plasa",
                "indihome_number": "133101234567",
                "customer_name": "Siti Rahayu",
                "contact_number": "0812-3456-7890",
                "product_code": "HBO",
                "site": "bandung",
                "note": "walk-in at Plasa Bandung",
            }),
        )
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let id = opened.body["ticket"]["id"].as_str().unwrap().to_owned();
    let link = format!("{TICKETS}/{id}");
    let detail = s.get(&link, &desk).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    assert_eq!(detail.body["sla"]["calendar"], "office-wib");
    let resolution = clock(&detail.body, "resolution");
    assert_eq!(resolution["target_minutes"], 2700);
    // 45 business hours: Fri 7, Sat 4, (Mon closed), Tue/Wed/Thu 9 each, Fri 21 08–15.
    let due_before = at(&resolution["due_at"]);
    assert_eq!(due_before, wib("2026-08-21", 15, 0));

    // The customer is away from Friday 13:00 until Tuesday 10:00.
    s.app.clock().set(wib("2026-08-14", 13, 0));
    let paused = s
        .post(
            &format!("{link}/status"),
            &desk,
            json!({"status": "waiting_customer", "note": "customer out of town until Tuesday"}),
        )
        .await;
    assert_eq!(paused.status, 200, "{:?}", paused.body);
    s.app.clock().set(wib("2026-08-18", 10, 0));
    let resumed = s
        .post(
            &format!("{link}/status"),
            &desk,
            json!({"status": "validation", "note": "customer back, confirmed the order"}),
        )
        .await;
    assert_eq!(resumed.status, 200, "{:?}", resumed.body);

    let detail = s.get(&link, &desk).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    let resolution = clock(&detail.body, "resolution");
    assert_eq!(resolution["phase"], "running", "{resolution}");
    // Paused business time: Fri 13–17 (4 h), Sat 08–12 (4 h), Sun and the holiday (0),
    // Tue 08–10 (2 h): 10 h, not the 93 h of the calendar.
    let paused_seconds = 10 * 3600;
    assert_eq!(resolution["paused_seconds"], paused_seconds, "{resolution}");
    assert_eq!(
        resolution["paused"].as_array().unwrap().len(),
        1,
        "{resolution}"
    );
    // 10 business hours after Fri 21 August 15:00: Fri 15–17, Sat 08–12, Mon 24 08–12.
    let due_after = at(&resolution["due_at"]);
    assert_eq!(due_after, wib("2026-08-24", 12, 0));
    assert!(due_after > due_before);
    // What was used before the pause (Fri 10–13) and after it (nothing yet) is counted.
    assert_eq!(resolution["elapsed_seconds"], 3 * 3600, "{resolution}");
    s.stop().await;
}

/// A Bandung work order whose two customers are sold by two agents and validated by a
/// QCO; the two agents and the two tickets, in the agents' order.
async fn two_sales(s: &Suite) -> (Vec<Person>, Vec<String>) {
    let wo = s.work_order(Site::Bandung, "WO-HD-SLA").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               133000000001;Asep Sunandar;081233300001\n\
               133000000002;Neng Rina;081233300002\n";
    assert_eq!(s.import(Site::Bandung, wo, csv).await.status, 201);
    let agents = vec![
        s.hire(Role::Agent, Site::Bandung, "add_on_consumer").await,
        s.hire(Role::Agent, Site::Bandung, "add_on_consumer").await,
    ];
    for agent in &agents {
        let claimed = s.next(agent).await;
        assert_eq!(claimed.status, 200, "{:?}", claimed.body);
        let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
        sell(s, agent, &prospect).await;
    }
    let qco = s.token(Role::QcOfficer, Some(Site::Bandung));
    for _ in 0..2 {
        let task = claim(s, &qco).await;
        let task_id = task["id"].as_str().unwrap().to_owned();
        let items = scores(s, &qco, &task_id, &[]).await;
        let valid = s
            .post(
                &format!("/api/v1/quality/tasks/{task_id}/verdict"),
                &qco,
                json!({"scores": items, "verdict": "valid"}),
            )
            .await;
        assert_eq!(valid.status, 200, "{:?}", valid.body);
    }
    let mut tickets = Vec::new();
    for number in ["133000000001", "133000000002"] {
        let found =
            tam_testkit::wait_until("the sale's ticket is open", tam_testkit::WAIT, || async {
                let found = search(s, number).await;
                (!found.is_empty()).then_some(found)
            })
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        tickets.push(found[0].clone());
    }
    let ticket_of = |agent: &Person| {
        tickets
            .iter()
            .find(|t| t["agent_id"] == agent.id.to_string())
            .unwrap_or_else(|| panic!("no ticket of agent {}: {tickets:?}", agent.id))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let ids = agents.iter().map(ticket_of).collect();
    (agents, ids)
}

#[tokio::test]
async fn an_agent_sees_only_their_own_sales_and_a_medan_supervisor_not_a_bandung_sale() {
    let s = Suite::start().await;
    let (agents, tickets) = two_sales(&s).await;
    let (mine, theirs) = (&tickets[0], &tickets[1]);
    assert_ne!(mine, theirs);
    let me = &agents[0];

    // The agent's list holds their own sale's ticket only; the other agent's is absent
    // from it and unknown (404) on its detail.
    let listed = s.get(TICKETS, &me.token).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(ids(&listed.body), [mine.as_str()]);
    let own = s.get(&format!("{TICKETS}/{mine}"), &me.token).await;
    assert_eq!(own.status, 200, "{:?}", own.body);
    assert_eq!(own.body["ticket"]["status"], "validation");
    assert_eq!(
        s.get(&format!("{TICKETS}/{theirs}"), &me.token)
            .await
            .status,
        404
    );
    // And the other way round.
    let other = s.get(TICKETS, &agents[1].token).await;
    assert_eq!(ids(&other.body), [theirs.as_str()]);

    // A Medan supervisor gets 404 on the Bandung sale's ticket and lists none of them;
    // a Bandung supervisor sees both.
    let medan = s.token(Role::SupervisorOps, Some(Site::Medan));
    assert_eq!(
        s.get(&format!("{TICKETS}/{mine}"), &medan).await.status,
        404
    );
    assert!(ids(&s.get(TICKETS, &medan).await.body).is_empty());
    let bandung = s.token(Role::SupervisorOps, Some(Site::Bandung));
    assert_eq!(
        s.get(&format!("{TICKETS}/{mine}"), &bandung).await.status,
        200
    );
    let mut seen = ids(&s.get(TICKETS, &bandung).await.body);
    seen.sort();
    let mut both = tickets.clone();
    both.sort();
    assert_eq!(seen, both);
    s.stop().await;
}

const ESCALATIONS: &str = "/api/v1/helpdesk/escalations";

/// supervisor_hd's escalations (`?mine=true` and `extra`) of `ticket`.
async fn escalations_of(s: &Suite, ticket: &str, extra: &str) -> Vec<Value> {
    let supervisor = s.token(Role::SupervisorHd, None);
    let mine = s
        .get(&format!("{ESCALATIONS}?mine=true{extra}"), &supervisor)
        .await;
    assert_eq!(mine.status, 200, "{:?}", mine.body);
    mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ticket_id"] == ticket)
        .cloned()
        .collect()
}

/// The suite with a fast escalation poller in its helpdesk and a second helpdesk replica
/// on the same database, broker and clock: the plasa policy's first response (60
/// business minutes, office-wib) escalates to supervisor_hd at 80% once, then breaches.
#[tokio::test]
async fn the_80_percent_escalation_reaches_supervisor_hd_once_with_two_helpdesks_and_a_breach_is_reported(
) {
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

    // Monday 30 November 2026, 08:00 WIB, a working day without exception.
    s.app.clock().set(wib("2026-11-30", 8, 0));
    let desk = s.token(Role::HdSupport, None);
    let opened = s
        .post(
            TICKETS,
            &desk,
            json!({
                "channel": "plasa",
                "indihome_number": "133201234567",
                "customer_name": "Yohanes Siregar",
                "contact_number": "0812-3456-7891",
                "product_code": "MINIPACK",
                "site": "medan",
                "note": "walk-in at Plasa Medan",
            }),
        )
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let id = opened.body["ticket"]["id"].as_str().unwrap().to_owned();
    assert_eq!(clock(&opened.body, "first_response")["target_minutes"], 60);

    // 08:40: past 50% (08:30), not yet 80% (08:48): nothing for supervisor_hd.
    s.app.clock().set(wib("2026-11-30", 8, 40));
    // The poller has swept (the assignee's warning is out), and still nothing.
    tam_testkit::wait_until("the 50% warning", tam_testkit::WAIT, || async {
        let escalated = s.app.published("helpdesk.ticket.escalated").await;
        escalated
            .iter()
            .any(|e| e["payload"]["ticket_id"] == id.as_str() && e["payload"]["level"] == "warning")
            .then_some(())
    })
    .await
    .unwrap();
    assert_eq!(escalations_of(&s, &id, "").await, Vec::<Value>::new());

    // 08:50: the 80% level reaches supervisor_hd.
    s.app.clock().set(wib("2026-11-30", 8, 50));
    let reached = tam_testkit::wait_until("the 80% escalation", tam_testkit::WAIT, || async {
        let found = escalations_of(&s, &id, "").await;
        (!found.is_empty()).then_some(found)
    })
    .await
    .unwrap();
    assert_eq!(reached.len(), 1, "{reached:?}");
    let e = &reached[0];
    assert_eq!(e["clock"], "first_response");
    assert_eq!(e["level"], "supervisor");
    assert_eq!(e["percent"], 80);
    assert_eq!(e["breach"], false);
    assert_eq!(e["recipients"], json!(["supervisor_hd"]));
    assert_eq!(at(&e["reached_at"]), wib("2026-11-30", 8, 48));
    // Many more sweeps of both helpdesks: still once, listed and published.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(escalations_of(&s, &id, "").await.len(), 1);
    let escalated: Vec<Value> = s
        .app
        .published("helpdesk.ticket.escalated")
        .await
        .into_iter()
        .filter(|e| e["payload"]["ticket_id"] == id.as_str())
        .collect();
    let levels: Vec<&str> = escalated
        .iter()
        .map(|e| e["payload"]["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["warning", "supervisor"], "{escalated:?}");

    // 09:05: the whole hour is used up at 09:00: a breach, reported once.
    s.app.clock().set(wib("2026-11-30", 9, 5));
    let breaches = tam_testkit::wait_until("the breach", tam_testkit::WAIT, || async {
        let found = escalations_of(&s, &id, "&breach=true").await;
        (!found.is_empty()).then_some(found)
    })
    .await
    .unwrap();
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0]["level"], "breach");
    assert_eq!(breaches[0]["percent"], 100);
    assert_eq!(
        breaches[0]["recipients"],
        json!(["supervisor_hd", "manager"])
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let breached: Vec<Value> = s
        .app
        .published("helpdesk.ticket.breached")
        .await
        .into_iter()
        .filter(|e| e["payload"]["ticket_id"] == id.as_str())
        .collect();
    assert_eq!(breached.len(), 1, "{breached:?}");
    assert_eq!(breached[0]["payload"]["clock"], "first_response");
    assert_eq!(
        at(&breached[0]["payload"]["due_at"]),
        wib("2026-11-30", 9, 0)
    );
    let detail = s.get(&format!("{TICKETS}/{id}"), &desk).await;
    assert_eq!(clock(&detail.body, "first_response")["breached"], true);
    // supervisor_hd's list now holds the 80% and the breach, each once.
    assert_eq!(escalations_of(&s, &id, "").await.len(), 2);

    replica_shutdown.cancel();
    replica.stopped().await.unwrap();
    s.stop().await;
}
