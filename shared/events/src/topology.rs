//! Every exchange and queue name derives from one prefix (`tam` by default), so tests
//! and sites sharing a broker never see each other's messages.

use lapin::options::{
    ExchangeDeclareOptions, ExchangeDeleteOptions, QueueBindOptions, QueueDeclareOptions,
    QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable, LongString};
use lapin::{Channel, ExchangeKind};

/// The names of one service's part of the broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    pub prefix: String,
    pub service: String,
}

impl Topology {
    pub fn new(prefix: impl Into<String>, service: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
            service: service.into(),
        }
    }

    /// The topic exchange every event is published to, keyed by event type.
    pub fn exchange(&self) -> String {
        format!("{}.events", self.prefix)
    }

    /// Where a queue's rejected and over-delivered messages go.
    pub fn dead_letter_exchange(&self) -> String {
        format!("{}.dlx", self.prefix)
    }

    /// This service's durable quorum queue.
    pub fn queue(&self) -> String {
        format!("{}.{}", self.prefix, self.service)
    }

    /// Poison messages of this service's queue.
    pub fn dead_letter_queue(&self) -> String {
        format!("{}.{}.dlq", self.prefix, self.service)
    }

    /// The broker-visible connection name, so an operator (or a test) can find and close
    /// exactly this service's relay or consumer connection.
    pub fn connection_name(&self, role: &str) -> String {
        format!("{}.{}.{}", self.prefix, self.service, role)
    }

    /// What this service's own broker user may do, as RabbitMQ permission regexes (on
    /// the vhost) and topic permissions (on the events exchange). Enough to declare the
    /// exchanges, its own queue and DLQ and their bindings, to consume its own queue, to
    /// declare, bind and consume exclusive server-named queues (`amq.gen-*`, e.g. a
    /// per-process subscription; the broker keeps those to their connection), and to
    /// publish only routing keys that start with its own name. Other services' queues
    /// are not its to declare: the release step's user does that
    /// ([`EventTopology::permissions`]).
    pub fn permissions(&self) -> Permissions {
        let prefix = regex_escape(&self.prefix);
        let service = regex_escape(&self.service);
        let events = format!("{prefix}\\.events");
        let dlx = format!("{prefix}\\.dlx");
        let queue = format!("{prefix}\\.{service}");
        let server_named = "amq\\.gen-.*";
        // Every process declares, binds and reads the stream of access token revocations.
        let revocations = format!("{prefix}\\.access-revocations");
        Permissions {
            // exchange.declare and queue.declare
            configure: format!(
                "^({events}|{dlx}|{queue}|{queue}\\.dlq|{revocations}|{server_named})$"
            ),
            // basic.publish on the exchange; queue.bind on the queues; declaring a
            // queue that dead-letters to the DLX needs write on the DLX
            write: format!("^({events}|{dlx}|{queue}|{queue}\\.dlq|{revocations}|{server_named})$"),
            // queue.bind on the exchanges; basic.consume and the lag sample on the queue
            read: format!("^({events}|{dlx}|{queue}|{revocations}|{server_named})$"),
            topic_exchange: self.exchange(),
            topic_write: format!("^{service}\\."),
            topic_read: ".*".into(),
        }
    }

    /// The stream of `hr.access.revoked` every process reads, not consuming it, to keep
    /// its token verifier's deny-list (`tam_runtime::revocations`).
    pub fn revocation_stream(&self) -> String {
        format!("{}.access-revocations", self.prefix)
    }

    /// Declares the two exchanges; idempotent.
    pub async fn declare_exchanges(&self, channel: &Channel) -> lapin::Result<()> {
        let durable = ExchangeDeclareOptions {
            durable: true,
            ..ExchangeDeclareOptions::default()
        };
        channel
            .exchange_declare(
                &self.exchange(),
                ExchangeKind::Topic,
                durable,
                FieldTable::default(),
            )
            .await?;
        channel
            .exchange_declare(
                &self.dead_letter_exchange(),
                ExchangeKind::Direct,
                durable,
                FieldTable::default(),
            )
            .await
    }

    /// Declares the queue, its dead-letter queue and the bindings for `subscriptions`
    /// (event types or topic patterns); idempotent.
    pub async fn declare_queue(
        &self,
        channel: &Channel,
        subscriptions: &[String],
        delivery_limit: u32,
    ) -> lapin::Result<()> {
        self.declare_exchanges(channel).await?;
        let durable = QueueDeclareOptions {
            durable: true,
            ..QueueDeclareOptions::default()
        };
        let mut dlq_args = FieldTable::default();
        dlq_args.insert("x-queue-type".into(), long_string("quorum"));
        channel
            .queue_declare(&self.dead_letter_queue(), durable, dlq_args)
            .await?;
        channel
            .queue_bind(
                &self.dead_letter_queue(),
                &self.dead_letter_exchange(),
                &self.service,
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;

        channel
            .queue_declare(&self.queue(), durable, self.queue_arguments(delivery_limit))
            .await?;
        for key in subscriptions {
            channel
                .queue_bind(
                    &self.queue(),
                    &self.exchange(),
                    key,
                    QueueBindOptions::default(),
                    FieldTable::default(),
                )
                .await?;
        }
        Ok(())
    }

    /// Quorum queue arguments. RabbitMQ 3.10+ sets no delivery limit by default, so it is
    /// explicit. At-least-once dead-lettering keeps a poison message until the DLQ has
    /// confirmed it; it requires the reject-publish overflow mode.
    fn queue_arguments(&self, delivery_limit: u32) -> FieldTable {
        let mut args = FieldTable::default();
        args.insert("x-queue-type".into(), long_string("quorum"));
        args.insert(
            "x-delivery-limit".into(),
            AMQPValue::LongInt(i32::try_from(delivery_limit).unwrap_or(i32::MAX)),
        );
        args.insert(
            "x-dead-letter-exchange".into(),
            long_string(&self.dead_letter_exchange()),
        );
        args.insert(
            "x-dead-letter-routing-key".into(),
            long_string(&self.service),
        );
        args.insert(
            "x-dead-letter-strategy".into(),
            long_string("at-least-once"),
        );
        args.insert("x-overflow".into(), long_string("reject-publish"));
        args
    }

    /// Removes this service's queues; used by tests to leave the broker clean.
    pub async fn delete_queues(&self, channel: &Channel) -> lapin::Result<()> {
        for queue in [self.queue(), self.dead_letter_queue()] {
            channel
                .queue_delete(&queue, QueueDeleteOptions::default())
                .await?;
        }
        Ok(())
    }

    /// Removes the prefix's exchanges; used by tests to leave the broker clean.
    pub async fn delete_exchanges(&self, channel: &Channel) -> lapin::Result<()> {
        for exchange in [self.exchange(), self.dead_letter_exchange()] {
            channel
                .exchange_delete(&exchange, ExchangeDeleteOptions::default())
                .await?;
        }
        Ok(())
    }
}

