//! QC Tier 2's CABUT survey: cancellation cases by API and by the client's CSV lists
//! (linked to their OBC sale or flagged, row-level report, Idempotency-Key, 422s naming
//! the field, nothing half-written), the claim, contact attempts and reasons, and the
//! mis-sale event.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::{Answer, TestService};
use uuid::Uuid;

const CASES: &str = "/api/v1/helpdesk/cabut/cases";
const IMPORTS: &str = "/api/v1/helpdesk/cabut/imports";

/// Monday 7 December 2026, 10:00 WIB.
fn monday_10_wib() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 3, 0, 0).unwrap()
}

async fn start() -> TestService {
    let h = TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &HashMap::new(),
    )
    .await;
    h.app.clock().set(monday_10_wib());
    h
}

/// An OBC sale of this suite: prospect's `prospect.sale.won`, handled by helpdesk (an
/// OBC ticket follows it).
async fn sold(h: &TestService, indihome_number: &str, product: &str) -> (Uuid, Uuid, Uuid) {
    let (call, agent, team) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let envelope = h
        .app
        .emit(
            "prospect.sale.won",
            "prospect",
            Some(Site::Medan),
            json!({
                "prospect_id": Uuid::now_v7(),
                "work_order_id": Uuid::now_v7(),
                "wo_code": "WO-MDN-2026-12",
                "call_id": call,
                "task_id": Uuid::now_v7(),
                "revision": 1,
                "agent_id": agent,
                "team_id": team,
                "site": "medan",
                "program": "add_on_consumer",
                "channel": "obc",
                "indihome_number": indihome_number,
                "customer_name": "Budi Santoso",
                "contact_number": "+6281234567890",
                "product_code": product,
                "negotiation_step": null,
                "won_at": monday_10_wib() - chrono::Duration::days(20),
            }),
        )
        .await
        .unwrap();
    h.app.handled("helpdesk", &[envelope.id]).await.unwrap();
    (call, agent, team)
}

fn case(indihome_number: &str, product: &str, channel: &str) -> Value {
    json!({
        "indihome_number": indihome_number,
        "product_code": product,
        "cancelled_on": "2026-12-05",
        "channel": channel,
        "contact_number": "081234567890",
    })
}

async fn file_with_key(h: &TestService, token: &str, key: &str, body: Value) -> Answer {
    h.request(
        reqwest::Method::POST,
        CASES,
        Some(token),
        &[("idempotency-key", key)],
        Some(body),
    )
    .await
}

async fn all_cases(h: &TestService) -> Vec<Value> {
    let reader = h.token(Role::SupervisorHd, None);
    let listed = h.get(&format!("{CASES}?limit=200"), &reader).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    listed.body["items"].as_array().unwrap().clone()
}

async fn upload(h: &TestService, token: &str, key: Option<&str>, csv: &str) -> Answer {
    let mut request = reqwest::Client::new()
        .post(format!("{}{IMPORTS}", h.base))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    Answer::read(request.send().await.unwrap()).await
}

