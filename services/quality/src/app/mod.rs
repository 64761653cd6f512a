//! quality's use cases: each takes checked domain values, decides with the domain's
//! rules and makes one store transaction (the state change and its outbox rows).

pub mod mis_sales;
pub mod parameters;
pub mod reviews;
pub mod stats;
pub mod tasks;

pub use tam_kernel::Request;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tam_db::DbPool;
use tam_runtime::Config;

/// What quality's use cases need.
#[derive(Clone)]
pub struct Quality {
    pub pool: DbPool,
    /// The process's settings: the clock, the tapping lease, the QA sample.
    pub config: Arc<Config>,
    /// quality's own settings (the tapping lease, the QA sample).
    pub settings: crate::Settings,
}

impl Quality {
    /// Business "now": the configured clock (a manual one in tests).
    pub fn now(&self) -> DateTime<Utc> {
        self.config.clock.now()
    }
}

impl std::fmt::Debug for Quality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Quality").finish_non_exhaustive()
    }
}
