//! A running prospect for one test, and shortcuts to call it and to look at its tables.

use diesel::sql_types::{BigInt, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};
use tam_db::DbPool;
use tam_kernel::{Role, Site};
use tam_runtime::{ServiceDef, ServiceName};
pub use tam_testkit::Answer;
use tam_testkit::TestApp;
use uuid::Uuid;

/// prospect (and whatever else a test starts) against a fresh database.
pub struct Prospect {
    pub app: TestApp,
    pub base: String,
    pub pool: DbPool,
}

#[derive(QueryableByName)]
struct OutboxRow {
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Text)]
    body: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A valid body for `POST /api/v1/prospect/work-orders` at Medan.
pub fn new_work_order(wo_code: &str) -> Value {
    json!({
        "wo_code": wo_code,
        "program": "add_on_consumer",
        "site": "medan",
        "title": "Add-on Maret Medan",
        "valid_from": "2026-03-01",
        "valid_to": "2026-03-31",
        "offers": [
            {"product_code": "MINIPACK", "product_name": "IndiHome Minipack"},
            {"product_code": "STB2", "product_name": "Second STB"},
        ],
        "max_attempts": 3,
        "daily_quota_per_agent": 120,
        "retry_wait_minutes": {"no_answer": 60, "busy": 30, "unreachable": 120, "rejected": 1440},
    })
}

impl Prospect {
    pub async fn start() -> Self {
        Self::start_with(&[tam_prospect::service()]).await
    }

    pub async fn start_with(defs: &[ServiceDef]) -> Self {
        let app = TestApp::start(defs).await.unwrap();
        let base = app.url(ServiceName::Prospect).unwrap();
        let pool = app.pool("prospect").unwrap();
        Self { app, base, pool }
    }

    pub async fn stop(self) {
        self.app.stop().await.unwrap();
    }

    /// A token for a caller who need not exist.
    pub fn token(&self, role: Role, site: Option<Site>) -> String {
        self.app.token(role, site, None)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        self.app
            .call(
                method,
                &format!("{}{path}", self.base),
                token,
                &[],
                body.as_ref(),
            )
            .await
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    /// Creates a work order as a manager; its id.
    pub async fn create_work_order(&self, body: Value) -> Uuid {
        let token = self.token(Role::Manager, None);
        let created = self
            .post("/api/v1/prospect/work-orders", &token, body)
            .await;
        assert_eq!(created.status, 201, "{:?}", created.body);
        created.id()
    }

    /// The outbox: (type, envelope) of every event waiting there, oldest first.
    pub async fn outbox(&self) -> Vec<(String, Value)> {
        let mut conn = self.pool.get().await.unwrap();
        let rows: Vec<OutboxRow> =
            diesel::sql_query("SELECT event_type, body FROM outbox ORDER BY seq")
                .load(&mut conn)
                .await
                .unwrap();
        rows.into_iter()
            .map(|r| (r.event_type, serde_json::from_str(&r.body).unwrap()))
            .collect()
    }

    /// How many rows a query counts (`SELECT count(*) AS n ...`).
    pub async fn count(&self, sql: &str) -> i64 {
        let mut conn = self.pool.get().await.unwrap();
        let row: Count = diesel::sql_query(sql).get_result(&mut conn).await.unwrap();
        row.n
    }
}
