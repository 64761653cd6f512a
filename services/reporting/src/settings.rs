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
}

impl Default for Settings {
    fn default() -> Self {
        Self { rebuild_page: 5000 }
    }
}

impl Settings {
    /// The settings `config` was given; a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        Ok(Self {
            rebuild_page: config
                .positive_setting("TAM_REPORTING_REBUILD_PAGE", defaults.rebuild_page)?,
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
}
