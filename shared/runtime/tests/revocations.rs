//! The revocation feed against the real broker: it runs as a service's own broker user
//! (whose rights are exactly production's), follows `hr.access.revoked`, reads back at
//! start what was published while it was not running, and ignores a revocation that hr
//! did not send.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use lapin::options::{
    BasicPublishOptions, ConfirmSelectOptions, ExchangeDeleteOptions, QueueDeleteOptions,
};
use lapin::BasicProperties;
use tam_auth::{Claims, DenyList};
use tam_events::{Envelope, EventContext, Topology};
use tam_kernel::Role;
use tam_runtime::revocations::{self, AccessRevoked, RevocationReason};
use tam_runtime::{Config, ServiceName};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

fn amqp_url() -> String {
    std::env::var("TAM_TEST_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into())
}

fn rabbitmqctl(args: &[&str]) -> bool {
    std::process::Command::new("rabbitmqctl")
        .args(args)
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Whether `list` refuses a token of `employee` issued long ago.
fn revoked(list: &DenyList, employee: Uuid) -> bool {
    list.revokes(&Claims {
        sub: employee,
        role: Role::Agent,
        site: None,
        team: None,
        iss: String::new(),
        aud: String::new(),
        iat: 0,
        nbf: 0,
        exp: 0,
    })
}

async fn until(what: &str, check: impl Fn() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < Duration::from_secs(10), "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Publishes a revocation of `employee` onto the prefix's exchange as the broker's
/// shared user, as if `producer` had; whether the broker routed it somewhere.
async fn publish(prefix: &str, producer: &str, employee: Uuid) -> bool {
    let conn = tam_events::topology::connect(&amqp_url(), &format!("{prefix}.emit"))
        .await
        .unwrap();
    let channel = conn.create_channel().await.unwrap();
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    Topology::new(prefix, "emit")
        .declare_exchanges(&channel)
        .await
        .unwrap();
    let envelope = Envelope::new(
        &EventContext {
            producer: producer.to_owned(),
            ..EventContext::default()
        },
        &AccessRevoked {
            employee_id: employee,
            not_before: chrono::Utc::now(),
            reason: RevocationReason::Deactivated,
        },
    )
    .unwrap();
    let confirm = channel
        .basic_publish(
            &format!("{prefix}.events"),
            "hr.access.revoked",
            BasicPublishOptions {
                mandatory: true,
                ..BasicPublishOptions::default()
            },
            &serde_json::to_vec(&envelope).unwrap(),
            BasicProperties::default(),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    let _ = conn.close(200, "done").await;
    confirm.is_ack() && confirm.take_message().is_none()
}

#[tokio::test]
async fn the_feed_follows_revocations_as_its_own_broker_user_and_reads_back_what_it_missed() {
    if !rabbitmqctl(&["-q", "version"]) {
        eprintln!("SKIPPED: no rabbitmqctl on this machine, so no per-service broker users");
        return;
    }
    let prefix = format!("tam_test_{}", Uuid::now_v7().simple());
    let user = format!("{prefix}-prospect");
    let password = Uuid::now_v7().simple().to_string();
    let rights = Topology::new(prefix.as_str(), "prospect").permissions();
    assert!(rabbitmqctl(&["add_user", &user, &password]));
    assert!(rabbitmqctl(&[
        "set_permissions",
        "-p",
        "/",
        &user,
        &rights.configure,
        &rights.write,
        &rights.read,
    ]));
    assert!(rabbitmqctl(&[
        "set_topic_permissions",
        "-p",
        "/",
        &user,
        &rights.topic_exchange,
        &rights.topic_write,
        &rights.topic_read,
    ]));
    let host = amqp_url().split_once('@').unwrap().1.to_owned();
    let own_url = format!("amqp://{user}:{password}@{host}");
    let config = Config::from_lookup(|name| match name {
        "TAM_EVENT_PREFIX" => Some(prefix.clone()),
        "TAM_AMQP_URL" => Some(amqp_url()),
        "TAM_PROSPECT_AMQP_URL" => Some(own_url.clone()),
        _ => None,
    })
    .unwrap();

    // A running feed: declares and binds the stream as prospect's user, and follows it.
    let shutdown = CancellationToken::new();
    let first = DenyList::default();
    let feed = revocations::spawn(
        ServiceName::Prospect,
        &config,
        first.clone(),
        shutdown.clone(),
    );
    let (a, b, forged) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let started = Instant::now();
    // Until the feed has declared the stream, nothing routes the event.
    while !publish(&prefix, "hr", a).await {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the stream never appeared"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    until("the feed applies a revocation", || revoked(&first, a)).await;
    shutdown.cancel();
    feed.await.unwrap();

    // While no feed runs: a forged revocation (hr's type, another producer), then a
    // genuine one.
    assert!(publish(&prefix, "prospect", forged).await);
    assert!(publish(&prefix, "hr", b).await);

    // A feed started now reads both genuine revocations back from the stream and skips
    // the forged one (which came before the last genuine one, so it was seen).
    let shutdown = CancellationToken::new();
    let second = DenyList::default();
    let feed = revocations::spawn(
        ServiceName::Prospect,
        &config,
        second.clone(),
        shutdown.clone(),
    );
    until("a new feed reads back what it missed", || {
        revoked(&second, a) && revoked(&second, b)
    })
    .await;
    assert!(!revoked(&second, forged), "a forged revocation was applied");
    shutdown.cancel();
    feed.await.unwrap();

    // Leave the broker as it was.
    let conn = tam_events::topology::connect(&amqp_url(), &format!("{prefix}.cleanup"))
        .await
        .unwrap();
    let channel = conn.create_channel().await.unwrap();
    let _ = channel
        .queue_delete(
            &revocations::stream_name(&prefix),
            QueueDeleteOptions::default(),
        )
        .await;
    for exchange in [format!("{prefix}.events"), format!("{prefix}.dlx")] {
        let _ = channel
            .exchange_delete(&exchange, ExchangeDeleteOptions::default())
            .await;
    }
    let _ = conn.close(200, "done").await;
    rabbitmqctl(&["delete_user", &user]);
}
