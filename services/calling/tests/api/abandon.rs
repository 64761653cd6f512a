//! Closing a stuck call without a result: by the team leader of its team or the site's
//! operations supervisor, once, only while it is open, with a reason; the prospect may
//! then be called again on a new claim.

use chrono::Duration;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::{Answer, Calling};

const REASON: &str = "softphone crashed at 14:10, agent went home sick";

async fn abandon(c: &Calling, token: &str, call: Uuid, body: Value) -> Answer {
    c.post(
        &format!("/api/v1/calling/calls/{call}/abandon"),
        token,
        body,
    )
    .await
}

/// The error of a statement the table's checks refuse.
async fn refused_by_the_table(c: &Calling, sql: &str) -> String {
    use diesel_async::RunQueryDsl;
    let mut conn = c.pool.get().await.unwrap();
    diesel::sql_query(sql)
        .execute(&mut conn)
        .await
        .unwrap_err()
        .to_string()
}

fn ids(page: &Value) -> Vec<Uuid> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn a_team_leader_closes_a_stuck_call_and_the_prospect_can_be_called_again() {
    let c = Calling::start().await;
    let agent = c.agent();
    let leader = c.person(Role::TeamLeader, Some(Site::Medan), agent.subject.team);
    let (claim, started) = c.open_call(&agent).await;
    let call = started.id();
    c.app.clock().advance(Duration::minutes(40));

    let closed = abandon(
        &c,
        &leader.token,
        call,
        json!({ "reason": format!("  {REASON}  ") }),
    )
    .await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);
    assert_eq!(closed.body["id"], json!(call));
    assert_eq!(closed.body["status"], "abandoned");
    assert_eq!(closed.body["abandoned_at"], json!(c.now()));
    assert_eq!(closed.body["abandoned_by"], json!(leader.id()));
    assert_eq!(closed.body["abandon_reason"], REASON);
    assert_eq!(closed.body["outcome"], json!(null));
    assert_eq!(closed.body["ended_at"], json!(null));
    // The same representation as a read of the call.
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &leader.token)
        .await;
    assert_eq!(read.body, closed.body);

    let events = c.events("calling.call.abandoned").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["producer"], "calling");
    assert_eq!(events[0]["site"], "medan");
    let expected = json!({
        "call_id": call,
        "claim_id": claim.claim_id,
        "prospect_id": claim.prospect_id,
        "work_order_id": claim.work_order_id,
        "agent_id": agent.id(),
        "team_id": claim.team,
        "site": "medan",
        "program": "add_on_consumer",
        "started_at": started.body["started_at"],
        "abandoned_at": c.now(),
        "abandoned_by": leader.id(),
        "reason": REASON,
    });
    assert_eq!(events[0]["payload"], expected);

    // The agent's late result is refused, saying who closed the call and why.
    let late = c
        .result(&agent.token, call, json!({"outcome": "no_answer"}))
        .await;
    assert_eq!(late.status, 409, "{:?}", late.body);
    let detail = late.body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(&format!(
            "the call was closed without a result by {}",
            leader.id()
        )),
        "{detail}"
    );
    assert!(detail.ends_with(&format!(": {REASON}")), "{detail}");
    assert!(c.events("calling.call.completed").await.is_empty());

    // A recording of what happened is still evidence.
    let put = c
        .put_recording(&agent.token, call, "audio/wav", b"RIFF....WAVE".to_vec())
        .await;
    assert_eq!(put.status, 201, "{:?}", put.body);

    // prospect hands the prospect out again: a new claim, and a new call on it.
    let mut again = claim.clone();
    again.claim_id = Uuid::now_v7();
    again.claimed_at = c.now();
    again.lease_expires_at = c.now() + Duration::minutes(5);
    c.claim(&again).await;
    let second = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(second.status, 201, "{:?}", second.body);
    assert_eq!(second.body["claim_id"], json!(again.claim_id));
    assert_eq!(second.body["status"], "open");
    assert_eq!(second.body["abandoned_at"], json!(null));
    assert_eq!(second.body["abandoned_by"], json!(null));
    assert_eq!(second.body["abandon_reason"], json!(null));

    // The list tells them apart.
    let list = |query: &'static str| {
        let c = &c;
        let token = leader.token.clone();
        async move {
            c.get(&format!("/api/v1/calling/calls{query}"), &token)
                .await
        }
    };
    assert_eq!(ids(&list("").await.body), [second.id(), call]);
    assert_eq!(ids(&list("?status=open").await.body), [second.id()]);
    assert_eq!(ids(&list("?status=abandoned").await.body), [call]);
    assert!(ids(&list("?status=completed").await.body).is_empty());
    let bad = list("?status=stuck").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["status"]);
    c.stop().await;
}

