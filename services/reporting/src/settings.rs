//! reporting's own settings: read from the process's variables when the service is
//! built (and by `tam reporting rebuild`), listed by `tam config` from the service
//! definition.

use tam_runtime::{Config, ConfigError, Variable};

/// reporting's variables, their defaults and what they set.
pub const VARIABLES: &[Variable] = &[
    (
        "TAM_REPORTING_REBUILD_PAGE",
        "5000",
        "how many raw events one page of `tam reporting rebuild` reads and replays (a keyset page, in one transaction with the rest)",
    ),
    (
        "TAM_REPORTING_REQUEST_POOL_SIZE",
        "half of TAM_DB_POOL_SIZE, rounded up",
        "connections of reporting's pool for HTTP requests (reports, exports, packs, reconciliation), beside the TAM_DB_POOL_SIZE pool its consumer and background work use: a backlog being folded never takes them",
    ),
    // The compaction of the counters' delta rows (compact).
    crate::compact::INTERVAL_VARIABLE,
    // The scheduled report packs' poller (packs::poller).
    crate::packs::poller::POLL_VARIABLE,
    // The reconciliation's service credential and daily run (reconcile).
    crate::reconcile::USERNAME_VARIABLE,
    crate::reconcile::PASSWORD_VARIABLE,
    crate::reconcile::POLL_VARIABLE,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Raw events per page of a rebuild.
    pub rebuild_page: u32,
    /// Connections of the HTTP requests' own pool.
    pub request_pool: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rebuild_page: 5000,
            request_pool: request_pool_default(10),
        }
    }
}

/// The request pool's size when `TAM_REPORTING_REQUEST_POOL_SIZE` is not set: half of
/// the service pool (`TAM_DB_POOL_SIZE`), rounded up, so a replica opens at most half
/// again as many connections as the other services.
pub fn request_pool_default(db_pool_size: usize) -> usize {
    db_pool_size.div_ceil(2).max(1)
}

impl Settings {
    /// The settings `config` was given; a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        Ok(Self {
            rebuild_page: config
                .positive_setting("TAM_REPORTING_REBUILD_PAGE", defaults.rebuild_page)?,
            request_pool: config.positive_setting(
                "TAM_REPORTING_REQUEST_POOL_SIZE",
                request_pool_default(config.db_pool_size),
            )?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Config {
        Config::from_variables(vars.iter().map(|(k, v)| (k.to_string(), v.to_string()))).unwrap()
    }

    #[test]
    fn defaults_are_the_documented_ones_and_a_bad_value_names_its_variable() {
        let defaults = Settings::from_config(&config(&[])).unwrap();
        assert_eq!(defaults, Settings::default());
        assert_eq!(VARIABLES[0].1, defaults.rebuild_page.to_string());
        let s = Settings::from_config(&config(&[("TAM_REPORTING_REBUILD_PAGE", "100")])).unwrap();
        assert_eq!(s.rebuild_page, 100);
        let e = Settings::from_config(&config(&[("TAM_REPORTING_REBUILD_PAGE", "0")])).unwrap_err();
        assert_eq!(e.variable, "TAM_REPORTING_REBUILD_PAGE");
    }

    #[test]
    fn the_request_pool_is_half_the_service_pool_unless_set() {
        assert_eq!(request_pool_default(10), 5);
        assert_eq!(request_pool_default(4), 2);
        assert_eq!(request_pool_default(3), 2);
        assert_eq!(request_pool_default(1), 1);
        assert_eq!(request_pool_default(0), 1);
        let s = Settings::from_config(&config(&[("TAM_DB_POOL_SIZE", "6")])).unwrap();
        assert_eq!(s.request_pool, 3);
        let s =
            Settings::from_config(&config(&[("TAM_REPORTING_REQUEST_POOL_SIZE", "7")])).unwrap();
        assert_eq!(s.request_pool, 7);
        let e = Settings::from_config(&config(&[("TAM_REPORTING_REQUEST_POOL_SIZE", "0")]))
            .unwrap_err();
        assert_eq!(e.variable, "TAM_REPORTING_REQUEST_POOL_SIZE");
    }
}