#[tokio::test]
async fn a_case_by_api_is_linked_to_its_obc_sale_or_flagged_and_bad_references_are_422() {
    let h = start().await;
    let (call, agent, team) = sold(&h, "122101234567", "MINIPACK").await;
    let qc = h.token(Role::QcTier2, None);

    // An OBC cancellation of this suite's sale: linked to the call, agent, site, program.
    let linked = h
        .post(CASES, &qc, case("122101234567", "minipack", "obc"))
        .await;
    assert_eq!(linked.status, 201, "{:?}", linked.body);
    let c = &linked.body["case"];
    assert_eq!(c["product_code"], "MINIPACK");
    assert_eq!(c["status"], "open");
    assert_eq!(c["flag"], Value::Null);
    assert_eq!(c["sale"]["call_id"], json!(call));
    assert_eq!(c["sale"]["agent_id"], json!(agent));
    assert_eq!(c["sale"]["team_id"], json!(team));
    assert_eq!(c["sale"]["site"], "medan");
    assert_eq!(c["sale"]["program"], "add_on_consumer");
    assert_eq!(c["sale"]["quality_verdict"], "valid");

    // An OBC cancellation no activation of this suite follows: accepted and flagged.
    let unknown = h
        .post(CASES, &qc, case("122109999999", "MINIPACK", "obc"))
        .await;
    assert_eq!(unknown.status, 201, "{:?}", unknown.body);
    assert_eq!(unknown.body["case"]["flag"], "no_activation_known");
    assert_eq!(unknown.body["case"]["sale"], Value::Null);

    // Another channel's sale is not this suite's: neither linked nor flagged.
    let plasa = h
        .post(CASES, &qc, case("122101234567", "HBO", "plasa"))
        .await;
    assert_eq!(plasa.status, 201, "{:?}", plasa.body);
    assert_eq!(plasa.body["case"]["flag"], Value::Null);
    assert_eq!(plasa.body["case"]["sale"], Value::Null);
    assert_eq!(all_cases(&h).await.len(), 3);

    // Unknown product or channel: 422 naming the field; nothing written.
    let product = h
        .post(CASES, &qc, case("122101230001", "NOT_SOLD", "plasa"))
        .await;
    assert_eq!(product.status, 422, "{:?}", product.body);
    assert_eq!(product.slug(), "unknown-reference");
    assert!(
        product.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("product_code:"),
        "{:?}",
        product.body
    );
    let channel = h
        .post(CASES, &qc, case("122101230001", "HBO", "pigeon"))
        .await;
    assert_eq!(channel.status, 422, "{:?}", channel.body);
    assert_eq!(channel.slug(), "unknown-reference");
    assert!(
        channel.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("channel:"),
        "{:?}",
        channel.body
    );
    // Malformed fields: 400 naming each.
    let bad = h
        .post(
            CASES,
            &qc,
            json!({"indihome_number": "12-34", "product_code": "HBO", "cancelled_on": "2026-12-31", "channel": "web"}),
        )
        .await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
    assert_eq!(bad.fields(), ["indihome_number"]);
    let future = h.post(CASES, &qc, json!({"indihome_number": "122101230001", "product_code": "HBO", "cancelled_on": "2026-12-31", "channel": "web"})).await;
    assert_eq!(future.status, 422, "{:?}", future.body);
    assert_eq!(future.slug(), "cancelled-in-future");
    assert!(future.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("cancelled_on:"));
    let phone = h
        .post(
            CASES,
            &qc,
            json!({"indihome_number": "122101230001", "product_code": "HBO",
                   "cancelled_on": "2026-12-05", "channel": "web", "contact_number": "12345"}),
        )
        .await;
    assert_eq!(phone.status, 422, "{:?}", phone.body);
    assert!(phone.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("contact_number:"));
    assert_eq!(all_cases(&h).await.len(), 3, "nothing half-written");

    // The same cancellation again: 409.
    let again = h
        .post(CASES, &qc, case("122101234567", "MINIPACK", "obc"))
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);

    // Idempotency-Key: the same key and body answer the same case; another body is 422.
    let first = file_with_key(&h, &qc, "cabut-1", case("122101230002", "HBO", "web")).await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    let replay = file_with_key(&h, &qc, "cabut-1", case("122101230002", "HBO", "web")).await;
    assert_eq!(replay.status, 200, "{:?}", replay.body);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(replay.body["case"]["id"], first.body["case"]["id"]);
    let reused = file_with_key(&h, &qc, "cabut-1", case("122101230003", "HBO", "web")).await;
    assert_eq!(reused.status, 422, "{:?}", reused.body);
    assert_eq!(reused.slug(), "idempotency-key-reused");
    assert_eq!(all_cases(&h).await.len(), 4);
    h.stop().await;
}

