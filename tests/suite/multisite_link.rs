//! The broker link of the multi-site topology itself (issue 18): central and Bandung on
//! their own vhosts of the one broker, linked by shovels (`tam::sites`). A site's event
//! reaches central's consumer, central's reaches the site's; with the link cut an event
//! waits in its link queue, and arrives once the link is back. Each event is published
//! as the relay does (with its sender's `user-id`), so the link user's `impersonator`
//! tag is exercised too. The business scenarios are in `multisite.rs`.

use std::collections::HashMap;
use std::time::Duration;

use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions};
use lapin::types::{FieldTable, ShortString};
use tam::sites::{Place, RunningSites, SitesPlan};
use tam_contracts::hr::{EmployeeCreated, EmployeeRoster, EmployeeStatus};
use tam_contracts::prospect::{WorkOrderCreated, WorkOrderStatus};
use tam_events::{Envelope, EventContext};
use tam_kernel::{Role, Site};
use tam_runtime::Config;

const BANDUNG: Place = Place::Site(Site::Bandung);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_cross_both_ways_and_wait_in_the_link_queue_while_the_link_is_cut() {
    tam_runtime::telemetry::init_for_tests();
    let base =
        tam_testkit::test_config("postgres://unused@127.0.0.1:1/none", &HashMap::new()).unwrap();
    let sites = RunningSites::start(SitesPlan::for_tests(&[Site::Bandung], base))
        .await
        .unwrap();
    let central = sites.config(Place::Central).unwrap();
    let bandung = sites.config(BANDUNG).unwrap();

    // A Bandung work order reaches central's reporting.
    let order = publish(bandung, &work_order("WO-LINK-1")).await;
    handled(central, "reporting", order.id).await;
    // A hire at central reaches Bandung's prospect (its agent roster).
    let hire = publish(central, &hire()).await;
    handled(bandung, "prospect", hire.id).await;

    // Cut: Bandung's next work order waits in Bandung's link queue, not at central.
    sites.cut_link(Site::Bandung).await.unwrap();
    let waiting = publish(bandung, &work_order("WO-LINK-2")).await;
    let queue = sites.link(Site::Bandung).unwrap().legs()[0].queue.clone();
    assert_eq!(queue, format!("{}.link.central", bandung.event_prefix));
    tam_testkit::wait_until("the event waits in the link queue", WAIT, || async {
        (queue_depth(bandung, &queue).await == 1).then_some(())
    })
    .await
    .unwrap();
    assert!(!was_handled(central, "reporting", waiting.id).await);

    // Back: it arrives, and the link queue is empty again.
    sites.restore_link(Site::Bandung).await.unwrap();
    handled(central, "reporting", waiting.id).await;
    tam_testkit::wait_until("the link queue drains", WAIT, || async {
        (queue_depth(bandung, &queue).await == 0).then_some(())
    })
    .await
    .unwrap();

    sites.stop().await.unwrap();
}

const WAIT: Duration = Duration::from_secs(30);

fn work_order(code: &str) -> Envelope {
    let site = Site::Bandung;
    let today = chrono::Utc::now().date_naive();
    let event = WorkOrderCreated {
        work_order_id: uuid::Uuid::now_v7(),
        wo_code: code.into(),
        site,
        program: site.programs()[0],
        title: "linked".into(),
        valid_from: today,
        valid_to: today,
        status: WorkOrderStatus::Draft,
        max_attempts: 3,
        daily_quota_per_agent: 10,
    };
    envelope("prospect", Some(site), &event)
}

fn hire() -> Envelope {
    let site = Site::Bandung;
    let id = uuid::Uuid::now_v7();
    let event = EmployeeCreated {
        employee: EmployeeRoster {
            employee_id: id,
            nik: format!("NIK-{}", id.simple()),
            full_name: "Agent Linked".into(),
            username: format!("linked.{}", id.simple()),
            role: Role::Agent,
            site: Some(site),
            program: Some(site.programs()[0]),
            team_id: None,
            status: EmployeeStatus::Active,
        },
    };
    envelope("hr", Some(site), &event)
}

fn envelope<E: tam_events::Event>(producer: &str, site: Option<Site>, event: &E) -> Envelope {
    let ctx = EventContext {
        producer: producer.into(),
        site: site.map(|s| s.as_str().to_owned()),
        ..EventContext::default()
    };
    Envelope::new(&ctx, event).unwrap()
}

/// Publishes `envelope` on the place's events exchange as a relay does: persistent,
/// mandatory, confirmed, with the connection's user as `user-id`.
async fn publish(place: &Config, envelope: &Envelope) -> Envelope {
    let conn = tam_events::topology::connect(&place.amqp_url, "multisite-link.emit")
        .await
        .unwrap();
    let channel = conn.create_channel().await.unwrap();
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    let user: lapin::uri::AMQPUri = place.amqp_url.parse().unwrap();
    let properties = lapin::BasicProperties::default()
        .with_message_id(ShortString::from(envelope.id.to_string()))
        .with_type(ShortString::from(envelope.event_type.as_str()))
        .with_content_type(ShortString::from("application/json"))
        .with_user_id(ShortString::from(user.authority.userinfo.username))
        .with_delivery_mode(2);
    let confirm = channel
        .basic_publish(
            &format!("{}.events", place.event_prefix),
            &envelope.event_type,
            BasicPublishOptions {
                mandatory: true,
                ..BasicPublishOptions::default()
            },
            &serde_json::to_vec(envelope).unwrap(),
            properties,
        )
        .await
        .unwrap()
        .await
        .unwrap();
    assert!(confirm.is_ack(), "{} not confirmed", envelope.event_type);
    assert!(
        confirm.take_message().is_none(),
        "{} routed nowhere",
        envelope.event_type
    );
    let _ = conn.close(200, "emitted").await;
    envelope.clone()
}

/// How many messages `queue` of the place's vhost holds (a passive declare: exact, not
/// the management API's sample).
async fn queue_depth(place: &Config, queue: &str) -> u32 {
    let conn = tam_events::topology::connect(&place.amqp_url, "multisite-link.depth")
        .await
        .unwrap();
    let channel = conn.create_channel().await.unwrap();
    let declared = channel
        .queue_declare(
            queue,
            QueueDeclareOptions {
                passive: true,
                ..QueueDeclareOptions::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();
    let _ = conn.close(200, "counted").await;
    declared.message_count()
}

async fn was_handled(place: &Config, schema: &str, id: uuid::Uuid) -> bool {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let Ok(mut conn) = tam_db::connect(&place.database_url, schema).await else {
        return false;
    };
    let row: Result<Count, _> =
        diesel::sql_query("SELECT count(*) AS n FROM processed_events WHERE event_id = $1")
            .bind::<diesel::sql_types::Uuid, _>(id)
            .get_result(&mut conn)
            .await;
    row.is_ok_and(|row| row.n == 1)
}

/// Waits until `schema`'s consumer at the place has handled the event `id`.
async fn handled(place: &Config, schema: &str, id: uuid::Uuid) {
    tam_testkit::wait_until(&format!("{schema} handles {id}"), WAIT, || async move {
        was_handled(place, schema, id).await.then_some(())
    })
    .await
    .unwrap();
}
