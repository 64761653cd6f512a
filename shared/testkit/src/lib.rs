//! Test support: start any set of services in-process, on random ports, against a fresh
//! database cloned from the migrated template and a unique event prefix, so tests run in
//! parallel without seeing each other's rows or messages.

mod answer;
pub mod bench;
mod capture;
mod forwarder;
mod service;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tam_auth::{issue_access_token, load_signing_key, Subject, TokenSettings};
use tam_kernel::{Clock, Role, Site};

use tam_db::testing::TestDatabase;
use tam_events::topology::{self, Topology};
use tam_runtime::{Config, RunningService, ServiceDef, ServiceName};
use tokio_util::sync::CancellationToken;

pub use answer::Answer;
pub use forwarder::{metric, Forwarder, Target};
pub use service::TestService;
pub use tam_db::testing::wait_until;

/// How long a test waits for an asynchronous effect before it fails.
pub const WAIT: Duration = Duration::from_secs(30);

pub const DEFAULT_TEST_AMQP_URL: &str = "amqp://guest:guest@127.0.0.1:5672/%2f";

pub fn test_amqp_url() -> String {
    std::env::var("TAM_TEST_AMQP_URL").unwrap_or_else(|_| DEFAULT_TEST_AMQP_URL.into())
}

/// Services running for one test. Call [`TestApp::stop`] at the end; the database is
/// dropped with the value in any case.
pub struct TestApp {
    pub config: Arc<Config>,
    pub client: reqwest::Client,
    services: Vec<RunningService>,
    shutdown: CancellationToken,
    db: TestDatabase,
    /// The schemas of the services under test (their outboxes).
    schemas: Vec<&'static str>,
    capture: capture::Capture,
    /// Whether [`TestApp::stop`] removed the test's queues (else dropping it does).
    cleaned: bool,
}

impl TestApp {
    /// Starts `defs` and waits until every one of them reports ready. They check the
    /// policy table of their own rows together (see [`TestApp::start_in`]).
    pub async fn start(defs: &[ServiceDef]) -> anyhow::Result<Self> {
        Self::start_with_overrides(defs, &HashMap::new()).await
    }

    /// As [`TestApp::start`], with `overrides` replacing configuration variables (e.g.
    /// `TAM_RECORDING_MAX_BYTES`), see [`test_config`].
    pub async fn start_with_overrides(
        defs: &[ServiceDef],
        overrides: &HashMap<String, String>,
    ) -> anyhow::Result<Self> {
        tam_runtime::telemetry::init_for_tests();
        let policy = tam_runtime::policy_of(defs)?;
        Self::start_in(&policy, defs, overrides).await
    }

    /// As [`TestApp::start_with_overrides`], the services checking `policy` (a whole
    /// registry's table, while only some of its services run).
    pub async fn start_in(
        policy: &tam_auth::Policy,
        defs: &[ServiceDef],
        overrides: &HashMap<String, String>,
    ) -> anyhow::Result<Self> {
        let policy = Arc::new(policy.clone());
        let schemas: Vec<_> = defs.iter().filter_map(|d| d.migrations).collect();
        let db = TestDatabase::create(&schemas).await?;
        let mut config = test_config(db.url(), overrides)?;
        // Before any service publishes, so that the test sees all it published.
        let capture = capture::Capture::start(&config.amqp_url, &config.event_prefix).await?;
        let shutdown = CancellationToken::new();
        // The gateway starts last, told where the others listen (random ports).
        let (gateway, others): (Vec<ServiceDef>, Vec<ServiceDef>) =
            defs.iter().partition(|d| d.name == ServiceName::Gateway);
        let mut services = tam_runtime::start_all(
            Arc::new(config.clone()),
            Arc::clone(&policy),
            &others,
            &shutdown,
        )
        .await?;
        for service in &services {
            config.service_urls.insert(service.name, service.url());
        }
        let config = Arc::new(config);
        services.extend(
            tam_runtime::start_all(Arc::clone(&config), policy, &gateway, &shutdown).await?,
        );
        let app = Self {
            config,
            client: reqwest::Client::new(),
            services,
            shutdown,
            db,
            schemas: schemas.iter().map(|m| m.schema).collect(),
            capture,
            cleaned: false,
        };
        app.wait_ready().await?;
        Ok(app)
    }

    /// The base URL of a running service.
    pub fn url(&self, name: ServiceName) -> anyhow::Result<String> {
        self.services
            .iter()
            .find(|s| s.name == name)
            .map(RunningService::url)
            .ok_or_else(|| anyhow::anyhow!("{name} is not running in this test"))
    }

