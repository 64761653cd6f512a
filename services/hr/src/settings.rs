//! hr's own settings: read from the process's variables when the service is built,
//! listed by `tam config` from the service definition. (The access token's lifetime,
//! issuer, audience and keys are shared: every service verifies tokens.)

use std::time::Duration;

use tam_runtime::{Config, ConfigError, Variable};

/// hr's variables, their defaults and what they set.
pub const VARIABLES: &[Variable] = &[
    ("TAM_REFRESH_TOKEN_TTL_SECS", "604800", "refresh token lifetime"),
    ("TAM_SESSION_MAX_HOURS", "12", "absolute lifetime of a session: a login's refresh tokens are not refreshed after it"),
    ("TAM_ACTIVATION_TTL_HOURS", "168", "how long a new account's one-time activation code (its owner sets the first password with it) stays valid"),
    ("TAM_CERTIFICATION_VALIDITY_DAYS", "365", "how many days (the first included) a certification from passing an initial or refreshment class lets an agent call the program"),
    ("TAM_WARNING_LETTER_VALIDITY_MONTHS", "6", "how many months a warning letter (SP1, SP2, SP3) stays in force from its issue day (fixed on the letter when issued)"),
    ("TAM_CERTIFICATION_EXPIRY_POLL_SECS", "60", "how often hr looks for certifications past their last day to publish hr.certification.expired"),
    ("TAM_MAX_FIXED_TERM_MONTHS", "60", "the most months of fixed-term (pkwt) contracts one employee may have in total, extensions included (PP 35/2021: five years); beyond it 422 fixed-term-limit"),
    ("TAM_CONTRACT_SWEEP_SECS", "60", "how often hr announces contracts reaching 60/30/15/7 days before their end (hr.contract.ending) and deactivates employees whose contract was ended"),
    ("TAM_EVALUATION_SWEEP_SECS", "60", "how often hr looks whether the month before today (WIB) is evaluated yet: on the first day after a month every agent's evaluation is computed once (hr.evaluation.computed)"),
    ("TAM_LATE_AFTER_MINUTES", "5", "a check-in more than this many minutes after the rostered shift's start (WIB) is late"),
    ("TAM_EARLY_LEAVE_MINUTES", "0", "a check-out more than this many minutes before the rostered shift's end (WIB) is an early leave"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub refresh_token_ttl: Duration,
    /// The absolute lifetime of a session: a refresh token family older than this is
    /// not refreshed, however recently it was used.
    pub session_max: Duration,
    /// How long the one-time activation code of a new account (with which its owner
    /// sets the first password) stays valid.
    pub activation_ttl: Duration,
    /// How many days a certification from a class lasts (the manual names none).
    pub certification_validity_days: u32,
    /// How often the certification expiry poller sweeps.
    pub certification_expiry_poll: Duration,
    /// How many months a warning letter stays in force from its issue day.
    pub warning_letter_validity_months: u32,
    /// The most months of fixed-term contracts one employee may have in total.
    pub max_fixed_term_months: u32,
    /// How often the contract sweep runs (ending notices, ended contracts).
    pub contract_sweep: Duration,
    /// How often the monthly evaluation sweep looks at the clock.
    pub evaluation_sweep: Duration,
    /// The late and early-leave thresholds of attendance.
    pub attendance: crate::domain::attendance::Thresholds,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            refresh_token_ttl: Duration::from_secs(604_800),
            session_max: Duration::from_secs(12 * 3600),
            activation_ttl: Duration::from_secs(168 * 3600),
            certification_validity_days: crate::domain::training::DEFAULT_VALIDITY_DAYS,
            certification_expiry_poll: Duration::from_secs(60),
            warning_letter_validity_months: crate::domain::pembinaan::DEFAULT_VALIDITY_MONTHS,
            max_fixed_term_months: crate::domain::contracts::DEFAULT_MAX_FIXED_TERM_MONTHS,
            contract_sweep: Duration::from_secs(60),
            evaluation_sweep: crate::app::evaluation::SWEEP_POLL,
            attendance: crate::domain::attendance::Thresholds::default(),
        }
    }
}

impl Settings {
    /// The settings `config` was given; a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let hours = |name: &str, default: u64| -> Result<Duration, ConfigError> {
            let hours: u64 = config.positive_setting(name, default)?;
            Ok(Duration::from_secs(hours.saturating_mul(3600)))
        };
        Ok(Self {
            refresh_token_ttl: Duration::from_secs(
                config.positive_setting("TAM_REFRESH_TOKEN_TTL_SECS", 604_800)?,
            ),
            session_max: hours("TAM_SESSION_MAX_HOURS", 12)?,
            activation_ttl: hours("TAM_ACTIVATION_TTL_HOURS", 168)?,
            certification_validity_days: config.positive_setting(
                "TAM_CERTIFICATION_VALIDITY_DAYS",
                crate::domain::training::DEFAULT_VALIDITY_DAYS,
            )?,
            certification_expiry_poll: Duration::from_secs(
                config.positive_setting("TAM_CERTIFICATION_EXPIRY_POLL_SECS", 60)?,
            ),
            warning_letter_validity_months: config.positive_setting(
                "TAM_WARNING_LETTER_VALIDITY_MONTHS",
                crate::domain::pembinaan::DEFAULT_VALIDITY_MONTHS,
            )?,
            max_fixed_term_months: config.positive_setting(
                "TAM_MAX_FIXED_TERM_MONTHS",
                crate::domain::contracts::DEFAULT_MAX_FIXED_TERM_MONTHS,
            )?,
            contract_sweep: Duration::from_secs(
                config.positive_setting("TAM_CONTRACT_SWEEP_SECS", 60)?,
            ),
            evaluation_sweep: Duration::from_secs(
                config.positive_setting("TAM_EVALUATION_SWEEP_SECS", 60)?,
            ),
            attendance: crate::domain::attendance::Thresholds {
                late_after_minutes: config.setting("TAM_LATE_AFTER_MINUTES", 5)?,
                early_leave_minutes: config.setting("TAM_EARLY_LEAVE_MINUTES", 0)?,
            },
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
    fn attendance_thresholds_are_read_and_zero_is_allowed() {
        let s = Settings::from_config(&config(&[
            ("TAM_LATE_AFTER_MINUTES", "0"),
            ("TAM_EARLY_LEAVE_MINUTES", "15"),
        ]))
        .unwrap();
        assert_eq!(s.attendance.late_after_minutes, 0);
        assert_eq!(s.attendance.early_leave_minutes, 15);
        assert_eq!(Settings::default().attendance.late_after_minutes, 5);
        let e = Settings::from_config(&config(&[("TAM_LATE_AFTER_MINUTES", "-1")])).unwrap_err();
        assert_eq!(e.variable, "TAM_LATE_AFTER_MINUTES");
    }

    #[test]
    fn defaults_are_the_documented_ones_and_a_bad_value_names_its_variable() {
        assert_eq!(
            Settings::from_config(&config(&[])).unwrap(),
            Settings::default()
        );
        let s = Settings::from_config(&config(&[("TAM_SESSION_MAX_HOURS", "1")])).unwrap();
        assert_eq!(s.session_max, Duration::from_secs(3600));
        let e = Settings::from_config(&config(&[("TAM_ACTIVATION_TTL_HOURS", "0")])).unwrap_err();
        assert_eq!(e.variable, "TAM_ACTIVATION_TTL_HOURS");
    }
}
