//! Starting a call: only on the caller's live claim, inside the operating hours, once.

use std::time::Instant;

use chrono::Duration;
use serde_json::json;
use tam_kernel::{Program, Role, Site};
use tam_testkit::{wait_until, WAIT};
use uuid::Uuid;

use crate::helpers::{wib_today, Calling};

#[tokio::test]
async fn an_agent_calls_a_claimed_prospect_with_the_programs_masking_number() {
    let c = Calling::start().await;
    let agent = c.agent();
    let claim = c.claim_for(&agent);
    c.claim(&claim).await;
    let started = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    let call = &started.body;
    assert_eq!(call["prospect_id"], json!(claim.prospect_id));
    assert_eq!(call["claim_id"], json!(claim.claim_id));
    assert_eq!(call["work_order_id"], json!(claim.work_order_id));
    assert_eq!(call["agent_id"], json!(agent.id()));
    assert_eq!(call["team_id"], json!(claim.team));
    assert_eq!(call["site"], "medan");
    assert_eq!(call["masking_number"], "1500755");
    assert_eq!(call["started_at"], json!(c.now()));
    assert_eq!(call["outcome"], json!(null));
    assert_eq!(call["has_recording"], false);
    assert_eq!(
        started.headers["location"].to_str().unwrap(),
        format!("/api/v1/calling/calls/{}", started.id())
    );

    let events = c.events("calling.call.started").await;
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e["producer"], "calling");
    assert_eq!(e["site"], "medan");
    let p = &e["payload"];
    assert_eq!(p["call_id"], json!(started.id()));
    assert_eq!(p["claim_id"], json!(claim.claim_id));
    assert_eq!(p["prospect_id"], json!(claim.prospect_id));
    assert_eq!(p["work_order_id"], json!(claim.work_order_id));
    assert_eq!(p["agent_id"], json!(agent.id()));
    assert_eq!(p["team_id"], json!(claim.team));
    assert_eq!(p["program"], "add_on_consumer");
    assert_eq!(p["masking_number"], "1500755");
    assert_eq!(p["started_at"], json!(c.now()));

    // The WiFi program dials from its own number.
    let tangerang = c.person(Role::Agent, Some(Site::Tangerang), None);
    let mut wifi = c.claim_for(&tangerang);
    wifi.program = Program::WifiAddonDigital;
    c.claim(&wifi).await;
    let started = c.start_call(&tangerang.token, wifi.prospect_id).await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    assert_eq!(started.body["masking_number"], "1500750");
    assert_eq!(started.body["team_id"], json!(null));
    c.stop().await;
}

#[tokio::test]
async fn a_call_waits_briefly_for_a_claim_event_still_on_its_way() {
    let c = Calling::start().await;
    let agent = c.agent();
    let claim = c.claim_for(&agent);
    // The agent dials at once; prospect's event arrives a moment later.
    let (started, ()) = tokio::join!(c.start_call(&agent.token, claim.prospect_id), async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        c.app
            .emit(
                "prospect.prospect.claimed",
                "prospect",
                Some(Site::Medan),
                claim.payload(),
            )
            .await
            .unwrap();
    });
    assert_eq!(started.status, 201, "{:?}", started.body);
    c.stop().await;
}

#[tokio::test]
async fn no_call_without_the_callers_live_claim() {
    let c = Calling::start().await;
    let agent = c.agent();

    // Never claimed: 409 after the short wait.
    let t = Instant::now();
    let unclaimed = c.start_call(&agent.token, Uuid::now_v7()).await;
    assert_eq!(unclaimed.status, 409, "{:?}", unclaimed.body);
    assert!(unclaimed.body["detail"]
        .as_str()
        .unwrap()
        .contains("not claimed by you"));
    assert!(
        t.elapsed() >= std::time::Duration::from_secs(2),
        "{:?}",
        t.elapsed()
    );

    // Another agent's claim.
    let other = c.agent();
    let claim = c.claim_for(&other);
    c.claim(&claim).await;
    let theirs = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(theirs.status, 409);
    assert!(theirs.body["detail"]
        .as_str()
        .unwrap()
        .contains("another agent"));

    // A lease that ran out (5 minutes without a call).
    let claim = c.claim_for(&agent);
    c.claim(&claim).await;
    c.app.clock().advance(Duration::minutes(5));
    let expired = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(expired.status, 409);
    assert!(expired.body["detail"].as_str().unwrap().contains("expired"));
    // A new claim of the same prospect (newer) makes it callable again.
    let mut again = claim.clone();
    again.claim_id = Uuid::now_v7();
    again.claimed_at = c.now();
    again.lease_expires_at = c.now() + Duration::minutes(5);
    c.claim(&again).await;
    assert_eq!(
        c.start_call(&agent.token, claim.prospect_id).await.status,
        201
    );

    // An older claim arriving late changes nothing.
    let mut stale = claim.clone();
    stale.claim_id = Uuid::now_v7();
    stale.agent = other.id();
    stale.claimed_at = c.now() - Duration::minutes(30);
    let stale_event = c
        .app
        .emit(
            "prospect.prospect.claimed",
            "prospect",
            Some(Site::Medan),
            stale.payload(),
        )
        .await
        .unwrap();
    c.processed(stale_event.id).await;

    // Withdrawn (number put on the DNC list) after the claim.
    let claim = c.claim_for(&agent);
    c.claim(&claim).await;
    c.app
        .emit(
            "prospect.prospect.withdrawn",
            "prospect",
            Some(Site::Medan),
            json!({"prospect_id": claim.prospect_id, "agent_id": agent.id(), "site": "medan", "reason": "dnc"}),
        )
        .await
        .unwrap();
    let sql = format!(
        "SELECT count(*) AS n FROM claims WHERE prospect_id = '{}' AND withdrawn_reason = 'dnc'",
        claim.prospect_id
    );
    wait_until("the withdrawal reaches calling", WAIT, || {
        let sql = sql.clone();
        let c = &c;
        async move { (c.count(&sql).await == 1).then_some(()) }
    })
    .await
    .unwrap();
    let t = Instant::now();
    let withdrawn = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(withdrawn.status, 409);
    assert!(withdrawn.body["detail"]
        .as_str()
        .unwrap()
        .contains("withdrawn (dnc)"));
    // A withdrawal is final news: no waiting.
    assert!(t.elapsed() < std::time::Duration::from_secs(2));

    // The stale claim did not replace the newer one.
    let sql = format!(
        "SELECT count(*) AS n FROM claims WHERE claim_id = '{}'",
        stale.claim_id
    );
    assert_eq!(c.count(&sql).await, 0);
    assert_eq!(c.count("SELECT count(*) AS n FROM calls").await, 1);
    assert_eq!(c.events("calling.call.started").await.len(), 1);
    c.stop().await;
}