    /// The base URL of a running service's internal port (`/metrics`, `/health/ready`
    /// with each check).
    pub fn admin_url(&self, name: ServiceName) -> anyhow::Result<String> {
        self.services
            .iter()
            .find(|s| s.name == name)
            .map(RunningService::admin_url)
            .ok_or_else(|| anyhow::anyhow!("{name} is not running in this test"))
    }

    /// Sends `method url` with a bearer `token`, extra `headers` and a JSON `body` (each
    /// only if given) and reads the whole answer.
    pub async fn call(
        &self,
        method: reqwest::Method,
        url: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Answer {
        let mut request = self.client.request(method, url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("sending a request to {url}: {e}"));
        Answer::read(response).await
    }

    /// The clock every service of this test reads (a manual one: see [`test_start_time`]).
    pub fn clock(&self) -> &Clock {
        &self.config.clock
    }

    pub fn database(&self) -> &TestDatabase {
        &self.db
    }

    /// A pool on one service's schema, to check what it stored.
    pub fn pool(&self, schema: &str) -> anyhow::Result<tam_db::DbPool> {
        Ok(tam_db::connect_pool(
            self.db.url(),
            schema,
            tam_db::PoolSettings::default(),
        )?)
    }

    /// Waits until `schema`'s consumer has handled (applied, or skipped as a duplicate)
    /// every event of `ids`. Deliveries are handled concurrently: an event emitted later
    /// is no sign that an earlier one was handled.
    pub async fn handled(&self, schema: &str, ids: &[uuid::Uuid]) -> anyhow::Result<()> {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let pool = self.pool(schema)?;
        let ids = ids.to_vec();
        let wanted = i64::try_from(ids.len())?;
        wait_until(&format!("{schema} handles {wanted} event(s)"), WAIT, || {
            let (pool, ids) = (pool.clone(), ids.clone());
            async move {
                let mut conn = pool.get().await.ok()?;
                let row: Count = diesel::sql_query(
                    "SELECT count(*) AS n FROM processed_events WHERE event_id = ANY($1)",
                )
                .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(&ids)
                .get_result(&mut conn)
                .await
                .ok()?;
                (row.n == wanted).then_some(())
            }
        })
        .await
    }

    /// An access token for `role` (at `site`, in `team`) for a fresh employee id, signed
    /// with the test key every service trusts.
    pub fn token(&self, role: Role, site: Option<Site>, team: Option<uuid::Uuid>) -> String {
        self.token_for(&Subject {
            id: uuid::Uuid::now_v7(),
            role,
            site,
            team,
        })
    }

    /// An access token for exactly this subject.
    pub fn token_for(&self, subject: &Subject) -> String {
        mint_token(&self.config, subject).unwrap_or_else(|e| panic!("minting a test token: {e:#}"))
    }

    /// Waits until every service answers `/health/ready` with 200.
    pub async fn wait_ready(&self) -> anyhow::Result<()> {
        for service in &self.services {
            let url = format!("{}/health/ready", service.url());
            wait_until(&format!("{} is ready", service.name), WAIT, || {
                let request = self.client.get(&url).send();
                async move {
                    let response = request.await.ok()?;
                    response.status().is_success().then_some(())
                }
            })
            .await?;
        }
        Ok(())
    }

    /// The events the services under test published so far, oldest first, as their
    /// envelopes' JSON with their type (events the test emitted itself left out). Waits
    /// until every outbox is empty first: each row left means an event not yet published.
    pub async fn published_all(&self) -> Vec<(String, serde_json::Value)> {
        self.outboxes_drained()
            .await
            .unwrap_or_else(|e| panic!("waiting for the outboxes to drain: {e:#}"));
        let published = self
            .capture
            .published()
            .await
            .unwrap_or_else(|e| panic!("reading the published events: {e:#}"));
        published
            .into_iter()
            .map(|e| {
                let json =
                    serde_json::to_value(&e).unwrap_or_else(|e| panic!("an envelope as JSON: {e}"));
                (e.event_type, json)
            })
            .collect()
    }

    /// The envelopes (as JSON) of type `event_type` the services published so far, oldest
    /// first (see [`TestApp::published_all`]).
    pub async fn published(&self, event_type: &str) -> Vec<serde_json::Value> {
        self.published_all()
            .await
            .into_iter()
            .filter(|(t, _)| t == event_type)
            .map(|(_, e)| e)
            .collect()
    }

    /// Waits until no service under test has an event left in its outbox.
    pub async fn outboxes_drained(&self) -> anyhow::Result<()> {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        for schema in &self.schemas {
            let pool = self.pool(schema)?;
            wait_until(&format!("{schema}'s outbox is empty"), WAIT, || {
                let pool = pool.clone();
                async move {
                    let mut conn = pool.get().await.ok()?;
                    let row: Count = diesel::sql_query("SELECT count(*) AS n FROM outbox")
                        .get_result(&mut conn)
                        .await
                        .ok()?;
                    (row.n == 0).then_some(())
                }
            })
            .await?;
        }
        Ok(())
    }

    /// Stops every service gracefully and removes this test's queues and exchanges.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        for service in std::mem::take(&mut self.services) {
            service.stopped().await?;
        }
        self.capture.close().await;
        remove_topology(&self.config.amqp_url, &self.config.event_prefix).await;
        self.cleaned = true;
        Ok(())
    }
}

