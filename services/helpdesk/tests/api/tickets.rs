//! Activation tickets through the API: opening (one open ticket per IndiHome number and
//! product, 422 naming the field), status changes (409 naming the allowed ones), the
//! SLA clocks over a pause, and who sees which ticket.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_helpdesk::app::tickets::{self, Opened};
use tam_helpdesk::domain::policy::{Channel, Priority};
use tam_helpdesk::domain::ticket::{NewTicket, Opener, Sale, Subject as Sold};
use tam_kernel::{Program, Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::TestService;
use uuid::Uuid;

const TICKETS: &str = "/api/v1/helpdesk/tickets";

async fn start() -> TestService {
    TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &HashMap::new(),
    )
    .await
}

/// `date` at `hour:minute` WIB.
fn wib(date: &str, hour: u32, minute: u32) -> DateTime<Utc> {
    let date: NaiveDate = date.parse().unwrap();
    tam_kernel::wib_to_utc(date, NaiveTime::from_hms_opt(hour, minute, 0).unwrap())
}

fn plasa(indihome: &str, product: &str) -> Value {
    json!({
        "channel": "plasa",
        "indihome_number": indihome,
        "customer_name": "Siti Rahayu",
        "contact_number": "0812-3456-7890",
        "product_code": product,
        "note": "walk-in at Plasa Bandung",
    })
}

fn clock<'a>(detail: &'a Value, kind: &str) -> &'a Value {
    detail["sla"]["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == kind)
        .unwrap()
}

