//! QC Tier 2 through the gateway, with every service, Postgres, RabbitMQ and the test
//! clock: the supervisor's sampling plans pick the configured share of each channel's
//! activations (OBC and the others alike) and the same tickets on a re-run; an OBC
//! sale's activation found invalid goes back to HD Support's queue with a kendala, and
//! its event names the agent and the call, which quality shows on the agent's record.

use std::collections::HashSet;

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use tam_helpdesk::domain::validation::is_sampled;
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpdesk_obc::search;
use crate::outbound::{Person, Suite};
use crate::quality::{claim, scores, sell};

const TICKETS: &str = "/api/v1/helpdesk/tickets";
const VALIDATIONS: &str = "/api/v1/helpdesk/validations";

/// Moves a ticket to `activated` as HD Support.
async fn activate(s: &Suite, ticket: &str) {
    let desk = s.token(Role::HdSupport, None);
    let link = format!("{TICKETS}/{ticket}/status");
    let issued = s
        .post(
            &link,
            &desk,
            json!({"status": "provisioning_issued", "provisioning_order_number": "SC-77001"}),
        )
        .await;
    assert_eq!(issued.status, 200, "{:?}", issued.body);
    let done = s.post(&link, &desk, json!({"status": "activated"})).await;
    assert_eq!(done.status, 200, "{:?}", done.body);
}

