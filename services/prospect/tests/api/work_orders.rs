//! Creating, checking, changing and moving work orders; their events.

use serde_json::json;
use tam_kernel::{Role, Site};

use crate::helpers::{new_work_order, Prospect};

const WORK_ORDERS: &str = "/api/v1/prospect/work-orders";

#[tokio::test]
async fn a_manager_creates_a_work_order_and_its_event_is_written_with_it() {
    let p = Prospect::start().await;
    let token = p.token(Role::Manager, None);
    let created = p
        .post(WORK_ORDERS, &token, new_work_order("WO-MDN-1"))
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let body = &created.body;
    assert_eq!(body["status"], "draft");
    assert_eq!(body["site"], "medan");
    assert_eq!(body["program"], "add_on_consumer");
    assert_eq!(body["offers"][1]["product_code"], "STB2");
    assert_eq!(body["retry_wait_minutes"]["rejected"], 1440);
    assert_eq!(body["daily_quota_per_agent"], 120);

    let read = p
        .get(&format!("{WORK_ORDERS}/{}", created.id()), &token)
        .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body, created.body);

    let published = p.published().await;
    assert_eq!(published.len(), 1, "{published:?}");
    let (event_type, envelope) = &published[0];
    assert_eq!(event_type, "prospect.work_order.created");
    assert_eq!(envelope["producer"], "prospect");
    assert_eq!(envelope["site"], "medan");
    assert_eq!(envelope["payload"]["work_order_id"], created.body["id"]);
    assert_eq!(envelope["payload"]["wo_code"], "WO-MDN-1");
    p.stop().await;
}

#[tokio::test]
async fn a_retention_work_order_takes_negotiation_steps() {
    let p = Prospect::start().await;
    let token = p.token(Role::Coordinator, None);
    let mut body = new_work_order("WO-BDG-CT0");
    body["program"] = json!("ct0_pranpc");
    body["site"] = json!("bandung");
    // Products are not steps.
    let refused = p.post(WORK_ORDERS, &token, body.clone()).await;
    assert_eq!(refused.status, 400);
    assert!(refused.fields().contains(&"offers[0].step".to_owned()));
    body["offers"] = json!([
        {"step": 1, "description": "Diskon 20% tiga bulan"},
        {"step": 2, "description": "Upgrade kecepatan gratis"},
    ]);
    let created = p.post(WORK_ORDERS, &token, body).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["offers"][1]["step"], 2);
    p.stop().await;
}

#[tokio::test]
async fn bad_fields_are_all_named_and_nothing_is_written() {
    let p = Prospect::start().await;
    let token = p.token(Role::Manager, None);
    let body = json!({
        "wo_code": "bad code",
        "program": "add_on_consumer",
        "site": "medan",
        "valid_from": "2026-03-31",
        "valid_to": "2026-03-01",
        "offers": [],
        "max_attempts": 11,
        "daily_quota_per_agent": 0,
        "retry_wait_minutes": {"no_answer": 10081, "busy": 0, "unreachable": 0},
    });
    let refused = p.post(WORK_ORDERS, &token, body).await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(
        refused.fields(),
        [
            "wo_code",
            "title",
            "valid_to",
            "offers",
            "max_attempts",
            "daily_quota_per_agent",
            "retry_wait_minutes.no_answer",
            "retry_wait_minutes.rejected",
        ]
    );
    // A manager must name the site.
    let mut no_site = new_work_order("WO-1");
    no_site.as_object_mut().unwrap().remove("site");
    let refused = p.post(WORK_ORDERS, &token, no_site).await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.fields(), ["site"]);
    assert_eq!(p.count("SELECT count(*) AS n FROM work_orders").await, 0);
    assert!(p.published().await.is_empty());
    p.stop().await;
}

#[tokio::test]
async fn a_program_not_run_at_the_site_is_refused() {
    let p = Prospect::start().await;
    let token = p.token(Role::Manager, None);
    let mut body = new_work_order("WO-X");
    body["program"] = json!("wifi_addon_digital");
    let refused = p.post(WORK_ORDERS, &token, body).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.slug(), "program-not-at-site");
    assert_eq!(p.count("SELECT count(*) AS n FROM work_orders").await, 0);
    p.stop().await;
}

