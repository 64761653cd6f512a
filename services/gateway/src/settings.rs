//! The gateway's tunables: read from its own variables ([`VARIABLES`], listed by `tam
//! config`) when it is built; tests and the bench build tighter or looser ones.

use std::time::Duration;

use tam_runtime::{Config, ConfigError, Variable};

/// The gateway's variables, their defaults (those of [`Settings::default`]) and what
/// they set.
#[rustfmt::skip]
pub const VARIABLES: &[Variable] = &[
    ("TAM_RATE_LIMIT_PER_SECOND", "500", "requests per second per client address at the gateway"),
    ("TAM_RATE_LIMIT_BURST", "1000", "burst of the per-address limit"),
    ("TAM_LOGIN_RATE_LIMIT_PER_MINUTE", "10", "failed password checks (login, password change: hr answered 401 or 429) per minute per client address at the gateway; a check counts while in flight, successful ones are given back"),
    ("TAM_LOGIN_RATE_LIMIT_BURST", "10", "burst of the failed-login limit"),
    ("TAM_LOGIN_SITE_NETWORKS", "(none)", "comma-separated CIDRs of the sites' networks (their NAT addresses) whose failed password checks have the site limit below instead"),
    ("TAM_SITE_LOGIN_RATE_LIMIT_PER_MINUTE", "60", "failed password checks per minute per address inside TAM_LOGIN_SITE_NETWORKS"),
    ("TAM_SITE_LOGIN_RATE_LIMIT_BURST", "60", "burst of the site networks' failed-login limit"),
    ("TAM_BODY_IDLE_TIMEOUT_SECS", "15", "the longest a request body may stall between two chunks at the gateway (408)"),
    ("TAM_MAX_BODY_BYTES", "65536", "largest request body the gateway forwards, except on the upload routes (413)"),
    ("TAM_MAX_UPLOAD_BYTES", "536870912", "largest body of an upload route: a DAPROS call list, a call recording (413)"),
    ("TAM_UPLOADS_PER_CLIENT", "32", "requests with a body in flight at once per client address at the gateway (429)"),
    ("TAM_UPSTREAM_ACQUIRE_TIMEOUT_MS", "2000", "how long the gateway waits for a free upstream connection, and to connect one (503)"),
    ("TAM_UPSTREAM_CONNECTIONS", "1024", "upstream connections in use at once per gateway worker"),
    // The web console the gateway serves at /console (tam_console::VARIABLES).
    (tam_console::VARIABLES[0].0, tam_console::VARIABLES[0].1, tam_console::VARIABLES[0].2),
    (tam_console::VARIABLES[1].0, tam_console::VARIABLES[1].1, tam_console::VARIABLES[1].2),
    (tam_console::VARIABLES[2].0, tam_console::VARIABLES[2].1, tam_console::VARIABLES[2].2),
];

/// Timeouts, body limits and the per-client limits of the gateway.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Waiting for one of the worker's `max_upstream_connections` to be free; past it the
    /// client gets 503 (the gateway is saturated, not the service slow).
    pub acquire_timeout: Duration,
    /// Connecting to an upstream service; past it the client gets 503.
    pub connect_timeout: Duration,
    /// From the end of the request body (or the start, for a request without one) to the
    /// upstream's response head; past it the client gets 504. Streaming the response body
    /// afterwards is not limited (recordings may be large).
    pub response_timeout: Duration,
    /// The whole of a request that has a body, until the upstream's response head: the
    /// bound for an upload that the upstream never finishes reading.
    pub upload_timeout: Duration,
    /// The longest the client's body may stall between two chunks while the gateway
    /// waits for it; past it the client gets 408. A client that drips a byte at a time
    /// cannot hold a connection and an upstream request for the whole upload timeout.
    pub body_idle_timeout: Duration,
    /// The largest request body forwarded on every route but the uploads (JSON
    /// commands); a larger one is refused with 413, up front when `Content-Length` says
    /// so, else as soon as the stream passes the limit.
    pub max_body_bytes: u64,
    /// The largest body of an upload route (a row marked [`tam_auth::Route::upload`]:
    /// a DAPROS call list, a call recording), streamed to the service.
    pub max_upload_bytes: u64,
    /// Requests with a body in flight at once per client address; more are 429.
    pub uploads_per_client: u32,
    /// Fetching one service's `/openapi.json` for the merged document.
    pub openapi_timeout: Duration,
    /// Upstream connections in use at once per worker (all services together).
    pub max_upstream_connections: usize,
    /// Requests per client IP.
    pub rate_limits: RateLimits,
    /// The sites' networks (their NAT addresses): a whole shift logs in from one of
    /// their addresses, so its failed password checks have `rate_limits.site_login`.
    pub site_networks: Vec<ipnet::IpNet>,
    /// Proxies whose `X-Forwarded-For` names the client (see [`tam_runtime::client_address`]).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            acquire_timeout: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(2),
            response_timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(15 * 60),
            body_idle_timeout: Duration::from_secs(15),
            max_body_bytes: 64 * 1024,
            max_upload_bytes: 512 * 1024 * 1024,
            uploads_per_client: 32,
            openapi_timeout: Duration::from_secs(2),
            max_upstream_connections: 1024,
            rate_limits: RateLimits::default(),
            site_networks: Vec::new(),
            trusted_proxies: Vec::new(),
        }
    }
}

