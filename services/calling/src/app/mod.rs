//! calling's use cases: each takes checked domain values, decides with the domain's rules
//! and makes one store transaction (the state change and its outbox rows).

pub mod abandonments;
pub mod calls;
pub mod recordings;
pub mod results;

pub use tam_kernel::Request;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tam_db::DbPool;
use tam_runtime::Config;

use crate::blobs::RecordingStore;

/// What calling's use cases need.
#[derive(Clone)]
pub struct Calling {
    pub pool: DbPool,
    /// The process's settings: the clock, operating hours, the recording size limit.
    pub config: Arc<Config>,
    /// calling's own settings (the recording size limit).
    pub settings: crate::Settings,
    pub recordings: RecordingStore,
    /// Verifies the claim tickets prospect signs (`TAM_CLAIM_TICKET_KEY`).
    pub claim_tickets: tam_contracts::claim_ticket::ClaimTicketKey,
}

impl Calling {
    /// Business "now" (a manual clock under test).
    pub fn now(&self) -> DateTime<Utc> {
        self.config.clock.now()
    }
}

impl std::fmt::Debug for Calling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calling").finish_non_exhaustive()
    }
}
