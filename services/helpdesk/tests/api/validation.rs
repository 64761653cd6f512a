//! QC Tier 2's validation of activations through the API: the sampling plan and its
//! deterministic, idempotent draw; the checklist versions (none empty, none dropping an
//! item an open validation uses); the claim (never the same validation twice); the
//! result, an invalid activation reopening its ticket for HD Support with a kendala and
//! an event; the monthly stats.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};
use tam_helpdesk::domain::validation::is_sampled;
use tam_kernel::Role;
use tam_runtime::ServiceName;
use tam_testkit::TestService;
use uuid::Uuid;

const TICKETS: &str = "/api/v1/helpdesk/tickets";
const PLANS: &str = "/api/v1/helpdesk/validation-plans";
const CHECKLISTS: &str = "/api/v1/helpdesk/validation-checklists";
const DRAW: &str = "/api/v1/helpdesk/validation-samples/draw";
const VALIDATIONS: &str = "/api/v1/helpdesk/validations";

/// The detail of a problem (a 422 names its fields there: `field: reason`).
fn detail(answer: &tam_testkit::Answer) -> String {
    answer.body["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn start() -> TestService {
    TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &HashMap::new(),
    )
    .await
}

/// Opens a `channel` ticket for `indihome` and moves it to `activated`; its id.
async fn activated(h: &TestService, channel: &str, indihome: &str, product: &str) -> Uuid {
    let desk = h.token(Role::HdSupport, None);
    let opened = h
        .post(
            TICKETS,
            &desk,
            json!({
                "channel": channel,
                "indihome_number": indihome,
                "customer_name": "Dewi Lestari",
                "contact_number": "0812-3456-7890",
                "product_code": product,
            }),
        )
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let id: Uuid = opened.body["ticket"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let link = format!("{TICKETS}/{id}/status");
    let issued = h
        .post(
            &link,
            &desk,
            json!({"status": "provisioning_issued", "provisioning_order_number": "SC-1001"}),
        )
        .await;
    assert_eq!(issued.status, 200, "{:?}", issued.body);
    let done = h.post(&link, &desk, json!({"status": "activated"})).await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    id
}

fn today(h: &TestService) -> String {
    tam_kernel::wib_date(h.now()).to_string()
}

async fn draw(h: &TestService, token: &str, channel: &str) -> Value {
    let day = today(h);
    let answer = h
        .post(
            DRAW,
            token,
            json!({"channel": channel, "from": day, "to": day}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

/// The tickets of `channel` in the sample.
async fn sampled(h: &TestService, channel: &str) -> HashSet<Uuid> {
    let reader = h.token(Role::Manager, None);
    let page = h
        .get(
            &format!("{VALIDATIONS}?channel={channel}&limit=200"),
            &reader,
        )
        .await;
    assert_eq!(page.status, 200, "{:?}", page.body);
    page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["ticket_id"].as_str().unwrap().parse().unwrap())
        .collect()
}

async fn set_share(h: &TestService, channel: &str, share: i64) {
    let supervisor = h.token(Role::SupervisorHd, None);
    let set = h
        .put(
            &format!("{PLANS}/{channel}"),
            &supervisor,
            json!({"share_percent": share}),
        )
        .await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    assert_eq!(set.body["share_percent"], share);
}

#[tokio::test]
async fn the_draw_picks_the_planned_share_by_the_ticket_hash_and_a_rerun_adds_nothing() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    let mut tickets = Vec::new();
    for n in 0..30 {
        tickets.push(activated(&h, "plasa", &format!("12210300{n:04}"), "MINIPACK").await);
    }
    // Another channel's activation is not drawn with plasa's.
    let web = activated(&h, "web", "122103009999", "HBO").await;

    // No plan yet: 0%, nothing drawn.
    let plans = h.get(PLANS, &supervisor).await;
    assert_eq!(plans.status, 200, "{:?}", plans.body);
    assert!(plans.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["share_percent"] == 0));
    assert_eq!(draw(&h, &supervisor, "plasa").await["sampled"], 0);

    set_share(&h, "plasa", 40).await;
    let first = draw(&h, &supervisor, "plasa").await;
    let expected: HashSet<Uuid> = tickets
        .iter()
        .copied()
        .filter(|id| is_sampled(*id, 40))
        .collect();
    assert_eq!(first["activated"], 30);
    assert_eq!(first["sampled"], expected.len());
    assert_eq!(first["added"], expected.len());
    assert_eq!(first["checklist_version"], 1);
    assert_eq!(sampled(&h, "plasa").await, expected);

    // The same draw again (by QC Tier 2 this time): the same tickets, nothing added.
    let again = draw(&h, &h.token(Role::QcTier2, None), "plasa").await;
    assert_eq!(again["sampled"], expected.len());
    assert_eq!(again["added"], 0);
    assert_eq!(sampled(&h, "plasa").await, expected);
    assert!(sampled(&h, "web").await.is_empty());

    // 100%: every activation, the earlier sample among them.
    set_share(&h, "plasa", 100).await;
    let all = draw(&h, &supervisor, "plasa").await;
    assert_eq!(all["sampled"], 30);
    assert_eq!(all["added"], 30 - expected.len());
    assert_eq!(sampled(&h, "plasa").await.len(), 30);
    assert!(!sampled(&h, "web").await.contains(&web));

    // Bad input: an unknown channel is 422 naming it; a share over 100 is 400.
    let unknown = h
        .put(
            &format!("{PLANS}/email"),
            &supervisor,
            json!({"share_percent": 10}),
        )
        .await;
    assert_eq!(unknown.status, 422, "{:?}", unknown.body);
    assert_eq!(unknown.slug(), "unknown-reference");
    assert!(detail(&unknown).contains("channel"), "{:?}", unknown.body);
    let over = h
        .put(
            &format!("{PLANS}/plasa"),
            &supervisor,
            json!({"share_percent": 101}),
        )
        .await;
    assert_eq!(over.status, 400, "{:?}", over.body);
    assert_eq!(over.fields(), ["share_percent"]);
    let day = today(&h);
    let bad_draw = h
        .post(
            DRAW,
            &supervisor,
            json!({"channel": "email", "from": day, "to": day}),
        )
        .await;
    assert_eq!(bad_draw.status, 422, "{:?}", bad_draw.body);
    assert!(detail(&bad_draw).contains("channel"), "{:?}", bad_draw.body);
    let backwards = h
        .post(
            DRAW,
            &supervisor,
            json!({"channel": "plasa", "from": "2026-12-03", "to": "2026-12-01"}),
        )
        .await;
    assert_eq!(backwards.status, 422, "{:?}", backwards.body);
    assert_eq!(backwards.slug(), "invalid-period");
    // hd_support reads the plans but does not set them.
    let desk = h.token(Role::HdSupport, None);
    assert_eq!(h.get(PLANS, &desk).await.status, 200);
    let forbidden = h
        .put(
            &format!("{PLANS}/plasa"),
            &desk,
            json!({"share_percent": 5}),
        )
        .await;
    assert_eq!(forbidden.status, 403);
    h.stop().await;
}

fn items(codes: &[(&str, bool)]) -> Value {
    Value::Array(
        codes
            .iter()
            .map(|(code, critical)| {
                json!({"code": code, "text": format!("Check {code}"), "critical": critical})
            })
            .collect(),
    )
}

#[tokio::test]
async fn a_checklist_version_needs_items_and_keeps_the_items_open_validations_use() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    let link = format!("{CHECKLISTS}/call_center_147");

    let empty = h.put(&link, &supervisor, json!({"items": []})).await;
    assert_eq!(empty.status, 422, "{:?}", empty.body);
    assert_eq!(empty.slug(), "invalid-checklist");
    let twice = h
        .put(
            &link,
            &supervisor,
            json!({"items": items(&[("A", true), ("a", false)])}),
        )
        .await;
    assert_eq!(twice.status, 422, "{:?}", twice.body);
    assert_eq!(twice.slug(), "invalid-checklist");
    assert!(
        detail(&twice).starts_with("items[1].code"),
        "{:?}",
        twice.body
    );
    let past = h
        .put(
            &link,
            &supervisor,
            json!({"effective_from": "2020-01-01", "items": items(&[("A", true)])}),
        )
        .await;
    assert_eq!(past.status, 422, "{:?}", past.body);
    assert!(detail(&past).contains("effective_from"), "{:?}", past.body);
    let unknown = h
        .put(
            &format!("{CHECKLISTS}/email"),
            &supervisor,
            json!({"items": items(&[("A", true)])}),
        )
        .await;
    assert_eq!(unknown.status, 422, "{:?}", unknown.body);
    assert!(detail(&unknown).contains("channel"));

    // An activation sampled with version 1 (seeded: CUSTOMER_CONFIRMS_ORDER, …).
    activated(&h, "call_center_147", "122104000001", "NETFLIX").await;
    set_share(&h, "call_center_147", 100).await;
    assert_eq!(draw(&h, &supervisor, "call_center_147").await["added"], 1);

    // Version 2 dropping an item the open validation uses: 422, nothing written.
    let dropping = h
        .put(
            &link,
            &supervisor,
            json!({"items": items(&[("CUSTOMER_CONFIRMS_ORDER", true), ("PRODUCT_ACTIVE", true)])}),
        )
        .await;
    assert_eq!(dropping.status, 422, "{:?}", dropping.body);
    assert_eq!(dropping.slug(), "checklist-item-in-use");
    assert!(
        detail(&dropping).contains("PRICE_UNDERSTOOD"),
        "{:?}",
        dropping.body
    );
    let versions = h
        .get(
            &format!("{CHECKLISTS}?channel=call_center_147"),
            &supervisor,
        )
        .await;
    assert_eq!(versions.body["items"].as_array().unwrap().len(), 1);

    // Keeping them and adding one is version 2, in force today.
    let kept = h
        .put(
            &link,
            &supervisor,
            json!({"items": items(&[
                ("CUSTOMER_CONFIRMS_ORDER", true),
                ("PRODUCT_ACTIVE", true),
                ("PRICE_UNDERSTOOD", false),
                ("contract_signed", false),
            ])}),
        )
        .await;
    assert_eq!(kept.status, 200, "{:?}", kept.body);
    assert_eq!(kept.body["version"], 2);
    assert_eq!(kept.body["items"][3]["code"], "CONTRACT_SIGNED");
    let versions = h
        .get(
            &format!("{CHECKLISTS}?channel=call_center_147"),
            &supervisor,
        )
        .await;
    assert_eq!(versions.body["items"][0]["version"], 2);
    assert_eq!(versions.body["items"][1]["version"], 1);

    // The validation sampled before keeps version 1.
    let qc = h.token(Role::QcTier2, None);
    let claimed = h
        .call(
            reqwest::Method::POST,
            &format!("{VALIDATIONS}/claim"),
            Some(&qc),
            None,
        )
        .await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    assert_eq!(claimed.body["checklist"]["version"], 1);
    h.stop().await;
}

