//! Forwarding to the owning service: path and query unchanged, bodies streamed both
//! ways (uploads of call lists and recordings never sit in memory), hop-by-hop headers
//! dropped, `x-forwarded-*` set, upstream failures answered as problems.

use std::cell::{Cell, RefCell};
use std::future::Future as _;
use std::net::IpAddr;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::SizedStream;
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::uri::{self, Authority, PathAndQuery, Scheme};
use actix_web::http::{StatusCode, Uri};
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse};
use awc::error::{ConnectError, SendRequestError};
use futures::{Stream, StreamExt as _};
use tam_auth::Route;
use tam_kernel::Problem;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

use crate::access::Matched;
use crate::security::resolve_client;
use crate::settings::Settings;
use crate::Shared;

/// Headers that describe one connection, not the message (RFC 9110 §7.6.1), besides
/// every `proxy-*` header and those the `Connection` header names.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");

/// The upstream client of one worker: no redirects followed, no headers of its own, no
/// decompression (bodies pass through as they are), our own timeouts. Its pool has no
/// limit of its own: awc would wait for a free connection for ever, so [`Connections`]
/// bounds them, with a timeout. An idle pooled connection is dropped after half the
/// services' keep-alive: awc's default (15 s) outlives the services' 5 s, so the gateway
/// would reuse a connection the service was closing that instant and answer 502
/// ("connector has been disconnected"), seen once in the API fuzzing.
pub fn client(settings: &Settings) -> awc::Client {
    let connector = awc::Connector::new()
        .timeout(settings.connect_timeout)
        .conn_keep_alive(tam_runtime::KEEP_ALIVE / 2)
        .limit(0);
    awc::Client::builder()
        .connector(connector)
        .disable_timeout()
        .disable_redirects()
        .no_default_headers()
        .finish()
}

/// A service the gateway forwards to: its base URL (no trailing slash) and, when that
/// URL has no path of its own, its scheme and authority parsed once, so that a request's
/// upstream URI is put together from parts instead of formatted and parsed again.
pub(crate) struct Upstream {
    base: String,
    origin: Option<(Scheme, Authority)>,
}

impl Upstream {
    pub(crate) fn new(base: String) -> Self {
        let origin = base.parse::<Uri>().ok().and_then(|uri| {
            let bare = uri.path() == "/" && uri.query().is_none() && !base.ends_with('/');
            let parts = uri.into_parts();
            match (parts.scheme, parts.authority) {
                (Some(scheme), Some(authority)) if bare => Some((scheme, authority)),
                _ => None,
            }
        });
        Self { base, origin }
    }

    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// The URI of a request's path and query at this service (`Err`: the formatted URL,
    /// which does not parse).
    fn uri(&self, path_and_query: Option<&PathAndQuery>, path: &str) -> Result<Uri, String> {
        if let (Some((scheme, authority)), Some(pq)) = (&self.origin, path_and_query) {
            let mut parts = uri::Parts::default();
            parts.scheme = Some(scheme.clone());
            parts.authority = Some(authority.clone());
            parts.path_and_query = Some(pq.clone());
            if let Ok(uri) = Uri::from_parts(parts) {
                return Ok(uri);
            }
        }
        let pq = path_and_query.map_or(path, PathAndQuery::as_str);
        let url = format!("{}{pq}", self.base);
        url.parse().map_err(|_| url)
    }
}

/// The upstream connections one worker may use at once (`max_upstream_connections`),
/// each held from sending the request to the end of the response body.
pub struct Connections {
    permits: Arc<Semaphore>,
    acquire_timeout: Duration,
}

impl Connections {
    pub fn new(settings: &Settings) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(settings.max_upstream_connections)),
            acquire_timeout: settings.acquire_timeout,
        }
    }

    /// A connection's permit, or `None` when none came free in time.
    async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        // A free one is taken at once, without arming a timer.
        if let Ok(permit) = Arc::clone(&self.permits).try_acquire_owned() {
            return Some(permit);
        }
        let permit = Arc::clone(&self.permits).acquire_owned();
        actix_web::rt::time::timeout(self.acquire_timeout, permit)
            .await
            .ok()?
            .ok()
    }
}

