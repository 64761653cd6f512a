//! The gateway's tunables. Production uses [`Settings::default`]; tests and the bench
//! build tighter or looser ones.

use std::time::Duration;

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
