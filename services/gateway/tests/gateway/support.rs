//! A gateway on a random port in front of real HTTP upstreams that record what reached
//! them; keys and tokens made for the test.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::http::header::HeaderMap;
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use futures::StreamExt as _;
use tam_auth::{route, Access, Policy, Route, Subject, TokenSettings, Verifier};
use tam_gateway::{Gateway, RateLimit, RateLimits, Settings};
use tam_kernel::Role;
use tam_runtime::{Config, ServiceName};

pub const MIB: u64 = 1024 * 1024;

/// Rows of the other services as the gateway's tests need them: the two uploads, a
/// calling read, and one row each for the services whose documents are merged (the
/// services' real rows are tested with them and in the suite's authorization matrix).
const OTHERS: &[(&str, &[Route])] = &[
    (
        "prospect",
        &[route(
            "POST",
            "/api/v1/prospect/work-orders/{id}/dapros",
            Access::AnyRole,
        )
        .upload()],
    ),
    (
        "calling",
        &[
            route("GET", "/api/v1/calling/calls", Access::AnyRole),
            route(
                "PUT",
                "/api/v1/calling/calls/{id}/recording",
                Access::AnyRole,
            )
            .upload(),
            route(
                "GET",
                "/api/v1/calling/calls/{id}/recording",
                Access::AnyRole,
            ),
        ],
    ),
    (
        "quality",
        &[route("GET", "/api/v1/quality/score", Access::AnyRole)],
    ),
    (
        "helpdesk",
        &[route("GET", "/api/v1/helpdesk/channels", Access::AnyRole)],
    ),
    (
        "reporting",
        &[route("GET", "/api/v1/reporting/activity", Access::AnyRole)],
    ),
];

/// The table the test gateways check: the gateway's and hr's real rows, and
/// [`OTHERS`].
pub fn policy() -> Arc<Policy> {
    let rows = [
        ("gateway", tam_gateway::policy::ROUTES),
        ("hr", tam_hr::policy::ROUTES),
    ];
    Arc::new(Policy::new(rows.into_iter().chain(OTHERS.iter().copied())).unwrap())
}

/// A key pair in a directory of its own, removed at drop.
pub struct Keys {
    pub dir: PathBuf,
}

impl Keys {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("tam-gateway-{}", uuid::Uuid::now_v7()));
        tam_auth::generate_key_pair(&dir, "k1").unwrap();
        Self { dir }
    }

    pub fn verifier(&self) -> Verifier {
        Verifier::new(
            tam_auth::load_public_keys(&self.dir).unwrap(),
            "tam-hr",
            "tam-api",
        )
    }

    /// `Bearer <token>` for a holder of `role`.
    pub fn bearer(&self, role: Role) -> String {
        let key = tam_auth::load_signing_key(&self.dir, "k1").unwrap();
        let settings = TokenSettings {
            issuer: "tam-hr".into(),
            audience: "tam-api".into(),
            access_ttl: Duration::from_secs(900),
        };
        let subject = Subject {
            id: uuid::Uuid::now_v7(),
            role,
            site: None,
            team: None,
        };
        let token = tam_auth::issue_access_token(&key, &settings, &subject).unwrap();
        format!("Bearer {token}")
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What one request brought to an upstream.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body_len: u64,
    pub body_sha256: Vec<u8>,
    pub body_failed: bool,
}

#[derive(Default)]
pub struct UpstreamState {
    pub seen: Mutex<Vec<Seen>>,
    /// Body bytes received so far, across requests.
    pub received: AtomicU64,
    /// Response body bytes the test client has read (set by the test).
    pub client_received: Arc<AtomicU64>,
    /// This upstream's `/openapi.json`.
    pub openapi: Mutex<Option<serde_json::Value>>,
}

/// A real HTTP service recording every request. Query parameters steer it:
/// `delay_ms` (answer late), `status` (answer with that status), `respond_bytes` (stream
/// a body of that size; it holds back its second half until the client has read
/// something, so a gateway that buffered the response would stall it).
pub struct Upstream {
    pub url: String,
    pub state: Arc<UpstreamState>,
    handle: ServerHandle,
}