/// The largest body the request's route takes: the upload limit on a route its row
/// marks as an upload (a DAPROS call list, a call recording), the JSON one elsewhere.
fn body_limit(settings: &Settings, route: &Route) -> u64 {
    if route.upload {
        settings.max_upload_bytes
    } else {
        settings.max_body_bytes
    }
}

/// Whether a header must not cross the gateway in either direction.
fn is_hop_by_hop(name: &HeaderName, named_by_connection: &[HeaderName]) -> bool {
    let name_str = name.as_str();
    HOP_BY_HOP.contains(&name_str)
        || name_str.starts_with("proxy-")
        || (!named_by_connection.is_empty() && named_by_connection.contains(name))
}

/// The headers a `Connection` header names (`Connection: close, x-foo`).
fn named_by_connection(headers: &HeaderMap) -> Vec<HeaderName> {
    headers
        .get_all(header::CONNECTION)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|token| HeaderName::from_bytes(token.trim().as_bytes()).ok())
        .collect()
}

/// The request headers for the upstream: the client's minus hop-by-hop ones, `Host`
/// (the upstream's own is sent) and `Expect` (already answered here), plus
/// `x-forwarded-for` (exactly the client's address as resolved, never the chain a
/// client may have written), `-proto` and `-host`. `Authorization` passes: services
/// verify the token again.
fn upstream_headers(req: &HttpRequest, client: &HeaderValue, out: &mut HeaderMap) {
    let headers = req.headers();
    let named = named_by_connection(headers);
    out.reserve(headers.len() + 4);
    for (name, value) in headers.iter() {
        if !is_hop_by_hop(name, &named) && !set_by_the_gateway(name) {
            out.append(name.clone(), value.clone());
        }
    }
    out.insert(X_FORWARDED_FOR, client.clone());
    let proto = if req.app_config().secure() {
        "https"
    } else {
        "http"
    };
    out.insert(X_FORWARDED_PROTO, HeaderValue::from_static(proto));
    if let Some(host) = headers.get(header::HOST) {
        out.insert(X_FORWARDED_HOST, host.clone());
    }
}

/// The request headers the gateway writes itself (or, for `content-length` and
/// `expect`, leaves to its client), never copied from the client's.
fn set_by_the_gateway(name: &HeaderName) -> bool {
    name == header::HOST
        || name == header::CONTENT_LENGTH
        || name == header::EXPECT
        || name == X_FORWARDED_FOR
        || name == X_FORWARDED_PROTO
        || name == X_FORWARDED_HOST
}

/// Tells the service the client's address as the gateway resolved it (trusted proxies
/// applied), replacing anything the client sent under that name: hr throttles logins per
/// account and client address.
fn set_client_address(client: &HeaderValue, out: &mut HeaderMap) {
    out.insert(
        HeaderName::from_static(tam_kernel::CLIENT_ADDRESS),
        client.clone(),
    );
}

thread_local! {
    /// The last client address of this worker thread and its header value: a client
    /// sends many requests in a row, and formatting the address (two allocations) was
    /// 1% of a proxied request's instructions.
    static LAST_ADDRESS: RefCell<Option<(IpAddr, HeaderValue)>> = const { RefCell::new(None) };
}

/// The resolved client address as a header value (an IP address always is one).
fn address_value(client: IpAddr) -> HeaderValue {
    LAST_ADDRESS.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((ip, value)) = last.as_ref() {
            if *ip == client {
                return value.clone();
            }
        }
        let value = HeaderValue::from_maybe_shared(Bytes::from(client.to_string()))
            .unwrap_or_else(|_| HeaderValue::from_static("0.0.0.0"));
        *last = Some((client, value.clone()));
        value
    })
}

/// Whether the request's body comes chunked (`Transfer-Encoding: chunked`, the only
/// body of unknown length HTTP/1.1 allows). actix's `RequestHead::chunked` is about the
/// response, not this.
pub(crate) fn chunked_body(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::TRANSFER_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| coding.trim().eq_ignore_ascii_case("chunked"))
}