#[tokio::test]
async fn only_the_calls_team_leader_and_its_sites_operations_supervisor_close_it() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let body = json!({ "reason": REASON });

    let other_site = c.person(Role::SupervisorOps, Some(Site::Bandung), None);
    let other_team = c.person(Role::TeamLeader, Some(Site::Medan), Some(Uuid::now_v7()));
    for outsider in [&other_site, &other_team] {
        let refused = abandon(&c, &outsider.token, call, body.clone()).await;
        assert_eq!(refused.status, 404, "{:?}", outsider.subject);
    }
    // The policy lets no other role in, the call's own agent included.
    let qco = c.person(Role::QcOfficer, Some(Site::Medan), None);
    let manager = c.person(Role::Manager, None, None);
    for refused in [&agent, &qco, &manager] {
        let answer = abandon(&c, &refused.token, call, body.clone()).await;
        assert_eq!(answer.status, 403, "{:?}", refused.subject);
    }
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &agent.token)
        .await;
    assert_eq!(read.body["status"], "open");
    assert!(c.events("calling.call.abandoned").await.is_empty());

    // The site's operations supervisor may, once.
    let supervisor = c.person(Role::SupervisorOps, Some(Site::Medan), None);
    let closed = abandon(&c, &supervisor.token, call, body.clone()).await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);
    assert_eq!(closed.body["abandoned_by"], json!(supervisor.id()));
    let leader = c.person(Role::TeamLeader, Some(Site::Medan), agent.subject.team);
    let twice = abandon(&c, &leader.token, call, json!({"reason": "again"})).await;
    assert_eq!(twice.status, 409, "{:?}", twice.body);
    let detail = twice.body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(&format!(
            "the call was already closed without a result by {}",
            supervisor.id()
        )),
        "{detail}"
    );
    assert_eq!(c.events("calling.call.abandoned").await.len(), 1);

    let unknown = abandon(&c, &supervisor.token, Uuid::now_v7(), body).await;
    assert_eq!(unknown.status, 404);
    c.stop().await;
}

#[tokio::test]
async fn a_call_with_a_result_is_not_abandoned() {
    let c = Calling::start().await;
    let agent = c.agent();
    let leader = c.person(Role::TeamLeader, Some(Site::Medan), agent.subject.team);
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let done = c
        .result(&agent.token, call, json!({"outcome": "busy"}))
        .await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.body["status"], "completed");
    let refused = abandon(&c, &leader.token, call, json!({ "reason": REASON })).await;
    assert_eq!(refused.status, 409, "{:?}", refused.body);
    assert_eq!(refused.body["detail"], "the call already has a result");
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &leader.token)
        .await;
    assert_eq!(read.body["outcome"], "busy");
    assert_eq!(read.body["abandoned_at"], json!(null));
    assert!(c.events("calling.call.abandoned").await.is_empty());
    // The table keeps a call from being closed both ways, whatever writes to it.
    let both = refused_by_the_table(
        &c,
        &format!(
            "UPDATE calls SET abandoned_at = now(), abandoned_by = '{}', abandon_reason = 'x'
             WHERE id = '{call}'",
            leader.id()
        ),
    )
    .await;
    assert!(both.contains("calls_result_or_abandoned"), "{both}");
    c.stop().await;
}

#[tokio::test]
async fn a_missing_blank_or_long_reason_is_refused_and_changes_nothing() {
    let c = Calling::start().await;
    let agent = c.agent();
    let leader = c.person(Role::TeamLeader, Some(Site::Medan), agent.subject.team);
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let cases = [
        (json!({}), "validation"),
        (json!({ "reason": null }), "validation"),
        (json!({ "reason": "   " }), "validation"),
        (json!({ "reason": "x".repeat(501) }), "validation"),
        (json!({ "reason": REASON, "by": "me" }), "malformed-body"),
    ];
    for (body, slug) in cases {
        let refused = abandon(&c, &leader.token, call, body.clone()).await;
        assert_eq!(refused.status, 400, "{body}: {:?}", refused.body);
        assert_eq!(refused.slug(), slug, "{body}");
        if slug == "validation" {
            assert_eq!(refused.fields(), ["reason"], "{body}");
        }
    }
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &leader.token)
        .await;
    assert_eq!(read.body["status"], "open");
    assert_eq!(read.body["abandon_reason"], json!(null));
    assert!(c.events("calling.call.abandoned").await.is_empty());
    // The table keeps the three abandonment columns together.
    let partial = refused_by_the_table(
        &c,
        &format!("UPDATE calls SET abandoned_at = now() WHERE id = '{call}'"),
    )
    .await;
    assert!(partial.contains("calls_abandonment_complete"), "{partial}");

    // Exactly 500 characters is fine.
    let longest = "x".repeat(500);
    let closed = abandon(&c, &leader.token, call, json!({ "reason": longest })).await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);
    assert_eq!(closed.body["abandon_reason"], json!(longest));
    c.stop().await;
}
