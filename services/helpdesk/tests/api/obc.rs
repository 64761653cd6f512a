//! OBC tickets from prospect's events: `prospect.sale.won` opens one ticket per sale
//! (with due times from the calendar), `prospect.sale.reverted` cancels it when nothing
//! was done on it, else flags it for HD Support. The events are put on the test bus as
//! prospect would publish them.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::TestService;
use uuid::Uuid;

/// Monday 7 December 2026, 10:00 WIB: a working day of the office calendar.
fn monday_10_wib() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 3, 0, 0).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

async fn start() -> TestService {
    let h = TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &HashMap::new(),
    )
    .await;
    h.app
        .clock()
        .set(monday_10_wib() + chrono::Duration::minutes(30));
    h
}

/// A sale as prospect announces it.
struct Sale {
    call_id: Uuid,
    prospect_id: Uuid,
    work_order_id: Uuid,
    agent_id: Uuid,
    team_id: Uuid,
    indihome_number: String,
}

impl Sale {
    fn new(indihome_number: &str) -> Self {
        Self {
            call_id: Uuid::now_v7(),
            prospect_id: Uuid::now_v7(),
            work_order_id: Uuid::now_v7(),
            agent_id: Uuid::now_v7(),
            team_id: Uuid::now_v7(),
            indihome_number: indihome_number.to_owned(),
        }
    }

    fn won(&self, revision: u32) -> Value {
        json!({
            "prospect_id": self.prospect_id,
            "work_order_id": self.work_order_id,
            "wo_code": "WO-MDN-2026-12",
            "call_id": self.call_id,
            "task_id": Uuid::now_v7(),
            "revision": revision,
            "agent_id": self.agent_id,
            "team_id": self.team_id,
            "site": "medan",
            "program": "add_on_consumer",
            "channel": "obc",
            "indihome_number": self.indihome_number,
            "customer_name": "Budi Santoso",
            "contact_number": "+6281234567890",
            "product_code": "MINIPACK",
            "negotiation_step": null,
            "won_at": monday_10_wib(),
        })
    }

    fn reverted(&self, revision: u32, reason: &str) -> Value {
        json!({
            "prospect_id": self.prospect_id,
            "work_order_id": self.work_order_id,
            "call_id": self.call_id,
            "task_id": Uuid::now_v7(),
            "revision": revision,
            "agent_id": self.agent_id,
            "team_id": self.team_id,
            "site": "medan",
            "program": "add_on_consumer",
            "indihome_number": self.indihome_number,
            "reason": reason,
            "reverted_at": monday_10_wib() + chrono::Duration::hours(2),
        })
    }
}

/// Emits `payload` as prospect's `event_type` and waits until helpdesk handled it.
async fn deliver(h: &TestService, event_type: &str, payload: Value) -> tam_events::Envelope {
    let envelope = h
        .app
        .emit(event_type, "prospect", Some(Site::Medan), payload)
        .await
        .unwrap();
    h.app.handled("helpdesk", &[envelope.id]).await.unwrap();
    envelope
}

/// The tickets of `indihome_number`, as HD Support's search finds them.
async fn search(h: &TestService, indihome_number: &str) -> Vec<Value> {
    let desk = h.token(Role::HdSupport, None);
    let found = h
        .get(
            &format!("/api/v1/helpdesk/tickets?indihome_number={indihome_number}"),
            &desk,
        )
        .await;
    assert_eq!(found.status, 200, "{:?}", found.body);
    found.body["items"].as_array().unwrap().clone()
}

async fn detail(h: &TestService, id: &str) -> Value {
    let desk = h.token(Role::SupervisorHd, None);
    let got = h
        .get(&format!("/api/v1/helpdesk/tickets/{id}"), &desk)
        .await;
    assert_eq!(got.status, 200, "{:?}", got.body);
    got.body
}

fn clock<'a>(detail: &'a Value, name: &str) -> &'a Value {
    detail["sla"]["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == name)
        .unwrap_or_else(|| panic!("no {name} clock in {detail}"))
}