#[tokio::test]
async fn a_cancellation_list_files_its_good_rows_and_reports_each_other_line() {
    let h = start().await;
    let (call, _, _) = sold(&h, "122101234567", "MINIPACK").await;
    let desk = h.token(Role::SupervisorHd, None);
    let file = "indihome_number;product_code;cancelled_on;channel;remark\n\
                122101234567;MINIPACK;2026-12-05;obc;x\n\
                122109999999;MINIPACK;05/12/2026;OBC;\n\
                122101230004;HBO;2026-12-04;plasa;\n\
                122101230005;HBO;2026-12-04;pigeon;\n\
                122101230006;NOT_SOLD;2026-12-04;web;\n\
                122101230007;HBO;2026-12-09;web;\n\
                122101234567;MINIPACK;2026-12-05;obc;again\n";
    let imported = upload(&h, &desk, Some("list-2026-12-07"), file).await;
    assert_eq!(imported.status, 201, "{:?}", imported.body);
    let r = &imported.body;
    assert_eq!(r["total"], 7);
    assert_eq!(r["created"], 3);
    assert_eq!(r["rejected"], 3);
    assert_eq!(r["duplicates"], 1);
    assert_eq!(r["ignored_columns"], json!(["remark"]));
    let errors: Vec<(u64, &str)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [(5, "channel"), (6, "product_code"), (7, "cancelled_on")]
    );
    let created: Vec<(u64, bool, bool)> = r["created_cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["line"].as_u64().unwrap(),
                c["linked"].as_bool().unwrap(),
                c["flagged"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        created,
        [(2, true, false), (3, false, true), (4, false, false)]
    );
    assert_eq!(r["duplicate_rows"][0]["line"], 8);
    assert_eq!(
        r["duplicate_rows"][0]["case_id"],
        r["created_cases"][0]["case_id"]
    );
    let cases = all_cases(&h).await;
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0]["sale"]["call_id"], json!(call));
    assert_eq!(cases[0]["import_id"], r["id"]);

    // The same key and file: the stored report, nothing filed again.
    let replay = upload(&h, &desk, Some("list-2026-12-07"), file).await;
    assert_eq!(replay.status, 200, "{:?}", replay.body);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(replay.body["id"], r["id"]);
    let other = upload(
        &h,
        &desk,
        Some("list-2026-12-07"),
        "indihome_number;product_code;cancelled_on;channel\n",
    )
    .await;
    assert_eq!(other.status, 422, "{:?}", other.body);
    assert_eq!(other.slug(), "idempotency-key-reused");
    let report = h
        .get(&format!("{IMPORTS}/{}", r["id"].as_str().unwrap()), &desk)
        .await;
    assert_eq!(report.status, 200, "{:?}", report.body);
    assert_eq!(report.body["created"], 3);

    // A header without the required columns: 400 naming it, nothing written.
    let header = upload(
        &h,
        &desk,
        None,
        "indihome_number;product_code\n122101230008;HBO\n",
    )
    .await;
    assert_eq!(header.status, 400, "{:?}", header.body);
    assert_eq!(header.fields(), ["header"]);
    assert_eq!(all_cases(&h).await.len(), 3);
    h.stop().await;
}

