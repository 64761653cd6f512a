//! The root span of every request carries the `x-request-id` the gateway set (or the
//! client sent), so a request's log lines in every service and the events it caused
//! (their `correlation_id`) can be joined.
//!
//! Both the id and the client address come from a client, so the span takes neither as
//! written: the id only when [`tam_kernel::sane_request_id`] (else a new UUID v7), the
//! address as resolved ([`crate::client`]), never the raw `X-Forwarded-For` chain that
//! tracing-actix-web's own span logs.
//!
//! The span's fields are formatted only when a line is written inside the span
//! ([`DeferredSpanFields`]): the fmt layer formats a span's fields as soon as the span is
//! created, and a successful request writes no line at all, so that work was thrown away
//! on almost every request of every service (36k of the gateway's ~133k instructions per
//! proxied request in a profile, issue 19). The values are kept, unformatted, beside the
//! span until an event needs them; the lines keep the same fields with the same names.

use std::cell::RefCell;
use std::net::IpAddr;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::http::uri::PathAndQuery;
use actix_web::http::{Method, Version};
use actix_web::{Error, HttpMessage as _};
use tracing::field::{debug, display, Empty, Value};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Span, Subscriber};
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::fmt::{FormatFields, FormattedFields};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

use crate::client::logged_client;

/// The id of a request as its span logs it, in the request's extensions: the gateway
/// sends this one upstream and echoes it, so the logs and the answer agree.
#[derive(Debug, Clone)]
pub struct RequestId(pub HeaderValue);

impl RequestId {
    /// The client's id when sane, else a new UUID v7.
    pub fn of(request: &actix_web::HttpRequest) -> Self {
        match request.headers().get(tam_kernel::REQUEST_ID) {
            Some(value) if tam_kernel::sane_request_id(value.as_bytes()) => Self(value.clone()),
            _ => Self::generate(),
        }
    }

    fn generate() -> Self {
        let id = uuid::Uuid::now_v7().to_string();
        Self(HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("invalid")))
    }

    pub fn as_str(&self) -> &str {
        self.0.to_str().unwrap_or("")
    }
}

/// The name of the request's span, by which [`DeferredSpanFields`] knows it.
const SPAN_NAME: &str = "HTTP request";

/// A request's span fields, unformatted: cheap copies (shared buffers, `Copy` values)
/// of what the span would have formatted at its start.
struct RequestFields {
    method: Method,
    route: Option<String>,
    flavor: Version,
    scheme: String,
    client: Option<IpAddr>,
    user_agent: Option<HeaderValue>,
    target: Option<PathAndQuery>,
    request_id: Option<tracing_actix_web::RequestId>,
    x_request_id: HeaderValue,
}

fn header_str(value: Option<&HeaderValue>) -> &str {
    value.and_then(|v| v.to_str().ok()).unwrap_or("")
}

impl RequestFields {
    fn of(request: &ServiceRequest, id: &RequestId) -> Self {
        Self {
            method: request.method().clone(),
            route: request.match_pattern(),
            flavor: request.version(),
            scheme: request.connection_info().scheme().to_owned(),
            client: logged_client(request),
            user_agent: request.headers().get("user-agent").cloned(),
            target: request.uri().path_and_query().cloned(),
            request_id: request
                .extensions()
                .get::<tracing_actix_web::RequestId>()
                .copied(),
            x_request_id: id.0.clone(),
        }
    }