fn at(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn hd_support_opens_a_ticket_and_a_second_for_the_same_product_links_the_first() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    let opened = h
        .post(TICKETS, &desk, plasa("122101234567", "minipack"))
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let ticket = &opened.body["ticket"];
    let id = ticket["id"].as_str().unwrap().to_owned();
    assert_eq!(ticket["channel"], "plasa");
    assert_eq!(ticket["status"], "validation");
    assert_eq!(ticket["product_code"], "MINIPACK");
    assert_eq!(ticket["contact_number"], "+6281234567890");
    assert_eq!(opened.body["history"][0]["kind"], "opened");
    assert_eq!(
        opened.body["history"][0]["note"],
        "walk-in at Plasa Bandung"
    );
    assert_eq!(opened.body["sla"]["policy"], "plasa");
    assert_eq!(clock(&opened.body, "resolution")["phase"], "running");
    assert!(ticket["next_escalation_at"].is_string(), "{ticket}");

    // The same customer and product again, from another channel: the open one.
    let mut again = plasa("122101234567", "MINIPACK");
    again["channel"] = json!("call_center_147");
    let second = h.post(TICKETS, &desk, again).await;
    assert_eq!(second.status, 409, "{:?}", second.body);
    let link = format!("{TICKETS}/{id}");
    assert_eq!(second.body["ticket"], link.as_str());
    assert!(second.body["detail"].as_str().unwrap().contains(&link));
    assert_eq!(second.headers["location"], link.as_str());
    assert_eq!(h.get(&link, &desk).await.status, 200);

    // Another product of the same customer is another activation.
    let other = h.post(TICKETS, &desk, plasa("122101234567", "STB2")).await;
    assert_eq!(other.status, 201, "{:?}", other.body);

    // A resolved ticket no longer blocks a new one.
    let cancelled = h
        .post(
            &format!("{link}/status"),
            &desk,
            json!({"status": "cancelled", "note": "customer changed their mind"}),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{:?}", cancelled.body);
    let reopened = h
        .post(TICKETS, &desk, plasa("122101234567", "MINIPACK"))
        .await;
    assert_eq!(reopened.status, 201, "{:?}", reopened.body);
    let new_link = format!(
        "{TICKETS}/{}",
        reopened.body["ticket"]["id"].as_str().unwrap()
    );

    // A failed ticket reopens to validation, unless another is open for the product.
    let failed = h
        .post(
            &format!("{new_link}/status"),
            &desk,
            json!({"status": "failed", "note": "ODP full"}),
        )
        .await;
    assert_eq!(failed.status, 200, "{:?}", failed.body);
    assert_eq!(failed.body["allowed_next"], json!(["validation"]));
    let third = h
        .post(TICKETS, &desk, plasa("122101234567", "MINIPACK"))
        .await;
    assert_eq!(third.status, 201, "{:?}", third.body);
    let third_link = format!("{TICKETS}/{}", third.body["ticket"]["id"].as_str().unwrap());
    let reopen = h
        .post(
            &format!("{new_link}/status"),
            &desk,
            json!({"status": "validation"}),
        )
        .await;
    assert_eq!(reopen.status, 409, "{:?}", reopen.body);
    assert_eq!(reopen.body["instance"], third_link.as_str());
    let cancel_third = h
        .post(
            &format!("{third_link}/status"),
            &desk,
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(cancel_third.status, 200);
    let reopen = h
        .post(
            &format!("{new_link}/status"),
            &desk,
            json!({"status": "validation"}),
        )
        .await;
    assert_eq!(reopen.status, 200, "{:?}", reopen.body);
    assert!(reopen.body["ticket"]["resolved_at"].is_null());
    assert!(reopen.body["ticket"]["next_escalation_at"].is_string());
    h.stop().await;
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_answers_the_same_ticket() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    let send = |body: Value, key: &'static str| {
        let h = &h;
        let desk = desk.clone();
        async move {
            h.request(
                reqwest::Method::POST,
                TICKETS,
                Some(&desk),
                &[("Idempotency-Key", key)],
                Some(body),
            )
            .await
        }
    };
    let first = send(plasa("122101234568", "HBO"), "k-1").await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    let replay = send(plasa("122101234568", "HBO"), "k-1").await;
    assert_eq!(replay.status, 200, "{:?}", replay.body);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(replay.body["ticket"]["id"], first.body["ticket"]["id"]);
    let other = send(plasa("122101234568", "NETFLIX"), "k-1").await;
    assert_eq!(other.status, 422, "{:?}", other.body);
    assert_eq!(other.slug(), "idempotency-key-reused");
    h.stop().await;
}

#[tokio::test]
async fn an_unknown_channel_or_product_is_422_naming_the_field_and_obc_is_refused() {
    let h = start().await;
    let desk = h.token(Role::SupervisorHd, None);
    let mut body = plasa("122101234569", "MINIPACK");
    body["channel"] = json!("email");
    let answer = h.post(TICKETS, &desk, body).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "unknown-reference");
    assert!(answer.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("channel: "));

    let answer = h
        .post(TICKETS, &desk, plasa("122101234569", "MINIPAK"))
        .await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "unknown-reference");
    assert!(answer.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("product_code: MINIPAK"));

    let mut body = plasa("122101234569", "MINIPACK");
    body["channel"] = json!("obc");
    let answer = h.post(TICKETS, &desk, body).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "obc-tickets-from-sales");

    let answer = h.post(TICKETS, &desk, plasa("1221-0123", "MINIPACK")).await;
    assert_eq!(answer.status, 400, "{:?}", answer.body);
    assert_eq!(answer.fields(), ["indihome_number"]);

    // Nothing was written by any of them.
    let listed = h.get(TICKETS, &desk).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 0);
    // Only the desk opens tickets.
    let agent = h.token(Role::Agent, Some(Site::Bandung));
    assert_eq!(
        h.post(TICKETS, &agent, plasa("122101234569", "MINIPACK"))
            .await
            .status,
        403
    );
    h.stop().await;
}

#[tokio::test]
async fn an_illegal_transition_is_409_naming_the_allowed_statuses() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    let opened = h.post(TICKETS, &desk, plasa("122101234570", "VIDIO")).await;
    let link = format!(
        "{TICKETS}/{}",
        opened.body["ticket"]["id"].as_str().unwrap()
    );
    let status = format!("{link}/status");
    let answer = h.post(&status, &desk, json!({"status": "activated"})).await;
    assert_eq!(answer.status, 409, "{:?}", answer.body);
    assert_eq!(
        answer.body["detail"],
        "a ticket cannot go from validation to activated; allowed from validation: \
         provisioning_issued, failed, cancelled, waiting_customer, waiting_provider"
    );
    // provisioning_issued needs the client's order number.
    let answer = h
        .post(&status, &desk, json!({"status": "provisioning_issued"}))
        .await;
    assert_eq!(answer.status, 400, "{:?}", answer.body);
    assert_eq!(answer.fields(), ["provisioning_order_number"]);
    // The history holds only the opening: nothing half-written.
    let detail = h.get(&link, &desk).await;
    assert_eq!(detail.body["history"].as_array().unwrap().len(), 1);
    assert_eq!(
        detail.body["allowed_next"],
        json!([
            "provisioning_issued",
            "failed",
            "cancelled",
            "waiting_customer",
            "waiting_provider"
        ])
    );
    h.stop().await;
}

