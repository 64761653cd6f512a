//! Configuration from `TAM_*` environment variables. Every variable has a default that
//! works on a developer machine with local Postgres and RabbitMQ; a value that does not
//! parse is an error naming the variable, never a silent default.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use tam_events::{BusSettings, ConsumerSettings, RelaySettings, SenderPolicy};
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

/// Where a process runs (`TAM_ENV`). Development allows the laptop defaults; production
/// refuses the demo organisation, the default passwords and events from the broker's
/// shared user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

impl FromStr for Environment {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "development" => Ok(Environment::Development),
            "production" => Ok(Environment::Production),
            _ => Err("expected development or production".into()),
        }
    }
}

/// The whole configuration of a `tam` process. `Debug` hides passwords in URLs.
#[derive(Clone)]
pub struct Config {
    pub environment: Environment,
    pub database_url: String,
    pub amqp_url: String,
    /// Each service's broker URL (`TAM_<SERVICE>_AMQP_URL`, by default `amqp_url`): in
    /// production every service logs in as its own broker user.
    pub amqp_urls: BTreeMap<ServiceName, String>,
    /// Service `s` publishes as broker user `<broker_user_prefix><s>`; consumers check
    /// the sender of every event against it.
    pub broker_user_prefix: String,
    pub event_prefix: String,
    pub host: String,
    pub ports: BTreeMap<ServiceName, u16>,
    /// Each service's internal port: `/metrics` and the detailed `/health/ready`, for
    /// Prometheus and the orchestrator's probes, never published.
    pub admin_ports: BTreeMap<ServiceName, u16>,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub db_pool_size: usize,
    pub db_acquire_timeout: Duration,
    pub http_workers: usize,
    pub relay_batch_size: i64,
    pub relay_poll_interval: Duration,
    pub consumer_prefetch: u16,
    /// Each service's consumer prefetch (`TAM_<SERVICE>_CONSUMER_PREFETCH`, by default its
    /// own default or `consumer_prefetch`).
    pub consumer_prefetches: BTreeMap<ServiceName, u16>,
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
    /// How long an access token lives: hr issues them, and every service's revocation
    /// follower looks back this far.
    pub access_token_ttl: Duration,
    /// Origins allowed by CORS at the gateway; empty allows none.
    pub cors_allowed_origins: Vec<String>,
    /// The site this deployment serves (`TAM_SITE`); none for a central deployment that
    /// serves every site.
    pub site: Option<Site>,
    /// The programs this deployment runs (`TAM_PROGRAMS`): by default every program its
    /// site runs (every program when no site is set).
    pub programs: Vec<Program>,
    /// Proxies in front of the gateway (an ingress controller, a load balancer) whose
    /// `X-Forwarded-For` names the real client; from anyone else the header is ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Central hr's JWK Set (`TAM_JWKS_URL`), at a site: when set, the token keys come
    /// from it (see `jwks`) instead of `jwt_keys_dir`'s public keys.
    pub jwks_url: Option<url::Url>,
    /// How often the JWK Set is fetched again (`TAM_JWKS_REFRESH_SECS`).
    pub jwks_refresh: Duration,
    /// The least time between two fetches (`TAM_JWKS_MIN_REFRESH_SECS`): a token naming
    /// an unknown key fetches at most this often, and a site without keys retries at it.
    pub jwks_min_refresh: Duration,
    /// Where the last good JWK Set is kept (`TAM_JWKS_CACHE_FILE`), read at start when
    /// central cannot be reached.
    pub jwks_cache_file: Option<PathBuf>,
    /// Every variable this configuration was read from (see [`Config::from_variables`]):
    /// a service's own settings are read from them when it is built, so that they live
    /// with the service (its `Settings`) and not here.
    variables: Arc<BTreeMap<String, String>>,
}

