//! The gateway's tunables. Production uses [`Settings::default`]; tests and the bench
//! build tighter or looser ones.

use std::time::Duration;

/// Timeouts, the body limit and the rate limits of the gateway.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Connecting to an upstream service; past it the client gets 504.
    pub connect_timeout: Duration,
    /// From the end of the request body (or the start, for a request without one) to the
    /// upstream's response head; past it the client gets 504. Streaming the response body
    /// afterwards is not limited (recordings may be large).
    pub response_timeout: Duration,
    /// The whole of a request that has a body, until the upstream's response head: the
    /// bound for an upload that the upstream never finishes reading.
    pub upload_timeout: Duration,
    /// The largest request body forwarded; a larger one is refused with 413, up front
    /// when `Content-Length` says so, else as soon as the stream passes the limit.
    pub max_body_bytes: u64,
    /// Fetching one service's `/openapi.json` for the merged document.
    pub openapi_timeout: Duration,
    /// Upstream connections kept per worker (all services together).
    pub max_upstream_connections: usize,
    /// Requests per client IP.
    pub rate_limits: RateLimits,
    /// Proxies whose `X-Forwarded-For` names the client (see [`crate::security::client_address`]).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(2),
            response_timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(15 * 60),
            max_body_bytes: 512 * 1024 * 1024,
            openapi_timeout: Duration::from_secs(2),
            max_upstream_connections: 1024,
            rate_limits: RateLimits::default(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Per-client-IP limits: one on everything, a stricter one on the requests that check a
/// password (`POST /api/v1/auth/login` and `/password`), which count against both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub general: RateLimit,
    pub login: RateLimit,
}

impl Default for RateLimits {
    /// The general limit is abuse protection, not a quota: the agents of a whole site
    /// may reach the gateway from one NAT address. The login limit guards against
    /// password guessing; hr also locks out a username after repeated failures.
    fn default() -> Self {
        Self {
            general: RateLimit::per_second(500, 1000),
            login: RateLimit::per_minute(10, 10),
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
