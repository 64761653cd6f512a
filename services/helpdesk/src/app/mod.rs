//! helpdesk's use cases.

pub mod channels;

use tam_db::DbPool;

/// What helpdesk's use cases need.
#[derive(Clone)]
pub struct Helpdesk {
    pub pool: DbPool,
}

impl std::fmt::Debug for Helpdesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Helpdesk").finish_non_exhaustive()
    }
}
