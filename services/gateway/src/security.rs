//! What the gateway puts around every answer: the request id, security headers, CORS and
//! per-client rate limits.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_cors::{Cors, CorsError};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tam_kernel::Problem;

use crate::settings::{RateLimit, RateLimits};

/// The request id header: kept from the client when sane, else generated; sent upstream
/// and echoed on the response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The strict policy of API responses: nothing may load, nothing may frame.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The docs page's policy: its own inline script and style, and fetches to itself.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
                            style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Whether a client's request id may be kept: 1 to 128 of `[A-Za-z0-9-_.]`.
pub fn sane_request_id(value: &[u8]) -> bool {
    !value.is_empty()
        && value.len() <= 128
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The request id of a request: the client's if sane, else a new UUID v7.
fn request_id(req: &ServiceRequest) -> HeaderValue {
    if let Some(value) = req.headers().get(&REQUEST_ID) {
        if sane_request_id(value.as_bytes()) {
            return value.clone();
        }
    }
    let id = uuid::Uuid::now_v7().to_string();
    HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}

/// The outermost middleware of the gateway's routes: sets the request id on the request
/// (so the proxy forwards it) and on the response, turns CORS refusals into problems, and
/// adds the security headers to every response.
pub async fn headers(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = request_id(&req);
    req.headers_mut().insert(REQUEST_ID, id.clone());
    // Handlers and the middleware inside answer errors as responses; an `Err` here
    // would come from actix itself.
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(cors) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<CorsError>())
    {
        let problem = Problem::bad_request(format!("CORS: {cors}"));
        let http_req = res.request().clone();
        res = ServiceResponse::new(http_req, problem.error_response());
    }
    let headers = res.headers_mut();
    headers.insert(REQUEST_ID, id);
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::STRICT_TRANSPORT_SECURITY, HSTS),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, API_CSP),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    Ok(res)
}

/// CORS for the configured origins (none: no cross-origin request is allowed, and a
/// browser gets no CORS headers to read an answer with).
pub fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            REQUEST_ID,
        ])
        .expose_headers([REQUEST_ID, header::RETRY_AFTER, header::LOCATION])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// The per-client-IP limiters, shared by every worker.
pub struct Limiters {
    general: DefaultKeyedRateLimiter<IpAddr>,
    login: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU64,
}

/// The routes that check a password, limited together by the login limit.
const CREDENTIAL_CHECKS: &[&str] = &["/api/v1/auth/login", "/api/v1/auth/password"];

/// How often (in checks) keys whose bucket is full again are forgotten.
const RETAIN_EVERY: u64 = 4096;

impl Limiters {
    pub fn new(limits: &RateLimits) -> anyhow::Result<Self> {
        Ok(Self {
            general: RateLimiter::keyed(quota(&limits.general, "general")?),
            login: RateLimiter::keyed(quota(&limits.login, "login")?),
            checks: AtomicU64::new(0),
        })
    }

    /// `Err(seconds to wait)` if `client` is over a limit for this request.
    pub fn check(&self, client: IpAddr, method: &Method, path: &str) -> Result<(), u32> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            self.general.retain_recent();
            self.login.retain_recent();
        }
        check(&self.general, client)?;
        if method == Method::POST && CREDENTIAL_CHECKS.contains(&path) {
            check(&self.login, client)?;
        }
        Ok(())
    }
}

fn check(limiter: &DefaultKeyedRateLimiter<IpAddr>, client: IpAddr) -> Result<(), u32> {
    limiter.check_key(&client).map_err(|not_until| {
        let wait = not_until.wait_time_from(limiter.clock().now());
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        u32::try_from(secs.max(1)).unwrap_or(u32::MAX)
    })
}

fn quota(limit: &RateLimit, name: &str) -> anyhow::Result<Quota> {
    let interval = limit.replenish_interval();
    let burst = NonZeroU32::new(limit.burst);
    match (interval.and_then(Quota::with_period), burst) {
        (Some(quota), Some(burst)) => Ok(quota.allow_burst(burst)),
        _ => anyhow::bail!("the {name} rate limit {limit:?} allows no request"),
    }
}

/// The key a client is limited under: its IP, an IPv6 client by its /64 (one host
/// usually holds the whole prefix).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

