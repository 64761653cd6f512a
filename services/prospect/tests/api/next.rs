//! The agent's `next` customer, distribution, and what call results and quality verdicts
//! do to prospects (calling's and quality's events emitted onto the test's exchange).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, WAIT};
use uuid::Uuid;

use crate::helpers::{Answer, Prospect};

/// An agent on prospect's roster, and a token for them.
pub(crate) struct Agent {
    pub(crate) id: Uuid,
    pub(crate) team: Option<Uuid>,
    pub(crate) token: String,
}

/// An agent on prospect's roster, certified for `program` (hr's training gate) from a
/// year before the test clock's day to ten years after it.
pub(crate) async fn hire(p: &Prospect, site: Site, program: &str, team: Option<Uuid>) -> Agent {
    let agent = hire_uncertified(p, site, program, team).await;
    let today = tam_kernel::wib_date(p.app.clock().now());
    certify(
        p,
        agent.id,
        program,
        today - Duration::days(365),
        today + Duration::days(3650),
    )
    .await;
    agent
}

/// hr's `hr.certification.granted` for `agent`, waited for until prospect keeps it;
/// the certification's id.
pub(crate) async fn certify(
    p: &Prospect,
    agent: Uuid,
    program: &str,
    valid_from: chrono::NaiveDate,
    valid_until: chrono::NaiveDate,
) -> Uuid {
    let id = Uuid::now_v7();
    p.app
        .emit(
            "hr.certification.granted",
            "hr",
            None,
            json!({"certification_id": id, "employee_id": agent, "program": program,
                   "valid_from": valid_from, "valid_until": valid_until,
                   "source": "prior", "class_id": null}),
        )
        .await
        .unwrap();
    let known = format!(
        "SELECT count(*) AS n FROM certifications WHERE certification_id = '{id}' \
         AND valid_until IS NOT NULL"
    );
    wait_until("the certification reaches prospect", WAIT, || async {
        (p.count(&known).await == 1).then_some(())
    })
    .await
    .unwrap();
    id
}

/// An agent on prospect's roster without any certification.
pub(crate) async fn hire_uncertified(
    p: &Prospect,
    site: Site,
    program: &str,
    team: Option<Uuid>,
) -> Agent {
    let id = Uuid::now_v7();
    p.app
        .emit(
            "hr.employee.created",
            "hr",
            Some(site),
            json!({"employee_id": id, "nik": "1", "full_name": "Agen", "username": "agen",
                   "role": "agent", "site": site.as_str(),
                   "program": program, "team_id": team, "status": "active"}),
        )
        .await
        .unwrap();
    let known = format!("SELECT count(*) AS n FROM agents WHERE employee_id = '{id}'");
    wait_until("the agent reaches the roster", WAIT, || async {
        (p.count(&known).await == 1).then_some(())
    })
    .await
    .unwrap();
    let token = p.app.token_for(&Subject {
        id,
        role: Role::Agent,
        site: Some(site),
        team,
    });
    Agent { id, team, token }
}

/// An active work order at `site`, valid today, with `max_attempts`; its id.
pub(crate) async fn active_work_order(
    p: &Prospect,
    site: Site,
    code: &str,
    max_attempts: u32,
) -> Uuid {
    let today = tam_kernel::wib_date(p.app.clock().now());
    let mut body = crate::helpers::new_work_order(code);
    body["site"] = json!(site.as_str());
    body["valid_from"] = json!((today - Duration::days(1)).to_string());
    body["valid_to"] = json!((today + Duration::days(30)).to_string());
    body["max_attempts"] = json!(max_attempts);
    body["retry_wait_minutes"] =
        json!({"no_answer": 60, "busy": 30, "unreachable": 120, "rejected": 240});
    let id = p.create_work_order(body).await;
    let manager = p.token(Role::Manager, None);
    let activated = p
        .post(
            &format!("/api/v1/prospect/work-orders/{id}/activate"),
            &manager,
            json!({}),
        )
        .await;
    assert_eq!(activated.status, 200, "{:?}", activated.body);
    id
}