fn due(detail: &Value, name: &str) -> DateTime<Utc> {
    clock(detail, name)["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_valid_sale_opens_one_ticket_with_its_customer_and_due_times_from_the_calendar() {
    let h = start().await;
    let sale = Sale::new("122101234567");
    let won = deliver(&h, "prospect.sale.won", sale.won(1)).await;

    let found = search(&h, "122101234567").await;
    assert_eq!(found.len(), 1, "{found:?}");
    let id = found[0]["id"].as_str().unwrap().to_owned();
    let d = detail(&h, &id).await;
    let t = &d["ticket"];
    assert_eq!(t["channel"], "obc");
    assert_eq!(t["status"], "validation");
    assert_eq!(t["customer_name"], "Budi Santoso");
    assert_eq!(t["contact_number"], "+6281234567890");
    assert_eq!(t["product_code"], "MINIPACK");
    assert_eq!(t["site"], "medan");
    assert_eq!(t["program"], "add_on_consumer");
    assert_eq!(t["call_id"], json!(sale.call_id));
    assert_eq!(t["prospect_id"], json!(sale.prospect_id));
    assert_eq!(t["work_order_id"], json!(sale.work_order_id));
    assert_eq!(t["agent_id"], json!(sale.agent_id));
    assert_eq!(t["team_id"], json!(sale.team_id));
    assert_eq!(utc(t["opened_at"].as_str().unwrap()), monday_10_wib());
    assert_eq!(d["history"][0]["kind"], "opened");
    assert_eq!(d["history"][0]["channel"], "obc");

    // The obc policy on the office calendar (Mon–Fri 08–17, Sat 08–12, WIB), from
    // Monday 10:00: first response 2 h → Monday 12:00; validation 9 h → Tuesday
    // 10:00; resolution 45 h → Saturday 10:00 (7 + 9 × 4 on the weekdays, 2 on Saturday).
    assert_eq!(d["sla"]["policy"], "obc");
    assert_eq!(d["sla"]["calendar"], "office-wib");
    assert_eq!(due(&d, "first_response"), utc("2026-12-07T05:00:00Z"));
    assert_eq!(due(&d, "validation"), utc("2026-12-08T03:00:00Z"));
    assert_eq!(due(&d, "resolution"), utc("2026-12-12T03:00:00Z"));

    // A redelivery of the same event, and the same VALID sent again (a new event for
    // the same call), open nothing new.
    h.app.emit_envelope(&won).await.unwrap();
    deliver(&h, "prospect.sale.won", sale.won(1)).await;
    assert_eq!(search(&h, "122101234567").await.len(), 1);
    let opened: Vec<Value> = h
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "helpdesk.ticket.opened")
        .map(|(_, e)| e["payload"].clone())
        .collect();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(opened[0]["channel"], "obc");
    assert_eq!(opened[0]["call_id"], json!(sale.call_id));
    h.stop().await;
}

#[tokio::test]
async fn a_retention_sale_follows_its_negotiation_step() {
    let h = start().await;
    let sale = Sale::new("131101234560");
    let mut payload = sale.won(1);
    payload["program"] = json!("ct0_pranpc");
    payload["product_code"] = Value::Null;
    payload["negotiation_step"] = json!(2);
    deliver(&h, "prospect.sale.won", payload).await;
    let found = search(&h, "131101234560").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["negotiation_step"], 2);
    assert_eq!(found[0]["product_code"], Value::Null);
    assert_eq!(found[0]["program"], "ct0_pranpc");
    h.stop().await;
}