#[tokio::test]
async fn a_withdrawal_that_overtakes_its_claim_still_holds() {
    let c = Calling::start().await;
    let agent = c.agent();
    let mut claim = c.claim_for(&agent);
    // Its claim was made before the withdrawal happened (real time of the envelope).
    claim.claimed_at = chrono::Utc::now() - Duration::minutes(1);
    claim.lease_expires_at = c.now() + Duration::minutes(5);
    c.app
        .emit(
            "prospect.prospect.withdrawn",
            "prospect",
            Some(Site::Medan),
            json!({"prospect_id": claim.prospect_id, "agent_id": agent.id(), "site": "medan", "reason": "work_order_closed"}),
        )
        .await
        .unwrap();
    wait_until("the withdrawal is kept", WAIT, || {
        let c = &c;
        async move { (c.count("SELECT count(*) AS n FROM withdrawals").await == 1).then_some(()) }
    })
    .await
    .unwrap();
    c.claim(&claim).await;
    let refused = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(refused.status, 409);
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("work_order_closed"));
    assert_eq!(c.count("SELECT count(*) AS n FROM withdrawals").await, 0);
    c.stop().await;
}

#[tokio::test]
async fn a_withdrawal_handled_beside_its_claim_waits_for_it_and_holds() {
    // The consumer handles deliveries concurrently: a number put on the DNC list right
    // after `next` can be handled while its claim's transaction is still open.
    use diesel_async::SimpleAsyncConnection;
    use tam_calling::consume::claim_of;
    use tam_calling::store::claims::{upsert, withdraw};
    use tam_contracts::prospect::ProspectClaimed;

    let c = Calling::start().await;
    let agent = c.agent();
    let mut spec = c.claim_for(&agent);
    spec.claimed_at = chrono::Utc::now() - Duration::minutes(1);
    let claimed = claim_of(serde_json::from_value::<ProspectClaimed>(spec.payload()).unwrap());
    let (prospect_id, agent_id) = (spec.prospect_id, agent.id());
    let pool = c.app.pool("calling").unwrap();
    let mut claiming = pool.get().await.unwrap();
    let mut withdrawing = pool.get().await.unwrap();

    claiming.batch_execute("BEGIN").await.unwrap();
    upsert(&mut claiming, &claimed).await.unwrap();
    let handled = tokio::spawn(async move {
        withdrawing.batch_execute("BEGIN").await.unwrap();
        withdraw(
            &mut withdrawing,
            prospect_id,
            Some(agent_id),
            "dnc",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        withdrawing.batch_execute("COMMIT").await.unwrap();
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !handled.is_finished(),
        "the withdrawal did not wait for the claim"
    );
    claiming.batch_execute("COMMIT").await.unwrap();
    handled.await.unwrap();

    let refused = c.start_call(&agent.token, spec.prospect_id).await;
    assert_eq!(refused.status, 409, "{:?}", refused.body);
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("withdrawn (dnc)"));
    assert_eq!(c.count("SELECT count(*) AS n FROM withdrawals").await, 0);
    c.stop().await;
}

#[tokio::test]
async fn one_call_per_claim_and_one_open_call_per_prospect() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (claim, first) = c.open_call(&agent).await;
    let second = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(second.status, 409, "{:?}", second.body);
    assert!(second.body["detail"].as_str().unwrap().contains("already"));
    // A newer claim of the same prospect while the first call is still open.
    let mut newer = claim.clone();
    newer.claim_id = Uuid::now_v7();
    newer.claimed_at = c.now() + Duration::seconds(1);
    c.claim(&newer).await;
    let open = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(open.status, 409);
    assert_eq!(
        open.body["detail"],
        "a call is already open on this prospect"
    );
    // Once the first call has its result, the newer claim may be called.
    let done = c
        .result(&agent.token, first.id(), json!({"outcome": "no_answer"}))
        .await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(
        c.start_call(&agent.token, claim.prospect_id).await.status,
        201
    );
    assert_eq!(c.events("calling.call.started").await.len(), 2);
    c.stop().await;
}

