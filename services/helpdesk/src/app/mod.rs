//! helpdesk's use cases: each takes checked domain values, decides with the domain's
//! rules and makes one store transaction (the change, its history and its outbox rows).

pub mod cabut;
pub mod calendars;
pub mod channels;
pub mod disruptions;
pub mod escalation;
pub mod import;
pub mod issues;
pub mod sla;
pub mod sla_policies;
pub mod tickets;
pub mod validation;

pub use tam_kernel::Request;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tam_db::DbPool;
use tam_runtime::Config;

/// What helpdesk's use cases need.
#[derive(Clone)]
pub struct Helpdesk {
    pub pool: DbPool,
    /// The process's settings: the clock.
    pub config: Arc<Config>,
}

impl Helpdesk {
    /// Business "now": the configured clock (a manual one in tests).
    pub fn now(&self) -> DateTime<Utc> {
        self.config.clock.now()
    }
}

impl std::fmt::Debug for Helpdesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Helpdesk").finish_non_exhaustive()
    }
}