#[tokio::test]
async fn a_correction_to_return_cancels_a_ticket_nothing_was_done_on() {
    let h = start().await;
    let sale = Sale::new("122101234568");
    deliver(&h, "prospect.sale.won", sale.won(1)).await;
    deliver(
        &h,
        "prospect.sale.reverted",
        sale.reverted(2, "the customer did not clearly agree"),
    )
    .await;

    let found = search(&h, "122101234568").await;
    assert_eq!(found.len(), 1);
    let id = found[0]["id"].as_str().unwrap().to_owned();
    let d = detail(&h, &id).await;
    assert_eq!(d["ticket"]["status"], "cancelled");
    assert_eq!(d["ticket"]["flag_reason"], Value::Null);
    let last = d["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "status");
    assert_eq!(last["status"], "cancelled");
    assert_eq!(last["channel"], "obc");
    assert_eq!(
        last["note"],
        "quality returned the sale (verdict revision 2): the customer did not clearly agree"
    );
    let changes: Vec<Value> = h
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "helpdesk.ticket.status_changed")
        .map(|(_, e)| e["payload"].clone())
        .collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["from"], "validation");
    assert_eq!(changes[0]["to"], "cancelled");

    // A later correction back to VALID for the same call opens nothing: one ticket per
    // call (the cancelled one stays its record; decisions.md).
    deliver(&h, "prospect.sale.won", sale.won(3)).await;
    assert_eq!(search(&h, "122101234568").await.len(), 1);
    h.stop().await;
}

#[tokio::test]
async fn a_correction_after_work_began_flags_the_ticket_with_the_reason_instead() {
    let h = start().await;
    let sale = Sale::new("122101234569");
    deliver(&h, "prospect.sale.won", sale.won(1)).await;
    let id = search(&h, "122101234569").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // HD Support took the ticket: work began.
    let desk = h.token(Role::HdSupport, None);
    let claimed = h
        .post(
            &format!("/api/v1/helpdesk/tickets/{id}/claim"),
            &desk,
            Value::Null,
        )
        .await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);

    let reverted = deliver(
        &h,
        "prospect.sale.reverted",
        sale.reverted(2, "wrong package"),
    )
    .await;
    let d = detail(&h, &id).await;
    assert_eq!(d["ticket"]["status"], "validation");
    let reason = "quality returned the sale (verdict revision 2): wrong package";
    assert_eq!(d["ticket"]["flag_reason"], reason);
    let flagged: Vec<&Value> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "flagged")
        .collect();
    assert_eq!(flagged.len(), 1, "{:?}", d["history"]);
    assert_eq!(flagged[0]["note"], reason);
    assert_eq!(flagged[0]["details"]["revision"], 2);

    // The same correction delivered again flags nothing more.
    h.app.emit_envelope(&reverted).await.unwrap();
    deliver(
        &h,
        "prospect.sale.reverted",
        sale.reverted(2, "wrong package"),
    )
    .await;
    let d = detail(&h, &id).await;
    let flags = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "flagged")
        .count();
    assert_eq!(flags, 1);
    h.stop().await;
}

#[tokio::test]
async fn a_sale_of_an_order_another_channel_already_follows_is_noted_on_its_ticket() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    let opened = h
        .post(
            "/api/v1/helpdesk/tickets",
            &desk,
            json!({
                "channel": "plasa",
                "indihome_number": "122101234570",
                "customer_name": "Budi Santoso",
                "contact_number": "081234567890",
                "product_code": "MINIPACK",
            }),
        )
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let sale = Sale::new("122101234570");
    deliver(&h, "prospect.sale.won", sale.won(1)).await;
    let found = search(&h, "122101234570").await;
    assert_eq!(found.len(), 1, "one desk, one ticket: {found:?}");
    assert_eq!(found[0]["channel"], "plasa");
    let d = detail(&h, found[0]["id"].as_str().unwrap()).await;
    let note = d["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(note["kind"], "note");
    assert_eq!(note["details"]["call_id"], json!(sale.call_id));
    h.stop().await;
}

#[tokio::test]
async fn a_correction_read_before_the_valid_it_corrects_keeps_it_from_opening_a_ticket() {
    let h = start().await;
    let sale = Sale::new("122101234571");
    // Events of two types are not ordered: the RETURN of revision 2 arrives first.
    deliver(
        &h,
        "prospect.sale.reverted",
        sale.reverted(2, "tidak jelas"),
    )
    .await;
    deliver(&h, "prospect.sale.won", sale.won(1)).await;
    assert!(search(&h, "122101234571").await.is_empty());
    // A later correction back to VALID (revision 3) is a sale again.
    deliver(&h, "prospect.sale.won", sale.won(3)).await;
    assert_eq!(search(&h, "122101234571").await.len(), 1);
    h.stop().await;
}
