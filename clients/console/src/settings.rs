//! The console's settings: read from the runtime's configuration (`tam config` lists
//! [`VARIABLES`]) when the gateway is built.

use base64::Engine as _;
use tam_runtime::{Config, ConfigError, ServiceName, Variable};

#[rustfmt::skip]
pub const VARIABLES: &[Variable] = &[
    ("TAM_CONSOLE_COOKIE_KEY", "(generated per process in development)", "base64 of at least 64 random bytes: the key that encrypts and authenticates the console's session cookie; required in production (every gateway instance must share it)"),
    ("TAM_CONSOLE_IDLE_MINUTES", "30", "minutes without a request after which the console asks to sign in again"),
    ("TAM_CONSOLE_API_URL", "http://127.0.0.1:<gateway port>", "the gateway address the console calls the APIs through"),
];

/// What the console needs to run.
#[derive(Clone)]
pub struct ConsoleSettings {
    /// The cookie key material (64+ bytes).
    pub cookie_key: Vec<u8>,
    pub idle_minutes: u32,
    /// The gateway's base URL, no trailing slash.
    pub api_url: String,
}

impl std::fmt::Debug for ConsoleSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key never reaches a log.
        f.debug_struct("ConsoleSettings")
            .field("idle_minutes", &self.idle_minutes)
            .field("api_url", &self.api_url)
            .finish_non_exhaustive()
    }
}

/// The shortest cookie key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 64;

impl ConsoleSettings {
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let raw: String = config.setting("TAM_CONSOLE_COOKIE_KEY", String::new())?;
        let cookie_key = if raw.is_empty() {
            if config.is_production() {
                return Err(ConfigError {
                    variable: "TAM_CONSOLE_COOKIE_KEY".into(),
                    value: String::new(),
                    reason: "required in production (base64 of 64+ random bytes)".into(),
                });
            }
            tracing::warn!(
                "TAM_CONSOLE_COOKIE_KEY is not set: the console's cookie key is generated for \
                 this process (sessions end when it restarts and are not shared between gateways)"
            );
            random_bytes(MIN_KEY_BYTES).map_err(|_| ConfigError {
                variable: "TAM_CONSOLE_COOKIE_KEY".into(),
                value: String::new(),
                reason: "the system random source failed to generate one".into(),
            })?
        } else {
            decode_key(&raw).map_err(|reason| ConfigError {
                variable: "TAM_CONSOLE_COOKIE_KEY".into(),
                value: "(hidden)".into(),
                reason,
            })?
        };
        let idle_minutes = config.positive_setting("TAM_CONSOLE_IDLE_MINUTES", 30u32)?;
        let default_api = format!("http://127.0.0.1:{}", config.port(ServiceName::Gateway));
        let api_url: String = config.setting("TAM_CONSOLE_API_URL", default_api)?;
        Ok(Self {
            cookie_key,
            idle_minutes,
            api_url: api_url.trim_end_matches('/').to_owned(),
        })
    }

    /// Settings for tests: a fresh key.
    pub fn for_tests(api_url: &str) -> Self {
        Self {
            cookie_key: (0..MIN_KEY_BYTES as u8).collect(),
            idle_minutes: 30,
            api_url: api_url.trim_end_matches('/').to_owned(),
        }
    }
}

/// The key from its base64 form; too short is refused.
pub fn decode_key(raw: &str) -> Result<Vec<u8>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(raw.trim())
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw.trim()))
        .map_err(|e| format!("not base64: {e}"))?;
    if bytes.len() < MIN_KEY_BYTES {
        return Err(format!(
            "{} bytes; at least {MIN_KEY_BYTES} are needed",
            bytes.len()
        ));
    }
    Ok(bytes)
}

pub(crate) fn random_bytes(n: usize) -> Result<Vec<u8>, ring::error::Unspecified> {
    use ring::rand::SecureRandom as _;
    let mut bytes = vec![0u8; n];
    ring::rand::SystemRandom::new().fill(&mut bytes)?;
    Ok(bytes)
}