/// Every shared variable, its default and what it sets (each service lists its own in
/// its definition, [`crate::ServiceDef::variables`]; `tam config` prints both).
pub const VARIABLES: &[(&str, &str, &str)] = &[
    ("TAM_ENV", "development", "development or production; production refuses the demo organisation, default database and broker passwords, and events not sent by their producer's own broker user"),
    ("TAM_DATABASE_URL", "postgres://tam:tam@127.0.0.1:5432/tam", "Postgres database holding every service's schema"),
    ("TAM_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f", "RabbitMQ broker"),
    ("TAM_<SERVICE>_AMQP_URL", "TAM_AMQP_URL", "one service's broker URL, with its own broker user"),
    ("TAM_AMQP_MANAGEMENT_URL", "http://127.0.0.1:15672", "RabbitMQ's management API, called as TAM_AMQP_URL's user by `tam up` and `tam broker users` to make each service's broker user"),
    ("TAM_BROKER_USER_PREFIX", "tam-", "service <s> publishes as broker user <prefix><s>; a consumer refuses an event whose type names another service than its sender"),
    ("TAM_EVENT_PREFIX", "tam", "prefix of every exchange, queue and connection name"),
    ("TAM_HOST", "127.0.0.1", "address the HTTP servers bind to (0.0.0.0 in containers)"),
    ("TAM_<SERVICE>_PORT", "gateway 8080, hr 8081, prospect 8082, calling 8083, quality 8084, helpdesk 8085, reporting 8086", "port of each service"),
    ("TAM_<SERVICE>_ADMIN_PORT", "its port + 1000: gateway 9080, hr 9081, ..., reporting 9086", "internal port of each service: /metrics and /health/ready with each check; never publish it"),
    ("TAM_LOG", "info", "tracing filter (e.g. info,tam_events=debug)"),
    ("TAM_LOG_FORMAT", "json", "json or pretty"),
    ("TAM_DB_POOL_SIZE", "10", "connections per service pool"),
    ("TAM_DB_ACQUIRE_TIMEOUT_MS", "5000", "wait for a pooled connection before answering 503"),
    ("TAM_HTTP_WORKERS", "2", "HTTP worker threads per service"),
    ("TAM_RELAY_BATCH_SIZE", "500", "outbox rows published per confirm round"),
    ("TAM_RELAY_POLL_INTERVAL_MS", "1000", "outbox poll behind the in-process wake-up"),
    ("TAM_CONSUMER_PREFETCH", "32", "unacknowledged deliveries handled at once per service"),
    ("TAM_<SERVICE>_CONSUMER_PREFETCH", "reporting 256, the others TAM_CONSUMER_PREFETCH", "one service's prefetch: reporting folds every event of the suite in batches of some nine statements, and keeps up with the pipeline only with more deliveries in flight"),
    ("TAM_DELIVERY_LIMIT", "5", "deliveries of a failing event before it goes to the DLQ"),
    ("TAM_SHUTDOWN_TIMEOUT_SECS", "30", "grace period for in-flight requests at shutdown"),
    ("TAM_OPERATING_HOURS", "08:00-17:00", "calling hours, WIB, every day"),
    ("TAM_<SERVICE>_URL", "http://127.0.0.1:<its port>", "where the gateway reaches each service"),
    ("TAM_JWT_KEYS_DIR", ".tam/keys", "Ed25519 keys: <kid>.pub.pem to verify, <kid>.key.pem to sign (hr); `tam keys generate` writes them"),
    ("TAM_JWT_SIGNING_KID", "k1", "key id hr signs access tokens with"),
    ("TAM_JWT_ISSUER", "tam-hr", "iss of access tokens"),
    ("TAM_JWT_AUDIENCE", "tam-api", "aud of access tokens"),
    ("TAM_ACCESS_TOKEN_TTL_SECS", "900", "access token lifetime"),
    ("TAM_CLAIM_TICKET_KEY", "(a public development key)", "base64 of 32+ random bytes: prospect signs the claim tickets `next` hands out with it and calling verifies them (every prospect and calling process of a site shares it); required in production"),
    ("TAM_CORS_ALLOWED_ORIGINS", "(none)", "comma-separated origins allowed by CORS at the gateway"),
    ("TAM_SITE", "(none: all sites)", "the site this deployment serves: medan, tangerang, bandung, semarang, malang or makassar"),
    ("TAM_PROGRAMS", "every program the site runs", "comma-separated programs this deployment runs; each must run at TAM_SITE"),
    ("TAM_TRUSTED_PROXIES", "(none)", "comma-separated CIDRs of the proxies in front of the gateway (the ingress controller's addresses, nothing wider) whose X-Forwarded-For names the client (rate limits and logs apply per client)"),
    ("TAM_JWKS_URL", "(none: TAM_JWT_KEYS_DIR's public keys)", "at a site: central hr's JWK Set (e.g. http://central-hr:8081/api/v1/auth/jwks); token keys come from it, kept from the last good fetch while central is unreachable"),
    ("TAM_JWKS_REFRESH_SECS", "300", "how often a site fetches central's JWK Set again"),
    ("TAM_JWKS_MIN_REFRESH_SECS", "10", "least time between two JWK Set fetches (a token naming an unknown key fetches at once, at most this often)"),
    ("TAM_JWKS_CACHE_FILE", "(none)", "file keeping the last good JWK Set, read at start when central is unreachable"),
];

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_variables(std::env::vars())
    }

    /// Reads these variables (the environment, or a map in tests), and keeps them for
    /// the services' own settings ([`Config::setting`]).
    pub fn from_variables(
        variables: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let variables: BTreeMap<String, String> = variables.into_iter().collect();
        let mut config = Self::from_lookup(|name| variables.get(name).cloned())?;
        config.variables = Arc::new(variables);
        Ok(config)
    }

    /// Reads the shared variables through `lookup`. The services' own settings, read
    /// later through [`Config::setting`], see none of them: they take their defaults
    /// (use [`Config::from_variables`] to set them).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str, default: &str| lookup(name).unwrap_or_else(|| default.to_owned());
        let host = get("TAM_HOST", "127.0.0.1");
        let amqp_url = get("TAM_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f");
        let mut ports = BTreeMap::new();
        let mut admin_ports = BTreeMap::new();
        let mut amqp_urls = BTreeMap::new();
        let mut service_urls = BTreeMap::new();
        let consumer_prefetch = positive(&lookup, "TAM_CONSUMER_PREFETCH", 32)?;
        let mut consumer_prefetches = BTreeMap::new();
        for service in ServiceName::ALL {
            consumer_prefetches.insert(
                service,
                positive(
                    &lookup,
                    &service.consumer_prefetch_variable(),
                    service
                        .default_consumer_prefetch()
                        .unwrap_or(consumer_prefetch),
                )?,
            );
            let port = parsed(&lookup, &service.port_variable(), service.default_port())?;
            ports.insert(service, port);
            admin_ports.insert(
                service,
                parsed(
                    &lookup,
                    &service.admin_port_variable(),
                    service.default_admin_port(),
                )?,
            );
            amqp_urls.insert(service, get(&service.amqp_url_variable(), &amqp_url));
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
        let jwks = jwks_settings(&lookup)?;
        Ok(Self {
            environment: parsed(&lookup, "TAM_ENV", Environment::Development)?,
            database_url: get("TAM_DATABASE_URL", "postgres://tam:tam@127.0.0.1:5432/tam"),
            amqp_url,
            amqp_urls,
            broker_user_prefix: get("TAM_BROKER_USER_PREFIX", "tam-"),
            event_prefix: prefix,
            host,
            ports,
            admin_ports,
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
            consumer_prefetch,
            consumer_prefetches,
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
            cors_allowed_origins: get("TAM_CORS_ALLOWED_ORIGINS", "")
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
            site,
            programs,
            trusted_proxies: networks(&lookup, "TAM_TRUSTED_PROXIES")?,
            jwks_url: jwks.url,
            jwks_refresh: jwks.refresh,
            jwks_min_refresh: jwks.min_refresh,
            jwks_cache_file: jwks.cache_file,
            variables: Arc::default(),
        })
    }

    /// A service's own setting `name`: its value parsed, or `default` when unset; a value
    /// that does not parse is an error naming the variable.
    pub fn setting<T: FromStr>(&self, name: &str, default: T) -> Result<T, ConfigError>
    where
        T::Err: fmt::Display,
    {
        parsed(&|n: &str| self.variables.get(n).cloned(), name, default)
    }

    /// The key of the claim tickets prospect signs and calling verifies
    /// (`TAM_CLAIM_TICKET_KEY`, see [`tam_contracts::claim_ticket`]): the public
    /// development key when unset, refused in production.
    pub fn claim_ticket_key(
        &self,
    ) -> Result<tam_contracts::claim_ticket::ClaimTicketKey, ConfigError> {
        use tam_contracts::claim_ticket::{ClaimTicketKey, VARIABLE};
        let raw: String = self.setting(VARIABLE, String::new())?;
        ClaimTicketKey::from_setting(&raw, self.is_production()).map_err(|reason| ConfigError {
            variable: VARIABLE.into(),
            value: if raw.is_empty() {
                String::new()
            } else {
                "(hidden)".into()
            },
            reason,
        })
    }

    /// As [`Config::setting`], refusing zero and below.
    pub fn positive_setting<T: FromStr + PartialOrd + Default>(
        &self,
        name: &str,
        default: T,
    ) -> Result<T, ConfigError>
    where
        T::Err: fmt::Display,
    {
        positive(&|n: &str| self.variables.get(n).cloned(), name, default)
    }

    /// As [`Config::setting`], a comma-separated list of networks (CIDRs or single
    /// addresses).
    pub fn networks_setting(&self, name: &str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
        networks(&|n: &str| self.variables.get(n).cloned(), name)
    }

    /// As [`Config::setting`], a whole percentage from 0 to 100.
    pub fn percent_setting(&self, name: &str, default: u8) -> Result<u8, ConfigError> {
        percent(&|n: &str| self.variables.get(n).cloned(), name, default)
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

    /// The internal port of `service`: `/metrics` and the detailed readiness.
    pub fn admin_port(&self, service: ServiceName) -> u16 {
        self.admin_ports
            .get(&service)
            .copied()
            .unwrap_or_else(|| service.default_admin_port())
    }

    /// The broker URL `service` connects with (its own user in production).
    pub fn amqp_url_of(&self, service: ServiceName) -> &str {
        self.amqp_urls
            .get(&service)
            .map_or(self.amqp_url.as_str(), String::as_str)
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// In production, refuses a connection URL that `service` uses (its database when
    /// `database`, its broker when `broker`) whose password is a laptop default.
    pub fn check_production_secrets(
        &self,
        service: ServiceName,
        database: bool,
        broker: bool,
    ) -> Result<(), ConfigError> {
        if !self.is_production() {
            return Ok(());
        }
        let mut urls = Vec::new();
        if database {
            urls.push(("TAM_DATABASE_URL".to_owned(), self.database_url.as_str()));
        }
        if broker {
            let variable = if self.amqp_urls.get(&service) == Some(&self.amqp_url) {
                "TAM_AMQP_URL".to_owned()
            } else {
                service.amqp_url_variable()
            };
            urls.push((variable, self.amqp_url_of(service)));
        }
        for (variable, url) in urls {
            if let Some(reason) = default_password(url) {
                return Err(ConfigError {
                    variable,
                    value: redact(url),
                    reason: format!("{reason}; TAM_ENV=production needs a real password"),
                });
            }
        }
        Ok(())
    }

    /// The event bus settings of `service`, with its own broker URL.
    pub fn service_bus_settings(&self, service: ServiceName) -> BusSettings {
        let mut settings = BusSettings {
            amqp_url: self.amqp_url_of(service).to_owned(),
            ..self.bus_settings()
        };
        if let Some(prefetch) = self.consumer_prefetches.get(&service) {
            settings.consumer.prefetch = *prefetch;
        }
        settings
    }

    /// The event bus settings shared by every service (`TAM_AMQP_URL`).
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
            // In development every service may share the broker's admin user; in
            // production only a service's own user may send its events.
            senders: SenderPolicy {
                user_prefix: self.broker_user_prefix.clone(),
                trust_shared_user: !self.is_production(),
            },
        }
    }
}