#[tokio::test]
async fn no_call_outside_the_operating_hours() {
    let c = Calling::start().await;
    let agent = c.agent();
    let claim = c.claim_for(&agent);
    let mut claim = claim;
    claim.lease_expires_at = c.now() + Duration::days(2);
    c.claim(&claim).await;

    c.app.clock().set(wib_today(&c, 17, 0));
    let late = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(late.status, 422, "{:?}", late.body);
    assert_eq!(late.slug(), "outside-operating-hours");
    let tomorrow = tam_kernel::wib_date(c.now()).succ_opt().unwrap();
    let detail = late.body["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("{tomorrow} 08:00 WIB")),
        "{detail}"
    );

    c.app.clock().set(wib_today(&c, 7, 59));
    let early = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(early.status, 422);
    let today = tam_kernel::wib_date(c.now());
    assert!(early.body["detail"]
        .as_str()
        .unwrap()
        .contains(&format!("{today} 08:00 WIB")));
    assert_eq!(c.count("SELECT count(*) AS n FROM calls").await, 0);
    assert!(c.published().await.is_empty());

    c.app.clock().set(wib_today(&c, 8, 0));
    assert_eq!(
        c.start_call(&agent.token, claim.prospect_id).await.status,
        201
    );
    c.stop().await;
}

#[tokio::test]
async fn a_bad_start_request_names_the_field_and_only_agents_call() {
    let c = Calling::start().await;
    let agent = c.agent();
    let missing = c
        .post("/api/v1/calling/calls", &agent.token, json!({}))
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.fields(), ["prospect_id"]);
    let bad = c
        .post(
            "/api/v1/calling/calls",
            &agent.token,
            json!({"prospect_id": "x"}),
        )
        .await;
    assert_eq!(bad.fields(), ["prospect_id"]);
    let extra = c
        .post(
            "/api/v1/calling/calls",
            &agent.token,
            json!({"prospect_id": Uuid::now_v7(), "masking_number": "1"}),
        )
        .await;
    assert_eq!(extra.status, 400);
    let leader = c.person(Role::TeamLeader, Some(Site::Medan), agent.subject.team);
    let refused = c.start_call(&leader.token, Uuid::now_v7()).await;
    assert_eq!(refused.status, 403);
    c.stop().await;
}

#[tokio::test]
async fn another_sites_claimed_prospect_reads_exactly_like_an_unknown_one() {
    let c = Calling::start().await;
    let medan = c.agent();
    let claim = c.claim_for(&medan);
    c.claim(&claim).await;
    let mut withdrawn = c.claim_for(&medan);
    withdrawn.claim_id = Uuid::now_v7();
    c.claim(&withdrawn).await;
    c.app
        .emit(
            "prospect.prospect.withdrawn",
            "prospect",
            Some(Site::Medan),
            json!({"prospect_id": withdrawn.prospect_id, "agent_id": medan.id(),
                   "site": "medan", "reason": "dnc"}),
        )
        .await
        .unwrap();
    let sql = format!(
        "SELECT count(*) AS n FROM claims WHERE prospect_id = '{}' AND withdrawn_reason IS NOT NULL",
        withdrawn.prospect_id
    );
    let calling = &c;
    wait_until("the withdrawal reaches calling", WAIT, || {
        let sql = sql.clone();
        async move { (calling.count(&sql).await == 1).then_some(()) }
    })
    .await
    .unwrap();

    let bandung = c.person(Role::Agent, Some(Site::Bandung), Some(Uuid::now_v7()));
    let (claimed, gone, unknown) = tokio::join!(
        c.start_call(&bandung.token, claim.prospect_id),
        c.start_call(&bandung.token, withdrawn.prospect_id),
        c.start_call(&bandung.token, Uuid::now_v7()),
    );
    assert_eq!(unknown.status, 409, "{:?}", unknown.body);
    for (what, answer) in [("claimed", &claimed), ("withdrawn", &gone)] {
        assert_eq!(answer.status, unknown.status, "{what}: {:?}", answer.body);
        assert_eq!(answer.body["type"], unknown.body["type"], "{what}");
        assert_eq!(answer.body["title"], unknown.body["title"], "{what}");
        assert_eq!(
            answer.body["detail"], unknown.body["detail"],
            "{what}: {:?}",
            answer.body
        );
    }
    assert_eq!(c.count("SELECT count(*) AS n FROM calls").await, 0);
    // The holder still calls it.
    assert_eq!(
        c.start_call(&medan.token, claim.prospect_id).await.status,
        201
    );
    c.stop().await;
}
