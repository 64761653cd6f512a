//! Configuration from `TAM_*` environment variables. Every variable has a default that
//! works on a developer machine with local Postgres and RabbitMQ; a value that does not
//! parse is an error naming the variable, never a silent default.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use tam_events::{BusSettings, ConsumerSettings, RelaySettings};
use tam_kernel::{Clock, OperatingHours, Program, Site};

use crate::service::ServiceName;

#[derive(Debug, thiserror::Error)]
#[error("invalid {variable}={value:?}: {reason}")]
pub struct ConfigError {
    pub variable: String,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

impl FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "json" => Ok(LogFormat::Json),
            "pretty" => Ok(LogFormat::Pretty),
            _ => Err("expected json or pretty".into()),
        }
    }
}

/// The whole configuration of a `tam` process. `Debug` hides passwords in URLs.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub amqp_url: String,
    pub event_prefix: String,
    pub host: String,
    pub ports: BTreeMap<ServiceName, u16>,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub db_pool_size: usize,
    pub db_acquire_timeout: Duration,
    pub http_workers: usize,
    pub relay_batch_size: i64,
    pub relay_poll_interval: Duration,
    pub consumer_prefetch: u16,
    pub delivery_limit: u32,
    pub shutdown_timeout: Duration,
    pub operating_hours: OperatingHours,
    /// Where business rules read "now": the system clock, except in tests.
    pub clock: Clock,
    /// Where the gateway finds each service (`TAM_<SERVICE>_URL`).
    pub service_urls: BTreeMap<ServiceName, String>,
    /// Directory of Ed25519 keys: `<kid>.pub.pem` (every service verifies with all of
    /// them) and `<kid>.key.pem` (only hr, which signs with `jwt_signing_kid`).
    pub jwt_keys_dir: PathBuf,
    pub jwt_signing_kid: String,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// Origins allowed by CORS at the gateway; empty allows none.
    pub cors_allowed_origins: Vec<String>,
    /// The site this deployment serves (`TAM_SITE`); none for a central deployment that
    /// serves every site.
    pub site: Option<Site>,
    /// The programs this deployment runs (`TAM_PROGRAMS`): by default every program its
    /// site runs (every program when no site is set).
    pub programs: Vec<Program>,
    /// Requests per second (and burst) per client address at the gateway.
    pub rate_limit_per_second: u32,
    pub rate_limit_burst: u32,
    /// Login attempts per minute (and burst) per client address at the gateway.
    pub login_rate_limit_per_minute: u32,
    pub login_rate_limit_burst: u32,
    /// Proxies in front of the gateway (an ingress controller, a load balancer) whose
    /// `X-Forwarded-For` names the real client; from anyone else the header is ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long a prospect claimed through `next` stays the agent's without a call
    /// (prospect).
    pub claim_lease: Duration,
    /// How long after its time a FOLLOW UP stays its agent's before the team may take it
    /// (prospect).
    pub follow_up_grace: Duration,
    /// Where call recordings are stored (calling): a directory, or an object-store URL
    /// (`s3://bucket/prefix`, credentials from the usual `AWS_*` variables).
    pub recordings_store: String,
    /// The largest recording accepted, in bytes (calling).
    pub recording_max_bytes: u64,
    /// How long a QC officer holds a claimed tapping task (quality).
    pub tapping_lease: Duration,
    /// The share of each QC officer's VALID verdicts queued for QA verification, in
    /// percent; every RETURN is queued (quality).
    pub qa_sample_percent: u8,
}