/// The client a request comes from. Behind a trusted proxy (an ingress controller) the
/// peer is the proxy, so the client is read from `X-Forwarded-For`, right to left: the
/// first address that is not itself a trusted proxy. Anything a client writes further
/// left is its own claim and is never believed; from an untrusted peer the header is
/// ignored altogether.
pub fn client_address(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    trusted: &[ipnet::IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(&ip.to_canonical()));
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(chain) = forwarded_for else {
        return peer;
    };
    for hop in chain.rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => continue,
            Ok(ip) => return ip,
            // A malformed entry: stop believing the chain at this point.
            Err(_) => break,
        }
    }
    peer
}

/// Refuses a request over its client's limit with 429 and `Retry-After`.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let shared = req
        .app_data::<actix_web::web::Data<crate::Shared>>()
        .cloned();
    if let Some(shared) = shared {
        let limiters = shared.limiters();
        let peer = req
            .peer_addr()
            .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip());
        let forwarded_for = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        let client = client_key(client_address(
            peer,
            forwarded_for,
            &shared.settings().trusted_proxies,
        ));
        if let Err(secs) = limiters.check(client, req.method(), req.path()) {
            tracing::info!(%client, path = req.path(), "rate limited");
            let problem = Problem::too_many_requests(secs).with_instance(req.path());
            return Ok(req.into_response(problem.error_response()));
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_checked() {
        assert!(sane_request_id(b"abc-DEF_1.2"));
        assert!(sane_request_id(&[b'a'; 128]));
        assert!(!sane_request_id(&[b'a'; 129]));
        assert!(!sane_request_id(b""));
        assert!(!sane_request_id(b"a b"));
        assert!(!sane_request_id(b"a\"<script>"));
    }

    #[test]
    fn the_client_is_read_from_x_forwarded_for_only_behind_a_trusted_proxy() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ingress: IpAddr = "10.1.2.3".parse().unwrap();
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        // Behind the ingress: the address the ingress appended.
        assert_eq!(
            client_address(ingress, Some("203.0.113.9"), &trusted),
            client
        );
        // A client's own claim further left is not believed.
        assert_eq!(
            client_address(ingress, Some("198.51.100.1, 203.0.113.9"), &trusted),
            client
        );
        // Two trusted hops: skipped.
        assert_eq!(
            client_address(ingress, Some("203.0.113.9, 10.9.9.9"), &trusted),
            client
        );
        // Not from a trusted proxy: the header is the client's own claim, ignored.
        assert_eq!(
            client_address(client, Some("198.51.100.1"), &trusted),
            client
        );
        // Nothing trusted configured: always the peer.
        assert_eq!(client_address(ingress, Some("203.0.113.9"), &[]), ingress);
        // No header, or garbage: the peer.
        assert_eq!(client_address(ingress, None, &trusted), ingress);
        assert_eq!(
            client_address(ingress, Some("not-an-ip"), &trusted),
            ingress
        );
    }

    #[test]
    fn ipv6_clients_are_limited_by_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(client_key(mapped), "10.1.2.3".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn login_is_limited_apart_from_the_rest() {
        let limits = RateLimits {
            general: RateLimit::per_second(1000, 1000),
            login: RateLimit::per_minute(2, 2),
        };
        let limiters = Limiters::new(&limits).unwrap();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let login = "/api/v1/auth/login";
        assert!(limiters.check(ip, &Method::POST, login).is_ok());
        assert!(limiters.check(ip, &Method::POST, login).is_ok());
        let wait = limiters.check(ip, &Method::POST, login).unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(limiters.check(ip, &Method::GET, "/api/v1/hr/teams").is_ok());
        assert!(limiters.check(other, &Method::POST, login).is_ok());
        // Changing a password checks one too: the same bucket.
        assert!(limiters
            .check(other, &Method::POST, "/api/v1/auth/password")
            .is_ok());
        assert!(limiters.check(other, &Method::POST, login).is_err());
    }

    #[test]
    fn a_limit_allowing_nothing_is_refused() {
        let limits = RateLimits {
            general: RateLimit::per_second(0, 10),
            login: RateLimit::per_minute(1, 1),
        };
        assert!(Limiters::new(&limits).is_err());
    }
}
