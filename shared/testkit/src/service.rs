//! One service under test, as every service's API tests drive it: its base URL and its
//! pool, with the request shortcuts (`get`, `post`, `put`, `patch`) and the looks at its
//! tables (`count`) and at what they published (`published`) they all need. A service's test helpers wrap it (and
//! `Deref` to it) and add only their own set-up and fixtures.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::sql_types::BigInt;
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::Value;
use tam_db::DbPool;
use tam_kernel::{Role, Site};
use tam_runtime::{ServiceDef, ServiceName};

use crate::{Answer, TestApp};

/// `service` of a running [`TestApp`] (which may run others beside it).
pub struct TestService {
    pub app: TestApp,
    /// Where `service` listens, e.g. `http://127.0.0.1:41234`.
    pub base: String,
    /// A pool on `service`'s schema.
    pub pool: DbPool,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl TestService {
    /// Starts `defs` (with configuration `overrides`) and looks at `service`, one of
    /// them. Panics when they do not start: a test failure.
    pub async fn start(
        service: ServiceName,
        defs: &[ServiceDef],
        overrides: &HashMap<String, String>,
    ) -> Self {
        let app = TestApp::start_with_overrides(defs, overrides)
            .await
            .unwrap_or_else(|e| panic!("starting the services under test: {e:#}"));
        Self::of(app, service)
    }

    /// `service` of an app already started.
    pub fn of(app: TestApp, service: ServiceName) -> Self {
        let base = app
            .url(service)
            .unwrap_or_else(|e| panic!("the URL of {service}: {e:#}"));
        let pool = app
            .pool(service.as_str())
            .unwrap_or_else(|e| panic!("a pool on {service}'s schema: {e:#}"));
        Self { app, base, pool }
    }

    /// Stops every service of the test.
    pub async fn stop(self) {
        self.app
            .stop()
            .await
            .unwrap_or_else(|e| panic!("stopping the services under test: {e:#}"));
    }

    /// Business "now" of the services under test (a manual clock).
    pub fn now(&self) -> DateTime<Utc> {
        self.app.clock().now()
    }

    /// A token for a caller who need not exist, in no team.
    pub fn token(&self, role: Role, site: Option<Site>) -> String {
        self.app.token(role, site, None)
    }

    /// Sends `method path` to the service with a bearer `token`, extra `headers` and a
    /// JSON `body` (each only if given).
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        self.app
            .call(
                method,
                &format!("{}{path}", self.base),
                token,
                headers,
                body.as_ref(),
            )
            .await
    }

    /// [`TestService::request`] without extra headers.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        self.request(method, path, token, &[], body).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    /// What the services under test published so far: (type, envelope) of every
    /// event, oldest first, once their outboxes have drained (see
    /// [`TestApp::published_all`]). Every event is routable in a test, so the relay
    /// publishes and deletes outbox rows: this is where a test looks.
    pub async fn published(&self) -> Vec<(String, Value)> {
        self.app.published_all().await
    }

    /// How many rows a query counts (`SELECT count(*) AS n ...`).
    pub async fn count(&self, sql: &str) -> i64 {
        let mut conn = self.connection().await;
        let row: Count = diesel::sql_query(sql)
            .get_result(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        row.n
    }

    async fn connection(&self) -> tam_db::DbConn {
        self.pool
            .get()
            .await
            .unwrap_or_else(|e| panic!("a connection to the test database: {e}"))
    }
}