/// Every variable, its default and what it sets: the README's configuration table is
/// this list.
pub const VARIABLES: &[(&str, &str, &str)] = &[
    ("TAM_DATABASE_URL", "postgres://tam:tam@127.0.0.1:5432/tam", "Postgres database holding every service's schema"),
    ("TAM_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f", "RabbitMQ broker"),
    ("TAM_EVENT_PREFIX", "tam", "prefix of every exchange, queue and connection name"),
    ("TAM_HOST", "127.0.0.1", "address the HTTP servers bind to (0.0.0.0 in containers)"),
    ("TAM_<SERVICE>_PORT", "gateway 8080, hr 8081, prospect 8082, calling 8083, quality 8084, helpdesk 8085, reporting 8086", "port of each service"),
    ("TAM_LOG", "info", "tracing filter (e.g. info,tam_events=debug)"),
    ("TAM_LOG_FORMAT", "json", "json or pretty"),
    ("TAM_DB_POOL_SIZE", "10", "connections per service pool"),
    ("TAM_DB_ACQUIRE_TIMEOUT_MS", "5000", "wait for a pooled connection before answering 503"),
    ("TAM_HTTP_WORKERS", "2", "HTTP worker threads per service"),
    ("TAM_RELAY_BATCH_SIZE", "500", "outbox rows published per confirm round"),
    ("TAM_RELAY_POLL_INTERVAL_MS", "1000", "outbox poll when no NOTIFY arrives"),
    ("TAM_CONSUMER_PREFETCH", "32", "unacknowledged deliveries handled at once per service"),
    ("TAM_DELIVERY_LIMIT", "5", "deliveries of a failing event before it goes to the DLQ"),
    ("TAM_SHUTDOWN_TIMEOUT_SECS", "30", "grace period for in-flight requests at shutdown"),
    ("TAM_OPERATING_HOURS", "08:00-17:00", "calling hours, WIB, every day"),
    ("TAM_<SERVICE>_URL", "http://127.0.0.1:<its port>", "where the gateway reaches each service"),
    ("TAM_JWT_KEYS_DIR", ".tam/keys", "Ed25519 keys: <kid>.pub.pem to verify, <kid>.key.pem to sign (hr); `tam keys generate` writes them"),
    ("TAM_JWT_SIGNING_KID", "k1", "key id hr signs access tokens with"),
    ("TAM_JWT_ISSUER", "tam-hr", "iss of access tokens"),
    ("TAM_JWT_AUDIENCE", "tam-api", "aud of access tokens"),
    ("TAM_ACCESS_TOKEN_TTL_SECS", "900", "access token lifetime"),
    ("TAM_REFRESH_TOKEN_TTL_SECS", "604800", "refresh token lifetime"),
    ("TAM_CORS_ALLOWED_ORIGINS", "(none)", "comma-separated origins allowed by CORS at the gateway"),
    ("TAM_SITE", "(none: all sites)", "the site this deployment serves: medan, tangerang, bandung, semarang, malang or makassar"),
    ("TAM_PROGRAMS", "every program the site runs", "comma-separated programs this deployment runs; each must run at TAM_SITE"),
    ("TAM_RATE_LIMIT_PER_SECOND", "500", "requests per second per client address at the gateway"),
    ("TAM_RATE_LIMIT_BURST", "1000", "burst of the per-address limit"),
    ("TAM_LOGIN_RATE_LIMIT_PER_MINUTE", "10", "login attempts per minute per client address at the gateway"),
    ("TAM_LOGIN_RATE_LIMIT_BURST", "10", "burst of the login limit"),
    ("TAM_TRUSTED_PROXIES", "(none)", "comma-separated CIDRs of proxies in front of the gateway whose X-Forwarded-For names the client (rate limits apply per client)"),
    ("TAM_CLAIM_LEASE_SECS", "300", "how long a prospect claimed through `next` stays the agent's without a call starting"),
    ("TAM_FOLLOW_UP_GRACE_MINUTES", "30", "how long after its time a FOLLOW UP stays its agent's before the team may take it"),
    ("TAM_RECORDINGS_STORE", ".tam/recordings", "where call recordings are stored: a directory, or s3://bucket/prefix (AWS_* variables for credentials and endpoint)"),
    ("TAM_RECORDING_MAX_BYTES", "104857600", "largest recording accepted (bytes)"),
    ("TAM_TAPPING_LEASE_SECS", "1800", "how long a QC officer holds a claimed tapping task"),
    ("TAM_QA_SAMPLE_PERCENT", "10", "share of each QC officer's VALID verdicts queued for QA verification (every RETURN is)"),
];

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str, default: &str| lookup(name).unwrap_or_else(|| default.to_owned());
        let host = get("TAM_HOST", "127.0.0.1");
        let mut ports = BTreeMap::new();
        let mut service_urls = BTreeMap::new();
        for service in ServiceName::ALL {
            let port = parsed(&lookup, &service.port_variable(), service.default_port())?;
            ports.insert(service, port);
            let local = format!("http://{}:{port}", connectable(&host));
            service_urls.insert(service, get(&service.url_variable(), &local));
        }
        let prefix = get("TAM_EVENT_PREFIX", "tam");
        if prefix.is_empty()
            || !prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(ConfigError {
                variable: "TAM_EVENT_PREFIX".into(),
                value: prefix,
                reason: "use letters, digits, '_' or '-'".into(),
            });
        }
        let site: Option<Site> = match lookup("TAM_SITE").filter(|s| !s.trim().is_empty()) {
            None => None,
            Some(_) => Some(parsed(&lookup, "TAM_SITE", Site::Medan)?),
        };
        let programs = site_programs(&lookup, site)?;
        Ok(Self {
            database_url: get("TAM_DATABASE_URL", "postgres://tam:tam@127.0.0.1:5432/tam"),
            amqp_url: get("TAM_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f"),
            event_prefix: prefix,
            host,
            ports,
            log_filter: get("TAM_LOG", "info"),
            log_format: parsed(&lookup, "TAM_LOG_FORMAT", LogFormat::Json)?,
            db_pool_size: positive(&lookup, "TAM_DB_POOL_SIZE", 10)?,
            db_acquire_timeout: Duration::from_millis(positive(
                &lookup,
                "TAM_DB_ACQUIRE_TIMEOUT_MS",
                5000,
            )?),
            http_workers: positive(&lookup, "TAM_HTTP_WORKERS", 2)?,
            relay_batch_size: positive(&lookup, "TAM_RELAY_BATCH_SIZE", 500)?,
            relay_poll_interval: Duration::from_millis(positive(
                &lookup,
                "TAM_RELAY_POLL_INTERVAL_MS",
                1000,
            )?),
            consumer_prefetch: positive(&lookup, "TAM_CONSUMER_PREFETCH", 32)?,
            delivery_limit: positive(&lookup, "TAM_DELIVERY_LIMIT", 5)?,
            shutdown_timeout: Duration::from_secs(parsed(
                &lookup,
                "TAM_SHUTDOWN_TIMEOUT_SECS",
                30,
            )?),
            operating_hours: parsed(&lookup, "TAM_OPERATING_HOURS", OperatingHours::default())?,
            clock: Clock::system(),
            service_urls,
            jwt_keys_dir: PathBuf::from(get("TAM_JWT_KEYS_DIR", ".tam/keys")),
            jwt_signing_kid: get("TAM_JWT_SIGNING_KID", "k1"),
            jwt_issuer: get("TAM_JWT_ISSUER", "tam-hr"),
            jwt_audience: get("TAM_JWT_AUDIENCE", "tam-api"),
            access_token_ttl: Duration::from_secs(positive(
                &lookup,
                "TAM_ACCESS_TOKEN_TTL_SECS",
                900,
            )?),
            refresh_token_ttl: Duration::from_secs(positive(
                &lookup,
                "TAM_REFRESH_TOKEN_TTL_SECS",
                604_800,
            )?),
            cors_allowed_origins: get("TAM_CORS_ALLOWED_ORIGINS", "")
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
            site,
            programs,
            rate_limit_per_second: positive(&lookup, "TAM_RATE_LIMIT_PER_SECOND", 500)?,
            rate_limit_burst: positive(&lookup, "TAM_RATE_LIMIT_BURST", 1000)?,
            login_rate_limit_per_minute: positive(&lookup, "TAM_LOGIN_RATE_LIMIT_PER_MINUTE", 10)?,
            login_rate_limit_burst: positive(&lookup, "TAM_LOGIN_RATE_LIMIT_BURST", 10)?,
            trusted_proxies: trusted_proxies(&lookup)?,
            claim_lease: Duration::from_secs(positive(&lookup, "TAM_CLAIM_LEASE_SECS", 300)?),
            follow_up_grace: Duration::from_secs(
                60 * parsed::<u64>(&lookup, "TAM_FOLLOW_UP_GRACE_MINUTES", 30)?,
            ),
            recordings_store: get("TAM_RECORDINGS_STORE", ".tam/recordings"),
            recording_max_bytes: positive(&lookup, "TAM_RECORDING_MAX_BYTES", 104_857_600)?,
            tapping_lease: Duration::from_secs(positive(&lookup, "TAM_TAPPING_LEASE_SECS", 1800)?),
            qa_sample_percent: percent(&lookup, "TAM_QA_SAMPLE_PERCENT", 10)?,
        })
    }

    /// Where the gateway reaches `service`.
    pub fn service_url(&self, service: ServiceName) -> String {
        self.service_urls
            .get(&service)
            .cloned()
            .unwrap_or_else(|| format!("http://{}:{}", connectable(&self.host), self.port(service)))
    }

    pub fn port(&self, service: ServiceName) -> u16 {
        self.ports
            .get(&service)
            .copied()
            .unwrap_or_else(|| service.default_port())
    }

    /// The event bus settings of one service.
    pub fn bus_settings(&self) -> BusSettings {
        BusSettings {
            amqp_url: self.amqp_url.clone(),
            prefix: self.event_prefix.clone(),
            relay: RelaySettings {
                batch_size: self.relay_batch_size,
                poll_interval: self.relay_poll_interval,
                ..RelaySettings::default()
            },
            consumer: ConsumerSettings {
                prefetch: self.consumer_prefetch,
                delivery_limit: self.delivery_limit,
                ..ConsumerSettings::default()
            },
            max_reconnect_delay: Duration::from_secs(30),
        }
    }
}