impl Drop for TestApp {
    /// A test that failed before [`TestApp::stop`] still leaves no queues behind: every
    /// process declares every consuming service's quorum queue and DLQ, and a broker
    /// full of forgotten quorum queues slows every later test. Its services stop with
    /// the test's runtime; the queues are removed here, on a runtime of their own (a
    /// drop cannot wait on the test's).
    fn drop(&mut self) {
        if self.cleaned {
            return;
        }
        self.shutdown.cancel();
        let url = self.config.amqp_url.clone();
        let prefix = self.config.event_prefix.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                runtime.block_on(remove_topology(&url, &prefix));
            }
        })
        .join();
    }
}

impl TestApp {
    /// Publishes an event as if `producer` had (straight onto this test's exchange, with
    /// publisher confirms and `mandatory`), for a service under test to consume when the
    /// producer itself is not part of the test. Returns the envelope sent, whose `id` a
    /// test may send again to check that a redelivery is applied once.
    pub async fn emit(
        &self,
        event_type: &str,
        producer: &str,
        site: Option<Site>,
        payload: serde_json::Value,
    ) -> anyhow::Result<tam_events::Envelope> {
        let envelope = tam_events::Envelope {
            id: uuid::Uuid::now_v7(),
            event_type: event_type.to_owned(),
            version: 1,
            occurred_at: chrono::Utc::now(),
            producer: producer.to_owned(),
            site: site.map(|s| s.as_str().to_owned()),
            correlation_id: None,
            payload,
        };
        self.emit_envelope(&envelope).await?;
        Ok(envelope)
    }

    /// Publishes `envelope` as it is (the same id twice is a redelivery). A refused
    /// publish is tried again a few times: a test's many short connections can be turned
    /// away by a broker busy with every other test.
    pub async fn emit_envelope(&self, envelope: &tam_events::Envelope) -> anyhow::Result<()> {
        self.capture.emitted(envelope.id);
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.publish_once(envelope).await {
                Ok(()) => return Ok(()),
                Err(e) if attempt >= 5 => return Err(e),
                Err(e) => {
                    tracing::warn!(error = %e, attempt, "emitting a test event failed; again");
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
            }
        }
    }

    async fn publish_once(&self, envelope: &tam_events::Envelope) -> anyhow::Result<()> {
        use lapin::options::{BasicPublishOptions, ConfirmSelectOptions};
        use lapin::types::ShortString;

        let prefix = &self.config.event_prefix;
        let conn = topology::connect(&self.config.amqp_url, &format!("{prefix}.emit")).await?;
        let channel = conn.create_channel().await?;
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await?;
        let topology = Topology::new(prefix.as_str(), "emit");
        topology.declare_exchanges(&channel).await?;
        let properties = lapin::BasicProperties::default()
            .with_message_id(ShortString::from(envelope.id.to_string()))
            .with_type(ShortString::from(envelope.event_type.as_str()))
            .with_content_type(ShortString::from("application/json"))
            .with_delivery_mode(2);
        let confirm = channel
            .basic_publish(
                &topology.exchange(),
                &envelope.event_type,
                BasicPublishOptions {
                    mandatory: true,
                    ..BasicPublishOptions::default()
                },
                &serde_json::to_vec(envelope)?,
                properties,
            )
            .await?
            .await?;
        let _ = conn.close(200, "emitted").await;
        if !confirm.is_ack() || confirm.take_message().is_some() {
            anyhow::bail!("{} was not routed to any queue", envelope.event_type);
        }
        Ok(())
    }
}