/// Passwords a production process refuses: the defaults of `TAM_DATABASE_URL` and
/// `TAM_AMQP_URL` (tam, guest) and of `docker-compose.yml` (postgres, a role's own name).
const DEFAULT_PASSWORDS: &[&str] = &["tam", "guest", "postgres"];

/// Why `url`'s password is a default one, if it is.
fn default_password(url: &str) -> Option<String> {
    let Ok(parsed) = url::Url::parse(url) else {
        return Some("not a URL".into());
    };
    let user = parsed.username();
    match parsed.password().unwrap_or("") {
        "" => Some("no password".into()),
        password if DEFAULT_PASSWORDS.contains(&password) => {
            Some(format!("the default password {password:?}"))
        }
        password if password == user => Some("the password is the user's name".into()),
        _ => None,
    }
}

/// `TAM_JWKS_*`, read together.
struct JwksSettings {
    url: Option<url::Url>,
    refresh: Duration,
    min_refresh: Duration,
    cache_file: Option<PathBuf>,
}

/// `TAM_JWKS_URL` (an http or https URL, or unset) and its refresh settings: the least
/// time between fetches may not exceed the period of the regular ones.
fn jwks_settings(lookup: &impl Fn(&str) -> Option<String>) -> Result<JwksSettings, ConfigError> {
    let url = match lookup("TAM_JWKS_URL").filter(|v| !v.trim().is_empty()) {
        None => None,
        Some(value) => {
            let error = |reason: String| ConfigError {
                variable: "TAM_JWKS_URL".into(),
                value: value.clone(),
                reason,
            };
            let url = url::Url::parse(value.trim()).map_err(|e| error(e.to_string()))?;
            if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
                return Err(error("expected an http or https URL".into()));
            }
            Some(url)
        }
    };
    let refresh = Duration::from_secs(positive(lookup, "TAM_JWKS_REFRESH_SECS", 300)?);
    let min_refresh = Duration::from_secs(positive(lookup, "TAM_JWKS_MIN_REFRESH_SECS", 10)?);
    if min_refresh > refresh {
        return Err(ConfigError {
            variable: "TAM_JWKS_MIN_REFRESH_SECS".into(),
            value: min_refresh.as_secs().to_string(),
            reason: format!(
                "must not exceed TAM_JWKS_REFRESH_SECS ({})",
                refresh.as_secs()
            ),
        });
    }
    let cache_file = lookup("TAM_JWKS_CACHE_FILE")
        .filter(|v| !v.trim().is_empty())
        .map(PathBuf::from);
    Ok(JwksSettings {
        url,
        refresh,
        min_refresh,
        cache_file,
    })
}

