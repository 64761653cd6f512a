//! Lists and reads of calls, scoped by role: own, team, site, everything.

use chrono::Duration;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::{Calling, Person};

fn ids(page: &Value) -> Vec<Uuid> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn each_role_lists_the_calls_of_its_scope_with_filters_and_pages() {
    let c = Calling::start().await;
    let team_1 = Some(Uuid::now_v7());
    let team_2 = Some(Uuid::now_v7());
    let medan = Some(Site::Medan);
    let a = c.person(Role::Agent, medan, team_1);
    let b = c.person(Role::Agent, medan, team_1);
    let d = c.person(Role::Agent, medan, team_2);
    let e = c.person(Role::Agent, Some(Site::Bandung), None);
    // Calls a minute apart: a1, b1, d1, e1, a2 (a2 the newest).
    let mut calls: Vec<(Person, Uuid, Uuid)> = Vec::new();
    for agent in [&a, &b, &d, &e, &a] {
        let (claim, started) = c.open_call(agent).await;
        calls.push((agent.clone(), started.id(), claim.work_order_id));
        c.app.clock().advance(Duration::minutes(1));
    }
    let id = |i: usize| calls[i].1;
    // a1 agreed, b1 declined; the rest are open.
    let agreed = c
        .result(
            &a.token,
            id(0),
            json!({"outcome": "agree", "product_code": "STB2"}),
        )
        .await;
    assert_eq!(agreed.status, 200);
    assert_eq!(
        c.result(&b.token, id(1), json!({"outcome": "decline"}))
            .await
            .status,
        200
    );

    let list = |token: String, query: &'static str| {
        let c = &c;
        async move {
            c.get(&format!("/api/v1/calling/calls{query}"), &token)
                .await
        }
    };
    // Newest first, each in its scope.
    let own = list(a.token.clone(), "").await;
    assert_eq!(own.status, 200, "{:?}", own.body);
    assert_eq!(ids(&own.body), [id(4), id(0)]);
    let leader = c.person(Role::TeamLeader, medan, team_1);
    assert_eq!(
        ids(&list(leader.token.clone(), "").await.body),
        [id(4), id(1), id(0)]
    );
    let qco = c.person(Role::QcOfficer, medan, None);
    assert_eq!(
        ids(&list(qco.token.clone(), "").await.body),
        [id(4), id(2), id(1), id(0)]
    );
    let bandung = c.person(Role::SupervisorQuality, Some(Site::Bandung), None);
    assert_eq!(ids(&list(bandung.token.clone(), "").await.body), [id(3)]);
    let manager = c.person(Role::Manager, None, None);
    assert_eq!(
        ids(&list(manager.token.clone(), "").await.body),
        [id(4), id(3), id(2), id(1), id(0)]
    );
    let trainer = c.person(Role::Trainer, medan, None);
    assert_eq!(list(trainer.token.clone(), "").await.status, 403);

    // Filters.
    assert_eq!(
        ids(&list(qco.token.clone(), "?status=open").await.body),
        [id(4), id(2)]
    );
    assert_eq!(
        ids(&list(qco.token.clone(), "?outcome=agree").await.body),
        [id(0)]
    );
    let by_wo = c
        .get(
            &format!("/api/v1/calling/calls?work_order_id={}", calls[2].2),
            &manager.token,
        )
        .await;
    assert_eq!(ids(&by_wo.body), [id(2)]);
    let by_agent = c
        .get(
            &format!("/api/v1/calling/calls?agent_id={}", a.id()),
            &leader.token,
        )
        .await;
    assert_eq!(ids(&by_agent.body), [id(4), id(0)]);
    // Another agent's filter does not widen an agent's scope.
    let widened = c
        .get(
            &format!("/api/v1/calling/calls?agent_id={}", b.id()),
            &a.token,
        )
        .await;
    assert!(ids(&widened.body).is_empty());
    let today = tam_kernel::wib_date(c.now());
    let on_day = |day: chrono::NaiveDate| {
        let c = &c;
        let token = manager.token.clone();
        async move {
            c.get(&format!("/api/v1/calling/calls?day={day}"), &token)
                .await
        }
    };
    assert_eq!(ids(&on_day(today).await.body).len(), 5);
    assert!(ids(&on_day(today.pred_opt().unwrap()).await.body).is_empty());
    let bad = list(manager.token.clone(), "?day=kemarin&outcome=x&limit=500").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["day", "outcome", "limit"]);

    // Pages of two.
    let first = list(qco.token.clone(), "?limit=2").await;
    assert_eq!(ids(&first.body), [id(4), id(2)]);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let second = c
        .get(
            &format!("/api/v1/calling/calls?limit=2&cursor={cursor}"),
            &qco.token,
        )
        .await;
    assert_eq!(ids(&second.body), [id(1), id(0)]);
    assert_eq!(second.body["next_cursor"], json!(null));

    // One call, in scope or 404.
    let path = format!("/api/v1/calling/calls/{}", id(0));
    for reader in [&a, &leader, &qco, &manager] {
        let read = c.get(&path, &reader.token).await;
        assert_eq!(read.status, 200, "{:?}", reader.subject);
        assert_eq!(read.body["outcome"], "agree");
        assert_eq!(read.body["product_code"], "STB2");
    }
    let other_leader = c.person(Role::TeamLeader, medan, team_2);
    for outsider in [&b, &other_leader, &bandung] {
        assert_eq!(
            c.get(&path, &outsider.token).await.status,
            404,
            "{:?}",
            outsider.subject
        );
    }
    assert_eq!(
        c.get(
            &format!("/api/v1/calling/calls/{}", Uuid::now_v7()),
            &manager.token
        )
        .await
        .status,
        404
    );
    c.stop().await;
}
