//! prospect's own settings: read from the process's variables when the service is built,
//! listed by `tam config` from the service definition.

use std::time::Duration;

use tam_runtime::{Config, ConfigError, Variable};

/// prospect's variables, their defaults and what they set.
pub const VARIABLES: &[Variable] = &[
    (
        "TAM_CLAIM_LEASE_SECS",
        "300",
        "how long a prospect claimed through `next` stays the agent's without a call starting",
    ),
    (
        "TAM_FOLLOW_UP_GRACE_MINUTES",
        "30",
        "how long after its time a FOLLOW UP stays its agent's before the team may take it",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How long a prospect claimed through `next` stays the agent's without a call.
    pub claim_lease: Duration,
    /// How long after its time a FOLLOW UP stays its agent's before the team may take it.
    pub follow_up_grace: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            claim_lease: Duration::from_secs(300),
            follow_up_grace: Duration::from_secs(30 * 60),
        }
    }
}

impl Settings {
    /// The settings `config` was given; a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        Ok(Self {
            claim_lease: Duration::from_secs(
                config.positive_setting("TAM_CLAIM_LEASE_SECS", defaults.claim_lease.as_secs())?,
            ),
            follow_up_grace: Duration::from_secs(
                60 * config.setting::<u64>("TAM_FOLLOW_UP_GRACE_MINUTES", 30)?,
            ),
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
        assert_eq!(
            Settings::from_config(&config(&[])).unwrap(),
            Settings::default()
        );
        for (name, default, _) in VARIABLES {
            let parsed: u64 = default.parse().unwrap();
            assert!(parsed > 0, "{name}");
        }
        let s = Settings::from_config(&config(&[("TAM_FOLLOW_UP_GRACE_MINUTES", "5")])).unwrap();
        assert_eq!(s.follow_up_grace, Duration::from_secs(300));
        let e = Settings::from_config(&config(&[("TAM_CLAIM_LEASE_SECS", "0")])).unwrap_err();
        assert_eq!(e.variable, "TAM_CLAIM_LEASE_SECS");
    }
}