/// Imports `n` prospects (numbers derived from `seed`) into the work order.
pub(crate) async fn import(p: &Prospect, work_order: Uuid, seed: u32, n: u32) -> Answer {
    let mut csv = String::from("indihome_number;customer_name;contact_number\n");
    for i in 0..n {
        csv.push_str(&format!(
            "1{seed:05}{i:05};Pelanggan {i};0812{seed:03}{i:05}\n"
        ));
    }
    let manager = p.token(Role::Manager, None);
    let response = p
        .app
        .client
        .post(format!(
            "{}/api/v1/prospect/work-orders/{work_order}/dapros",
            p.base
        ))
        .bearer_auth(manager)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let answer = Answer::read(response).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert_eq!(answer.body["accepted"], n, "{:?}", answer.body);
    answer
}

pub(crate) async fn next(p: &Prospect, agent: &Agent) -> Answer {
    p.call(
        Method::POST,
        "/api/v1/prospect/next",
        Some(&agent.token),
        None,
    )
    .await
}

pub(crate) fn prospect_id(answer: &Answer) -> Uuid {
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["prospect"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn status_of(p: &Prospect, prospect: Uuid) -> String {
    let manager = p.token(Role::Manager, None);
    let detail = p
        .get(&format!("/api/v1/prospect/prospects/{prospect}"), &manager)
        .await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    detail.body["prospect"]["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Emits calling's events for one call by `agent` on `prospect`, and waits until
/// prospect has applied the result.
pub(crate) async fn call(
    p: &Prospect,
    agent: &Agent,
    prospect: Uuid,
    outcome: &str,
    follow_up_at: Option<DateTime<Utc>>,
) -> Uuid {
    let call_id = Uuid::now_v7();
    let now = p.app.clock().now();
    p.app
        .emit(
            "calling.call.started",
            "calling",
            Some(Site::Medan),
            json!({"call_id": call_id, "claim_id": Uuid::now_v7(), "prospect_id": prospect,
                   "work_order_id": Uuid::nil(), "agent_id": agent.id, "team_id": agent.team,
                   "site": "medan", "program": "add_on_consumer",
                   "masking_number": "02150001000", "started_at": now}),
        )
        .await
        .unwrap();
    p.app
        .emit(
            "calling.call.completed",
            "calling",
            Some(Site::Medan),
            json!({"call_id": call_id, "claim_id": Uuid::now_v7(), "prospect_id": prospect,
                   "work_order_id": Uuid::nil(), "agent_id": agent.id, "site": "medan",
                   "program": "add_on_consumer", "notes": null, "negotiation_step": null,
                   "team_id": agent.team, "outcome": outcome, "follow_up_at": follow_up_at,
                   "product_code": if outcome == "agree" { json!("MINIPACK") } else { json!(null) },
                   "started_at": now, "ended_at": now + Duration::minutes(3),
                   "duration_seconds": 180, "has_recording": false}),
        )
        .await
        .unwrap();
    let recorded =
        format!("SELECT count(*) AS n FROM prospect_attempts WHERE call_id = '{call_id}'");
    wait_until("the call result reaches prospect", WAIT, || async {
        (p.count(&recorded).await == 1).then_some(())
    })
    .await
    .unwrap();
    call_id
}

#[tokio::test]
async fn next_is_refused_outside_the_operating_hours() {
    let p = Prospect::start().await;
    let agent = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let today = tam_kernel::wib_date(p.app.clock().now());
    for (h, m) in [(17, 0), (7, 59), (23, 30)] {
        let at = tam_kernel::wib_to_utc(today, chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap());
        p.app.clock().set(at);
        let refused = next(&p, &agent).await;
        assert_eq!(refused.status, 422, "{h}:{m}");
        assert_eq!(refused.slug(), "outside-operating-hours");
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap()
                .contains("08:00 WIB"),
            "{:?}",
            refused.body
        );
    }
    p.app.clock().set(tam_kernel::wib_to_utc(
        today,
        chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
    ));
    assert_eq!(next(&p, &agent).await.status, 204, "open, nothing to call");
    p.stop().await;
}

#[tokio::test]
async fn claims_follow_the_order_and_a_lease_expires() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-NEXT-1", 3).await;
    import(&p, wo, 1, 3).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let b = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let stranger = hire(&p, Site::Medan, "ct0_pranpc", None).await;

    // One prospect distributed to A: A gets it before the pool, and again while held.
    let supervisor = p.token(Role::SupervisorOps, Some(Site::Medan));
    let dist = p
        .post(
            &format!("/api/v1/prospect/work-orders/{wo}/distribute"),
            &supervisor,
            json!({"agents": [a.id], "count": 1}),
        )
        .await;
    assert_eq!(dist.status, 200, "{:?}", dist.body);
    assert_eq!(dist.body["distributed"], 1);
    assert_eq!(dist.body["left_in_pool"], 2);

    let first = next(&p, &a).await;
    assert_eq!(first.body["source"], "assigned", "{:?}", first.body);
    let mine = prospect_id(&first);
    assert_eq!(
        first.body["work_order"]["offers"][0]["product_code"],
        "MINIPACK"
    );
    let again = next(&p, &a).await;
    assert_eq!(again.body["source"], "held");
    assert_eq!(prospect_id(&again), mine);
    // The claim signed for calling (the development key: TAM_CLAIM_TICKET_KEY unset),
    // the same claim while held.
    let key = tam_contracts::claim_ticket::ClaimTicketKey::development();
    for answer in [&first, &again] {
        let ticket = key
            .verify(answer.body["claim_ticket"].as_str().unwrap())
            .unwrap();
        assert_eq!(json!(ticket.claim_id), first.body["claim_id"]);
        assert_eq!(ticket.prospect_id, mine);
        assert_eq!(ticket.agent_id, a.id);
        assert_eq!(ticket.attempt, 1);
        assert_eq!(
            json!(ticket.lease_expires_at),
            first.body["lease_expires_at"]
        );
        assert_eq!(ticket.offers, first.body["work_order"]["offers"]);
    }
    assert_eq!(again.body["claim_id"], first.body["claim_id"]);

    // B takes from the pool, never A's; another program's agent sees nothing.
    let from_pool = next(&p, &b).await;
    assert_eq!(from_pool.body["source"], "pool");
    let theirs = prospect_id(&from_pool);
    assert_ne!(theirs, mine);
    assert_eq!(next(&p, &stranger).await.status, 204);

    // The claim went to calling as an event.
    let claims: Vec<Value> = p
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "prospect.prospect.claimed")
        .map(|(_, e)| e["payload"].clone())
        .collect();
    assert_eq!(claims.len(), 2, "held is not claimed twice: {claims:?}");
    assert_eq!(claims[0]["agent_id"], json!(a.id));
    assert_eq!(claims[0]["attempt"], 1);

    // B's lease runs out without a call: the prospect is back in the pool, behind the
    // one nobody has claimed yet.
    p.app.clock().advance(Duration::minutes(6));
    let c = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let d = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let untouched = prospect_id(&next(&p, &c).await);
    assert!(untouched != mine && untouched != theirs);
    assert_eq!(prospect_id(&next(&p, &d).await), theirs, "the lapsed lease");
    assert_eq!(next(&p, &b).await.status, 204, "B's claim is gone");
    p.stop().await;
}

/// `next` for `agent`, done with the claim `done_with` (raw: the query as sent).
async fn next_done_with(p: &Prospect, agent: &Agent, done_with: &str) -> Answer {
    p.call(
        Method::POST,
        &format!("/api/v1/prospect/next?done_with={done_with}"),
        Some(&agent.token),
        None,
    )
    .await
}

#[tokio::test]
async fn a_claim_the_agent_is_done_with_is_never_handed_back() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-NEXT-DONE", 3).await;
    import(&p, wo, 7, 2).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let b = hire(&p, Site::Medan, "add_on_consumer", None).await;

    // A calls X; calling's `calling.call.started` has not reached prospect, so X is
    // still held. Done with X, A gets the other prospect, not X again.
    let first = next(&p, &a).await;
    let x = prospect_id(&first);
    let x_claim = first.body["claim_id"].as_str().unwrap().to_owned();
    let second = next_done_with(&p, &a, &x_claim).await;
    assert_eq!(second.body["source"], "pool", "{:?}", second.body);
    let y = prospect_id(&second);
    assert_ne!(y, x);
    assert_ne!(second.body["claim_id"], first.body["claim_id"]);
    // Asked again, done with X, A holds Y.
    let again = next_done_with(&p, &a, &x_claim).await;
    assert_eq!(again.body["source"], "held");
    assert_eq!(again.body["claim_id"], second.body["claim_id"]);
    // X stays A's until its call is heard of or its lease ends: nobody else gets it.
    assert_eq!(next(&p, &b).await.status, 204);
    // Done with Y too, nothing is left.
    let y_claim = second.body["claim_id"].as_str().unwrap();
    assert_eq!(next_done_with(&p, &a, y_claim).await.status, 204);

    // Not a claim id: a problem, and nothing claimed.
    let bad = next_done_with(&p, &b, "yesterday").await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
    assert_eq!(
        bad.headers["content-type"], "application/problem+json",
        "{:?}",
        bad.body
    );
    let claims = p
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "prospect.prospect.claimed")
        .count();
    assert_eq!(claims, 2, "one claim for X, one for Y");
    p.stop().await;
}

