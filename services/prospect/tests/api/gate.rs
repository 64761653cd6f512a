//! hr's training gate in prospect: `next` and distribution only for an agent holding a
//! certification for the program valid on the clock's WIB day, kept from
//! `hr.certification.*` events.

use chrono::{Duration, NaiveTime};
use serde_json::json;
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, WAIT};
use uuid::Uuid;

use crate::helpers::Prospect;
use crate::next::{active_work_order, certify, hire, hire_uncertified, import, next};

/// Puts the clock at 09:00 WIB of `day`.
fn nine_on(p: &Prospect, day: chrono::NaiveDate) {
    p.app.clock().set(tam_kernel::wib_to_utc(
        day,
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    ));
}

#[tokio::test]
async fn next_needs_a_certification_valid_today_and_expiry_needs_no_event() {
    let p = Prospect::start().await;
    let today = tam_kernel::wib_date(p.app.clock().now());
    nine_on(&p, today);
    let wo = active_work_order(&p, Site::Medan, "WO-GATE-1", 3).await;
    import(&p, wo, 71, 3).await;
    let agent = hire_uncertified(&p, Site::Medan, "add_on_consumer", None).await;

    let refused = next(&p, &agent).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.slug(), "agent-not-certified");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap()
            .contains("add_on_consumer"),
        "names the program: {:?}",
        refused.body
    );

    // A certification for another program does not open this one.
    certify(
        &p,
        agent.id,
        "ct0_pranpc",
        today,
        today + Duration::days(30),
    )
    .await;
    assert_eq!(next(&p, &agent).await.slug(), "agent-not-certified");

    // Certified from today to tomorrow: a customer today.
    certify(
        &p,
        agent.id,
        "add_on_consumer",
        today,
        today + Duration::days(1),
    )
    .await;
    let got = next(&p, &agent).await;
    assert_eq!(got.status, 200, "{:?}", got.body);

    // The day after its last day, without any event: refused again.
    nine_on(&p, today + Duration::days(2));
    let expired = next(&p, &agent).await;
    assert_eq!(expired.status, 422, "{:?}", expired.body);
    assert_eq!(expired.slug(), "agent-not-certified");
    p.stop().await;
}

#[tokio::test]
async fn a_revoked_certification_closes_the_gate_whatever_the_order_of_arrival() {
    let p = Prospect::start().await;
    let today = tam_kernel::wib_date(p.app.clock().now());
    nine_on(&p, today);
    let agent = hire(&p, Site::Medan, "add_on_consumer", None).await;
    assert_eq!(
        next(&p, &agent).await.status,
        204,
        "certified, nothing to call"
    );

    // A second certification: revoked before its grant arrives, granted twice after.
    let cert = Uuid::now_v7();
    let other = hire_uncertified(&p, Site::Medan, "add_on_consumer", None).await;
    p.app
        .emit(
            "hr.certification.revoked",
            "hr",
            None,
            json!({"certification_id": cert, "employee_id": other.id,
                   "program": "add_on_consumer", "revoked_at": p.app.clock().now(),
                   "reason": "failed the audit"}),
        )
        .await
        .unwrap();
    let grant = json!({"certification_id": cert, "employee_id": other.id,
                       "program": "add_on_consumer", "valid_from": today,
                       "valid_until": today + Duration::days(300),
                       "source": "class", "class_id": Uuid::now_v7()});
    for _ in 0..2 {
        p.app
            .emit("hr.certification.granted", "hr", None, grant.clone())
            .await
            .unwrap();
    }
    let both = format!(
        "SELECT count(*) AS n FROM certifications WHERE certification_id = '{cert}' \
         AND revoked_at IS NOT NULL AND valid_until IS NOT NULL"
    );
    wait_until("both events reach prospect", WAIT, || async {
        (p.count(&both).await == 1).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(next(&p, &other).await.slug(), "agent-not-certified");
    p.stop().await;
}

#[tokio::test]
async fn distribution_skips_agents_not_certified_and_refuses_naming_one() {
    let p = Prospect::start().await;
    let today = tam_kernel::wib_date(p.app.clock().now());
    nine_on(&p, today);
    let wo = active_work_order(&p, Site::Medan, "WO-GATE-2", 3).await;
    import(&p, wo, 81, 4).await;
    let certified = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let trainee = hire_uncertified(&p, Site::Medan, "add_on_consumer", None).await;
    let supervisor = p.token(Role::SupervisorOps, Some(Site::Medan));
    let path = format!("/api/v1/prospect/work-orders/{wo}/distribute");

    let named = p
        .post(
            &path,
            &supervisor,
            json!({"agents": [trainee.id], "count": 1}),
        )
        .await;
    assert_eq!(named.status, 422, "{:?}", named.body);
    assert_eq!(named.slug(), "agent-not-certified");
    assert!(named.body["detail"]
        .as_str()
        .unwrap()
        .contains(&trainee.id.to_string()));

    let all = p.post(&path, &supervisor, json!({"count": 2})).await;
    assert_eq!(all.status, 200, "{:?}", all.body);
    let agents = all.body["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 1, "only the certified agent: {:?}", all.body);
    assert_eq!(agents[0]["agent_id"], json!(certified.id));
    p.stop().await;
}
