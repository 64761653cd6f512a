//! Forwarding to the owning service: path and query unchanged, bodies streamed both
//! ways (uploads of call lists and recordings never sit in memory), hop-by-hop headers
//! dropped, `x-forwarded-*` set, upstream failures answered as problems.

use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::SizedStream;
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use awc::error::{ConnectError, SendRequestError};
use futures::{Stream, StreamExt as _};
use tam_kernel::Problem;
use tokio::sync::Notify;

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
/// decompression (bodies pass through as they are), our own timeouts.
pub fn client(settings: &Settings) -> awc::Client {
    let connector = awc::Connector::new()
        .timeout(settings.connect_timeout)
        .limit(settings.max_upstream_connections);
    awc::Client::builder()
        .connector(connector)
        .disable_timeout()
        .disable_redirects()
        .no_default_headers()
        .finish()
}

/// Whether a header must not cross the gateway in either direction.
fn is_hop_by_hop(name: &HeaderName, named_by_connection: &[HeaderName]) -> bool {
    HOP_BY_HOP.contains(&name.as_str())
        || name.as_str().starts_with("proxy-")
        || named_by_connection.contains(name)
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
/// `x-forwarded-for` (the client's chain, then its address), `-proto` and `-host`.
/// `Authorization` passes: services verify the token again.
fn upstream_headers(req: &HttpRequest, out: &mut HeaderMap) {
    let headers = req.headers();
    let named = named_by_connection(headers);
    for (name, value) in headers.iter() {
        let ours = [
            header::HOST,
            header::CONTENT_LENGTH,
            header::EXPECT,
            X_FORWARDED_FOR,
            X_FORWARDED_PROTO,
            X_FORWARDED_HOST,
        ];
        if !is_hop_by_hop(name, &named) && !ours.contains(name) {
            out.append(name.clone(), value.clone());
        }
    }
    let mut chain: Vec<String> = headers
        .get_all(X_FORWARDED_FOR)
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect();
    if let Some(peer) = req.peer_addr() {
        chain.push(peer.ip().to_string());
    }
    if let Ok(value) = HeaderValue::from_str(&chain.join(", ")) {
        if !value.is_empty() {
            out.insert(X_FORWARDED_FOR, value);
        }
    }
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

/// Tells the service the client's address as the gateway resolved it (trusted proxies
/// applied), replacing anything the client sent under that name: hr throttles logins per
/// account and client address.
fn set_client_address(req: &HttpRequest, settings: &Settings, out: &mut HeaderMap) {
    let name = HeaderName::from_static(tam_kernel::CLIENT_ADDRESS);
    out.remove(&name);
    let Some(peer) = req.peer_addr() else {
        return;
    };
    let forwarded_for = req
        .headers()
        .get(X_FORWARDED_FOR)
        .and_then(|v| v.to_str().ok());
    let client =
        crate::security::client_address(peer.ip(), forwarded_for, &settings.trusted_proxies);
    if let Ok(value) = HeaderValue::from_str(&client.to_string()) {
        out.insert(name, value);
    }
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
}

/// The client's body on its way upstream, counted against the limit as it passes.
struct Upload {
    payload: web::Payload,
    sent: u64,
    limit: u64,
    state: Rc<UploadState>,
}

impl Stream for Upload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.payload.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.sent = this.sent.saturating_add(chunk.len() as u64);
                if this.sent > this.limit {
                    this.state.too_large.set(true);
                    this.state.done.notify_one();
                    return Poll::Ready(Some(Err(PayloadError::Overflow)));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(err))) => {
                this.state.client_failed.set(true);
                this.state.done.notify_one();
                Poll::Ready(Some(Err(err)))
            }
            Poll::Ready(None) => {
                this.state.done.notify_one();
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

fn too_large(limit: u64) -> Problem {
    Problem::payload_too_large(format!("the request body is larger than {limit} bytes"))
}

/// Forwards an authorized request to the service owning its path and streams the answer
/// back.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    shared: web::Data<Shared>,
    client: web::Data<awc::Client>,
) -> Result<HttpResponse, Problem> {
    let path = req.path();
    let Some((service, base)) = shared.upstream_for(path) else {
        return Err(
            Problem::not_found(format!("no route for {} {path}", req.method())).with_instance(path),
        );
    };
    let settings = shared.settings();
    let path_and_query = req.uri().path_and_query().map_or(path, |pq| pq.as_str());
    let mut upstream = client.request(req.method().clone(), format!("{base}{path_and_query}"));
    upstream_headers(&req, upstream.headers_mut());
    set_client_address(&req, settings, upstream.headers_mut());

    let length = content_length(req.headers());
    let chunked = req.head().chunked();
    if length.is_some_and(|len| len > settings.max_body_bytes) {
        return Err(too_large(settings.max_body_bytes).with_instance(path));
    }
    let state = Rc::new(UploadState::default());
    let upload = Upload {
        payload,
        sent: 0,
        limit: settings.max_body_bytes,
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
    let response = tokio::select! {
        response = send => response,
        () = after_body => return Err(timed_out(service, path)),
        () = actix_web::rt::time::sleep(cap) => return Err(timed_out(service, path)),
    };
    let response = match response {
        Ok(response) => response,
        Err(err) => return Err(send_failed(&err, &state, service, settings).with_instance(path)),
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
    Ok(match content_length(response.headers()) {
        Some(len) => builder.body(SizedStream::new(len, response)),
        None => builder.streaming(response),
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
    settings: &Settings,
) -> Problem {
    if state.too_large.get() {
        return too_large(settings.max_body_bytes);
    }
    if state.client_failed.get() {
        return Problem::bad_request("the request body broke off before its end");
    }
    match err {
        SendRequestError::Timeout | SendRequestError::Connect(ConnectError::Timeout) => {
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
        upstream_headers(&req, &mut out);
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
        assert_eq!(
            out.get("x-forwarded-for").unwrap(),
            "198.51.100.7, 192.0.2.1"
        );
        assert_eq!(out.get("x-forwarded-proto").unwrap(), "http");
        assert_eq!(out.get("x-forwarded-host").unwrap(), "api.tam.example");
    }
}
