//! calling's own settings: read from the process's variables when the service is built,
//! listed by `tam config` from the service definition.

use tam_runtime::{Config, ConfigError, Variable};

/// calling's variables, their defaults and what they set.
pub const VARIABLES: &[Variable] = &[
    ("TAM_RECORDINGS_STORE", ".tam/recordings", "where call recordings are stored: a directory, or s3://bucket/prefix (AWS_* variables for credentials and endpoint)"),
    ("TAM_RECORDING_MAX_BYTES", "104857600", "largest recording accepted (bytes)"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Where call recordings are stored: a directory, or an object-store URL
    /// (`s3://bucket/prefix`, credentials from the usual `AWS_*` variables).
    pub recordings_store: String,
    /// The largest recording accepted, in bytes.
    pub recording_max_bytes: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recordings_store: ".tam/recordings".into(),
            recording_max_bytes: 104_857_600,
        }
    }
}

impl Settings {
    /// The settings `config` was given; a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        Ok(Self {
            recordings_store: config.setting("TAM_RECORDINGS_STORE", defaults.recordings_store)?,
            recording_max_bytes: config
                .positive_setting("TAM_RECORDING_MAX_BYTES", defaults.recording_max_bytes)?,
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
        assert_eq!(VARIABLES[0].1, defaults.recordings_store);
        assert_eq!(VARIABLES[1].1, defaults.recording_max_bytes.to_string());
        let s = Settings::from_config(&config(&[("TAM_RECORDING_MAX_BYTES", "1000")])).unwrap();
        assert_eq!(s.recording_max_bytes, 1000);
        let e = Settings::from_config(&config(&[("TAM_RECORDING_MAX_BYTES", "big")])).unwrap_err();
        assert_eq!(e.variable, "TAM_RECORDING_MAX_BYTES");
    }
}