/// A list of networks (`TAM_TRUSTED_PROXIES`, `TAM_LOGIN_SITE_NETWORKS`): CIDRs
/// (`10.0.0.0/8`) or single addresses.
fn networks(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &str,
) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let value = lookup(variable).unwrap_or_default();
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<ipnet::IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError {
                    variable: variable.into(),
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
            .field("environment", &self.environment)
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
    fn reporting_takes_its_own_prefetch_and_every_service_may_be_given_one() {
        let c = config(&[]).unwrap();
        let prefetch = |c: &Config, s| c.service_bus_settings(s).consumer.prefetch;
        assert_eq!(prefetch(&c, ServiceName::Reporting), 256);
        assert_eq!(prefetch(&c, ServiceName::Prospect), 32);
        let c = config(&[
            ("TAM_CONSUMER_PREFETCH", "64"),
            ("TAM_CALLING_CONSUMER_PREFETCH", "8"),
            ("TAM_REPORTING_CONSUMER_PREFETCH", "512"),
        ])
        .unwrap();
        assert_eq!(prefetch(&c, ServiceName::Prospect), 64);
        assert_eq!(prefetch(&c, ServiceName::Calling), 8);
        assert_eq!(prefetch(&c, ServiceName::Reporting), 512);
        let e = config(&[("TAM_REPORTING_CONSUMER_PREFETCH", "0")])
            .err()
            .unwrap();
        assert_eq!(e.variable, "TAM_REPORTING_CONSUMER_PREFETCH");
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
        let c = Config::from_variables([(
            "TAM_LOGIN_SITE_NETWORKS".to_owned(),
            "203.0.113.0/28, site".to_owned(),
        )])
        .unwrap();
        let e = c.networks_setting("TAM_LOGIN_SITE_NETWORKS").unwrap_err();
        assert_eq!(e.variable, "TAM_LOGIN_SITE_NETWORKS");
        assert!(e.reason.contains("\"site\""), "{e}");
        assert!(c.networks_setting("TAM_UNSET_NETWORKS").unwrap().is_empty());
    }

    #[test]
    fn the_jwks_is_off_by_default_and_checked_when_set() {
        let c = config(&[]).unwrap();
        assert_eq!(c.jwks_url, None);
        assert_eq!(c.jwks_refresh, Duration::from_secs(300));
        assert_eq!(c.jwks_min_refresh, Duration::from_secs(10));
        assert_eq!(c.jwks_cache_file, None);
        assert_eq!(config(&[("TAM_JWKS_URL", " ")]).unwrap().jwks_url, None);
        let c = config(&[
            ("TAM_JWKS_URL", "http://central-hr:8081/api/v1/auth/jwks"),
            ("TAM_JWKS_REFRESH_SECS", "60"),
            ("TAM_JWKS_MIN_REFRESH_SECS", "60"),
            ("TAM_JWKS_CACHE_FILE", "/var/cache/tam/jwks.json"),
        ])
        .unwrap();
        assert_eq!(
            c.jwks_url.unwrap().as_str(),
            "http://central-hr:8081/api/v1/auth/jwks"
        );
        assert_eq!(c.jwks_refresh, Duration::from_secs(60));
        assert_eq!(c.jwks_min_refresh, Duration::from_secs(60));
        assert_eq!(
            c.jwks_cache_file,
            Some(PathBuf::from("/var/cache/tam/jwks.json"))
        );
        for (variable, value) in [
            ("TAM_JWKS_URL", "central-hr:8081/jwks"),
            ("TAM_JWKS_URL", "ftp://central/jwks"),
            ("TAM_JWKS_URL", "not a url"),
            ("TAM_JWKS_REFRESH_SECS", "0"),
            ("TAM_JWKS_MIN_REFRESH_SECS", "0"),
            ("TAM_JWKS_MIN_REFRESH_SECS", "301"),
        ] {
            let e = config(&[(variable, value)]).err().unwrap();
            assert_eq!(e.variable, variable, "{value}: {e}");
        }
        let documented: Vec<&str> = VARIABLES.iter().map(|(name, _, _)| *name).collect();
        for name in [
            "TAM_JWKS_URL",
            "TAM_JWKS_REFRESH_SECS",
            "TAM_JWKS_MIN_REFRESH_SECS",
            "TAM_JWKS_CACHE_FILE",
        ] {
            assert!(documented.contains(&name), "{name}");
        }
    }

    #[test]
    fn debug_hides_passwords() {
        let c = config(&[("TAM_DATABASE_URL", "postgres://tam:s3cret@db:5432/tam")]).unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://tam:***@db:5432/tam"), "{shown}");
    }

    #[test]
    fn production_refuses_default_passwords() {
        let production = [("TAM_ENV", "production")];
        let c = config(&production).unwrap();
        let e = c
            .check_production_secrets(ServiceName::Hr, true, false)
            .err()
            .unwrap();
        assert_eq!(e.variable, "TAM_DATABASE_URL");
        assert!(!e.to_string().contains(":tam@"), "{e}");
        let e = c
            .check_production_secrets(ServiceName::Hr, false, true)
            .err()
            .unwrap();
        assert_eq!(e.variable, "TAM_AMQP_URL");
        // compose's defaults: a role's own name, the superuser's default, no password
        for url in [
            "postgres://tam_hr:tam_hr@db/tam",
            "postgres://postgres:postgres@db/tam",
            "postgres://tam_hr@db/tam",
        ] {
            let c = config(&[("TAM_ENV", "production"), ("TAM_DATABASE_URL", url)]).unwrap();
            assert!(
                c.check_production_secrets(ServiceName::Hr, true, false)
                    .is_err(),
                "{url}"
            );
        }
        let c = config(&[
            ("TAM_ENV", "production"),
            ("TAM_DATABASE_URL", "postgres://tam_hr:8f3a9c@db/tam"),
            ("TAM_AMQP_URL", "amqp://tam-hr:guest@mq:5672/%2f"),
            ("TAM_HR_AMQP_URL", "amqp://tam-hr:5be1d0@mq:5672/%2f"),
        ])
        .unwrap();
        assert!(c
            .check_production_secrets(ServiceName::Hr, true, true)
            .is_ok());
        // the gateway has neither: its defaults do not matter
        assert!(c
            .check_production_secrets(ServiceName::Gateway, false, false)
            .is_ok());
        let e = c
            .check_production_secrets(ServiceName::Prospect, true, true)
            .err()
            .unwrap();
        assert_eq!(e.variable, "TAM_AMQP_URL");
    }

    #[test]
    fn development_keeps_the_laptop_defaults() {
        let c = config(&[]).unwrap();
        assert_eq!(c.environment, Environment::Development);
        assert!(c
            .check_production_secrets(ServiceName::Hr, true, true)
            .is_ok());
        assert!(c.bus_settings().senders.trust_shared_user);
        let c = config(&[("TAM_ENV", "production")]).unwrap();
        assert!(!c.bus_settings().senders.trust_shared_user);
        assert_eq!(
            config(&[("TAM_ENV", "prod")]).err().unwrap().variable,
            "TAM_ENV"
        );
    }

    #[test]
    fn each_service_has_its_admin_port_and_broker_url() {
        let c = config(&[
            ("TAM_HR_ADMIN_PORT", "7001"),
            ("TAM_PROSPECT_AMQP_URL", "amqp://tam-prospect:x@mq/%2f"),
        ])
        .unwrap();
        assert_eq!(c.admin_port(ServiceName::Hr), 7001);
        assert_eq!(c.admin_port(ServiceName::Gateway), 9080);
        assert_eq!(c.amqp_url_of(ServiceName::Hr), c.amqp_url);
        assert_eq!(
            c.service_bus_settings(ServiceName::Prospect).amqp_url,
            "amqp://tam-prospect:x@mq/%2f"
        );
    }

    #[test]
    fn a_services_own_settings_are_read_from_the_variables_kept() {
        let c = Config::from_variables([
            ("TAM_X_LEASE_SECS".to_owned(), "90".to_owned()),
            ("TAM_X_SHARE".to_owned(), "101".to_owned()),
            ("TAM_X_ZERO".to_owned(), "0".to_owned()),
            ("TAM_HR_PORT".to_owned(), "9001".to_owned()),
        ])
        .unwrap();
        assert_eq!(c.port(ServiceName::Hr), 9001);
        assert_eq!(c.setting("TAM_X_LEASE_SECS", 300u64).unwrap(), 90);
        assert_eq!(c.setting("TAM_X_UNSET", 300u64).unwrap(), 300);
        assert_eq!(
            c.percent_setting("TAM_X_SHARE", 10).unwrap_err().variable,
            "TAM_X_SHARE"
        );
        assert_eq!(
            c.positive_setting("TAM_X_ZERO", 5u32).unwrap_err().variable,
            "TAM_X_ZERO"
        );
        let e = c.setting::<u64>("TAM_HR_PORT", 1).map(|_| ()).err();
        assert!(e.is_none());
        // Read through a lookup, a configuration keeps no variables: defaults.
        let c = config(&[("TAM_X_LEASE_SECS", "90")]).unwrap();
        assert_eq!(c.setting("TAM_X_LEASE_SECS", 300u64).unwrap(), 300);
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