#[tokio::test]
async fn twenty_agents_claiming_at_once_never_share_a_prospect() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-RACE", 3).await;
    import(&p, wo, 2, 30).await;
    let mut agents = Vec::new();
    for _ in 0..20 {
        agents.push(hire(&p, Site::Medan, "add_on_consumer", None).await);
    }
    let claims = futures::future::join_all(agents.iter().map(|a| next(&p, a))).await;
    let ids: HashSet<Uuid> = claims.iter().map(prospect_id).collect();
    assert_eq!(ids.len(), 20, "every agent got a different prospect");
    p.stop().await;
}

#[tokio::test]
async fn unreached_calls_wait_and_stop_at_the_attempt_limit() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-RETRY", 2).await;
    import(&p, wo, 3, 1).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", None).await;

    let id = prospect_id(&next(&p, &a).await);
    call(&p, &a, id, "busy", None).await;
    assert_eq!(status_of(&p, id).await, "retry");
    // The call ended 3 minutes after it started; the busy wait (30 min) runs from then.
    assert_eq!(next(&p, &a).await.status, 204, "the busy wait holds");
    p.app.clock().advance(Duration::minutes(32));
    assert_eq!(next(&p, &a).await.status, 204);
    p.app.clock().advance(Duration::minutes(2));
    let second = next(&p, &a).await;
    assert_eq!(prospect_id(&second), id);
    assert_eq!(second.body["prospect"]["attempts"], 1);

    call(&p, &a, id, "no_answer", None).await;
    assert_eq!(status_of(&p, id).await, "exhausted", "2 of 2 attempts used");
    p.app.clock().advance(Duration::hours(3));
    assert_eq!(next(&p, &a).await.status, 204);
    p.stop().await;
}