/// The whole event topology of a prefix's services: every consuming service's queue,
/// with the event types bound to it. Built from the contracts' catalog by whoever knows
/// it (`tam_runtime::event_topology`; tam_events does not depend on the contracts), and
/// declared by every process at start and by `tam migrate`, so that an event is routable
/// whether or not its consumer has started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventTopology {
    /// Service → the event types its queue is bound to (sorted, no duplicates).
    queues: std::collections::BTreeMap<String, Vec<String>>,
}

impl EventTopology {
    /// From `(event type, its consuming services)` pairs, as a catalog lists them.
    pub fn from_consumers<'a, I, C>(entries: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, C)>,
        C: IntoIterator<Item = &'a str>,
    {
        let mut queues: std::collections::BTreeMap<String, Vec<String>> =
            std::collections::BTreeMap::new();
        for (event_type, consumers) in entries {
            for service in consumers {
                queues
                    .entry(service.to_owned())
                    .or_default()
                    .push(event_type.to_owned());
            }
        }
        for bindings in queues.values_mut() {
            bindings.sort();
            bindings.dedup();
        }
        Self { queues }
    }

    /// The consuming services, in name order.
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.queues.keys().map(String::as_str)
    }

    /// The event types `service`'s queue is bound to (none for a service that consumes
    /// nothing).
    pub fn bindings(&self, service: &str) -> &[String] {
        self.queues.get(service).map_or(&[], Vec::as_slice)
    }

    /// What the broker user of the release step (`tam migrate`) may do to declare this
    /// topology under `prefix`, and little else: declare the two exchanges and every
    /// consuming service's queue and DLQ, and bind them. It cannot publish (no write on
    /// the events exchange). It reads the service queues only because RabbitMQ asks
    /// read on a queue to declare it with a dead-letter exchange. A service's own
    /// user ([`Topology::permissions`]) stays limited to its own queue, so a service
    /// cannot declare, bind or delete another's: at start it declares what it may.
    pub fn permissions(&self, prefix: &str) -> Permissions {
        let p = regex_escape(prefix);
        let events = format!("{p}\\.events");
        let dlx = format!("{p}\\.dlx");
        let main_queues: Vec<String> = self
            .queues
            .keys()
            .map(|service| format!("{p}\\.{}", regex_escape(service)))
            .collect();
        let main_queues = main_queues.join("|");
        let queues: Vec<String> = self
            .queues
            .keys()
            .flat_map(|service| {
                let queue = format!("{p}\\.{}", regex_escape(service));
                [queue.clone(), format!("{queue}\\.dlq")]
            })
            .collect();
        let queues = queues.join("|");
        Permissions {
            // exchange.declare and queue.declare
            configure: format!("^({events}|{dlx}|{queues})$"),
            // queue.bind needs write on the queue; a queue that dead-letters to the DLX
            // needs write on the DLX
            write: format!("^({dlx}|{queues})$"),
            // queue.bind needs read on the exchange bound from; declaring a queue with a
            // dead-letter exchange needs read on the queue
            read: format!("^({events}|{dlx}|{main_queues})$"),
            topic_exchange: format!("{prefix}.events"),
            // It publishes nothing (no write on the exchange); the topic rule says so too.
            // Binding a routing key is a topic read.
            topic_write: "^$".into(),
            topic_read: ".*".into(),
        }
    }

    /// Declares the exchanges and every service's queue, DLQ and bindings under
    /// `prefix`; idempotent. Each service's part is declared on its own channel, so that
    /// one the broker user may not declare (a channel error closes the channel) does not
    /// stop the others: the refused services are returned, for the caller to judge.
    pub async fn declare(
        &self,
        connection: &lapin::Connection,
        prefix: &str,
        delivery_limit: u32,
    ) -> lapin::Result<Vec<String>> {
        let channel = connection.create_channel().await?;
        Topology::new(prefix, "")
            .declare_exchanges(&channel)
            .await?;
        let _ = channel.close(200, "declared").await;
        let mut refused = Vec::new();
        for (service, bindings) in &self.queues {
            let channel = connection.create_channel().await?;
            let declared = Topology::new(prefix, service.as_str())
                .declare_queue(&channel, bindings, delivery_limit)
                .await;
            match declared {
                Ok(()) => {
                    let _ = channel.close(200, "declared").await;
                }
                Err(e) if is_access_refused(&e) => refused.push(service.clone()),
                Err(e) => return Err(e),
            }
        }
        Ok(refused)
    }
}

