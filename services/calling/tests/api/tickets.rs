//! Starting a call on the claim ticket `next` answered with: at once, without the claim
//! event; a ticket prospect did not sign, or that no longer holds, changes nothing.

use chrono::Duration;
use serde_json::json;
use tam_contracts::claim_ticket::ClaimTicketKey;
use tam_contracts::prospect::ProspectClaimed;
use tam_kernel::Site;
use tam_testkit::{wait_until, Answer, WAIT};
use uuid::Uuid;

use crate::helpers::{Calling, ClaimSpec};

/// The ticket prospect would sign for `claim` (the test processes share the development
/// key: TAM_CLAIM_TICKET_KEY is not set).
fn ticket(claim: &ClaimSpec) -> String {
    signed(claim, &ClaimTicketKey::development())
}

fn signed(claim: &ClaimSpec, key: &ClaimTicketKey) -> String {
    let claimed: ProspectClaimed = serde_json::from_value(claim.payload()).unwrap();
    key.sign(&claimed)
}

async fn start_on(c: &Calling, token: &str, prospect: Uuid, ticket: &str) -> Answer {
    c.post(
        "/api/v1/calling/calls",
        token,
        json!({ "prospect_id": prospect, "claim_ticket": ticket }),
    )
    .await
}

fn is_problem(answer: &Answer, status: u16) {
    assert_eq!(answer.status, status, "{:?}", answer.body);
    assert_eq!(
        answer.headers["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
}

async fn nothing_started(c: &Calling) {
    assert_eq!(c.count("SELECT count(*) AS n FROM calls").await, 0);
    assert!(c.events("calling.call.started").await.is_empty());
}

#[tokio::test]
async fn a_call_starts_at_once_on_its_ticket_before_the_claim_event_arrives() {
    let c = Calling::start().await;
    let agent = c.agent();
    let claim = c.claim_for(&agent);
    // prospect's event has not reached calling (it is not even sent yet): without the
    // ticket this start would wait CLAIM_WAIT and end in a 409.
    let started = start_on(&c, &agent.token, claim.prospect_id, &ticket(&claim)).await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    assert_eq!(c.count("SELECT count(*) AS n FROM claims").await, 0);
    let call = &started.body;
    assert_eq!(call["claim_id"], json!(claim.claim_id));
    assert_eq!(call["prospect_id"], json!(claim.prospect_id));
    assert_eq!(call["work_order_id"], json!(claim.work_order_id));
    assert_eq!(call["agent_id"], json!(agent.id()));
    assert_eq!(call["team_id"], json!(claim.team));
    assert_eq!(call["masking_number"], "1500755");
    let events = c.events("calling.call.started").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["payload"]["claim_id"], json!(claim.claim_id));

    // The event follows and is kept; the claim is still one attempt, ticket or not.
    c.claim(&claim).await;
    let again = start_on(&c, &agent.token, claim.prospect_id, &ticket(&claim)).await;
    is_problem(&again, 409);
    let without = c.start_call(&agent.token, claim.prospect_id).await;
    is_problem(&without, 409);
    assert_eq!(c.count("SELECT count(*) AS n FROM calls").await, 1);

    // The result is recorded as on any call (the offers came with the ticket).
    let done = c
        .result(
            &agent.token,
            started.id(),
            json!({"outcome": "agree", "product_code": "MINIPACK"}),
        )
        .await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    c.stop().await;
}

#[tokio::test]
async fn a_forged_expired_or_someone_elses_ticket_is_refused_and_changes_nothing() {
    let c = Calling::start().await;
    let agent = c.agent();
    let claim = c.claim_for(&agent);

    // Not signed by prospect: another key, a changed claim, garbage. 400 on the field.
    let other_key = ClaimTicketKey::new(&[42; 32]);
    let mut theirs = claim.clone();
    theirs.lease_expires_at = c.now() + Duration::hours(8);
    let genuine = ticket(&claim);
    let (_, tag) = genuine.rsplit_once('.').unwrap();
    let longer = ticket(&theirs);
    let (longer_payload, _) = longer.rsplit_once('.').unwrap();
    for forged in [
        signed(&claim, &other_key),
        format!("{longer_payload}.{tag}"),
        "v1.e30.AAAA".to_owned(),
        "not a ticket".to_owned(),
    ] {
        let refused = start_on(&c, &agent.token, claim.prospect_id, &forged).await;
        is_problem(&refused, 400);
        assert_eq!(
            refused.body["errors"][0]["field"], "claim_ticket",
            "{forged}"
        );
    }

    // Genuine but not the caller's: another agent presents it; another prospect's id.
    let other = c.agent();
    let refused = start_on(&c, &other.token, claim.prospect_id, &genuine).await;
    is_problem(&refused, 409);
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("another agent"));
    let refused = start_on(&c, &agent.token, Uuid::now_v7(), &genuine).await;
    is_problem(&refused, 409);
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("not claimed by you"));

    // Another site's agent with the same id reads it like no claim.
    let bandung = c.person(
        tam_kernel::Role::Agent,
        Some(Site::Bandung),
        agent.subject.team,
    );
    let mut at_bandung = claim.clone();
    at_bandung.agent = bandung.id();
    let refused = start_on(&c, &bandung.token, claim.prospect_id, &ticket(&at_bandung)).await;
    is_problem(&refused, 409);

    // Its lease ran out.
    c.app.clock().advance(Duration::minutes(5));
    let expired = start_on(&c, &agent.token, claim.prospect_id, &genuine).await;
    is_problem(&expired, 409);
    assert!(expired.body["detail"].as_str().unwrap().contains("expired"));

    nothing_started(&c).await;
    c.stop().await;
}

#[tokio::test]
async fn news_calling_already_has_overrules_a_ticket() {
    let c = Calling::start().await;
    let agent = c.agent();

    // A withdrawal made after the claim, arrived before its event: kept, and it holds.
    let mut claim = c.claim_for(&agent);
    claim.claimed_at = chrono::Utc::now() - Duration::minutes(1);
    c.app
        .emit(
            "prospect.prospect.withdrawn",
            "prospect",
            Some(Site::Medan),
            json!({"prospect_id": claim.prospect_id, "agent_id": agent.id(), "site": "medan", "reason": "dnc"}),
        )
        .await
        .unwrap();
    wait_until("the withdrawal is kept", WAIT, || {
        let c = &c;
        async move { (c.count("SELECT count(*) AS n FROM withdrawals").await == 1).then_some(()) }
    })
    .await
    .unwrap();
    let refused = start_on(&c, &agent.token, claim.prospect_id, &ticket(&claim)).await;
    is_problem(&refused, 409);
    assert!(refused.body["detail"].as_str().unwrap().contains("dnc"));

    // A newer claim of the prospect (someone else's) is known: this ticket is over.
    let mut old = c.claim_for(&agent);
    old.claimed_at = c.now() - Duration::minutes(1);
    let mut newer = old.clone();
    newer.claim_id = Uuid::now_v7();
    newer.agent = c.agent().id();
    newer.claimed_at = c.now();
    c.claim(&newer).await;
    let refused = start_on(&c, &agent.token, old.prospect_id, &ticket(&old)).await;
    is_problem(&refused, 409);
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("another agent"));

    nothing_started(&c).await;
    c.stop().await;
}
