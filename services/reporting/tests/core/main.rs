//! reporting's core tests: the service started in-process against a fresh database
//! and broker prefix (the raw log and ingest, the rebuild, the report API).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ingest;
mod rebuild;
mod reports;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;
use tam_events::Envelope;
use tam_kernel::Site;
use tam_runtime::ServiceName;
use tam_testkit::TestService;
use uuid::Uuid;

/// reporting alone (events are emitted onto its exchange as their producers would).
pub async fn start() -> TestService {
    TestService::start(
        ServiceName::Reporting,
        &[tam_reporting::service()],
        &HashMap::new(),
    )
    .await
}

/// An event no KPI family reads (an SP1 acknowledged), which every read model still
/// stores and counts, at `at`.
pub fn acknowledged(at: DateTime<Utc>, site: Site) -> Envelope {
    Envelope {
        id: Uuid::now_v7(),
        event_type: "hr.warning_letter.acknowledged".into(),
        version: 1,
        occurred_at: at,
        producer: "hr".into(),
        site: Some(site.as_str().to_owned()),
        correlation_id: None,
        payload: json!({
            "letter_id": Uuid::now_v7(),
            "employee_id": Uuid::now_v7(),
            "site": site.as_str(),
            "level": "SP1",
            "acknowledged_by": Uuid::now_v7(),
            "acknowledged_at": at,
        }),
    }
}

/// `SELECT count(*) AS n ...` on reporting's schema.
pub async fn count(h: &TestService, sql: &str) -> i64 {
    h.count(sql).await
}
