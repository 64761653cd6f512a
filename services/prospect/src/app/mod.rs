//! prospect's use cases: each takes checked domain values, decides with the domain's
//! rules and makes one store transaction (the state change and its outbox rows).

pub mod distribution;
pub mod dnc;
pub mod import;
pub mod next;
pub mod prospects;
pub mod results;
pub mod work_orders;

pub use tam_kernel::Request;

use std::sync::Arc;

use tam_db::DbPool;
use tam_runtime::Config;

/// What prospect's use cases need.
#[derive(Clone)]
pub struct Prospect {
    pub pool: DbPool,
    /// The process's settings: the clock, operating hours, leases.
    pub config: Arc<Config>,
    /// prospect's own settings (leases).
    pub settings: crate::Settings,
    /// Signs the claim ticket of each claim `next` hands out (`TAM_CLAIM_TICKET_KEY`).
    pub claim_tickets: tam_contracts::claim_ticket::ClaimTicketKey,
    /// Imports running at once in this process (see [`import::CONCURRENT_IMPORTS`]).
    pub imports: Arc<tokio::sync::Semaphore>,
}

impl std::fmt::Debug for Prospect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prospect").finish_non_exhaustive()
    }
}

/// Tells calling that prospects it may hold a claim on can no longer be called (in the
/// transaction that took them out).
pub(crate) async fn announce_withdrawals(
    conn: &mut diesel_async::AsyncPgConnection,
    request: &Request,
    withdrawn: &[crate::store::prospects::Withdrawn],
    reason: crate::events::WithdrawalReason,
) -> crate::Result<()> {
    for w in withdrawn.iter().filter(|w| w.claimed_by.is_some()) {
        let site: tam_kernel::Site = w
            .site
            .parse()
            .map_err(|e| anyhow::anyhow!("prospects.site of {}: {e}", w.id))?;
        crate::events::PRODUCER
            .publish(
                conn,
                Some(site),
                request.correlation_id(),
                &crate::events::ProspectWithdrawn {
                    prospect_id: w.id,
                    agent_id: w.claimed_by,
                    site,
                    reason,
                },
            )
            .await?;
    }
    Ok(())
}
