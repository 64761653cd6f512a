//! What the gateway puts around every answer: the request id, security headers, CORS and
//! per-client rate limits.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use actix_cors::{Cors, CorsError};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage as _, HttpRequest, ResponseError};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tam_kernel::Problem;
pub use tam_runtime::client_address;
use tam_runtime::RequestId;

use crate::limits::{FailedChecks, UploadSlots};
use crate::proxy::has_body;
use crate::settings::{RateLimit, Settings};

/// The request id header: kept from the client when sane, else generated; sent upstream
/// and echoed on the response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The strict policy of API responses: nothing may load, nothing may frame.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The docs page's policy: its own inline script and style, and fetches to itself.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
                            style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The request id of a request: the one its log span chose (the runtime's
/// [`tam_runtime::RequestId`]: the client's if sane, else a new UUID v7), or the same
/// choice made here when the gateway runs without the runtime's logger (tests, bench).
fn request_id(req: &ServiceRequest) -> HeaderValue {
    let chosen = req.extensions().get::<RequestId>().cloned();
    chosen.unwrap_or_else(|| RequestId::of(req.request())).0
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

/// The per-client-IP limits, shared by every worker.
pub struct Limiters {
    general: DefaultKeyedRateLimiter<IpAddr>,
    failed_checks: FailedChecks,
    /// The failed checks of addresses inside a site network, under their own limit.
    site_failed_checks: FailedChecks,
    site_networks: Vec<ipnet::IpNet>,
    uploads: Arc<UploadSlots>,
    checks: AtomicU64,
}

/// The routes that check a secret (a password, or a new account's one-time activation
/// code, which is as guessable), limited together by the failed-login limit.
const CREDENTIAL_CHECKS: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/password",
    "/api/v1/auth/activate",
];

/// How often (in checks) keys whose bucket is full again are forgotten.
const RETAIN_EVERY: u64 = 4096;

/// Whether a request checks a password.
fn is_credential_check(method: &Method, path: &str) -> bool {
    method == Method::POST && CREDENTIAL_CHECKS.contains(&path)
}

/// Whether hr refused a password check: a wrong password (401), or a lock that earlier
/// wrong ones earned (429). A success, the `403 password-change-required` of a right
/// password, a malformed request (no password checked) and an upstream failure are not.
fn check_failed(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
    )
}

impl Limiters {
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        Ok(Self {
            general: RateLimiter::keyed(quota(&settings.rate_limits.general, "general")?),
            failed_checks: FailedChecks::new(&settings.rate_limits.login)?,
            site_failed_checks: FailedChecks::new(&settings.rate_limits.site_login)?,
            site_networks: settings.site_networks.clone(),
            uploads: UploadSlots::new(settings.uploads_per_client)?,
            checks: AtomicU64::new(0),
        })
    }

    /// The failed-check limit of a resolved client address: its site network's, if it
    /// is in one.
    fn failed_checks_of(&self, client: IpAddr) -> &FailedChecks {
        let client = client.to_canonical();
        if self.site_networks.iter().any(|net| net.contains(&client)) {
            &self.site_failed_checks
        } else {
            &self.failed_checks
        }
    }

    /// `Err(seconds to wait)` if `client` is over the general limit.
    pub fn check(&self, client: IpAddr) -> Result<(), u32> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            self.general.retain_recent();
        }
        self.general.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.general.clock().now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            u32::try_from(secs.max(1)).unwrap_or(u32::MAX)
        })
    }
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

/// The client address of a request as the gateway resolved it (trusted proxies
/// applied), in the request's extensions: the limits count it and the proxy forwards it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

/// The resolved client of a request.
pub fn resolve_client(req: &HttpRequest, trusted: &[ipnet::IpNet]) -> IpAddr {
    if let Some(ClientAddress(ip)) = req.extensions().get::<ClientAddress>() {
        return *ip;
    }
    let peer = req
        .peer_addr()
        .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip());
    let forwarded_for = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    client_address(peer, forwarded_for, trusted)
}