#[tokio::test]
async fn a_follow_up_comes_back_to_its_agent_then_to_the_team() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-FOLLOW", 3).await;
    import(&p, wo, 4, 1).await;
    let team = Uuid::now_v7();
    let a = hire(&p, Site::Medan, "add_on_consumer", Some(team)).await;
    let mate = hire(&p, Site::Medan, "add_on_consumer", Some(team)).await;

    let id = prospect_id(&next(&p, &a).await);
    let at = p.app.clock().now() + Duration::hours(2);
    call(&p, &a, id, "follow_up", Some(at)).await;
    assert_eq!(status_of(&p, id).await, "follow_up");
    assert_eq!(next(&p, &a).await.status, 204, "not due yet");

    p.app.clock().advance(Duration::hours(2));
    assert_eq!(next(&p, &mate).await.status, 204, "the agent's own first");
    let due = next(&p, &a).await;
    assert_eq!(due.body["source"], "follow_up");
    assert_eq!(prospect_id(&due), id);

    // A lets it lapse past the lease and the grace period: the team may take it.
    p.app.clock().advance(Duration::minutes(36));
    let taken = next(&p, &mate).await;
    assert_eq!(taken.body["source"], "team_follow_up", "{:?}", taken.body);
    assert_eq!(prospect_id(&taken), id);
    p.stop().await;
}

#[tokio::test]
async fn a_number_put_on_the_dnc_list_after_assignment_is_never_claimed() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-DNC", 3).await;
    import(&p, wo, 5, 1).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let held = next(&p, &a).await;
    let id = prospect_id(&held);
    let number = held.body["prospect"]["contact_number"]
        .as_str()
        .unwrap()
        .to_owned();

    let keeper = p.token(Role::SupervisorOps, Some(Site::Medan));
    let added = p
        .post(
            "/api/v1/prospect/dnc",
            &keeper,
            json!({"number": number, "reason": "asked"}),
        )
        .await;
    assert!(added.status.is_success(), "{:?}", added.body);
    assert_eq!(status_of(&p, id).await, "dnc");
    assert_eq!(
        next(&p, &a).await.status,
        204,
        "not even the holder gets it back"
    );
    p.app.clock().advance(Duration::hours(1));
    assert_eq!(next(&p, &a).await.status, 204);
    let withdrawn: Vec<Value> = p
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "prospect.prospect.withdrawn")
        .map(|(_, e)| e["payload"].clone())
        .collect();
    assert_eq!(withdrawn.len(), 1);
    assert_eq!(withdrawn[0]["prospect_id"], json!(id));
    assert_eq!(withdrawn[0]["reason"], "dnc");
    p.stop().await;
}