impl Upstream {
    pub async fn start() -> Self {
        let state = Arc::new(UpstreamState::default());
        let data = web::Data::from(Arc::clone(&state));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/openapi.json", web::get().to(openapi))
                .default_service(web::to(echo))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            url: format!("http://{addr}"),
            state,
            handle,
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

async fn openapi(state: web::Data<UpstreamState>) -> HttpResponse {
    match state.openapi.lock().unwrap().clone() {
        Some(doc) => HttpResponse::Ok().json(doc),
        None => HttpResponse::NotFound().finish(),
    }
}

async fn echo(
    req: HttpRequest,
    mut payload: web::Payload,
    query: web::Query<HashMap<String, String>>,
    state: web::Data<UpstreamState>,
) -> HttpResponse {
    if let Some(ms) = query.get("delay_ms") {
        actix_web::rt::time::sleep(Duration::from_millis(ms.parse().unwrap())).await;
    }
    let mut hash = ring::digest::Context::new(&ring::digest::SHA256);
    let mut body_len = 0u64;
    let mut body_failed = false;
    while let Some(chunk) = payload.next().await {
        match chunk {
            Ok(chunk) => {
                body_len += chunk.len() as u64;
                state
                    .received
                    .fetch_add(chunk.len() as u64, Ordering::SeqCst);
                hash.update(&chunk);
            }
            Err(_) => {
                body_failed = true;
                break;
            }
        }
    }
    state.seen.lock().unwrap().push(Seen {
        method: req.method().to_string(),
        path_and_query: req
            .uri()
            .path_and_query()
            .map(|pq| pq.to_string())
            .unwrap_or_default(),
        headers: req.headers().clone(),
        body_len,
        body_sha256: hash.finish().as_ref().to_vec(),
        body_failed,
    });
    let status = query.get("status").map_or(200, |s| s.parse().unwrap());
    let mut response = HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
    response
        .insert_header(("keep-alive", "timeout=99"))
        .insert_header(("proxy-authenticate", "Basic"))
        .insert_header(("trailer", "x-checksum"))
        .insert_header(("x-kept", "1"));
    if let Some(size) = query.get("respond_bytes") {
        let size: u64 = size.parse().unwrap();
        let client_received = Arc::clone(&state.client_received);
        return response
            .content_type("application/octet-stream")
            .streaming(gated_stream(size, move || {
                client_received.load(Ordering::SeqCst) > 0
            }));
    }
    response.json(serde_json::json!({ "ok": true, "body_len": body_len }))
}

/// `size` bytes of a known pattern in 64 KiB chunks; past half of them it waits (up to
/// 20 s) until `go()` says the other side has seen bytes, else it fails.
pub fn gated_stream(
    size: u64,
    go: impl Fn() -> bool + Send + Sync + 'static,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    const CHUNK: u64 = 64 * 1024;
    futures::stream::unfold((0u64, go), move |(sent, go)| async move {
        if sent >= size {
            return None;
        }
        if sent >= size / 2 {
            let mut waited = 0;
            while !go() {
                if waited > 2000 {
                    let err = std::io::Error::other("the other side saw nothing: buffered?");
                    return Some((Err(err), (size, go)));
                }
                actix_web::rt::time::sleep(Duration::from_millis(10)).await;
                waited += 1;
            }
        }
        let len = CHUNK.min(size - sent);
        Some((Ok(pattern(sent, len)), (sent + len, go)))
    })
}

/// Bytes `offset..offset+len` of the test pattern.
pub fn pattern(offset: u64, len: u64) -> Bytes {
    (offset..offset + len)
        .map(|i| (i % 251) as u8)
        .collect::<Vec<u8>>()
        .into()
}

/// The SHA-256 of the first `size` bytes of the pattern.
pub fn pattern_sha256(size: u64) -> Vec<u8> {
    let mut hash = ring::digest::Context::new(&ring::digest::SHA256);
    let mut offset = 0;
    while offset < size {
        let len = (64 * 1024).min(size - offset);
        hash.update(&pattern(offset, len));
        offset += len;
    }
    hash.finish().as_ref().to_vec()
}

/// Another client address than the tests' usual 127.0.0.1 (all of 127/8 is loopback):
/// a site's NAT address, or an ordinary client beside a misbehaving one.
pub const SITE: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));

