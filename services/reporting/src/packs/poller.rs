//! The packs' poller: every replica runs one; each poll generates the due packs that do
//! not exist yet ([`store::generate`] makes that exactly once across replicas).

use std::time::Duration;

use chrono::{DateTime, Utc};
use tam_db::DbPool;
use tam_kernel::Clock;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::{due, store};
use crate::Result;

/// The setting of the poll interval, its default and what it sets.
pub const POLL_VARIABLE: tam_runtime::Variable = (
    "TAM_REPORT_PACKS_POLL_SECS",
    "60",
    "how often each reporting replica looks for scheduled report packs that are due (daily after 17:00 WIB, weekly on Monday, monthly on the 1st)",
);

/// The default poll interval.
pub const DEFAULT_POLL: Duration = Duration::from_secs(60);

/// The poll interval `config` sets (`TAM_REPORT_PACKS_POLL_SECS`, whole seconds, at least
/// 1); a bad value stops start-up naming its variable.
pub fn poll_interval(config: &tam_runtime::Config) -> Result<Duration, tam_runtime::ConfigError> {
    Ok(Duration::from_secs(config.positive_setting(
        POLL_VARIABLE.0,
        DEFAULT_POLL.as_secs(),
    )?))
}

pub struct Poller {
    pub pool: DbPool,
    /// The service clock (`ctx.config.clock`): the test clock in tests.
    pub clock: Clock,
    pub interval: Duration,
}

/// Generates every pack due at `now` that does not exist; answers the ids generated.
/// A pack that fails is logged and retried at the next poll; the others go on.
pub async fn run_due(pool: &DbPool, now: DateTime<Utc>) -> Result<Vec<Uuid>> {
    run_due_until(pool, now, &CancellationToken::new()).await
}

/// [`run_due`], stopping between packs once `shutdown` is cancelled (a pack in progress
/// finishes: it is one transaction), so a stopping service does not first generate
/// every due pack.
pub async fn run_due_until(
    pool: &DbPool,
    now: DateTime<Utc>,
    shutdown: &CancellationToken,
) -> Result<Vec<Uuid>> {
    let mut conn = pool.get().await.map_err(tam_db::DbError::from)?;
    let mut generated = Vec::new();
    for key in due(now) {
        if shutdown.is_cancelled() {
            break;
        }
        if store::exists(&mut conn, key).await? {
            continue;
        }
        match store::generate(&mut conn, key, now).await {
            Ok(Some(id)) => {
                tracing::info!(%id, kind = key.kind.as_str(), site = ?key.site, start = %key.period_start, "report pack generated");
                generated.push(id);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, kind = key.kind.as_str(), site = ?key.site, "report pack failed");
            }
        }
    }
    Ok(generated)
}

impl Poller {
    /// Polls until `shutdown` is cancelled (a generation in progress finishes: it is one
    /// transaction); a failed poll (the database away) is logged and retried.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            if let Err(e) = run_due_until(&self.pool, self.clock.now(), &shutdown).await {
                tracing::warn!(error = %e, "report packs poll failed");
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
        }
    }

    /// The poller as the runtime's background work.
    pub fn background(self) -> tam_runtime::Background {
        Box::new(move |shutdown| Box::pin(self.run(shutdown)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> tam_runtime::Config {
        tam_runtime::Config::from_variables(
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
        .unwrap()
    }

    #[test]
    fn the_poll_interval_defaults_to_a_minute_and_a_bad_value_names_its_variable() {
        assert_eq!(POLL_VARIABLE.1, "60");
        assert_eq!(poll_interval(&config(&[])).unwrap(), DEFAULT_POLL);
        assert_eq!(
            poll_interval(&config(&[("TAM_REPORT_PACKS_POLL_SECS", "5")])).unwrap(),
            Duration::from_secs(5)
        );
        let e = poll_interval(&config(&[("TAM_REPORT_PACKS_POLL_SECS", "0")])).unwrap_err();
        assert_eq!(e.variable, "TAM_REPORT_PACKS_POLL_SECS");
    }
}