    /// Hands the values to `f` as tracing values, by field name, as the span's fields
    /// of tracing-actix-web's `root_span!` (so the logs keep their shape), with the
    /// client address resolved instead of `realip_remote_addr`.
    fn with_values<R>(&self, f: impl FnOnce(&[(&'static str, &dyn Value); 9]) -> R) -> R {
        let client = self.client.map(|ip| ip.to_string());
        let request_id = self.request_id.map(|id| id.to_string());
        f(&[
            ("http.method", &display(&self.method)),
            (
                "http.route",
                &display(self.route.as_deref().unwrap_or("default")),
            ),
            ("http.flavor", &debug(self.flavor)),
            ("http.scheme", &display(&self.scheme)),
            ("http.client_ip", &display(client.as_deref().unwrap_or(""))),
            (
                "http.user_agent",
                &display(header_str(self.user_agent.as_ref())),
            ),
            (
                "http.target",
                &display(self.target.as_ref().map_or("", PathAndQuery::as_str)),
            ),
            ("request_id", &display(request_id.as_deref().unwrap_or(""))),
            (
                "x_request_id",
                &display(header_str(Some(&self.x_request_id))),
            ),
        ])
    }

    /// Records the values into a span the usual way (no [`DeferredSpanFields`] layer).
    fn record(&self, span: &Span) {
        self.with_values(|values| {
            for (name, value) in values {
                span.record(*name, *value);
            }
        });
    }

    /// Adds the values to the span's formatted fields, as a `record` would.
    fn add_to<N>(
        &self,
        metadata: &'static Metadata<'static>,
        current: &mut FormattedFields<N>,
        fmt: &N,
    ) where
        N: for<'w> FormatFields<'w> + 'static,
    {
        let fields = metadata.fields();
        self.with_values(|values| {
            let named = values.map(|(name, value)| (fields.field(name), value));
            // All nine are the span's own fields (`on_request_start`); a span of another
            // shape is left as it is rather than half filled.
            let [(Some(f0), v0), (Some(f1), v1), (Some(f2), v2), (Some(f3), v3), (Some(f4), v4), (Some(f5), v5), (Some(f6), v6), (Some(f7), v7), (Some(f8), v8)] =
                named
            else {
                return;
            };
            let pairs = [
                (&f0, Some(v0)),
                (&f1, Some(v1)),
                (&f2, Some(v2)),
                (&f3, Some(v3)),
                (&f4, Some(v4)),
                (&f5, Some(v5)),
                (&f6, Some(v6)),
                (&f7, Some(v7)),
                (&f8, Some(v8)),
            ];
            let set = fields.value_set(&pairs);
            // A value the formatter cannot write is lost from this line only, as with
            // the fmt layer's own `record`.
            let _ = fmt.add_fields(current, &Record::new(&set));
        });
    }
}

thread_local! {
    /// The fields of the span being created on this thread, from `on_request_start` to
    /// [`DeferredSpanFields::on_new_span`] (span creation is synchronous).
    static PENDING: RefCell<Option<RequestFields>> = const { RefCell::new(None) };
}

/// A layer that keeps a request span's fields unformatted until an event inside the
/// span is written, then adds them to the span's formatted fields, where the fmt layer
/// reads them. It must sit below the fmt layer (added to the registry before it) so
/// that it sees a span and an event first; `N` is the fmt layer's field formatter
/// (`JsonFields`, `DefaultFields`).
pub struct DeferredSpanFields<N> {
    fmt_fields: N,
}

impl<N> DeferredSpanFields<N> {
    pub fn new(fmt_fields: N) -> Self {
        Self { fmt_fields }
    }
}

impl<S, N> Layer<S> for DeferredSpanFields<N>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'w> FormatFields<'w> + Send + Sync + 'static,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != SPAN_NAME {
            return;
        }
        let Some(fields) = PENDING.with(|pending| pending.borrow_mut().take()) else {
            return;
        };
        let Some(span) = ctx.span(id) else {
            return;
        };
        let mut extensions = span.extensions_mut();
        extensions.insert(fields);
        // Formatted fields already there: the fmt layer then formats nothing at the
        // span's start (its fields are all empty until recorded anyway).
        if extensions.get_mut::<FormattedFields<N>>().is_none() {
            extensions.insert(FormattedFields::<N>::new(String::new()));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        for span in scope {
            if span.metadata().name() != SPAN_NAME {
                continue;
            }
            let mut extensions = span.extensions_mut();
            let Some(fields) = extensions.remove::<RequestFields>() else {
                continue;
            };
            if let Some(current) = extensions.get_mut::<FormattedFields<N>>() {
                fields.add_to(span.metadata(), current, &self.fmt_fields);
            }
        }
    }
}

pub(crate) struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let id = RequestId::of(request.request());
        let fields = RequestFields::of(request, &id);
        request.extensions_mut().insert(id);
        PENDING.with(|pending| *pending.borrow_mut() = Some(fields));
        let span = tracing::info_span!(
            SPAN_NAME,
            http.method = Empty,
            http.route = Empty,
            http.flavor = Empty,
            http.scheme = Empty,
            http.client_ip = Empty,
            http.user_agent = Empty,
            http.target = Empty,
            http.status_code = Empty,
            otel.status_code = Empty,
            request_id = Empty,
            exception.message = Empty,
            exception.details = Empty,
            x_request_id = Empty,
        );
        // Still here: no DeferredSpanFields layer took them (another subscriber, or
        // the span is disabled): recorded at once, as before.
        if let Some(fields) = PENDING.with(|pending| pending.borrow_mut().take()) {
            if !span.is_disabled() {
                fields.record(&span);
            }
        }
        span
    }

    /// Records the status and the error into the span only when the request failed:
    /// then an event follows that carries them (tracing-actix-web's error event). After
    /// a success no event reads the span again (no span-close events are logged), and
    /// with the JSON format each `record` re-parses and re-writes the span's fields: a
    /// quarter of the gateway's instructions per request in a profile (issue 19).
    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let failed = outcome.as_ref().map_or(true, |res| {
            res.response().error().is_some()
                || res.status().is_client_error()
                || res.status().is_server_error()
        });
        if failed {
            DefaultRootSpanBuilder::on_request_end(span, outcome);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use actix_web::{test, web, App, HttpResponse};
    use tracing_actix_web::TracingLogger;

    use super::*;
    use crate::client::ClientSource;

    /// Log output collected in memory.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What the handler does in [`lines`].
    #[derive(Clone, Copy)]
    enum Handler {
        /// Logs "handled" and answers 200.
        Logs,
        /// Logs "handled" inside a span of its own.
        LogsInAChildSpan,
        /// Answers 500 with an error (tracing-actix-web's error event follows).
        Fails,
        /// Answers 200 without a line.
        Quiet,
    }

    /// The log lines of one request to an app whose client source is `source`, written
    /// as the JSON logs of production write them, or, with `deferred` false, by a fmt
    /// layer alone (the fields recorded when the span starts, as before issue 19).
    async fn lines(
        source: ClientSource,
        request: test::TestRequest,
        handler: Handler,
        deferred: bool,
    ) -> String {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber: Box<dyn tracing::Subscriber + Send + Sync> = if deferred {
            Box::new(crate::telemetry::json_subscriber(
                tracing_subscriber::EnvFilter::new("info"),
                move || writer.clone(),
            ))
        } else {
            Box::new(
                tracing_subscriber::fmt()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_writer(move || writer.clone())
                    .finish(),
            )
        };
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = test::init_service(
            App::new()
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(web::Data::new(source))
                .default_service(web::to(move || async move {
                    match handler {
                        Handler::Logs => tracing::info!("handled"),
                        Handler::LogsInAChildSpan => {
                            tracing::info_span!("inner", step = 1).in_scope(|| {
                                tracing::info!("handled");
                            });
                        }
                        Handler::Fails => {
                            return Err(actix_web::error::ErrorInternalServerError("boom"));
                        }
                        Handler::Quiet => {}
                    }
                    Ok(HttpResponse::Ok().finish())
                })),
        )
        .await;
        test::call_service(&app, request.to_request()).await;
        let bytes = lines.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    /// The line containing `needle`, parsed.
    fn line_with(text: &str, needle: &str) -> serde_json::Value {
        let line = text
            .lines()
            .find(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {text}"));
        serde_json::from_str(line).unwrap()
    }

    /// The span fields of the line a handler logged, for one request to an app whose
    /// client source is `source`, as the JSON logs of production print them.
    async fn logged(
        source: ClientSource,
        request: test::TestRequest,
    ) -> (serde_json::Value, String) {
        let text = lines(source, request, Handler::Logs, true).await;
        (line_with(&text, "handled")["span"].clone(), text)
    }

    /// A request with every field the span shows, from a client behind the gateway.
    fn full_request() -> test::TestRequest {
        test::TestRequest::get()
            .uri("/api/v1/hr/teams?page=2")
            .peer_addr("10.9.9.9:40000".parse().unwrap())
            .insert_header((tam_kernel::CLIENT_ADDRESS, "203.0.113.9"))
            .insert_header(("user-agent", "curl/8"))
            .insert_header(("x-request-id", "req-1"))
    }

    /// A span's fields without tracing-actix-web's own request id (a new UUID each
    /// request), which must still be there.
    fn without_request_id(mut span: serde_json::Value) -> serde_json::Value {
        let id = span.as_object_mut().unwrap().remove("request_id").unwrap();
        assert!(uuid::Uuid::parse_str(id.as_str().unwrap()).is_ok(), "{id}");
        span
    }

    #[actix_web::test]
    async fn deferred_fields_log_as_the_eager_ones_did() {
        for handler in [Handler::Logs, Handler::LogsInAChildSpan, Handler::Fails] {
            let needle = match handler {
                Handler::Fails => "boom",
                _ => "handled",
            };
            let mut seen = Vec::new();
            for deferred in [true, false] {
                let text = lines(ClientSource::Gateway, full_request(), handler, deferred).await;
                let line = line_with(&text, needle);
                // The request's span is the first of the list whatever the current one.
                let root = without_request_id(line["spans"][0].clone());
                seen.push((root, line["span"].clone(), text));
            }
            let (deferred, eager) = (&seen[0], &seen[1]);
            assert_eq!(deferred.0, eager.0, "{}\n{}", deferred.2, eager.2);
            assert_eq!(deferred.0["http.route"], "default");
            assert_eq!(deferred.0["http.method"], "GET");
            assert_eq!(deferred.0["http.flavor"], "HTTP/1.1");
            assert_eq!(deferred.0["http.scheme"], "http");
            assert_eq!(deferred.0["http.client_ip"], "203.0.113.9");
            assert_eq!(deferred.0["http.user_agent"], "curl/8");
            assert_eq!(deferred.0["http.target"], "/api/v1/hr/teams?page=2");
            assert_eq!(deferred.0["x_request_id"], "req-1");
            assert_eq!(deferred.0["name"], "HTTP request");
            match handler {
                Handler::LogsInAChildSpan => {
                    assert_eq!(deferred.1, eager.1);
                    assert_eq!(deferred.1["name"], "inner");
                }
                Handler::Fails => {
                    // What the failure recorded, beside the deferred fields.
                    assert_eq!(deferred.0["http.status_code"], 500);
                    assert_eq!(deferred.0["otel.status_code"], "ERROR");
                    assert_eq!(deferred.0["exception.message"], "boom");
                }
                _ => assert_eq!(without_request_id(deferred.1.clone()), deferred.0),
            }
        }
    }

    #[actix_web::test]
    async fn a_quiet_success_writes_nothing() {
        let text = lines(ClientSource::Gateway, full_request(), Handler::Quiet, true).await;
        assert_eq!(text, "");
    }

    #[actix_web::test]
    async fn a_garbage_request_id_is_replaced_before_it_is_logged() {
        // Quotes that would close the field in a line of text; a line break cannot
        // even be written in a header.
        let forged = "x\",\"level\":\"ERROR\",\"message\":\"forged";
        for garbage in [forged, &"a".repeat(129), "", "id with spaces"] {
            let request = test::TestRequest::get()
                .uri("/api/v1/hr/teams")
                .insert_header(("x-request-id", garbage));
            let (span, text) = logged(ClientSource::Gateway, request).await;
            let id = span["x_request_id"].as_str().unwrap();
            let id = uuid::Uuid::parse_str(id).unwrap_or_else(|_| panic!("{text}"));
            assert_eq!(id.get_version_num(), 7);
            if !garbage.is_empty() {
                assert!(!text.contains(garbage), "{text}");
            }
        }
        assert!(!tam_kernel::sane_request_id(forged.as_bytes()));
        // A sane one is kept, as the gateway sent it.
        let request = test::TestRequest::get().insert_header(("x-request-id", "req-1.a_B"));
        let (span, _) = logged(ClientSource::Gateway, request).await;
        assert_eq!(span["x_request_id"], "req-1.a_B");
    }

    #[actix_web::test]
    async fn the_log_names_the_resolved_client_never_the_forwarded_chain() {
        // The gateway behind its ingress (10.1.2.3): the client the ingress appended.
        let request = test::TestRequest::get()
            .peer_addr("10.1.2.3:40000".parse().unwrap())
            .insert_header(("x-forwarded-for", "198.51.100.66, 203.0.113.9"));
        let source = ClientSource::Proxies(vec!["10.0.0.0/8".parse().unwrap()]);
        let (span, text) = logged(source, request).await;
        assert_eq!(span["http.client_ip"], "203.0.113.9");
        assert!(!text.contains("198.51.100.66"), "{text}");
        // Without trusted proxies the header is not believed at all.
        let request = test::TestRequest::get()
            .peer_addr("192.0.2.7:40000".parse().unwrap())
            .insert_header(("x-forwarded-for", "198.51.100.66"));
        let (span, text) = logged(ClientSource::Proxies(Vec::new()), request).await;
        assert_eq!(span["http.client_ip"], "192.0.2.7");
        assert!(!text.contains("198.51.100.66"), "{text}");
        // A service: the address the gateway resolved and sent, not the chain.
        let request = test::TestRequest::get()
            .peer_addr("10.9.9.9:40000".parse().unwrap())
            .insert_header((tam_kernel::CLIENT_ADDRESS, "203.0.113.9"))
            .insert_header(("x-forwarded-for", "198.51.100.66, 203.0.113.9"));
        let (span, text) = logged(ClientSource::Gateway, request).await;
        assert_eq!(span["http.client_ip"], "203.0.113.9");
        assert!(!text.contains("198.51.100.66"), "{text}");
    }
}