/// `TAM_TRUSTED_PROXIES`: CIDRs (`10.0.0.0/8`) or single addresses.
fn trusted_proxies(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let value = lookup("TAM_TRUSTED_PROXIES").unwrap_or_default();
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError {
                    variable: "TAM_TRUSTED_PROXIES".into(),
                    value: value.clone(),
                    reason: format!("{s:?} is neither a CIDR nor an address"),
                })
        })
        .collect()
}

/// `TAM_PROGRAMS`, checked against the site: a site cannot run a program it is not
/// contracted for (DOMAIN.md's program table).
fn site_programs(
    lookup: &impl Fn(&str) -> Option<String>,
    site: Option<Site>,
) -> Result<Vec<Program>, ConfigError> {
    let default = || site.map_or_else(|| Program::ALL.to_vec(), Site::programs);
    let Some(value) = lookup("TAM_PROGRAMS").filter(|v| !v.trim().is_empty()) else {
        return Ok(default());
    };
    let error = |reason: String| ConfigError {
        variable: "TAM_PROGRAMS".into(),
        value: value.clone(),
        reason,
    };
    let mut programs = Vec::new();
    for code in value.split(',').map(str::trim) {
        let program: Program = code
            .parse()
            .map_err(|e: tam_kernel::UnknownCode| error(e.to_string()))?;
        if let Some(site) = site {
            if !program.runs_at(site) {
                return Err(error(format!("{program} does not run at {site}")));
            }
        }
        programs.push(program);
    }
    Ok(programs)
}