#[tokio::test]
async fn a_wo_code_is_unique_per_site() {
    let p = Prospect::start().await;
    let token = p.token(Role::Manager, None);
    p.create_work_order(new_work_order("WO-SAME")).await;
    let again = p.post(WORK_ORDERS, &token, new_work_order("WO-SAME")).await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    // The same code at another site is another client order.
    let mut bandung = new_work_order("WO-SAME");
    bandung["site"] = json!("bandung");
    let other = p.post(WORK_ORDERS, &token, bandung).await;
    assert_eq!(other.status, 201, "{:?}", other.body);
    assert_eq!(p.published().await.len(), 2);
    p.stop().await;
}

#[tokio::test]
async fn status_moves_draft_active_closed_and_only_drafts_change() {
    let p = Prospect::start().await;
    let token = p.token(Role::SupervisorOps, Some(Site::Medan));
    let id = p.create_work_order(new_work_order("WO-FLOW")).await;
    let path = format!("{WORK_ORDERS}/{id}");

    let patched = p
        .patch(
            &path,
            &token,
            json!({"title": "Maret, revisi", "max_attempts": 5}),
        )
        .await;
    assert_eq!(patched.status, 200, "{:?}", patched.body);
    assert_eq!(patched.body["title"], "Maret, revisi");
    assert_eq!(patched.body["max_attempts"], 5);
    let bad = p
        .patch(&path, &token, json!({"valid_to": "2026-02-01"}))
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["valid_to"]);

    let closed_early = p.post(&format!("{path}/close"), &token, json!({})).await;
    assert_eq!(closed_early.status, 409);
    let active = p.post(&format!("{path}/activate"), &token, json!({})).await;
    assert_eq!(active.status, 200, "{:?}", active.body);
    assert_eq!(active.body["status"], "active");
    let again = p.post(&format!("{path}/activate"), &token, json!({})).await;
    assert_eq!(again.status, 409);
    let frozen = p.patch(&path, &token, json!({"title": "x"})).await;
    assert_eq!(frozen.status, 409);
    let closed = p.post(&format!("{path}/close"), &token, json!({})).await;
    assert_eq!(closed.status, 200);
    assert_eq!(closed.body["status"], "closed");
    let reopened = p.post(&format!("{path}/activate"), &token, json!({})).await;
    assert_eq!(reopened.status, 409);

    let published = p.published().await;
    let types: Vec<_> = published.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        types,
        [
            "prospect.work_order.created",
            "prospect.work_order.status_changed",
            "prospect.work_order.status_changed",
        ]
    );
    assert_eq!(published[1].1["payload"]["from"], "draft");
    assert_eq!(published[1].1["payload"]["to"], "active");
    assert_eq!(published[2].1["payload"]["to"], "closed");

    let list = p.get(&format!("{WORK_ORDERS}?status=closed"), &token).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    let none = p.get(&format!("{WORK_ORDERS}?status=draft"), &token).await;
    assert_eq!(none.body["items"].as_array().unwrap().len(), 0);
    p.stop().await;
}

#[tokio::test]
async fn the_list_pages_and_filters() {
    let p = Prospect::start().await;
    let token = p.token(Role::Admin, None);
    for i in 0..3 {
        p.create_work_order(new_work_order(&format!("WO-{i}")))
            .await;
    }
    let first = p.get(&format!("{WORK_ORDERS}?limit=2"), &token).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = p
        .get(&format!("{WORK_ORDERS}?limit=2&cursor={cursor}"), &token)
        .await;
    assert_eq!(second.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(second.body["items"][0]["wo_code"], "WO-2");
    assert!(second.body["next_cursor"].is_null());
    let other = p
        .get(&format!("{WORK_ORDERS}?program=ct0_pranpc"), &token)
        .await;
    assert_eq!(other.body["items"].as_array().unwrap().len(), 0);
    let bad = p
        .get(&format!("{WORK_ORDERS}?status=open&limit=0"), &token)
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["status", "limit"]);
    p.stop().await;
}