#[tokio::test]
async fn qc_tier2_claims_calls_and_records_reasons_and_a_never_ordered_obc_sale_is_a_mis_sale() {
    let h = start().await;
    let (call, agent, team) = sold(&h, "122101234567", "MINIPACK").await;
    let desk = h.token(Role::SupervisorHd, None);
    let linked = h
        .post(CASES, &desk, case("122101234567", "MINIPACK", "obc"))
        .await;
    assert_eq!(linked.status, 201, "{:?}", linked.body);
    let linked_id = linked.body["case"]["id"].as_str().unwrap().to_owned();
    let plasa = h
        .post(CASES, &desk, case("122101230009", "HBO", "plasa"))
        .await;
    assert_eq!(plasa.status, 201, "{:?}", plasa.body);
    let plasa_id = plasa.body["case"]["id"].as_str().unwrap().to_owned();

    let subject = |id| Subject {
        id,
        role: Role::QcTier2,
        site: None,
        team: None,
    };
    let (ani_id, budi_id) = (Uuid::now_v7(), Uuid::now_v7());
    let ani = h.app.token_for(&subject(ani_id));
    let budi = h.app.token_for(&subject(budi_id));

    // Ani gets the oldest case, and the same one again while she holds it; Budi the
    // next; nobody a third.
    let claimed = h.post(&format!("{CASES}/claim"), &ani, json!({})).await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    assert_eq!(claimed.body["case"]["id"], linked_id.as_str());
    assert_eq!(claimed.body["case"]["claimed_by"], json!(ani_id));
    let held = h.post(&format!("{CASES}/claim"), &ani, json!({})).await;
    assert_eq!(held.body["case"]["id"], linked_id.as_str());
    let next = h.post(&format!("{CASES}/claim"), &budi, json!({})).await;
    assert_eq!(next.status, 200, "{:?}", next.body);
    assert_eq!(next.body["case"]["id"], plasa_id.as_str());
    let third = h
        .post(
            &format!("{CASES}/claim"),
            &h.token(Role::QcTier2, None),
            json!({}),
        )
        .await;
    assert_eq!(third.status, 204);

    // Attempts: only the holder; an unknown outcome is 422 naming it.
    let attempts = format!("{CASES}/{linked_id}/attempts");
    let survey = format!("{CASES}/{linked_id}/survey");
    let not_holder = h.post(&attempts, &budi, json!({"outcome": "busy"})).await;
    assert_eq!(not_holder.status, 409, "{:?}", not_holder.body);
    let unknown = h
        .post(&attempts, &ani, json!({"outcome": "voicemail"}))
        .await;
    assert_eq!(unknown.status, 422, "{:?}", unknown.body);
    assert!(unknown.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("outcome:"));
    let busy = h.post(&attempts, &ani, json!({"outcome": "busy"})).await;
    assert_eq!(busy.status, 200, "{:?}", busy.body);

    // No reasons before the customer is reached.
    let never = json!({"reasons": [
        {"code": "never_ordered", "main": true},
        {"code": "price"},
    ], "note": "pelanggan merasa tidak pernah memesan"});
    let early = h.post(&survey, &ani, never.clone()).await;
    assert_eq!(early.status, 409, "{:?}", early.body);
    let reached = h
        .post(
            &attempts,
            &ani,
            json!({"outcome": "reached", "note": "bicara dengan pelanggan"}),
        )
        .await;
    assert_eq!(reached.status, 200, "{:?}", reached.body);
    let outcomes: Vec<&str> = reached.body["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["busy", "reached"]);

    // Bad reasons: an unknown one is 422 unknown-reference naming it; no main, two mains, other without
    // text are 422 naming the field; nothing is written.
    let unknown = h
        .post(
            &survey,
            &ani,
            json!({"reasons": [{"code": "price", "main": true}, {"code": "too_slow"}]}),
        )
        .await;
    assert_eq!(unknown.status, 422, "{:?}", unknown.body);
    assert_eq!(unknown.slug(), "unknown-reference");
    assert!(
        unknown.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("reasons[1].code:"),
        "{:?}",
        unknown.body
    );
    let no_main = h
        .post(&survey, &ani, json!({"reasons": [{"code": "price"}]}))
        .await;
    assert_eq!(no_main.status, 422, "{:?}", no_main.body);
    assert_eq!(no_main.slug(), "invalid-cabut-reasons");
    assert!(no_main.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("reasons: exactly one"));
    let two = h
        .post(&survey, &ani, json!({"reasons": [{"code": "price", "main": true}, {"code": "not_used", "main": true}]}))
        .await;
    assert_eq!(two.status, 422, "{:?}", two.body);
    assert_eq!(two.slug(), "invalid-cabut-reasons");
    let other = h
        .post(
            &survey,
            &ani,
            json!({"reasons": [{"code": "other", "main": true}]}),
        )
        .await;
    assert_eq!(other.status, 422, "{:?}", other.body);
    assert!(other.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("reasons[0].text:"));
    let still = h.get(&format!("{CASES}/{linked_id}"), &desk).await;
    assert_eq!(still.body["case"]["status"], "open");
    assert_eq!(still.body["reasons"], json!([]));
    assert!(h
        .app
        .published("helpdesk.cabut.mis_sale_suspected")
        .await
        .is_empty());

    // Never ordered, main, on this suite's sale: a possible mis-sale, published.
    let done = h.post(&survey, &ani, never.clone()).await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    let c = &done.body["case"];
    assert_eq!(c["status"], "surveyed");
    assert_eq!(c["main_reason"], "never_ordered");
    assert_eq!(c["mis_sale"], true);
    assert_eq!(c["reason_version"], 1);
    assert_eq!(done.body["reasons"][0]["code"], "never_ordered");
    assert_eq!(done.body["reasons"][0]["main"], true);
    let twice = h.post(&survey, &ani, never.clone()).await;
    assert_eq!(twice.status, 409, "{:?}", twice.body);
    let published = h.app.published("helpdesk.cabut.mis_sale_suspected").await;
    assert_eq!(published.len(), 1, "{published:?}");
    let p = &published[0]["payload"];
    assert_eq!(p["case_id"], linked_id.as_str());
    assert_eq!(p["call_id"], json!(call));
    assert_eq!(p["agent_id"], json!(agent));
    assert_eq!(p["team_id"], json!(team));
    assert_eq!(p["site"], "medan");
    assert_eq!(p["program"], "add_on_consumer");
    assert_eq!(p["main_reason"], "never_ordered");
    assert_eq!(p["reasons"], json!(["never_ordered", "price"]));
    assert_eq!(published[0]["site"], "medan");

    // The same reason on another channel's sale is no mis-sale of this suite.
    let plasa_attempts = format!("{CASES}/{plasa_id}/attempts");
    assert_eq!(
        h.post(&plasa_attempts, &budi, json!({"outcome": "reached"}))
            .await
            .status,
        200
    );
    let plasa_done = h
        .post(&format!("{CASES}/{plasa_id}/survey"), &budi, never)
        .await;
    assert_eq!(plasa_done.status, 200, "{:?}", plasa_done.body);
    assert_eq!(plasa_done.body["case"]["mis_sale"], false);
    assert_eq!(
        h.app
            .published("helpdesk.cabut.mis_sale_suspected")
            .await
            .len(),
        1
    );
    // Every survey is published for reporting's CABUT reasons, a mis-sale or not, with
    // the linked sale's dimensions (none for another channel's sale).
    let surveyed = h.app.published("helpdesk.cabut.case_surveyed").await;
    assert_eq!(surveyed.len(), 2, "{surveyed:?}");
    let linked = surveyed
        .iter()
        .find(|e| e["payload"]["case_id"] == linked_id.as_str())
        .unwrap();
    assert_eq!(linked["payload"]["agent_id"], json!(agent));
    assert_eq!(linked["payload"]["site"], "medan");
    assert_eq!(linked["payload"]["main_reason"], "never_ordered");
    assert_eq!(
        linked["payload"]["reasons"],
        json!(["never_ordered", "price"])
    );
    assert_eq!(linked["payload"]["mis_sale"], true);
    let other = surveyed
        .iter()
        .find(|e| e["payload"]["case_id"] == plasa_id.as_str())
        .unwrap();
    assert_eq!(other["payload"]["channel"], "plasa");
    assert_eq!(other["payload"]["site"], json!(null));
    assert_eq!(other["payload"]["mis_sale"], false);
    // And every case filed was published when it was opened.
    let opened = h.app.published("helpdesk.cabut.case_opened").await;
    assert!(
        opened
            .iter()
            .any(|e| e["payload"]["case_id"] == linked_id.as_str()
                && e["payload"]["call_id"] == json!(call)
                && e["payload"]["program"] == "add_on_consumer"),
        "{opened:?}"
    );
    assert!(
        opened
            .iter()
            .any(|e| e["payload"]["case_id"] == plasa_id.as_str()
                && e["payload"]["agent_id"] == json!(null)),
        "{opened:?}"
    );

    // The month's stats per channel.
    let stats = h
        .get(
            "/api/v1/helpdesk/cabut/stats?month=2026-12&group_by=channel",
            &desk,
        )
        .await;
    assert_eq!(stats.status, 200, "{:?}", stats.body);
    let obc = stats.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "obc")
        .unwrap()
        .clone();
    assert_eq!(obc["cancellations"], 1);
    assert_eq!(obc["surveyed"], 1);
    assert_eq!(obc["reached"], 1);
    assert_eq!(obc["mis_sales"], 1);
    assert_eq!(
        obc["reasons"],
        json!([{"code": "never_ordered", "cases": 1, "main": 1}, {"code": "price", "cases": 1, "main": 0}])
    );
    // A site's quality supervisor sees only their site's OBC sales.
    let bandung = h
        .get(
            "/api/v1/helpdesk/cabut/stats?month=2026-12&group_by=site",
            &h.token(Role::SupervisorQuality, Some(Site::Bandung)),
        )
        .await;
    assert_eq!(bandung.status, 200, "{:?}", bandung.body);
    assert_eq!(bandung.body["groups"], json!([]));
    let bad = h
        .get(
            "/api/v1/helpdesk/cabut/stats?month=2026-13&group_by=weather",
            &desk,
        )
        .await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
    assert_eq!(bad.fields(), ["month", "group_by"]);
    h.stop().await;
}