#[tokio::test]
async fn a_returned_sale_comes_first_with_its_reason_and_a_verdict_applies_once() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-RETURN", 3).await;
    import(&p, wo, 6, 2).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let id = prospect_id(&next(&p, &a).await);
    let call_id = call(&p, &a, id, "agree", None).await;
    assert_eq!(status_of(&p, id).await, "awaiting_validation");

    let verdict = |revision: i32, verdict: &str| {
        json!({"task_id": Uuid::nil(), "call_id": call_id, "prospect_id": id,
               "work_order_id": wo, "agent_id": a.id, "site": "medan",
               "program": "add_on_consumer", "verdict": verdict, "score": 70,
               "reason": "produk tidak disebutkan", "recommendation": "sebutkan harga",
               "validated_at": p.app.clock().now(), "revision": revision})
    };
    let returned = p
        .app
        .emit(
            "quality.call.validated",
            "quality",
            Some(Site::Medan),
            verdict(1, "returned"),
        )
        .await
        .unwrap();
    p.app.emit_envelope(&returned).await.unwrap();
    wait_until("the RETURN reaches prospect", WAIT, || async {
        (status_of(&p, id).await == "returned").then_some(())
    })
    .await
    .unwrap();
    let first = next(&p, &a).await;
    assert_eq!(first.body["source"], "returned", "before the pool");
    assert_eq!(prospect_id(&first), id);
    assert_eq!(
        first.body["prospect"]["return_reason"],
        "produk tidak disebutkan"
    );
    assert_eq!(
        first.body["prospect"]["return_recommendation"],
        "sebutkan harga"
    );
    let processed = p
        .count(&format!(
            "SELECT count(*) AS n FROM processed_events WHERE event_id = '{}'",
            returned.id
        ))
        .await;
    assert_eq!(processed, 1, "the redelivered verdict was applied once");
    p.stop().await;
}

#[tokio::test]
async fn the_same_call_result_delivered_twice_counts_once() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-TWICE", 3).await;
    import(&p, wo, 7, 1).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let id = prospect_id(&next(&p, &a).await);
    let now = p.app.clock().now();
    let completed = p
        .app
        .emit(
            "calling.call.completed",
            "calling",
            Some(Site::Medan),
            json!({"call_id": Uuid::now_v7(), "claim_id": Uuid::now_v7(), "prospect_id": id,
                   "work_order_id": wo, "agent_id": a.id, "team_id": null, "site": "medan",
                   "program": "add_on_consumer", "outcome": "no_answer", "started_at": now,
                   "ended_at": now + Duration::minutes(1), "duration_seconds": 60,
                   "has_recording": false}),
        )
        .await
        .unwrap();
    p.app.emit_envelope(&completed).await.unwrap();
    p.app.handled("prospect", &[completed.id]).await.unwrap();
    // An event sent after the copy: most likely handled behind it.
    hire(&p, Site::Medan, "add_on_consumer", None).await;
    let manager = p.token(Role::Manager, None);
    let detail = p
        .get(&format!("/api/v1/prospect/prospects/{id}"), &manager)
        .await;
    assert_eq!(detail.body["prospect"]["attempts"], 1, "{:?}", detail.body);
    assert_eq!(detail.body["attempts"].as_array().unwrap().len(), 1);
    p.stop().await;
}

#[tokio::test]
async fn agents_see_and_claim_only_their_own_site() {
    let p = Prospect::start().await;
    let bandung_wo = active_work_order(&p, Site::Bandung, "WO-BDG", 3).await;
    import(&p, bandung_wo, 8, 2).await;
    let medan = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let bandung = hire(&p, Site::Bandung, "add_on_consumer", None).await;
    assert_eq!(
        next(&p, &medan).await.status,
        204,
        "Bandung's pool is not Medan's"
    );
    let id = prospect_id(&next(&p, &bandung).await);
    let read = p
        .get(&format!("/api/v1/prospect/prospects/{id}"), &medan.token)
        .await;
    assert_eq!(read.status, 404);
    let own = p
        .get(&format!("/api/v1/prospect/prospects/{id}"), &bandung.token)
        .await;
    assert_eq!(own.status, 200);
    let medan_supervisor = p.token(Role::SupervisorOps, Some(Site::Medan));
    let progress = p
        .get(
            &format!("/api/v1/prospect/work-orders/{bandung_wo}/progress"),
            &medan_supervisor,
        )
        .await;
    assert_eq!(progress.status, 404);
    p.stop().await;
}