/// The per-client limits, each refused with 429 and `Retry-After`: the general rate, the
/// failed password checks (a check counts from when it is forwarded and is given back
/// unless hr refused it), and the requests with a body in flight.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(shared) = req
        .app_data::<actix_web::web::Data<crate::Shared>>()
        .cloned()
    else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let limiters = shared.limiters();
    let resolved = resolve_client(req.request(), &shared.settings().trusted_proxies);
    req.extensions_mut().insert(ClientAddress(resolved));
    let client = client_key(resolved);
    let refuse = |req: ServiceRequest, problem: Problem| {
        tracing::info!(%client, path = req.path(), detail = %problem.detail, "rate limited");
        let problem = problem.with_instance(req.path());
        Ok(req.into_response(problem.error_response()))
    };
    if let Err(secs) = limiters.check(client) {
        return refuse(req, Problem::too_many_requests(secs));
    }
    let credential_check = is_credential_check(req.method(), req.path());
    let failed_checks = limiters.failed_checks_of(resolved);
    if credential_check {
        if let Err(secs) = failed_checks.take(client, Instant::now()) {
            let problem = Problem::too_many_requests(secs).with_detail(format!(
                "too many failed password checks from this address; retry after {secs} seconds"
            ));
            return refuse(req, problem);
        }
    }
    let slot = if has_body(req.headers()) {
        match limiters.uploads.enter(client) {
            Some(slot) => Some(slot),
            None => {
                if credential_check {
                    failed_checks.give_back(client);
                }
                let problem = Problem::too_many_requests(1).with_detail(format!(
                    "more than {} requests with a body at once from this address; retry after 1 second",
                    shared.settings().uploads_per_client
                ));
                return refuse(req, problem);
            }
        }
    } else {
        None
    };
    let result = next.call(req).await;
    drop(slot);
    if credential_check {
        let failed = result.as_ref().is_ok_and(|res| check_failed(res.status()));
        if !failed {
            failed_checks.give_back(client);
        }
    }
    Ok(result?.map_into_boxed_body())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_limited_by_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(client_key(mapped), "10.1.2.3".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn only_refused_password_checks_count() {
        assert!(is_credential_check(&Method::POST, "/api/v1/auth/login"));
        assert!(is_credential_check(&Method::POST, "/api/v1/auth/password"));
        assert!(is_credential_check(&Method::POST, "/api/v1/auth/activate"));
        assert!(!is_credential_check(&Method::GET, "/api/v1/auth/login"));
        assert!(!is_credential_check(&Method::POST, "/api/v1/auth/refresh"));
        assert!(check_failed(StatusCode::UNAUTHORIZED));
        assert!(check_failed(StatusCode::TOO_MANY_REQUESTS));
        for not in [
            StatusCode::OK,
            StatusCode::NO_CONTENT,
            StatusCode::FORBIDDEN,
            StatusCode::BAD_REQUEST,
            StatusCode::BAD_GATEWAY,
        ] {
            assert!(!check_failed(not), "{not}");
        }
    }

    #[test]
    fn a_site_network_has_its_own_failed_login_limit() {
        let settings = Settings {
            site_networks: vec!["203.0.113.0/28".parse().unwrap()],
            ..Settings::default()
        };
        let limiters = Limiters::new(&settings).unwrap();
        let site: IpAddr = "203.0.113.9".parse().unwrap();
        let mapped: IpAddr = "::ffff:203.0.113.9".parse().unwrap();
        let elsewhere: IpAddr = "203.0.113.99".parse().unwrap();
        assert!(std::ptr::eq(
            limiters.failed_checks_of(site),
            &limiters.site_failed_checks
        ));
        assert!(std::ptr::eq(
            limiters.failed_checks_of(mapped),
            &limiters.site_failed_checks
        ));
        assert!(std::ptr::eq(
            limiters.failed_checks_of(elsewhere),
            &limiters.failed_checks
        ));
    }

    #[test]
    fn a_limit_allowing_nothing_is_refused() {
        let mut settings = Settings::default();
        settings.rate_limits.general = RateLimit::per_second(0, 10);
        assert!(Limiters::new(&settings).is_err());
    }
}
