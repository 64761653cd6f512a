//! Events between services: the envelope, the transactional outbox and its
//! relay to RabbitMQ, and the consumer that applies each event once through the inbox.
//!
//! Delivery is at least once end to end; every effect is applied exactly once because a
//! handler's changes and the event's id in `processed_events` commit together.

mod bus;
mod consumer;
mod envelope;
mod inbox;
mod metrics;
mod outbox;
mod relay;
mod schema;
mod sender;
mod subscriptions;
pub mod topology;
mod wake;

pub use bus::{Bus, BusHealth, BusSettings};
pub use consumer::ConsumerSettings;
pub use envelope::{Envelope, Event, EventContext};
pub use inbox::{apply, apply_all, Applied, EventHandler, HandlerError};
pub use metrics::BusMetrics;
pub use outbox::{Outbox, OutboxError, Producer};
pub use relay::RelaySettings;
pub use sender::{owner, Forgery, SenderPolicy};
pub use subscriptions::{decode, Delivery, Handled, Subscriptions};
pub use topology::{EventTopology, Permissions, Topology};
pub use wake::{committed, wake_after_commit};

use diesel_migrations::{embed_migrations, EmbeddedMigrations};

/// The platform's migrations every service schema starts with: `outbox` and
/// `processed_events`. A service lists them first in its [`tam_db::SchemaMigrations`].
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