/// A client whose requests come from `from`.
pub fn client_from(from: std::net::IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(from)
        .build()
        .unwrap()
}

/// Limits no ordinary test reaches.
pub fn generous() -> Settings {
    Settings {
        rate_limits: RateLimits {
            general: RateLimit::per_second(10_000, 10_000),
            login: RateLimit::per_second(10_000, 10_000),
            site_login: RateLimit::per_second(10_000, 10_000),
        },
        ..Settings::default()
    }
}

/// A URL where nothing listens.
pub fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// The configuration of a gateway in front of `urls` (services not named are dead).
pub fn config(urls: &[(ServiceName, &str)], keys: &Keys, cors: &str) -> Config {
    let mut vars: HashMap<String, String> = HashMap::new();
    let dead = dead_url();
    for name in ServiceName::ALL {
        let url = urls
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(dead.clone(), |(_, url)| (*url).to_owned());
        vars.insert(name.url_variable(), url);
        vars.insert(name.port_variable(), "0".into());
        vars.insert(name.admin_port_variable(), "0".into());
    }
    vars.insert("TAM_JWT_KEYS_DIR".into(), keys.dir.display().to_string());
    vars.insert("TAM_CORS_ALLOWED_ORIGINS".into(), cors.into());
    vars.insert("TAM_LOG".into(), "warn".into());
    Config::from_lookup(|name| vars.get(name).cloned()).unwrap()
}

/// A gateway server on a random port, as the runtime would run its routes.
pub struct TestGateway {
    pub url: String,
    pub client: reqwest::Client,
    handle: ServerHandle,
}

impl TestGateway {
    pub async fn start(config: &Config, keys: &Keys, settings: Settings) -> Self {
        let configure = Gateway::new(config, policy(), keys.verifier(), settings)
            .unwrap()
            .configure();
        let server = HttpServer::new(move || {
            App::new()
                .configure(configure.clone())
                .default_service(web::to(tam_kernel::route_not_found))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            url: format!("http://{addr}"),
            client: reqwest::Client::new(),
            handle,
        }
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(format!("{}{path}", self.url))
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.post(format!("{}{path}", self.url))
    }

    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

/// One upstream playing hr (and every other domain service) behind a gateway.
pub struct Setup {
    pub keys: Keys,
    pub upstream: Upstream,
    pub gateway: TestGateway,
}

impl Setup {
    pub async fn start(settings: Settings) -> Self {
        let keys = Keys::new();
        let upstream = Upstream::start().await;
        let urls: Vec<(ServiceName, &str)> = ServiceName::ALL
            .iter()
            .filter(|n| **n != ServiceName::Gateway)
            .map(|n| (*n, upstream.url.as_str()))
            .collect();
        let config = config(&urls, &keys, "https://ui.tam.example");
        let gateway = TestGateway::start(&config, &keys, settings).await;
        Self {
            keys,
            upstream,
            gateway,
        }
    }

    pub async fn stop(self) {
        self.gateway.stop().await;
        self.upstream.stop().await;
    }
}

/// A problem+json answer's status, `type` slug and body.
pub async fn problem(response: reqwest::Response) -> (u16, String, serde_json::Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        content_type.as_deref(),
        Some("application/problem+json"),
        "status {status}"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    let slug = body["type"]
        .as_str()
        .unwrap()
        .trim_start_matches(tam_kernel::PROBLEM_TYPE_BASE)
        .to_owned();
    assert_eq!(body["status"], status);
    (status, slug, body)
}
