//! A running prospect for one test, and shortcuts to call it and to look at its tables.

use std::collections::HashMap;
use std::ops::Deref;

use serde_json::{json, Value};
use tam_kernel::Role;
use tam_runtime::{ServiceDef, ServiceName};
pub use tam_testkit::Answer;
use tam_testkit::TestService;
use uuid::Uuid;

/// prospect (and whatever else a test starts) against a fresh database.
pub struct Prospect {
    service: TestService,
}

impl Deref for Prospect {
    type Target = TestService;

    fn deref(&self) -> &TestService {
        &self.service
    }
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
        let service = TestService::start(ServiceName::Prospect, defs, &HashMap::new()).await;
        Self { service }
    }

    pub async fn stop(self) {
        self.service.stop().await;
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
}