#[tokio::test]
async fn distribution_keeps_to_quotas_teams_and_eligible_agents() {
    let p = Prospect::start().await;
    let mut body = crate::helpers::new_work_order("WO-DIST");
    let today = tam_kernel::wib_date(p.app.clock().now());
    body["valid_from"] = json!(today.to_string());
    body["valid_to"] = json!(today.to_string());
    body["daily_quota_per_agent"] = json!(3);
    let wo = p.create_work_order(body).await;
    let manager = p.token(Role::Manager, None);
    let supervisor = p.token(Role::SupervisorOps, Some(Site::Medan));
    let path = format!("/api/v1/prospect/work-orders/{wo}/distribute");
    assert_eq!(
        p.post(&path, &supervisor, json!({})).await.status,
        409,
        "a draft"
    );
    p.post(
        &format!("/api/v1/prospect/work-orders/{wo}/activate"),
        &manager,
        json!({}),
    )
    .await;
    import(&p, wo, 9, 10).await;
    let team = Uuid::now_v7();
    let a = hire(&p, Site::Medan, "add_on_consumer", Some(team)).await;
    let b = hire(&p, Site::Medan, "add_on_consumer", Some(team)).await;
    let other_team = hire(&p, Site::Medan, "add_on_consumer", Some(Uuid::now_v7())).await;
    let retention = hire(&p, Site::Medan, "ct0_pranpc", None).await;

    let refused = p
        .post(&path, &supervisor, json!({"agents": [retention.id]}))
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.slug(), "agent-not-eligible");
    let bad = p.post(&path, &supervisor, json!({"count": 0})).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), vec!["count"]);

    // A team leader spreads over their own team only, within the quota of 3 each.
    let leader = p.app.token(Role::TeamLeader, Some(Site::Medan), Some(team));
    let done = p.post(&path, &leader, json!({})).await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.body["distributed"], 6);
    assert_eq!(done.body["left_in_pool"], 4);
    let shares: Vec<(String, u64)> = done.body["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["agent_id"].as_str().unwrap().to_owned(),
                s["assigned"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shares.len(), 2);
    assert!(shares.iter().all(|(_, n)| *n == 3), "{shares:?}");
    assert!(!shares
        .iter()
        .any(|(id, _)| *id == other_team.id.to_string()));
    let full = p.post(&path, &leader, json!({})).await;
    assert_eq!(full.body["distributed"], 0, "quotas are used up today");

    let progress = p
        .get(
            &format!("/api/v1/prospect/work-orders/{wo}/progress"),
            &supervisor,
        )
        .await;
    assert_eq!(progress.status, 200);
    assert_eq!(progress.body["total"], 10);
    assert_eq!(progress.body["by_status"]["new"], 10);
    assert_eq!(progress.body["unassigned"]["new"], 4);
    assert_eq!(progress.body["agents"].as_array().unwrap().len(), 2);
    let listed = p
        .get(
            &format!(
                "/api/v1/prospect/work-orders/{wo}/prospects?agent_id={}&limit=2",
                a.id
            ),
            &supervisor,
        )
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
    assert!(listed.body["next_cursor"].is_string());
    let _ = b;
    p.stop().await;
}