/// Whether the broker refused an operation for the user's permissions (403
/// ACCESS_REFUSED closes the channel, not the connection).
fn is_access_refused(error: &lapin::Error) -> bool {
    matches!(
        error,
        lapin::Error::ProtocolError(e) if e.get_id() == 403
    )
}

/// One broker user's rights: `rabbitmqctl set_permissions <user> <configure> <write>
/// <read>` and `set_topic_permissions <user> <topic_exchange> <topic_write> <topic_read>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permissions {
    pub configure: String,
    pub write: String,
    pub read: String,
    pub topic_exchange: String,
    pub topic_write: String,
    pub topic_read: String,
}

/// A broker name as a literal in a RabbitMQ permission regex. Names here are letters,
/// digits, `_` and `-` (the prefix is checked at start-up), but anything else a regex
/// would read (a `.` of a queue name, say) is escaped.
pub fn regex_escape(name: &str) -> String {
    let mut escaped = String::with_capacity(name.len());
    for c in name.chars() {
        if !(c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn long_string(value: &str) -> AMQPValue {
    AMQPValue::LongString(LongString::from(value))
}

/// Connects to the broker under `name` on the current tokio runtime.
pub async fn connect(url: &str, name: &str) -> lapin::Result<lapin::Connection> {
    let properties = lapin::ConnectionProperties::default()
        .with_executor(tokio_executor_trait::Tokio::current())
        .with_reactor(tokio_reactor_trait::Tokio)
        .with_connection_name(LongString::from(name));
    lapin::Connection::connect(url, properties).await
}

#[cfg(test)]
mod tests {
    use super::Topology;

    #[test]
    fn names_derive_from_the_prefix() {
        let t = Topology::new("tam_t1", "prospect");
        assert_eq!(t.exchange(), "tam_t1.events");
        assert_eq!(t.dead_letter_exchange(), "tam_t1.dlx");
        assert_eq!(t.queue(), "tam_t1.prospect");
        assert_eq!(t.dead_letter_queue(), "tam_t1.prospect.dlq");
        assert_eq!(t.connection_name("relay"), "tam_t1.prospect.relay");
    }

    #[test]
    fn the_event_topology_binds_each_consumer_to_what_it_consumes() {
        let topology = super::EventTopology::from_consumers([
            ("hr.employee.created", vec!["prospect", "reporting"]),
            ("prospect.work_order.created", vec!["reporting"]),
            (
                "calling.call.completed",
                vec!["quality", "prospect", "reporting"],
            ),
        ]);
        assert_eq!(
            topology.services().collect::<Vec<_>>(),
            ["prospect", "quality", "reporting"]
        );
        assert_eq!(
            topology.bindings("prospect"),
            ["calling.call.completed", "hr.employee.created"]
        );
        assert_eq!(topology.bindings("reporting").len(), 3);
        assert!(topology.bindings("hr").is_empty());
    }

    #[test]
    fn the_release_user_may_declare_every_consuming_queue_and_publish_nothing() {
        let topology = super::EventTopology::from_consumers([
            ("hr.team.changed", vec!["reporting"]),
            ("prospect.prospect.claimed", vec!["calling", "reporting"]),
        ]);
        let p = topology.permissions("tam");
        assert_eq!(
            p.configure,
            r"^(tam\.events|tam\.dlx|tam\.calling|tam\.calling\.dlq|tam\.reporting|tam\.reporting\.dlq)$"
        );
        assert_eq!(
            p.write,
            r"^(tam\.dlx|tam\.calling|tam\.calling\.dlq|tam\.reporting|tam\.reporting\.dlq)$"
        );
        assert_eq!(
            p.read,
            r"^(tam\.events|tam\.dlx|tam\.calling|tam\.reporting)$"
        );
        assert!(!p.write.contains(r"tam\.events"), "it could publish");
    }

    #[test]
    fn a_service_user_may_touch_its_own_queue_and_publish_its_own_keys() {
        let p = Topology::new("tam", "prospect").permissions();
        assert_eq!(
            p.configure,
            r"^(tam\.events|tam\.dlx|tam\.prospect|tam\.prospect\.dlq|tam\.access-revocations|amq\.gen-.*)$"
        );
        assert_eq!(
            p.write,
            r"^(tam\.events|tam\.dlx|tam\.prospect|tam\.prospect\.dlq|tam\.access-revocations|amq\.gen-.*)$"
        );
        assert_eq!(
            p.read,
            r"^(tam\.events|tam\.dlx|tam\.prospect|tam\.access-revocations|amq\.gen-.*)$"
        );
        assert_eq!(p.topic_exchange, "tam.events");
        assert_eq!(p.topic_write, r"^prospect\.");
    }
}