#[tokio::test]
async fn a_pause_over_a_weekend_pushes_the_due_time_by_exactly_the_paused_business_time() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    // Friday 9 October 2026 10:00 WIB, an ordinary week (office-wib: Mon–Fri 08–17,
    // Sat 08–12). The plasa policy gives the resolution clock 2700 minutes (45 h).
    h.app.clock().set(wib("2026-10-09", 10, 0));
    let opened = h
        .post(TICKETS, &desk, plasa("122101234571", "MINIPACK"))
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let link = format!(
        "{TICKETS}/{}",
        opened.body["ticket"]["id"].as_str().unwrap()
    );
    // Fri 10–17 7 h, Sat 4 h, Mon/Tue/Wed 9 h each, Thu 08–15 the last 7 h.
    let due_before = at(&clock(&opened.body, "resolution")["due_at"]);
    assert_eq!(due_before, wib("2026-10-15", 15, 0));

    // Friday 15:00 the customer must be reached; Monday 10:00 they answer.
    h.app.clock().set(wib("2026-10-09", 15, 0));
    let paused = h
        .post(
            &format!("{link}/status"),
            &desk,
            json!({"status": "waiting_customer", "note": "no answer, will call Monday"}),
        )
        .await;
    assert_eq!(paused.status, 200, "{:?}", paused.body);
    assert_eq!(clock(&paused.body, "resolution")["phase"], "paused");
    // The first response was that change.
    assert_eq!(
        at(&paused.body["ticket"]["first_responded_at"]),
        wib("2026-10-09", 15, 0)
    );
    // A paused ticket's clocks stop: its timer is only a level it crossed before the
    // pause and no sweep fired yet (here the first response's), at or before the pause,
    // so the next sweep still fires it; nothing later is due until it resumes.
    assert!(at(&paused.body["ticket"]["next_escalation_at"]) <= wib("2026-10-09", 15, 0));

    h.app.clock().set(wib("2026-10-12", 10, 0));
    let resumed = h
        .post(
            &format!("{link}/status"),
            &desk,
            json!({"status": "validation", "note": "customer confirmed the address"}),
        )
        .await;
    assert_eq!(resumed.status, 200, "{:?}", resumed.body);
    let resolution = clock(&resumed.body, "resolution");
    assert_eq!(resolution["phase"], "running");
    // Paused business time: Fri 15–17 (2 h), Sat 08–12 (4 h), Mon 08–10 (2 h) = 8 h.
    assert_eq!(resolution["paused_seconds"], 8 * 3600);
    // 8 business hours after Thu 15:00 is Fri 14:00 (Thu 15–17, Fri 08–14).
    assert_eq!(at(&resolution["due_at"]), wib("2026-10-16", 14, 0));
    // 5 h used before the pause.
    assert_eq!(resolution["elapsed_seconds"], 5 * 3600);
    assert!(resumed.body["ticket"]["next_escalation_at"].is_string());

    // Read again later: the same due time, computed from the history.
    h.app.clock().set(wib("2026-10-13", 9, 0));
    let read = h.get(&link, &desk).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(
        at(&clock(&read.body, "resolution")["due_at"]),
        wib("2026-10-16", 14, 0)
    );
    h.stop().await;
}