async fn claim(h: &TestService, qc: &str, channel: &str) -> (reqwest::StatusCode, Value) {
    let answer = h
        .call(
            reqwest::Method::POST,
            &format!("{VALIDATIONS}/claim?channel={channel}"),
            Some(qc),
            None,
        )
        .await;
    (answer.status, answer.body)
}

fn answers(failed: &[&str]) -> Value {
    Value::Array(
        [
            "CUSTOMER_CONFIRMS_ORDER",
            "PRODUCT_ACTIVE",
            "PRICE_UNDERSTOOD",
        ]
        .iter()
        .map(|code| json!({"code": code, "passed": !failed.contains(code)}))
        .collect(),
    )
}

#[tokio::test]
async fn qc_tier2_claims_each_activation_once_and_an_invalid_one_goes_back_to_hd_support() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    let first = activated(&h, "myindihome", "122105000001", "VIDIO").await;
    let second = activated(&h, "myindihome", "122105000002", "VIDIO").await;
    set_share(&h, "myindihome", 100).await;
    assert_eq!(draw(&h, &supervisor, "myindihome").await["added"], 2);

    // Two QC Tier 2 employees get the two activations, oldest first; a third gets none.
    let (qc_a, qc_b) = (h.token(Role::QcTier2, None), h.token(Role::QcTier2, None));
    let (status, a) = claim(&h, &qc_a, "myindihome").await;
    assert_eq!(status, 200, "{a:?}");
    assert_eq!(a["ticket"]["id"], first.to_string());
    assert_eq!(a["validation"]["status"], "claimed");
    let (_, again) = claim(&h, &qc_a, "myindihome").await;
    assert_eq!(again["validation"]["id"], a["validation"]["id"]);
    let (_, b) = claim(&h, &qc_b, "myindihome").await;
    assert_eq!(b["ticket"]["id"], second.to_string());
    let (none, _) = claim(&h, &h.token(Role::QcTier2, None), "myindihome").await;
    assert_eq!(none, 204);

    let a_result = format!(
        "{VALIDATIONS}/{}/result",
        a["validation"]["id"].as_str().unwrap()
    );
    let b_result = format!(
        "{VALIDATIONS}/{}/result",
        b["validation"]["id"].as_str().unwrap()
    );
    // Not the holder: 409; an item missing: 400; invalid without findings: 400.
    let theirs = h
        .post(&a_result, &qc_b, json!({"answers": answers(&[])}))
        .await;
    assert_eq!(theirs.status, 409, "{:?}", theirs.body);
    let missing = h
        .post(
            &a_result,
            &qc_a,
            json!({"answers": [{"code": "PRODUCT_ACTIVE", "passed": true}]}),
        )
        .await;
    assert_eq!(missing.status, 400, "{:?}", missing.body);
    assert_eq!(missing.fields(), ["answers"]);
    let silent = h
        .post(
            &b_result,
            &qc_b,
            json!({"answers": answers(&["PRODUCT_ACTIVE"])}),
        )
        .await;
    assert_eq!(silent.status, 400, "{:?}", silent.body);
    assert_eq!(silent.fields(), ["findings"]);

    // A failed non-critical item: valid.
    let valid = h
        .post(&a_result, &qc_a, json!({"answers": answers(&["PRICE_UNDERSTOOD"]), "findings": "did not know the billing date"}))
        .await;
    assert_eq!(valid.status, 200, "{:?}", valid.body);
    assert_eq!(valid.body["validation"]["status"], "valid");
    assert_eq!(valid.body["ticket"]["status"], "activated");
    let twice = h
        .post(&a_result, &qc_a, json!({"answers": answers(&[])}))
        .await;
    assert_eq!(twice.status, 409);

    // A failed critical item: invalid, the ticket back in validation with a kendala.
    let invalid = h
        .post(
            &b_result,
            &qc_b,
            json!({
                "answers": answers(&["PRODUCT_ACTIVE"]),
                "findings": "Vidio is not active on the line; the customer still waits",
            }),
        )
        .await;
    assert_eq!(invalid.status, 200, "{:?}", invalid.body);
    assert_eq!(invalid.body["validation"]["status"], "invalid");
    assert!(invalid.body["validation"]["issue_id"].is_string());
    let desk = h.token(Role::HdSupport, None);
    let ticket = h.get(&format!("{TICKETS}/{second}"), &desk).await;
    assert_eq!(ticket.status, 200);
    assert_eq!(ticket.body["ticket"]["status"], "validation");
    assert!(ticket.body["ticket"]["resolved_at"].is_null());
    assert!(ticket.body["ticket"]["next_escalation_at"].is_string());
    let issue = &ticket.body["issues"][0];
    assert_eq!(issue["category"], "qc_invalid_activation");
    assert!(issue["description"]
        .as_str()
        .unwrap()
        .contains("Vidio is not active"));
    let history = ticket.body["history"].as_array().unwrap();
    assert!(history.iter().any(|e| e["kind"] == "status"
        && e["status"] == "validation"
        && e["actor_role"] == "qc_tier2"));
    assert_eq!(
        ticket.body["sla"]["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["clock"] == "resolution")
            .unwrap()["phase"],
        "running"
    );
    // In HD Support's queue of tickets to validate.
    let queue = h.get(&format!("{TICKETS}?status=validation"), &desk).await;
    assert!(queue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == second.to_string()));

    let published = h.published().await;
    let invalidated: Vec<&Value> = published
        .iter()
        .filter(|(t, _)| t == "helpdesk.activation.invalidated")
        .map(|(_, e)| &e["payload"])
        .collect();
    assert_eq!(invalidated.len(), 1, "{invalidated:?}");
    assert_eq!(invalidated[0]["ticket_id"], second.to_string());
    assert_eq!(invalidated[0]["failed_items"], json!(["PRODUCT_ACTIVE"]));
    assert!(published
        .iter()
        .any(|(t, e)| t == "helpdesk.activation.validated"
            && e["payload"]["ticket_id"] == first.to_string()));
    assert!(published
        .iter()
        .any(|(t, e)| t == "helpdesk.ticket.status_changed"
            && e["payload"]["ticket_id"] == second.to_string()
            && e["payload"]["from"] == "activated"
            && e["payload"]["to"] == "validation"));

    // The month: 2 activations, 2 sampled and validated, 1 invalid.
    let month = &today(&h)[..7];
    let stats = h
        .get(
            &format!("/api/v1/helpdesk/validation-stats?month={month}&channel=myindihome"),
            &h.token(Role::Manager, None),
        )
        .await;
    assert_eq!(stats.status, 200, "{:?}", stats.body);
    let row = &stats.body["items"][0];
    assert_eq!(row["channel"], "myindihome");
    assert_eq!(row["activated"], 2);
    assert_eq!(row["sampled"], 2);
    assert_eq!(row["validated"], 2);
    assert_eq!(row["invalid"], 1);
    assert_eq!(row["validity_rate"], 0.5);
    let bad = h
        .get(
            "/api/v1/helpdesk/validation-stats?month=2026-13",
            &supervisor,
        )
        .await;
    assert_eq!(bad.status, 400);
    h.stop().await;
}

