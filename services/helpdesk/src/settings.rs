//! helpdesk's own settings: read from the process's variables when the service is built,
//! listed by `tam config` from the service definition.

use std::time::Duration;

use tam_runtime::{Config, ConfigError, Variable};

/// helpdesk's variables, their defaults and what they set.
pub const VARIABLES: &[Variable] = &[
    (
        "TAM_ESCALATION_POLL_INTERVAL_MS",
        "15000",
        "how often each helpdesk replica looks for tickets whose next escalation is due",
    ),
    (
        "TAM_ESCALATION_BATCH",
        "500",
        "how many due tickets one escalation sweep locks and handles in one transaction",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How often the escalation poller sweeps (each replica runs one).
    pub escalation_poll: Duration,
    /// How many due tickets one sweep transaction takes (`LIMIT … FOR UPDATE SKIP LOCKED`).
    pub escalation_batch: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            escalation_poll: Duration::from_millis(15_000),
            escalation_batch: 500,
        }
    }
}

impl Settings {
    /// The settings `config` was given; a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        Ok(Self {
            escalation_poll: Duration::from_millis(config.positive_setting(
                "TAM_ESCALATION_POLL_INTERVAL_MS",
                u64::try_from(defaults.escalation_poll.as_millis()).unwrap_or(15_000),
            )?),
            escalation_batch: config
                .positive_setting("TAM_ESCALATION_BATCH", defaults.escalation_batch)?,
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
        assert_eq!(
            VARIABLES[0].1,
            defaults.escalation_poll.as_millis().to_string()
        );
        assert_eq!(VARIABLES[1].1, defaults.escalation_batch.to_string());
        let s =
            Settings::from_config(&config(&[("TAM_ESCALATION_POLL_INTERVAL_MS", "200")])).unwrap();
        assert_eq!(s.escalation_poll, Duration::from_millis(200));
        let e = Settings::from_config(&config(&[("TAM_ESCALATION_BATCH", "0")])).unwrap_err();
        assert_eq!(e.variable, "TAM_ESCALATION_BATCH");
    }
}
