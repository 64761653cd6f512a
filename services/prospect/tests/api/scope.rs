//! Site roles see and change only their own site's work orders.

use serde_json::json;
use tam_kernel::{Role, Site};

use crate::helpers::{new_work_order, Prospect};

const WORK_ORDERS: &str = "/api/v1/prospect/work-orders";

#[tokio::test]
async fn a_bandung_supervisor_gets_404_for_a_medan_work_order_and_changes_nothing() {
    let p = Prospect::start().await;
    let id = p.create_work_order(new_work_order("WO-MDN")).await;
    let path = format!("{WORK_ORDERS}/{id}");
    let bandung = p.token(Role::SupervisorOps, Some(Site::Bandung));
    assert_eq!(p.get(&path, &bandung).await.status, 404);
    assert_eq!(
        p.patch(&path, &bandung, json!({"title": "mine now"}))
            .await
            .status,
        404
    );
    assert_eq!(
        p.post(&format!("{path}/activate"), &bandung, json!({}))
            .await
            .status,
        404
    );
    assert_eq!(
        p.post(&format!("{path}/close"), &bandung, json!({}))
            .await
            .status,
        404
    );
    let list = p.get(WORK_ORDERS, &bandung).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);

    // Medan's own roles see it, whatever their function.
    for role in [
        Role::SupervisorOps,
        Role::SupervisorQuality,
        Role::TeamLeader,
        Role::QcOfficer,
        Role::QaOfficer,
    ] {
        let medan = p.token(role, Some(Site::Medan));
        assert_eq!(p.get(&path, &medan).await.status, 200, "{role}");
    }
    let stored = p.get(&path, &p.token(Role::Manager, None)).await;
    assert_eq!(stored.body["title"], "Add-on Maret Medan");
    assert_eq!(stored.body["status"], "draft");
    assert_eq!(p.published().await.len(), 1);
    p.stop().await;
}

/// A site role creating for another site is refused with 403 (the site is named in
/// the request, so there is no object whose existence a 404 would hide).
#[tokio::test]
async fn a_medan_supervisor_cannot_create_for_bandung_but_may_omit_the_site() {
    let p = Prospect::start().await;
    let medan = p.token(Role::SupervisorOps, Some(Site::Medan));
    let mut body = new_work_order("WO-BDG");
    body["site"] = json!("bandung");
    let refused = p.post(WORK_ORDERS, &medan, body).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert_eq!(p.count("SELECT count(*) AS n FROM work_orders").await, 0);

    let mut own = new_work_order("WO-MDN");
    own.as_object_mut().unwrap().remove("site");
    let created = p.post(WORK_ORDERS, &medan, own).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["site"], "medan");
    p.stop().await;
}

#[tokio::test]
async fn roles_outside_the_policy_are_refused() {
    let p = Prospect::start().await;
    let id = p.create_work_order(new_work_order("WO-1")).await;
    let agent = p.token(Role::Agent, Some(Site::Medan));
    assert_eq!(
        p.get(&format!("{WORK_ORDERS}/{id}"), &agent).await.status,
        403
    );
    // Readers that may not manage.
    let quality = p.token(Role::SupervisorQuality, Some(Site::Medan));
    let refused = p
        .post(&format!("{WORK_ORDERS}/{id}/activate"), &quality, json!({}))
        .await;
    assert_eq!(refused.status, 403, "{refused:?}");
    let admin = p.token(Role::Admin, None);
    let refused = p.post(WORK_ORDERS, &admin, new_work_order("WO-2")).await;
    assert_eq!(refused.status, 403, "{refused:?}");
    p.stop().await;
}