/// Whether a request comes with a body.
pub(crate) fn has_body(headers: &HeaderMap) -> bool {
    chunked_body(headers) || content_length(headers).is_some_and(|len| len > 0)
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// What the request body stream tells the forwarding code.
#[derive(Default)]
struct UploadState {
    /// Notified once the body has been read to its end (or failed).
    done: Notify,
    /// The body passed the size limit.
    too_large: Cell<bool>,
    /// The client's body broke off or was malformed.
    client_failed: Cell<bool>,
    /// The client's body stalled longer than the idle timeout.
    stalled: Cell<bool>,
}

/// The client's body on its way upstream, counted against the limit as it passes, and
/// failed when the client stalls for longer than `idle` while the upstream waits for it.
struct Upload {
    payload: web::Payload,
    sent: u64,
    limit: u64,
    idle: Duration,
    /// Running while the upstream asked for more and the client had none: the idle
    /// clock does not run while the upstream is the one not reading.
    stall: Option<Pin<Box<Sleep>>>,
    state: Rc<UploadState>,
}

impl Stream for Upload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.payload.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.stall = None;
                this.sent = this.sent.saturating_add(chunk.len() as u64);
                if this.sent > this.limit {
                    this.state.too_large.set(true);
                    this.state.done.notify_one();
                    return Poll::Ready(Some(Err(PayloadError::Overflow)));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(err))) => {
                this.stall = None;
                this.state.client_failed.set(true);
                this.state.done.notify_one();
                Poll::Ready(Some(Err(err)))
            }
            Poll::Ready(None) => {
                this.state.done.notify_one();
                Poll::Ready(None)
            }
            Poll::Pending => {
                let idle = this.idle;
                let stall = this
                    .stall
                    .get_or_insert_with(|| Box::pin(actix_web::rt::time::sleep(idle)));
                if stall.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.stall = None;
                this.state.stalled.set(true);
                this.state.done.notify_one();
                let stalled =
                    std::io::Error::new(std::io::ErrorKind::TimedOut, "the request body stalled");
                Poll::Ready(Some(Err(PayloadError::Io(stalled))))
            }
        }
    }
}

fn too_large(limit: u64) -> Problem {
    Problem::payload_too_large(format!("the request body is larger than {limit} bytes"))
}

fn stalled(idle: Duration) -> Problem {
    Problem::new(
        StatusCode::REQUEST_TIMEOUT,
        "request-timeout",
        "Request timeout",
        format!(
            "the request body stalled for more than {} seconds",
            idle.as_secs_f32()
        ),
    )
}

fn saturated(service: &str) -> Problem {
    Problem::service_unavailable(format!(
        "the gateway could not get a connection to the {service} service in time; retry shortly"
    ))
    .with_retry_after(1)
}

/// An upstream response body, holding its connection's permit until it ends.
struct Held<S> {
    body: S,
    _permit: OwnedSemaphorePermit,
}

impl<S: Stream + Unpin> Stream for Held<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.poll_next_unpin(cx)
    }
}