/// A Bandung OBC sale validated by quality, its ticket opened by the desk: the agent,
/// the call and the ticket id.
async fn obc_sale(s: &Suite) -> (Person, String, String) {
    let wo = s.work_order(Site::Bandung, "WO-QC-T2").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               133000000077;Ujang Supriatna;081233300077\n";
    assert_eq!(s.import(Site::Bandung, wo, csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Bandung, "add_on_consumer").await;
    let claimed = s.next(&agent).await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let call = sell(s, &agent, &prospect).await;
    let qco = s.token(Role::QcOfficer, Some(Site::Bandung));
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
    let found = tam_testkit::wait_until("the sale's ticket is open", tam_testkit::WAIT, || async {
        let found = search(s, "133000000077").await;
        (!found.is_empty()).then_some(found)
    })
    .await
    .unwrap();
    let ticket = found[0]["id"].as_str().unwrap().to_owned();
    (agent, call, ticket)
}

async fn set_share(s: &Suite, channel: &str, share: u8) {
    let supervisor = s.token(Role::SupervisorHd, None);
    let set = s
        .call(
            Method::PUT,
            &format!("/api/v1/helpdesk/validation-plans/{channel}"),
            &supervisor,
            Some(json!({"share_percent": share})),
        )
        .await;
    assert_eq!(set.status, 200, "{:?}", set.body);
}

async fn draw(s: &Suite, channel: &str) -> Value {
    let supervisor = s.token(Role::SupervisorHd, None);
    let day = tam_kernel::wib_date(s.now()).to_string();
    let drawn = s
        .post(
            "/api/v1/helpdesk/validation-samples/draw",
            &supervisor,
            json!({"channel": channel, "from": day, "to": day}),
        )
        .await;
    assert_eq!(drawn.status, 200, "{:?}", drawn.body);
    drawn.body
}

async fn sampled(s: &Suite, channel: &str) -> HashSet<String> {
    let qc = s.token(Role::QcTier2, None);
    let page = s
        .get(&format!("{VALIDATIONS}?channel={channel}&limit=200"), &qc)
        .await;
    assert_eq!(page.status, 200, "{:?}", page.body);
    page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["ticket_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_plans_sample_each_channel_at_its_share_and_an_invalid_obc_activation_goes_back_to_hd_support(
) {
    let s = Suite::start().await;
    let start = s.now();
    let (agent, call, obc_ticket) = obc_sale(&s).await;

    // Twenty Plasa activations and the OBC one, an hour later by the test clock.
    let desk = s.token(Role::HdSupport, None);
    let mut plasa = Vec::new();
    for n in 0..20 {
        let opened = s
            .post(
                TICKETS,
                &desk,
                json!({
                    "channel": "plasa",
                    "indihome_number": format!("13310300{n:04}"),
                    "customer_name": "Nining Kurniasih",
                    "contact_number": "0812-2000-3000",
                    "product_code": "MINIPACK",
                    "site": "bandung",
                }),
            )
            .await;
        assert_eq!(opened.status, 201, "{:?}", opened.body);
        plasa.push(opened.body["ticket"]["id"].as_str().unwrap().to_owned());
    }
    s.app.clock().set(start + Duration::hours(1));
    for ticket in plasa.iter().chain([&obc_ticket]) {
        activate(&s, ticket).await;
    }

    // The supervisor samples half of Plasa's activations and every OBC one.
    set_share(&s, "plasa", 50).await;
    set_share(&s, "obc", 100).await;
    let expected: HashSet<String> = plasa
        .iter()
        .filter(|id| is_sampled(id.parse::<Uuid>().unwrap(), 50))
        .cloned()
        .collect();
    let drawn = draw(&s, "plasa").await;
    assert_eq!(drawn["activated"], 20);
    assert_eq!(drawn["sampled"], expected.len());
    assert_eq!(sampled(&s, "plasa").await, expected);
    let obc = draw(&s, "obc").await;
    assert_eq!(
        (obc["activated"].clone(), obc["sampled"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(
        sampled(&s, "obc").await,
        HashSet::from([obc_ticket.clone()])
    );

    // A re-run later that day: the same tickets, nothing added.
    s.app.clock().set(start + Duration::hours(3));
    let again = draw(&s, "plasa").await;
    assert_eq!(again["added"], 0);
    assert_eq!(sampled(&s, "plasa").await, expected);
    assert_eq!(draw(&s, "obc").await["added"], 0);

    // QC Tier 2 takes the OBC queue and finds the customer never ordered.
    let qc = s.token(Role::QcTier2, None);
    let claimed = s
        .call(
            Method::POST,
            &format!("{VALIDATIONS}/claim?channel=obc"),
            &qc,
            None,
        )
        .await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    assert_eq!(claimed.body["ticket"]["id"], obc_ticket.as_str());
    let validation = claimed.body["validation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answers: Vec<Value> = claimed.body["checklist"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            json!({
                "code": item["code"],
                "passed": item["code"] != "CUSTOMER_CONFIRMS_ORDER",
            })
        })
        .collect();
    let result = s
        .post(
            &format!("{VALIDATIONS}/{validation}/result"),
            &qc,
            json!({"answers": answers, "findings": "the customer says they never agreed to STB2"}),
        )
        .await;
    assert_eq!(result.status, 200, "{:?}", result.body);
    assert_eq!(result.body["validation"]["status"], "invalid");

    // Back in HD Support's queue, reopened, with the kendala.
    let queue = s.get(&format!("{TICKETS}?status=validation"), &desk).await;
    assert_eq!(queue.status, 200, "{:?}", queue.body);
    assert!(
        queue.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == obc_ticket.as_str()),
        "{:?}",
        queue.body
    );
    let detail = s.get(&format!("{TICKETS}/{obc_ticket}"), &desk).await;
    assert_eq!(detail.body["ticket"]["status"], "validation");
    assert_eq!(
        detail.body["issues"][0]["category"],
        "qc_invalid_activation"
    );
    // The agent who sold it follows it too: their own sale, back in validation.
    let own = s
        .get(&format!("{TICKETS}/{obc_ticket}"), &agent.token)
        .await;
    assert_eq!(own.status, 200, "{:?}", own.body);
    assert_eq!(own.body["ticket"]["status"], "validation");
    assert_eq!(own.body["issues"][0]["category"], "qc_invalid_activation");

    // The event names the sale's agent and call.
    let events = tam_testkit::wait_until(
        "the invalidation is published",
        tam_testkit::WAIT,
        || async {
            let events = s.app.published("helpdesk.activation.invalidated").await;
            (!events.is_empty()).then_some(events)
        },
    )
    .await
    .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let payload = &events[0]["payload"];
    assert_eq!(payload["ticket_id"], obc_ticket.as_str());
    assert_eq!(payload["channel"], "obc");
    assert_eq!(payload["agent_id"], agent.id.to_string());
    assert_eq!(payload["call_id"], call.as_str());
    assert_eq!(payload["failed_items"], json!(["CUSTOMER_CONFIRMS_ORDER"]));

    // Quality keeps it on the agent's record: the agent reads it in their score, and so
    // does Bandung's quality supervisor; Medan's does not.
    let month = tam_kernel::wib_date(s.now()).format("%Y-%m").to_string();
    let score = format!("/api/v1/quality/score?month={month}");
    let record = tam_testkit::wait_until(
        "the invalid activation is on the agent's record",
        tam_testkit::WAIT,
        || async {
            let record = s.get(&score, &agent.token).await;
            (record.status == 200 && record.body["invalid_activations"]["total"] == 1)
                .then_some(record)
        },
    )
    .await
    .unwrap();
    let invalid = &record.body["invalid_activations"]["items"][0];
    assert_eq!(invalid["ticket_id"], obc_ticket.as_str());
    assert_eq!(invalid["call_id"], call.as_str());
    assert_eq!(invalid["agent_id"], agent.id.to_string());
    assert_eq!(invalid["program"], "add_on_consumer");
    assert_eq!(invalid["failed_items"], json!(["CUSTOMER_CONFIRMS_ORDER"]));
    assert_eq!(
        invalid["findings"],
        "the customer says they never agreed to STB2"
    );
    let site_quality = s
        .get(
            &format!("{score}&agent={}", agent.id),
            &s.token(Role::SupervisorQuality, Some(Site::Bandung)),
        )
        .await;
    assert_eq!(site_quality.status, 200, "{:?}", site_quality.body);
    assert_eq!(site_quality.body["invalid_activations"]["total"], 1);
    let medan = s
        .get(&score, &s.token(Role::SupervisorQuality, Some(Site::Medan)))
        .await;
    assert_eq!(medan.status, 200, "{:?}", medan.body);
    assert_eq!(medan.body["invalid_activations"]["total"], 0);

    // The month's stats per channel.
    let month = tam_kernel::wib_date(s.now()).format("%Y-%m").to_string();
    let stats = s
        .get(
            &format!("/api/v1/helpdesk/validation-stats?month={month}"),
            &s.token(Role::Manager, None),
        )
        .await;
    assert_eq!(stats.status, 200, "{:?}", stats.body);
    let row = |channel: &str| {
        stats.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["channel"] == channel)
            .unwrap()
            .clone()
    };
    assert_eq!(row("obc")["invalid"], 1);
    assert_eq!(row("obc")["validity_rate"], 0.0);
    assert_eq!(row("plasa")["sampled"], expected.len());
    assert_eq!(row("plasa")["activated"], 20);
    s.stop().await;
}