#[tokio::test]
async fn the_supervisor_keeps_the_taxonomy_in_versions() {
    let h = start().await;
    let sup = h.token(Role::SupervisorHd, None);
    let current = h.get("/api/v1/helpdesk/cabut/reasons", &sup).await;
    assert_eq!(current.status, 200, "{:?}", current.body);
    assert_eq!(current.body["version"], 1);
    let mut reasons = current.body["reasons"].as_array().unwrap().clone();
    reasons.push(json!({"code": "too_slow", "name": "Too slow"}));
    let saved = h
        .put(
            "/api/v1/helpdesk/cabut/reasons",
            &sup,
            json!({"reasons": reasons}),
        )
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_eq!(saved.body["version"], 2);
    // Dropping a reason the mis-sale rule reads: 400.
    let without: Vec<Value> = reasons
        .iter()
        .filter(|r| r["code"] != "never_ordered")
        .cloned()
        .collect();
    let refused = h
        .put(
            "/api/v1/helpdesk/cabut/reasons",
            &sup,
            json!({"reasons": without}),
        )
        .await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.slug(), "invalid-cabut-taxonomy");
    assert_eq!(
        h.get("/api/v1/helpdesk/cabut/reasons", &sup).await.body["version"],
        2
    );
    h.stop().await;
}
