//! quality's own settings: read from the process's variables when the service is built,
//! listed by `tam config` from the service definition.

use std::time::Duration;

use tam_runtime::{Config, ConfigError, Variable};

/// quality's variables, their defaults and what they set.
pub const VARIABLES: &[Variable] = &[
    (
        "TAM_TAPPING_LEASE_SECS",
        "1800",
        "how long a QC officer holds a claimed tapping task",
    ),
    (
        "TAM_QA_SAMPLE_PERCENT",
        "10",
        "share of each QC officer's VALID verdicts queued for QA verification (every RETURN is)",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How long a QC officer holds a claimed tapping task.
    pub tapping_lease: Duration,
    /// The share of each QC officer's VALID verdicts queued for QA verification, in
    /// percent; every RETURN is queued.
    pub qa_sample_percent: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tapping_lease: Duration::from_secs(1800),
            qa_sample_percent: 10,
        }
    }
}

impl Settings {
    /// The settings `config` was given; a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        Ok(Self {
            tapping_lease: Duration::from_secs(
                config
                    .positive_setting("TAM_TAPPING_LEASE_SECS", defaults.tapping_lease.as_secs())?,
            ),
            qa_sample_percent: config
                .percent_setting("TAM_QA_SAMPLE_PERCENT", defaults.qa_sample_percent)?,
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
        assert_eq!(VARIABLES[0].1, defaults.tapping_lease.as_secs().to_string());
        assert_eq!(VARIABLES[1].1, defaults.qa_sample_percent.to_string());
        let s = Settings::from_config(&config(&[("TAM_QA_SAMPLE_PERCENT", "100")])).unwrap();
        assert_eq!(s.qa_sample_percent, 100);
        let e = Settings::from_config(&config(&[("TAM_QA_SAMPLE_PERCENT", "101")])).unwrap_err();
        assert_eq!(e.variable, "TAM_QA_SAMPLE_PERCENT");
    }
}