#[tokio::test]
async fn the_highest_revision_of_a_verdict_wins_whatever_the_order_of_arrival() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-REVISION", 3).await;
    import(&p, wo, 10, 1).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", None).await;
    let id = prospect_id(&next(&p, &a).await);
    let call_id = call(&p, &a, id, "agree", None).await;
    let task = Uuid::now_v7();
    let verdict = |revision: i32, verdict: &str| {
        json!({"task_id": task, "call_id": call_id, "prospect_id": id,
               "work_order_id": wo, "agent_id": a.id, "site": "medan",
               "program": "add_on_consumer", "verdict": verdict, "score": 90,
               "reason": if verdict == "returned" { json!("tidak jelas") } else { json!(null) },
               "validated_at": p.app.clock().now(), "revision": revision})
    };
    // The correction (revision 2: returned) overtakes the QCO's VALID (revision 1).
    p.app
        .emit(
            "quality.call.validated",
            "quality",
            Some(Site::Medan),
            verdict(2, "returned"),
        )
        .await
        .unwrap();
    wait_until("the correction reaches prospect", WAIT, || async {
        (status_of(&p, id).await == "returned").then_some(())
    })
    .await
    .unwrap();
    let late = p
        .app
        .emit(
            "quality.call.validated",
            "quality",
            Some(Site::Medan),
            verdict(1, "valid"),
        )
        .await
        .unwrap();
    p.app.handled("prospect", &[late.id]).await.unwrap();
    assert_eq!(
        status_of(&p, id).await,
        "returned",
        "revision 1 came too late"
    );
    p.stop().await;
}

#[tokio::test]
async fn an_abandoned_call_puts_its_prospect_back_as_it_was_once() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-ABANDON", 3).await;
    import(&p, wo, 9, 1).await;
    let a = hire(&p, Site::Medan, "add_on_consumer", Some(Uuid::now_v7())).await;
    let id = prospect_id(&next(&p, &a).await);
    let at = p.app.clock().now() + Duration::hours(2);
    call(&p, &a, id, "follow_up", Some(at)).await;
    p.app.clock().advance(Duration::hours(2));
    let due = next(&p, &a).await;
    assert_eq!(due.body["source"], "follow_up");

    // The call starts, and the agent's session dies before any result.
    let call_id = Uuid::now_v7();
    let started_at = p.app.clock().now();
    let started = json!({"call_id": call_id, "claim_id": Uuid::now_v7(), "prospect_id": id,
                         "work_order_id": wo, "agent_id": a.id, "team_id": a.team,
                         "site": "medan", "program": "add_on_consumer",
                         "masking_number": "02150001000", "started_at": started_at});
    p.app
        .emit(
            "calling.call.started",
            "calling",
            Some(Site::Medan),
            started.clone(),
        )
        .await
        .unwrap();
    wait_until("the call reaches prospect", WAIT, || async {
        (status_of(&p, id).await == "in_call").then_some(())
    })
    .await
    .unwrap();
    assert_eq!(
        next(&p, &a).await.status,
        204,
        "in a call: nobody's to claim"
    );

    p.app.clock().advance(Duration::minutes(40));
    let abandoned_at = p.app.clock().now();
    let abandoned = p
        .app
        .emit(
            "calling.call.abandoned",
            "calling",
            Some(Site::Medan),
            json!({"call_id": call_id, "claim_id": Uuid::now_v7(), "prospect_id": id,
                   "work_order_id": wo, "agent_id": a.id, "team_id": a.team,
                   "site": "medan", "program": "add_on_consumer",
                   "started_at": started_at, "abandoned_at": abandoned_at,
                   "abandoned_by": Uuid::now_v7(), "reason": "agent pulang, softphone mati"}),
        )
        .await
        .unwrap();
    p.app.emit_envelope(&abandoned).await.unwrap();
    // A start delivered late (another copy of the event) must not put it in a call again.
    let late = p
        .app
        .emit(
            "calling.call.started",
            "calling",
            Some(Site::Medan),
            started,
        )
        .await
        .unwrap();
    p.app
        .handled("prospect", &[abandoned.id, late.id])
        .await
        .unwrap();
    // An event sent after the redelivered copy: handled behind it, most likely.
    hire(&p, Site::Medan, "add_on_consumer", None).await;

    let manager = p.token(Role::Manager, None);
    let detail = p
        .get(&format!("/api/v1/prospect/prospects/{id}"), &manager)
        .await;
    let prospect = &detail.body["prospect"];
    assert_eq!(prospect["status"], "follow_up", "{:?}", detail.body);
    assert_eq!(
        prospect["attempts"], 1,
        "an abandoned call is not an attempt"
    );
    let history = detail.body["attempts"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[1]["call_id"], call_id.to_string());
    assert_eq!(history[1]["outcome"], "abandoned");
    assert_eq!(history[1]["notes"], "agent pulang, softphone mati");

    let again = next(&p, &a).await;
    assert_eq!(again.body["source"], "follow_up", "{:?}", again.body);
    assert_eq!(prospect_id(&again), id);
    p.stop().await;
}