#[tokio::test]
async fn concurrent_claims_each_get_another_activation() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    for n in 0..4 {
        activated(&h, "web", &format!("12210600000{n}"), "GAMER").await;
    }
    set_share(&h, "web", 100).await;
    assert_eq!(draw(&h, &supervisor, "web").await["added"], 4);
    let qcs: Vec<String> = (0..4).map(|_| h.token(Role::QcTier2, None)).collect();
    let (a, b, c, d) = tokio::join!(
        claim(&h, &qcs[0], "web"),
        claim(&h, &qcs[1], "web"),
        claim(&h, &qcs[2], "web"),
        claim(&h, &qcs[3], "web"),
    );
    let mut ids = HashSet::new();
    for (status, body) in [a, b, c, d] {
        assert_eq!(status, 200, "{body:?}");
        ids.insert(body["validation"]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 4, "{ids:?}");
    let (none, _) = claim(&h, &h.token(Role::QcTier2, None), "web").await;
    assert_eq!(none, 204);
    h.stop().await;
}

#[tokio::test]
async fn an_activation_is_sampled_as_it_happens_and_a_later_draw_adds_nothing() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    // 100%: the activation is in QC Tier 2's queue at once, without a draw.
    set_share(&h, "web", 100).await;
    let web = activated(&h, "web", "122107000001", "HBO").await;
    assert_eq!(sampled(&h, "web").await, HashSet::from([web]));
    let qc = h.token(Role::QcTier2, None);
    let (status, claimed) = claim(&h, &qc, "web").await;
    assert_eq!(status, 200, "{claimed:?}");
    assert_eq!(claimed["ticket"]["id"], web.to_string());
    assert_eq!(claimed["validation"]["share_percent"], 100);
    assert_eq!(claimed["validation"]["sampled_by"], Value::Null);
    // A draw of the day finds it sampled and adds nothing.
    let after = draw(&h, &supervisor, "web").await;
    assert_eq!(after["activated"], 1);
    assert_eq!(after["sampled"], 1);
    assert_eq!(after["added"], 0);

    // 0%: not sampled; the draw at 0% adds nothing either.
    set_share(&h, "plasa", 0).await;
    activated(&h, "plasa", "122107000002", "MINIPACK").await;
    assert!(sampled(&h, "plasa").await.is_empty());
    assert_eq!(draw(&h, &supervisor, "plasa").await["added"], 0);

    // 40%: exactly the tickets the draw's rule picks, and a draw after picks the same
    // tickets and adds nothing.
    set_share(&h, "call_center_147", 40).await;
    let mut tickets = Vec::new();
    for n in 0..12 {
        tickets.push(
            activated(
                &h,
                "call_center_147",
                &format!("12210710{n:04}"),
                "MINIPACK",
            )
            .await,
        );
    }
    let expected: HashSet<Uuid> = tickets
        .iter()
        .copied()
        .filter(|id| is_sampled(*id, 40))
        .collect();
    assert_eq!(sampled(&h, "call_center_147").await, expected);
    let drawn = draw(&h, &supervisor, "call_center_147").await;
    assert_eq!(drawn["activated"], 12);
    assert_eq!(drawn["sampled"], expected.len());
    assert_eq!(drawn["added"], 0);
    assert_eq!(sampled(&h, "call_center_147").await, expected);
    h.stop().await;
}