/// The configuration of services under test: the test database, a unique event prefix,
/// random ports, small pools; `overrides` replace any variable.
pub fn test_config(
    database_url: &str,
    overrides: &HashMap<String, String>,
) -> anyhow::Result<Config> {
    let prefix = format!("tam_test_{}", uuid::Uuid::now_v7().simple());
    let mut vars: HashMap<String, String> = [
        ("TAM_DATABASE_URL", database_url.to_owned()),
        ("TAM_AMQP_URL", test_amqp_url()),
        ("TAM_EVENT_PREFIX", prefix),
        ("TAM_DB_POOL_SIZE", "4".into()),
        ("TAM_HTTP_WORKERS", "1".into()),
        ("TAM_RELAY_POLL_INTERVAL_MS", "200".into()),
        ("TAM_SHUTDOWN_TIMEOUT_SECS", "5".into()),
        ("TAM_JWT_KEYS_DIR", test_keys_dir()?.display().to_string()),
        ("TAM_JWT_SIGNING_KID", TEST_KID.into()),
        // Every test client is 127.0.0.1: per-address limits would make tests collide.
        // Tests of the limits themselves set their own.
        ("TAM_LOGIN_RATE_LIMIT_PER_MINUTE", "100000".into()),
        ("TAM_LOGIN_RATE_LIMIT_BURST", "100000".into()),
        ("TAM_RATE_LIMIT_PER_SECOND", "100000".into()),
        ("TAM_RATE_LIMIT_BURST", "100000".into()),
        ("TAM_UPLOADS_PER_CLIENT", "100000".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for service in ServiceName::ALL {
        vars.insert(service.port_variable(), "0".into());
        vars.insert(service.admin_port_variable(), "0".into());
    }
    vars.extend(overrides.clone());
    // Kept whole: the services' own settings are read from them.
    let mut config = Config::from_variables(vars)?;
    config.clock = Clock::manual(test_start_time());
    Ok(config)
}

/// Where every test's clock starts: 10:00 WIB today, inside the operating hours, so that
/// a test passes at any hour of the day it runs. Tests move it with [`TestApp::clock`].
pub fn test_start_time() -> chrono::DateTime<chrono::Utc> {
    let today = tam_kernel::wib_date(chrono::Utc::now());
    tam_kernel::wib_to_utc(today, chrono::NaiveTime::MIN + chrono::Duration::hours(10))
}

/// Deletes every queue and exchange a test prefix may have declared. Best effort: a
/// failure leaves a few idle objects under a prefix nobody will use again.
pub async fn remove_topology(amqp_url: &str, prefix: &str) {
    let Ok(conn) = topology::connect(amqp_url, &format!("{prefix}.cleanup")).await else {
        return;
    };
    // Every consuming service's queue: each process declares them all.
    let event_topology = tam_runtime::event_topology();
    let services = ServiceName::ALL
        .iter()
        .map(|s| s.as_str())
        .chain(event_topology.services());
    for service in services {
        let topology = Topology::new(prefix, service);
        if let Ok(channel) = conn.create_channel().await {
            let _ = topology.delete_queues(&channel).await;
        }
    }
    if let Ok(channel) = conn.create_channel().await {
        let stream = tam_runtime::revocations::stream_name(prefix);
        let _ = channel
            .queue_delete(&stream, lapin::options::QueueDeleteOptions::default())
            .await;
    }
    if let Ok(channel) = conn.create_channel().await {
        let _ = Topology::new(prefix, "cleanup")
            .delete_exchanges(&channel)
            .await;
    }
    let _ = conn.close(200, "test done").await;
}

/// The key id of the test key pair.
pub const TEST_KID: &str = "test";

/// A key pair made once per test process in a temporary directory; every service under
/// test verifies with it and [`mint_token`] signs with it.
pub fn test_keys_dir() -> anyhow::Result<&'static Path> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("tam-test-keys-{}", uuid::Uuid::now_v7().simple()));
        tam_auth::generate_key_pair(&dir, TEST_KID)
            .map(|()| dir)
            .map_err(|e| e.to_string())
    });
    match dir {
        Ok(dir) => Ok(dir.as_path()),
        Err(e) => Err(anyhow::anyhow!("generating the test key pair: {e}")),
    }
}

/// Signs an access token for `subject` as hr would, with the test key.
pub fn mint_token(config: &Config, subject: &Subject) -> anyhow::Result<String> {
    let key = load_signing_key(&config.jwt_keys_dir, TEST_KID)?;
    let settings = TokenSettings {
        issuer: config.jwt_issuer.clone(),
        audience: config.jwt_audience.clone(),
        access_ttl: config.access_token_ttl,
    };
    Ok(issue_access_token(&key, &settings, subject)?)
}