/// A whole percentage, 0 to 100.
fn percent(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: u8,
) -> Result<u8, ConfigError> {
    let value: u8 = parsed(lookup, name, default)?;
    if value > 100 {
        return Err(ConfigError {
            variable: name.to_owned(),
            value: value.to_string(),
            reason: "must be between 0 and 100".into(),
        });
    }
    Ok(value)
}

fn parsed<T: FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    match lookup(name) {
        None => Ok(default),
        Some(value) => value.trim().parse().map_err(|e: T::Err| ConfigError {
            variable: name.to_owned(),
            value,
            reason: e.to_string(),
        }),
    }
}

fn positive<T: FromStr + PartialOrd + Default>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    let value = parsed(lookup, name, default)?;
    if value <= T::default() {
        return Err(ConfigError {
            variable: name.to_owned(),
            value: lookup(name).unwrap_or_default(),
            reason: "must be greater than zero".into(),
        });
    }
    Ok(value)
}

/// A wildcard bind address is not an address to connect to; loopback is.
fn connectable(host: &str) -> &str {
    match host {
        "0.0.0.0" | "::" | "[::]" => "127.0.0.1",
        other => other,
    }
}

/// `postgres://tam:secret@host/db` → `postgres://tam:***@host/db`.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    match (rest.find('@'), rest.find(':')) {
        (Some(at), Some(colon)) if colon < at => {
            format!(
                "{}{}:***{}",
                &url[..scheme_end + 3],
                &rest[..colon],
                &rest[at..]
            )
        }
        _ => url.to_owned(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact(&self.database_url))
            .field("amqp_url", &redact(&self.amqp_url))
            .field("event_prefix", &self.event_prefix)
            .field("host", &self.host)
            .field("ports", &self.ports)
            .field("db_pool_size", &self.db_pool_size)
            .field("http_workers", &self.http_workers)
            .field("operating_hours", &self.operating_hours)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_work_locally() {
        let c = config(&[]).unwrap();
        assert_eq!(c.port(ServiceName::Gateway), 8080);
        assert_eq!(c.port(ServiceName::Reporting), 8086);
        assert_eq!(c.event_prefix, "tam");
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        let e = config(&[("TAM_HR_PORT", "eighty")]).err().unwrap();
        assert_eq!(e.variable, "TAM_HR_PORT");
        assert!(e.to_string().contains("TAM_HR_PORT=\"eighty\""), "{e}");
        let e = config(&[("TAM_DB_POOL_SIZE", "0")]).err().unwrap();
        assert_eq!(e.variable, "TAM_DB_POOL_SIZE");
        let e = config(&[("TAM_OPERATING_HOURS", "17:00-08:00")])
            .err()
            .unwrap();
        assert_eq!(e.variable, "TAM_OPERATING_HOURS");
        let e = config(&[("TAM_EVENT_PREFIX", "a b")]).err().unwrap();
        assert_eq!(e.variable, "TAM_EVENT_PREFIX");
    }

    #[test]
    fn overrides_apply() {
        let c = config(&[("TAM_HR_PORT", "9001"), ("TAM_LOG_FORMAT", "pretty")]).unwrap();
        assert_eq!(c.port(ServiceName::Hr), 9001);
        assert_eq!(c.log_format, LogFormat::Pretty);
    }

    #[test]
    fn a_site_runs_its_own_programs_only() {
        let c = config(&[("TAM_SITE", "semarang")]).unwrap();
        assert_eq!(c.site, Some(Site::Semarang));
        assert_eq!(
            c.programs,
            vec![Program::AddOnConsumer, Program::WifiAddonDigital]
        );
        let c = config(&[("TAM_SITE", "bandung"), ("TAM_PROGRAMS", "ct0_pranpc")]).unwrap();
        assert_eq!(c.programs, vec![Program::Ct0Pranpc]);
        let e = config(&[("TAM_SITE", "medan"), ("TAM_PROGRAMS", "ct0_pranpc")])
            .err()
            .unwrap();
        assert_eq!(e.variable, "TAM_PROGRAMS");
        let e = config(&[("TAM_SITE", "jakarta")]).err().unwrap();
        assert_eq!(e.variable, "TAM_SITE");
        assert_eq!(config(&[]).unwrap().site, None);
    }

    #[test]
    fn trusted_proxies_are_cidrs_or_addresses() {
        let c = config(&[("TAM_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7")]).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(c.trusted_proxies[1].contains(&"192.168.1.7".parse::<std::net::IpAddr>().unwrap()));
        let e = config(&[("TAM_TRUSTED_PROXIES", "10.0.0.0/8,nope")])
            .err()
            .unwrap();
        assert_eq!(e.variable, "TAM_TRUSTED_PROXIES");
        assert!(config(&[]).unwrap().trusted_proxies.is_empty());
    }

    #[test]
    fn debug_hides_passwords() {
        let c = config(&[("TAM_DATABASE_URL", "postgres://tam:s3cret@db:5432/tam")]).unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://tam:***@db:5432/tam"), "{shown}");
    }

    #[test]
    fn every_variable_is_documented() {
        let documented: Vec<&str> = VARIABLES.iter().map(|(name, _, _)| *name).collect();
        for name in [
            "TAM_DATABASE_URL",
            "TAM_AMQP_URL",
            "TAM_OPERATING_HOURS",
            "TAM_DELIVERY_LIMIT",
        ] {
            assert!(documented.contains(&name), "{name}");
        }
    }
}
