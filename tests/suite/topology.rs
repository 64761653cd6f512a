//! The event topology comes from the contracts: every process declares every consuming
//! service's queue, so an event is routable whether or not its consumer runs, and each
//! service subscribes to exactly what the contracts name as its consumption.

use std::collections::HashMap;
use std::sync::Arc;

use lapin::options::BasicGetOptions;
use serde_json::json;
use tam_events::{Envelope, Topology};
use tam_kernel::Role;
use tam_runtime::{ServiceContext, ServiceName};
use tam_testkit::TestApp;

#[tokio::test]
async fn an_event_only_reporting_consumes_leaves_the_outbox_when_reporting_is_not_running() {
    // prospect and calling only: nothing that runs consumes prospect.work_order.created.
    let app = TestApp::start(&[tam_prospect::service(), tam_calling::service()])
        .await
        .unwrap();
    let prospect = app.url(ServiceName::Prospect).unwrap();
    let token = app.token(Role::Manager, None, None);
    let created = app
        .call(
            reqwest::Method::POST,
            &format!("{prospect}/api/v1/prospect/work-orders"),
            Some(&token),
            &[],
            Some(&json!({
                "wo_code": "WO-ROUTED-1",
                "program": "add_on_consumer",
                "site": "medan",
                "title": "Routed without its consumer",
                "valid_from": "2026-03-01",
                "valid_to": "2026-03-31",
                "offers": [{"product_code": "STB2", "product_name": "Second STB"}],
                "max_attempts": 3,
                "daily_quota_per_agent": 120,
                "retry_wait_minutes": {"no_answer": 60, "busy": 30, "unreachable": 120, "rejected": 1440},
            })),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);

    // Published and deleted from the outbox, not kept there as unroutable...
    app.outboxes_drained().await.unwrap();
    // ...because it waits in reporting's queue, declared by the processes that run.
    let queue = Topology::new(app.config.event_prefix.as_str(), "reporting").queue();
    let conn = tam_events::topology::connect(&app.config.amqp_url, "topology-test")
        .await
        .unwrap();
    let channel = conn.create_channel().await.unwrap();
    let mut waiting = Vec::new();
    while let Some(message) = channel
        .basic_get(&queue, BasicGetOptions { no_ack: true })
        .await
        .unwrap()
    {
        waiting.push(serde_json::from_slice::<Envelope>(&message.delivery.data).unwrap());
    }
    let _ = conn.close(200, "done").await;
    let routed: Vec<&Envelope> = waiting
        .iter()
        .filter(|e| e.event_type == "prospect.work_order.created")
        .collect();
    assert_eq!(routed.len(), 1, "{waiting:?}");
    assert_eq!(routed[0].payload["wo_code"], "WO-ROUTED-1");
    app.stop().await.unwrap();
}

#[test]
fn every_service_subscribes_to_exactly_what_the_contracts_name_as_its_consumption() {
    let config = Arc::new(
        tam_testkit::test_config("postgres://nobody@127.0.0.1:1/none", &HashMap::new()).unwrap(),
    );
    let policy = Arc::new(tam::policy().unwrap());
    let keys = tam_auth::load_public_keys(&config.jwt_keys_dir).unwrap();
    let topology = tam_runtime::event_topology();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _entered = runtime.enter();
    for def in tam::services() {
        let name = def.name;
        // A pool connects lazily: building a service needs no database.
        let pool = def.migrations.map(|m| {
            tam_db::connect_pool(&config.database_url, m.schema, Default::default()).unwrap()
        });
        let ctx = ServiceContext {
            name,
            config: Arc::clone(&config),
            pool,
            verifier: tam_auth::Verifier::new(
                keys.clone(),
                config.jwt_issuer.clone(),
                config.jwt_audience.clone(),
            ),
            policy: Arc::clone(&policy),
        };
        let parts = (def.build)(&ctx).unwrap_or_else(|e| panic!("building {name}: {e:#}"));
        let mut subscribed = parts.handler.map(|h| h.subscriptions()).unwrap_or_default();
        subscribed.sort();
        let mut named: Vec<String> = tam_contracts::consumed_by(name.as_str())
            .into_iter()
            .map(str::to_owned)
            .collect();
        named.sort();
        assert_eq!(
            subscribed, named,
            "{name} subscribes to other types than its contracts name"
        );
        // And the topology every process declares binds its queue to the same types.
        assert_eq!(topology.bindings(name.as_str()), named.as_slice(), "{name}");
    }
}