/// Opens an OBC ticket for a sale at `site`, as the OBC consumer does.
async fn obc_ticket(
    h: &TestService,
    indihome: &str,
    site: Site,
    agent: Uuid,
    team: Option<Uuid>,
) -> Uuid {
    let new = NewTicket {
        channel: Channel::Obc,
        indihome_number: indihome.into(),
        customer_name: "Agus".into(),
        contact_number: "+6281234567800".into(),
        subject: Sold::Product("MINIPACK".into()),
        priority: Priority::Normal,
        site: Some(site),
        program: Some(Program::AddOnConsumer),
        sale: Some(Sale {
            work_order_id: Uuid::now_v7(),
            call_id: Uuid::now_v7(),
            prospect_id: Uuid::now_v7(),
            agent_id: agent,
            team_id: team,
        }),
        provisioning_order_number: None,
        note: None,
        opened_at: h.now(),
        idempotency: None,
        correlation_id: None,
    };
    let mut conn = h.pool.get().await.unwrap();
    let opened: Opened = conn
        .transaction::<_, tam_helpdesk::Error, _>(|conn| {
            tickets::open(conn, new, Opener::Channel(Channel::Obc)).scope_boxed()
        })
        .await
        .unwrap();
    opened.ticket.id
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
async fn an_agent_sees_only_their_own_sales_and_a_medan_supervisor_not_a_bandung_ticket() {
    let h = start().await;
    let team = Uuid::now_v7();
    let (mine, theirs) = (Uuid::now_v7(), Uuid::now_v7());
    let my_ticket = obc_ticket(&h, "122101234580", Site::Bandung, mine, Some(team)).await;
    let their_ticket = obc_ticket(&h, "122101234581", Site::Bandung, theirs, None).await;
    let desk = h.token(Role::HdSupport, None);
    let plasa_ticket = h.post(TICKETS, &desk, plasa("122101234582", "HBO")).await;
    let plasa_id = plasa_ticket.body["ticket"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let agent = h.app.token_for(&Subject {
        id: mine,
        role: Role::Agent,
        site: Some(Site::Bandung),
        team: Some(team),
    });
    let listed = h.get(TICKETS, &agent).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(ids(&listed.body), [my_ticket.to_string()]);
    assert_eq!(
        h.get(&format!("{TICKETS}/{my_ticket}"), &agent)
            .await
            .status,
        200
    );
    assert_eq!(
        h.get(&format!("{TICKETS}/{their_ticket}"), &agent)
            .await
            .status,
        404
    );
    assert_eq!(
        h.get(&format!("{TICKETS}/{plasa_id}"), &agent).await.status,
        404
    );

    // The team leader sees their team's sales.
    let leader = h
        .app
        .token(Role::TeamLeader, Some(Site::Bandung), Some(team));
    assert_eq!(
        ids(&h.get(TICKETS, &leader).await.body),
        [my_ticket.to_string()]
    );

    // A site supervisor sees their site's; Medan's does not see Bandung's.
    let medan = h.token(Role::SupervisorOps, Some(Site::Medan));
    assert_eq!(
        h.get(&format!("{TICKETS}/{my_ticket}"), &medan)
            .await
            .status,
        404
    );
    assert!(ids(&h.get(TICKETS, &medan).await.body).is_empty());
    let bandung = h.token(Role::SupervisorOps, Some(Site::Bandung));
    let mut seen = ids(&h.get(TICKETS, &bandung).await.body);
    seen.sort();
    let mut expected = vec![my_ticket.to_string(), their_ticket.to_string()];
    expected.sort();
    assert_eq!(seen, expected);

    // The desk sees all three, newest first, and filters them.
    let all = h.get(TICKETS, &desk).await;
    assert_eq!(ids(&all.body).len(), 3);
    let obc = h
        .get(&format!("{TICKETS}?channel=obc&site=bandung"), &desk)
        .await;
    assert_eq!(ids(&obc.body).len(), 2);
    let found = h
        .get(&format!("{TICKETS}?indihome_number=122101234582"), &desk)
        .await;
    assert_eq!(ids(&found.body), [plasa_id]);
    let page = h.get(&format!("{TICKETS}?limit=2"), &desk).await;
    assert_eq!(ids(&page.body).len(), 2);
    let cursor = page.body["next_cursor"].as_str().unwrap();
    let rest = h
        .get(&format!("{TICKETS}?limit=2&cursor={cursor}"), &desk)
        .await;
    assert_eq!(ids(&rest.body).len(), 1);
    assert!(rest.body["next_cursor"].is_null());
    // The agent may not move a ticket, even their own sale's.
    assert_eq!(
        h.post(
            &format!("{TICKETS}/{my_ticket}/status"),
            &agent,
            json!({"status": "cancelled"})
        )
        .await
        .status,
        403
    );
    h.stop().await;
}

#[tokio::test]
async fn claim_assign_and_kendala_follow_ups() {
    let h = start().await;
    let me = Uuid::now_v7();
    let desk = h.app.token_for(&Subject {
        id: me,
        role: Role::HdSupport,
        site: None,
        team: None,
    });
    let colleague = h.token(Role::HdSupport, None);
    let supervisor = h.token(Role::SupervisorHd, None);
    let opened = h.post(TICKETS, &desk, plasa("122101234590", "GAMER")).await;
    let link = format!(
        "{TICKETS}/{}",
        opened.body["ticket"]["id"].as_str().unwrap()
    );

    let claimed = h.post(&format!("{link}/claim"), &desk, json!({})).await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    assert_eq!(claimed.body["ticket"]["assignee_id"], me.to_string());
    // A colleague can neither claim it nor move it.
    assert_eq!(
        h.post(&format!("{link}/claim"), &colleague, json!({}))
            .await
            .status,
        409
    );
    assert_eq!(
        h.post(
            &format!("{link}/status"),
            &colleague,
            json!({"status": "waiting_provider"})
        )
        .await
        .status,
        403
    );
    // mine=true lists it for the holder only.
    assert_eq!(
        ids(&h.get(&format!("{TICKETS}?mine=true"), &desk).await.body).len(),
        1
    );
    assert!(ids(&h
        .get(&format!("{TICKETS}?mine=true"), &colleague)
        .await
        .body)
    .is_empty());

    // The supervisor reassigns it.
    let other = Uuid::now_v7();
    let assigned = h
        .post(
            &format!("{link}/assign"),
            &supervisor,
            json!({"assignee_id": other, "note": "Budi is on leave"}),
        )
        .await;
    assert_eq!(assigned.status, 200, "{:?}", assigned.body);
    assert_eq!(assigned.body["ticket"]["assignee_id"], other.to_string());
    assert_eq!(
        h.post(&format!("{link}/assign"), &desk, json!({"assignee_id": me}))
            .await
            .status,
        403
    );

    // A kendala with an unknown category names the field.
    let issues = format!("{link}/issues");
    let bad = h
        .post(
            &issues,
            &supervisor,
            json!({"category": "weather", "description": "storm"}),
        )
        .await;
    assert_eq!(bad.status, 422, "{:?}", bad.body);
    assert!(bad.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("category: "));
    let issue = h
        .post(
            &issues,
            &supervisor,
            json!({"category": "unreachable_customer", "description": "no answer twice"}),
        )
        .await;
    assert_eq!(issue.status, 201, "{:?}", issue.body);
    let issue_id = issue.body["id"].as_str().unwrap();
    let followed = h
        .post(
            &format!("/api/v1/helpdesk/issues/{issue_id}/followups"),
            &supervisor,
            json!({"action": "called the alternate number", "contact_attempt": true,
                   "result": "reached, confirmed the address"}),
        )
        .await;
    assert_eq!(followed.status, 201, "{:?}", followed.body);
    assert_eq!(followed.body["followups"][0]["contact_attempt"], true);
    let resolved = h
        .post(
            &format!("/api/v1/helpdesk/issues/{issue_id}/resolve"),
            &supervisor,
            json!({"resolution": "address corrected with the customer"}),
        )
        .await;
    assert_eq!(resolved.status, 200, "{:?}", resolved.body);
    assert!(resolved.body["resolved_at"].is_string());
    assert_eq!(
        h.post(
            &format!("/api/v1/helpdesk/issues/{issue_id}/followups"),
            &supervisor,
            json!({"action": "again"})
        )
        .await
        .status,
        409
    );
    let detail = h.get(&link, &supervisor).await;
    assert_eq!(
        detail.body["issues"][0]["followups"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let kinds: Vec<&str> = detail.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "claimed",
            "assigned",
            "issue",
            "followup",
            "issue_resolved"
        ]
    );
    // The supervisor keeps the categories.
    let added = h
        .post(
            "/api/v1/helpdesk/issue-categories",
            &supervisor,
            json!({"code": "odp_full", "name": "ODP full", "it_cause": false}),
        )
        .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    assert!(added.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == "odp_full"));
    assert_eq!(
        h.post(
            "/api/v1/helpdesk/issue-categories",
            &desk,
            json!({"code": "x", "name": "x"})
        )
        .await
        .status,
        403
    );
    h.stop().await;
}

#[tokio::test]
async fn a_pause_over_a_weekend_and_a_holiday_pushes_the_due_time_by_the_business_time_paused() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    // Friday 29 May 2026 10:00 WIB; Monday 1 June is Hari Lahir Pancasila (closed).
    h.app.clock().set(wib("2026-05-29", 10, 0));
    let opened = h.post(TICKETS, &desk, plasa("122101234572", "HBO")).await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let link = format!(
        "{TICKETS}/{}",
        opened.body["ticket"]["id"].as_str().unwrap()
    );
    // 45 h: Fri 7, Sat 4, (Mon closed), Tue/Wed/Thu 9 each, Fri 5 June 08–15.
    assert_eq!(
        at(&clock(&opened.body, "resolution")["due_at"]),
        wib("2026-06-05", 15, 0)
    );
    h.app.clock().set(wib("2026-05-29", 15, 0));
    let paused = h
        .post(
            &format!("{link}/status"),
            &desk,
            json!({"status": "waiting_provider", "note": "provider's system down"}),
        )
        .await;
    assert_eq!(paused.status, 200, "{:?}", paused.body);
    h.app.clock().set(wib("2026-06-02", 10, 0));
    let resumed = h
        .post(
            &format!("{link}/status"),
            &desk,
            json!({"status": "validation"}),
        )
        .await;
    assert_eq!(resumed.status, 200, "{:?}", resumed.body);
    let resolution = clock(&resumed.body, "resolution");
    // Fri 15–17 (2 h), Sat 08–12 (4 h), the holiday (0), Tue 08–10 (2 h).
    assert_eq!(resolution["paused_seconds"], 8 * 3600);
    // 8 business hours after Fri 5 June 15:00: Fri 15–17, Sat 08–12, Mon 8 June 08–10.
    assert_eq!(at(&resolution["due_at"]), wib("2026-06-08", 10, 0));
    h.stop().await;
}

