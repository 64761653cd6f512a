//! The supervised connection to RabbitMQ. The relay and the consumer each keep their own
//! named connection (RabbitMQ's flow control throttles a publishing connection, which
//! must not stall consuming); on loss each reconnects with backoff, re-declares its
//! topology and resumes.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lapin::options::ConfirmSelectOptions;
use lapin::Connection;
use tam_db::{DbError, DbPool};
use tokio::sync::{oneshot, Notify};
use tokio_util::sync::CancellationToken;

use crate::consumer::{self, ConsumerContext, ConsumerSettings};
use crate::inbox::EventHandler;
use crate::metrics::BusMetrics;
use crate::relay::{self, RelaySettings};
use crate::sender::SenderPolicy;
use crate::topology::{connect, EventTopology, Topology};

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("broker: {0}")]
    Broker(#[from] lapin::Error),
    #[error("broker connection lost: {0}")]
    ConnectionLost(lapin::Error),
    #[error("the broker did not confirm a batch in time")]
    ConfirmTimeout,
    #[error("publisher confirms are not enabled on the channel")]
    ConfirmsNotEnabled,
    #[error("the broker cancelled the consumer")]
    ConsumerCancelled,
    #[error(transparent)]
    Database(#[from] DbError),
}

impl From<diesel::result::Error> for BusError {
    fn from(e: diesel::result::Error) -> Self {
        BusError::Database(DbError::Query(e))
    }
}

#[derive(Debug, Clone)]
pub struct BusSettings {
    pub amqp_url: String,
    pub prefix: String,
    pub relay: RelaySettings,
    pub consumer: ConsumerSettings,
    /// The longest wait between two reconnection attempts.
    pub max_reconnect_delay: Duration,
    /// Which broker user may send which event (checked by the consumer).
    pub senders: SenderPolicy,
}

/// Whether the bus's connections are up, for readiness.
#[derive(Debug, Clone, Default)]
pub struct BusHealth {
    relay: Arc<AtomicBool>,
    consumer: Option<Arc<AtomicBool>>,
}

impl BusHealth {
    pub fn is_connected(&self) -> bool {
        self.relay.load(Ordering::Relaxed)
            && self
                .consumer
                .as_ref()
                .is_none_or(|c| c.load(Ordering::Relaxed))
    }
}

/// One service's side of the event bus: the relay of its outbox and, when it consumes,
/// the consumer of its queue.
pub struct Bus {
    topology: Topology,
    pool: DbPool,
    settings: BusSettings,
    handler: Option<Arc<dyn EventHandler>>,
    metrics: BusMetrics,
    health: BusHealth,
    /// Every consuming service's queue, declared before the relay publishes.
    event_topology: Option<EventTopology>,
}

impl Bus {
    /// The outbox and the inbox are in `pool`'s schema; the relay is woken in-process
    /// after a producer's commit (`crate::wake`), so it needs no connection of its own.
    pub fn new(
        service: &str,
        pool: DbPool,
        settings: BusSettings,
        handler: Option<Arc<dyn EventHandler>>,
        metrics: BusMetrics,
    ) -> Self {
        let health = BusHealth {
            relay: Arc::default(),
            consumer: handler.as_ref().map(|_| Arc::default()),
        };
        Self {
            topology: Topology::new(settings.prefix.clone(), service),
            pool,
            settings,
            handler,
            metrics,
            health,
            event_topology: None,
        }
    }

    /// Declares `topology` (every consuming service's queue, DLQ and bindings) each time
    /// the relay connects, before it publishes: an event is then routable whether or not
    /// its consumer runs. Where the broker user may not declare another service's queue
    /// (production's per-service users), that part is left to `tam migrate`.
    #[must_use]
    pub fn with_event_topology(mut self, topology: EventTopology) -> Self {
        self.event_topology = Some(topology);
        self
    }

    pub fn health(&self) -> BusHealth {
        self.health.clone()
    }

    /// Runs the relay (and consumer) until `shutdown`, reconnecting as needed.
    pub async fn run(self, shutdown: CancellationToken) {
        // Woken by this process's commits of events (crate::wake), and by its poll.
        let wake = crate::wake::register();
        let relay = supervise(
            "relay",
            &self.health.relay,
            self.settings.max_reconnect_delay,
            &shutdown,
            || self.relay_session(&wake, &shutdown),
        );
        match (&self.handler, &self.health.consumer) {
            (Some(handler), Some(connected)) => {
                let ctx = Arc::new(ConsumerContext {
                    pool: self.pool.clone(),
                    handler: Arc::clone(handler),
                    metrics: self.metrics.clone(),
                    senders: self.settings.senders.clone(),
                });
                let consumer = supervise(
                    "consumer",
                    connected,
                    self.settings.max_reconnect_delay,
                    &shutdown,
                    || self.consumer_session(Arc::clone(&ctx), &shutdown),
                );
                tokio::join!(relay, consumer);
            }
            _ => relay.await,
        }
    }

    async fn relay_session(
        &self,
        wake: &Notify,
        shutdown: &CancellationToken,
    ) -> Result<(), BusError> {
        let (connection, lost) = self.connect("relay").await?;
        let channel = connection.create_channel().await?;
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await?;
        self.topology.declare_exchanges(&channel).await?;
        if let Some(topology) = &self.event_topology {
            let refused = topology
                .declare(
                    &connection,
                    &self.settings.prefix,
                    self.settings.consumer.delivery_limit,
                )
                .await?;
            if !refused.is_empty() {
                tracing::info!(
                    services = %refused.join(","),
                    "this broker user may not declare these services' queues; `tam migrate` declares them"
                );
            }
        }
        self.health.relay.store(true, Ordering::Relaxed);
        tracing::info!(connection = %self.topology.connection_name("relay"), "outbox relay connected");
        let exchange = self.topology.exchange();
        let user = publishing_user(&self.settings.amqp_url);
        let outlet = relay::Outlet {
            channel: &channel,
            exchange: &exchange,
            user: user.as_deref(),
        };
        let result = tokio::select! {
            result = relay::run(
                &self.pool,
                &outlet,
                self.settings.relay,
                &self.metrics,
                wake,
                shutdown,
            ) => result,
            Ok(e) = lost => Err(BusError::ConnectionLost(e)),
        };
        if result.is_ok() {
            let _ = channel.close(200, "shutting down").await;
        }
        close(&connection).await;
        result
    }

    async fn consumer_session(
        &self,
        ctx: Arc<ConsumerContext>,
        shutdown: &CancellationToken,
    ) -> Result<(), BusError> {
        let (connection, lost) = self.connect("consumer").await?;
        tracing::info!(queue = %self.topology.queue(), "consumer connected");
        // Healthy once the queue is declared, bound and consumed, not merely connected:
        // a service is ready only when the events it subscribes to are routed to it.
        let consuming = self.health.consumer.as_deref();
        let result = tokio::select! {
            result = consumer::run(&connection, &self.topology, self.settings.consumer, ctx, consuming, shutdown) => result,
            Ok(e) = lost => Err(BusError::ConnectionLost(e)),
        };
        close(&connection).await;
        result
    }

    /// A named connection and a receiver that fires when the broker or the network
    /// drops it, even while the session is idle.
    async fn connect(
        &self,
        role: &str,
    ) -> Result<(Connection, oneshot::Receiver<lapin::Error>), BusError> {
        let connection = connect(
            &self.settings.amqp_url,
            &self.topology.connection_name(role),
        )
        .await?;
        let (lost_tx, lost_rx) = oneshot::channel();
        let mut lost_tx = Some(lost_tx);
        connection.on_error(move |e| {
            if let Some(tx) = lost_tx.take() {
                let _ = tx.send(e);
            }
        });
        Ok((connection, lost_rx))
    }
}

/// The user the relay's connection logs in as, which it states in every message's
/// `user-id` (RabbitMQ refuses a message whose `user-id` is not the connection's user).
fn publishing_user(amqp_url: &str) -> Option<String> {
    amqp_url
        .parse::<lapin::uri::AMQPUri>()
        .ok()
        .map(|uri| uri.authority.userinfo.username)
        .filter(|user| !user.is_empty())
}

async fn close(connection: &Connection) {
    if connection.status().connected() {
        let _ = connection.close(200, "shutting down").await;
    }
}

/// Runs `session` until it returns `Ok` (shutdown), restarting it after failures with a
/// doubling delay; `connected` is false whenever no session is up.
async fn supervise<F, Fut>(
    what: &'static str,
    connected: &AtomicBool,
    max_delay: Duration,
    shutdown: &CancellationToken,
    mut session: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), BusError>>,
{
    const FIRST_DELAY: Duration = Duration::from_millis(100);
    let mut delay = FIRST_DELAY;
    loop {
        let started = Instant::now();
        let result = session().await;
        connected.store(false, Ordering::Relaxed);
        match result {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, what, retry_in = ?delay, "event bus connection failed")
            }
        }
        if started.elapsed() > Duration::from_secs(30) {
            // It had been up for a while: this is a new outage, start over quickly.
            delay = FIRST_DELAY;
        }
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = shutdown.cancelled() => return,
        }
        delay = (delay * 2).min(max_delay);
    }
}
