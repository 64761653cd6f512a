//! The root span of every request carries the `x-request-id` the gateway set (or the
//! client sent), so a request's log lines in every service and the events it caused
//! (their `correlation_id`) can be joined.
//!
//! Both the id and the client address come from a client, so the span takes neither as
//! written: the id only when [`tam_kernel::sane_request_id`] (else a new UUID v7), the
//! address as resolved ([`crate::client`]), never the raw `X-Forwarded-For` chain that
//! tracing-actix-web's own span logs.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpMessage as _};
use tracing::field::Empty;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

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

pub(crate) struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let id = RequestId::of(request.request());
        request.extensions_mut().insert(id.clone());
        let client = logged_client(request).map(|ip| ip.to_string());
        let route = request.match_pattern();
        let user_agent = request
            .headers()
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let tracing_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        // The fields of tracing-actix-web's `root_span!` (so the logs keep their shape),
        // with the client address resolved instead of `realip_remote_addr`.
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route.as_deref().unwrap_or("default"),
            http.flavor = ?request.version(),
            http.scheme = %request.connection_info().scheme(),
            http.client_ip = %client.as_deref().unwrap_or(""),
            http.user_agent = %user_agent,
            http.target = %request.uri().path_and_query().map_or("", |pq| pq.as_str()),
            http.status_code = Empty,
            otel.status_code = Empty,
            request_id = %tracing_id,
            exception.message = Empty,
            exception.details = Empty,
            x_request_id = %id.as_str(),
        )
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

    /// The span fields of the line a handler logged, for one request to an app whose
    /// client source is `source`, as the JSON logs of production print them.
    async fn logged(
        source: ClientSource,
        request: test::TestRequest,
    ) -> (serde_json::Value, String) {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = test::init_service(
            App::new()
                .wrap(TracingLogger::<RequestSpan>::new())
                .app_data(web::Data::new(source))
                .default_service(web::to(|| async {
                    tracing::info!("handled");
                    HttpResponse::Ok().finish()
                })),
        )
        .await;
        test::call_service(&app, request.to_request()).await;
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let line = text
            .lines()
            .find(|line| line.contains("handled"))
            .unwrap()
            .to_owned();
        let json: serde_json::Value = serde_json::from_str(&line).unwrap();
        (json["span"].clone(), text)
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