#[tokio::test]
async fn the_queues_filter_by_status_escalation_and_breach() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    let mut ids_by_number = Vec::new();
    for number in ["122101234600", "122101234601", "122101234602"] {
        let opened = h.post(TICKETS, &desk, plasa(number, "VIDIO")).await;
        assert_eq!(opened.status, 201, "{:?}", opened.body);
        ids_by_number.push(opened.body["ticket"]["id"].as_str().unwrap().to_owned());
    }
    let (warned, breached, quiet) = (&ids_by_number[0], &ids_by_number[1], &ids_by_number[2]);
    // What the escalation poller records: a warning on one, a breach on another.
    let mut conn = h.pool.get().await.unwrap();
    for (id, level, percent, breach) in [
        (warned, "warning", 50, false),
        (breached, "breach", 100, true),
    ] {
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "INSERT INTO escalations (ticket_id, clock, level, percent, breach, reached_at, \
                 fired_at, recipients, notify_at) VALUES ('{id}', 'resolution', '{level}', \
                 {percent}, {breach}, now(), now(), ARRAY['supervisor_hd'], now())"
            )),
            &mut conn,
        )
        .await
        .unwrap();
    }
    let mut escalated = ids(&h
        .get(&format!("{TICKETS}?escalated=true"), &desk)
        .await
        .body);
    escalated.sort();
    let mut expected = vec![warned.clone(), breached.clone()];
    expected.sort();
    assert_eq!(escalated, expected);
    assert_eq!(
        ids(&h.get(&format!("{TICKETS}?overdue=true"), &desk).await.body),
        std::slice::from_ref(breached)
    );
    // Resolved, a breached ticket is no longer overdue.
    let done = h
        .post(
            &format!("{TICKETS}/{breached}/status"),
            &desk,
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(done.status, 200);
    assert!(ids(&h.get(&format!("{TICKETS}?overdue=true"), &desk).await.body).is_empty());
    assert_eq!(
        ids(&h
            .get(&format!("{TICKETS}?status=validation"), &desk)
            .await
            .body)
        .len(),
        2
    );
    assert!(!ids(&h
        .get(&format!("{TICKETS}?status=validation"), &desk)
        .await
        .body)
    .contains(breached));
    assert!(ids(&h.get(TICKETS, &desk).await.body).contains(quiet));
    let bad = h
        .get(&format!("{TICKETS}?overdue=maybe&status=done"), &desk)
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["status", "overdue"]);
    h.stop().await;
}