impl Settings {
    /// The settings the deployment gives in `config`'s variables, the rest default
    /// (the proxies it trusts are shared with the runtime, which logs the client they
    /// name); a value that does not parse names its variable.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let d = Self::default();
        let acquire = Duration::from_millis(
            config
                .positive_setting("TAM_UPSTREAM_ACQUIRE_TIMEOUT_MS", millis(d.acquire_timeout))?,
        );
        let limits = d.rate_limits;
        Ok(Self {
            acquire_timeout: acquire,
            connect_timeout: acquire,
            body_idle_timeout: Duration::from_secs(
                config.positive_setting(
                    "TAM_BODY_IDLE_TIMEOUT_SECS",
                    d.body_idle_timeout.as_secs(),
                )?,
            ),
            max_body_bytes: config.positive_setting("TAM_MAX_BODY_BYTES", d.max_body_bytes)?,
            max_upload_bytes: config
                .positive_setting("TAM_MAX_UPLOAD_BYTES", d.max_upload_bytes)?,
            uploads_per_client: config
                .positive_setting("TAM_UPLOADS_PER_CLIENT", d.uploads_per_client)?,
            max_upstream_connections: config
                .positive_setting("TAM_UPSTREAM_CONNECTIONS", d.max_upstream_connections)?,
            rate_limits: RateLimits {
                general: RateLimit::per_second(
                    config.positive_setting("TAM_RATE_LIMIT_PER_SECOND", limits.general.count)?,
                    config.positive_setting("TAM_RATE_LIMIT_BURST", limits.general.burst)?,
                ),
                login: RateLimit::per_minute(
                    config
                        .positive_setting("TAM_LOGIN_RATE_LIMIT_PER_MINUTE", limits.login.count)?,
                    config.positive_setting("TAM_LOGIN_RATE_LIMIT_BURST", limits.login.burst)?,
                ),
                site_login: RateLimit::per_minute(
                    config.positive_setting(
                        "TAM_SITE_LOGIN_RATE_LIMIT_PER_MINUTE",
                        limits.site_login.count,
                    )?,
                    config.positive_setting(
                        "TAM_SITE_LOGIN_RATE_LIMIT_BURST",
                        limits.site_login.burst,
                    )?,
                ),
            },
            site_networks: config.networks_setting("TAM_LOGIN_SITE_NETWORKS")?,
            trusted_proxies: config.trusted_proxies.clone(),
            ..d
        })
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Per-client-IP limits: one on every request, and one on the password checks
/// (`POST /api/v1/auth/login` and `/password`) that hr refused: a check is counted when
/// it is forwarded and given back when hr does not answer it as a failure, so a site's
/// whole shift may log in from one NAT address while guessing from it is slowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub general: RateLimit,
    pub login: RateLimit,
    /// The failed-login limit of an address inside a site network
    /// ([`Settings::site_networks`]).
    pub site_login: RateLimit,
}

impl Default for RateLimits {
    /// The general limit is abuse protection, not a quota: the agents of a whole site
    /// may reach the gateway from one NAT address. The failed-login limit guards against
    /// password guessing and spraying; hr also locks out a username after repeated
    /// failures.
    fn default() -> Self {
        Self {
            general: RateLimit::per_second(500, 1000),
            login: RateLimit::per_minute(10, 10),
            site_login: RateLimit::per_minute(60, 60),
        }
    }
}

/// A token bucket (GCRA): `burst` requests at once, refilled at `count` per `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub count: u32,
    pub period: Duration,
    pub burst: u32,
}

impl RateLimit {
    pub const fn per_second(count: u32, burst: u32) -> Self {
        Self {
            count,
            period: Duration::from_secs(1),
            burst,
        }
    }

    pub const fn per_minute(count: u32, burst: u32) -> Self {
        Self {
            count,
            period: Duration::from_secs(60),
            burst,
        }
    }

    /// The time in which one request is refilled, if the limit is usable.
    pub(crate) fn replenish_interval(&self) -> Option<Duration> {
        if self.count == 0 || self.burst == 0 {
            return None;
        }
        let interval = self.period / self.count;
        (!interval.is_zero()).then_some(interval)
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
    fn the_documented_defaults_are_the_defaults_and_a_bad_value_names_its_variable() {
        let read = Settings::from_config(&config(&[])).unwrap();
        let d = Settings::default();
        assert_eq!(read.rate_limits, d.rate_limits);
        assert_eq!(read.max_body_bytes, d.max_body_bytes);
        assert_eq!(read.max_upload_bytes, d.max_upload_bytes);
        assert_eq!(read.acquire_timeout, d.acquire_timeout);
        let documented = |name: &str| {
            VARIABLES
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|(_, default, _)| *default)
                .unwrap()
        };
        assert_eq!(
            documented("TAM_MAX_BODY_BYTES"),
            d.max_body_bytes.to_string()
        );
        assert_eq!(
            documented("TAM_RATE_LIMIT_BURST"),
            d.rate_limits.general.burst.to_string()
        );
        let read = Settings::from_config(&config(&[
            ("TAM_LOGIN_RATE_LIMIT_PER_MINUTE", "3"),
            ("TAM_LOGIN_SITE_NETWORKS", "203.0.113.0/28"),
            ("TAM_TRUSTED_PROXIES", "10.0.0.0/8"),
        ]))
        .unwrap();
        assert_eq!(read.rate_limits.login, RateLimit::per_minute(3, 10));
        assert_eq!(read.site_networks.len(), 1);
        assert_eq!(read.trusted_proxies.len(), 1);
        let e = Settings::from_config(&config(&[("TAM_MAX_BODY_BYTES", "0")])).unwrap_err();
        assert_eq!(e.variable, "TAM_MAX_BODY_BYTES");
    }
}