/// Forwards an authorized request to the service owning its path and streams the answer
/// back.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    shared: web::Data<Shared>,
    client: web::Data<awc::Client>,
    connections: web::Data<Connections>,
) -> Result<HttpResponse, Problem> {
    let path = req.path();
    // The access check found the row and left it in the extensions; a request with
    // none never gets here.
    let matched = req.extensions().get::<Matched>().map(|m| m.0);
    let Some(row) = matched.or_else(|| shared.router().find(req.method().as_str(), path).copied())
    else {
        return Err(
            Problem::not_found(format!("no route for {} {path}", req.method())).with_instance(path),
        );
    };
    let Some((service, base)) = shared.upstream_for(&row) else {
        return Err(
            Problem::not_found(format!("no route for {} {path}", req.method())).with_instance(path),
        );
    };
    let settings = shared.settings();
    let mut upstream = match base.uri(req.uri().path_and_query(), path) {
        Ok(uri) => client.request(req.method().clone(), uri),
        // Not a URI: awc's answer to it (a failed send, 502) as before.
        Err(url) => client.request(req.method().clone(), url),
    };
    let client_address = address_value(resolve_client(&req, &settings.trusted_proxies));
    upstream_headers(&req, &client_address, upstream.headers_mut());
    set_client_address(&client_address, upstream.headers_mut());

    let length = content_length(req.headers());
    let chunked = chunked_body(req.headers());
    let limit = body_limit(settings, &row.route);
    if length.is_some_and(|len| len > limit) {
        return Err(too_large(limit).with_instance(path));
    }
    let Some(permit) = connections.acquire().await else {
        tracing::warn!(service, "no upstream connection free in time");
        return Err(saturated(service).with_instance(path));
    };
    let state = Rc::new(UploadState::default());
    let upload = Upload {
        payload,
        sent: 0,
        limit,
        idle: settings.body_idle_timeout,
        stall: None,
        state: Rc::clone(&state),
    };
    let (send, has_body) = match length {
        Some(len) if len > 0 => (upstream.send_body(SizedStream::new(len, upload)), true),
        None if chunked => (upstream.send_stream(upload), true),
        _ => (upstream.send(), false),
    };
    // The response timeout runs from the end of the body; a body never read to its end
    // is bounded by the upload timeout.
    let after_body = async {
        if has_body {
            state.done.notified().await;
        }
        actix_web::rt::time::sleep(settings.response_timeout).await;
    };
    let cap = if has_body {
        settings.upload_timeout
    } else {
        settings.response_timeout
    };
    let response = if has_body {
        tokio::select! {
            response = send => response,
            () = after_body => return Err(timed_out(service, path)),
            () = actix_web::rt::time::sleep(cap) => return Err(timed_out(service, path)),
        }
    } else {
        // Without a body both clocks start now and say the same: one timer.
        match actix_web::rt::time::timeout(cap, send).await {
            Ok(response) => response,
            Err(_) => return Err(timed_out(service, path)),
        }
    };
    let response = match response {
        Ok(response) => response,
        Err(err) => {
            return Err(send_failed(&err, &state, service, limit, settings).with_instance(path))
        }
    };

    let status = response.status();
    let mut builder = HttpResponse::build(status);
    let named = named_by_connection(response.headers());
    for (name, value) in response.headers().iter() {
        if !is_hop_by_hop(name, &named) && name != header::CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    if status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
    {
        return Ok(builder.finish());
    }
    let length = content_length(response.headers());
    let body = Held {
        body: response,
        _permit: permit,
    };
    Ok(match length {
        Some(len) => builder.body(SizedStream::new(len, body)),
        None => builder.streaming(body),
    })
}

fn timed_out(service: &str, path: &str) -> Problem {
    tracing::warn!(service, path, "upstream timed out");
    Problem::gateway_timeout()
        .with_detail(format!("the {service} service did not answer in time"))
        .with_instance(path)
}

fn send_failed(
    err: &SendRequestError,
    state: &UploadState,
    service: &str,
    limit: u64,
    settings: &Settings,
) -> Problem {
    if state.too_large.get() {
        return too_large(limit);
    }
    if state.stalled.get() {
        return stalled(settings.body_idle_timeout);
    }
    if state.client_failed.get() {
        return Problem::bad_request("the request body broke off before its end");
    }
    match err {
        SendRequestError::Connect(ConnectError::Timeout) => {
            tracing::warn!(service, error = %err, "upstream connect timed out");
            saturated(service)
        }
        SendRequestError::Timeout => {
            tracing::warn!(service, error = %err, "upstream timed out");
            Problem::gateway_timeout()
                .with_detail(format!("the {service} service did not answer in time"))
        }
        SendRequestError::Connect(_) => {
            tracing::warn!(service, error = %err, "upstream unreachable");
            Problem::bad_gateway().with_detail(format!("the {service} service is unreachable"))
        }
        _ => {
            tracing::warn!(service, error = %err, "upstream failed");
            Problem::bad_gateway()
                .with_detail(format!("the {service} service did not answer properly"))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn the_upstream_uri_is_the_base_url_then_the_request_s_path_and_query() {
        let pq = |s: &str| s.parse::<PathAndQuery>().unwrap();
        let bare = Upstream::new("http://127.0.0.1:8081".to_owned());
        assert!(bare.origin.is_some());
        let uri = bare.uri(Some(&pq("/api/v1/x/7?a=1&b=%20")), "/api/v1/x/7");
        assert_eq!(
            uri.unwrap().to_string(),
            "http://127.0.0.1:8081/api/v1/x/7?a=1&b=%20"
        );
        // A base with a path of its own keeps it in front of the request's.
        let prefixed = Upstream::new("https://hr.internal/tam".to_owned());
        assert!(prefixed.origin.is_none());
        let uri = prefixed.uri(Some(&pq("/api/v1/auth/me")), "/api/v1/auth/me");
        assert_eq!(
            uri.unwrap().to_string(),
            "https://hr.internal/tam/api/v1/auth/me"
        );
        // No path-and-query on the request: its path.
        let uri = bare.uri(None, "/api/v1/auth/me");
        assert_eq!(
            uri.unwrap().to_string(),
            "http://127.0.0.1:8081/api/v1/auth/me"
        );
        // Not a URL at all: handed back formatted, for awc to refuse as before.
        assert!(Upstream::new("not a url".to_owned())
            .uri(None, "/api/v1/auth/me")
            .is_err());
    }

    #[test]
    fn the_client_address_value_is_the_address_however_often_asked() {
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "2001:db8::1".parse().unwrap();
        for ip in [a, a, b, a, b, b] {
            assert_eq!(address_value(ip), ip.to_string().as_str());
        }
    }

    #[test]
    fn a_body_is_a_positive_length_or_chunked() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.append(
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                );
            }
            map
        };
        assert!(!has_body(&headers(&[])));
        assert!(!has_body(&headers(&[("content-length", "0")])));
        assert!(has_body(&headers(&[("content-length", "12")])));
        assert!(has_body(&headers(&[(
            "transfer-encoding",
            "gzip, Chunked"
        )])));
        assert!(!has_body(&headers(&[("transfer-encoding", "gzip")])));
    }

    #[test]
    fn a_route_marked_upload_takes_the_large_limit_and_every_other_the_small_one() {
        use tam_auth::{route, Access};
        let settings = Settings::default();
        let file = route("PUT", "/api/v1/x/{id}/file", Access::AnyRole).upload();
        let json = route("POST", "/api/v1/x/{id}", Access::AnyRole);
        assert_eq!(body_limit(&settings, &file), settings.max_upload_bytes);
        assert_eq!(body_limit(&settings, &json), settings.max_body_bytes);
        assert_eq!(settings.max_body_bytes, 64 * 1024);
    }

    #[test]
    fn hop_by_hop_headers_and_those_named_by_connection_are_dropped() {
        let req = TestRequest::default()
            .insert_header((header::CONNECTION, "keep-alive, X-Secret-Hop"))
            .insert_header(("keep-alive", "timeout=5"))
            .insert_header(("proxy-authorization", "Basic abc"))
            .insert_header((header::TE, "trailers"))
            .insert_header((header::UPGRADE, "websocket"))
            .insert_header(("x-secret-hop", "1"))
            .insert_header((header::HOST, "api.tam.example"))
            .insert_header((header::AUTHORIZATION, "Bearer t"))
            .insert_header(("x-forwarded-for", "198.51.100.7"))
            .insert_header(("x-forwarded-proto", "https"))
            .peer_addr("192.0.2.1:5555".parse().unwrap())
            .to_http_request();
        let mut out = HeaderMap::new();
        upstream_headers(&req, &address_value("192.0.2.1".parse().unwrap()), &mut out);
        for gone in [
            "connection",
            "keep-alive",
            "proxy-authorization",
            "te",
            "upgrade",
            "x-secret-hop",
            "host",
        ] {
            assert!(!out.contains_key(gone), "{gone} was forwarded");
        }
        assert_eq!(out.get("authorization").unwrap(), "Bearer t");
        // The resolved client only, never the chain the client sent.
        assert_eq!(out.get("x-forwarded-for").unwrap(), "192.0.2.1");
        assert_eq!(out.get("x-forwarded-proto").unwrap(), "http");
        assert_eq!(out.get("x-forwarded-host").unwrap(), "api.tam.example");
    }
}
