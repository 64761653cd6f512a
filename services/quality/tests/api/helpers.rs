//! A running quality for one test, calling's events to feed it, and shortcuts to call
//! it and to look at its tables.

use std::collections::HashMap;
use std::ops::Deref;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_runtime::{ServiceDef, ServiceName};
pub use tam_testkit::Answer;
use tam_testkit::TestService;
use uuid::Uuid;

pub const WAIT: Duration = Duration::from_secs(20);

/// The items of the seeded version 1 of the sales programs, in order.
pub const SALES_ITEMS: [&str; 6] = [
    "GREETING",
    "VERIFICATION",
    "OFFER_EXPLAINED",
    "CLEAR_CONSENT",
    "CONFIRMATION",
    "CLOSING",
];

/// quality (and whatever else a test starts) against a fresh database.
pub struct Quality {
    service: TestService,
}

impl Deref for Quality {
    type Target = TestService;

    fn deref(&self) -> &TestService {
        &self.service
    }
}

#[derive(QueryableByName)]
struct TaskRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    status: String,
}

#[derive(QueryableByName)]
struct RecordingRow {
    #[diesel(sql_type = Nullable<Text>)]
    sha256: Option<String>,
}

/// A call for `calling.call.completed`.
#[derive(Debug, Clone)]
pub struct Call {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: &'static str,
    pub outcome: &'static str,
    pub started_at: DateTime<Utc>,
    pub has_recording: bool,
}

impl Call {
    /// An AGREE with a recording, at `site` in Add On Consumer, started 5 minutes
    /// before `now`.
    pub fn agree(site: Site, now: DateTime<Utc>) -> Self {
        Self {
            call_id: Uuid::now_v7(),
            prospect_id: Uuid::now_v7(),
            work_order_id: Uuid::now_v7(),
            agent_id: Uuid::now_v7(),
            team_id: None,
            site,
            program: "add_on_consumer",
            outcome: "agree",
            started_at: now - chrono::Duration::minutes(5),
            has_recording: true,
        }
    }

    /// The re-call of the same prospect by the same agent, `minutes` later.
    pub fn recall(&self, minutes: i64) -> Self {
        Self {
            call_id: Uuid::now_v7(),
            started_at: self.started_at + chrono::Duration::minutes(minutes),
            ..self.clone()
        }
    }

    pub fn payload(&self) -> Value {
        json!({
            "call_id": self.call_id,
            "claim_id": Uuid::now_v7(),
            "prospect_id": self.prospect_id,
            "work_order_id": self.work_order_id,
            "agent_id": self.agent_id,
            "team_id": self.team_id,
            "site": self.site.as_str(),
            "program": self.program,
            "outcome": self.outcome,
            "product_code": "MINIPACK",
            "negotiation_step": null,
            "follow_up_at": null,
            "notes": "customer agreed",
            "started_at": self.started_at,
            "ended_at": self.started_at + chrono::Duration::minutes(4),
            "duration_seconds": 240,
            "has_recording": self.has_recording,
        })
    }

    pub fn recording_payload(&self) -> Value {
        json!({
            "call_id": self.call_id,
            "claim_id": Uuid::now_v7(),
            "prospect_id": self.prospect_id,
            "work_order_id": self.work_order_id,
            "agent_id": self.agent_id,
            "team_id": self.team_id,
            "site": self.site.as_str(),
            "program": self.program,
            "content_type": "audio/mpeg",
            "size_bytes": 48_000,
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "attached_at": self.started_at + chrono::Duration::minutes(5),
        })
    }
}

/// A score body for every item of `codes`: all passed except `failed`.
pub fn scores(codes: &[&str], failed: &[&str]) -> Value {
    Value::Array(
        codes
            .iter()
            .map(|c| json!({"code": c, "passed": !failed.contains(c), "note": null}))
            .collect(),
    )
}

impl Quality {
    pub async fn start() -> Self {
        Self::start_with(&[tam_quality::service()]).await
    }

    pub async fn start_with(defs: &[ServiceDef]) -> Self {
        let service = TestService::start(ServiceName::Quality, defs, &HashMap::new()).await;
        Self { service }
    }

    pub async fn stop(self) {
        self.service.stop().await;
    }

    /// A token for exactly this employee.
    pub fn token_as(&self, id: Uuid, role: Role, site: Option<Site>, team: Option<Uuid>) -> String {
        self.app.token_for(&Subject {
            id,
            role,
            site,
            team,
        })
    }

    /// Emits `calling.call.completed` for `call`; the envelope sent.
    pub async fn complete(&self, call: &Call) -> tam_events::Envelope {
        self.app
            .emit(
                "calling.call.completed",
                "calling",
                Some(call.site),
                call.payload(),
            )
            .await
            .unwrap()
    }

    /// Emits `calling.recording.attached` for `call`.
    pub async fn attach(&self, call: &Call) {
        self.app
            .emit(
                "calling.recording.attached",
                "calling",
                Some(call.site),
                call.recording_payload(),
            )
            .await
            .unwrap();
    }

    /// The (id, status) of the task of `call_id`, if there is one.
    pub async fn task_of(&self, call_id: Uuid) -> Option<(Uuid, String)> {
        let mut conn = self.pool.get().await.ok()?;
        let row: TaskRow = diesel::sql_query("SELECT id, status FROM tasks WHERE call_id = $1")
            .bind::<SqlUuid, _>(call_id)
            .get_result(&mut conn)
            .await
            .ok()?;
        Some((row.id, row.status))
    }

    /// Waits for the task of `call_id`; its id.
    pub async fn wait_task(&self, call_id: Uuid) -> Uuid {
        tam_testkit::wait_until("the call's tapping task", WAIT, || async move {
            self.task_of(call_id).await.map(|(id, _)| id)
        })
        .await
        .unwrap()
    }

    /// Waits until the task of `call_id` has `status`.
    pub async fn wait_status(&self, call_id: Uuid, status: &str) -> Uuid {
        tam_testkit::wait_until(&format!("the task {status}"), WAIT, || async move {
            self.task_of(call_id)
                .await
                .filter(|(_, s)| s == status)
                .map(|(id, _)| id)
        })
        .await
        .unwrap()
    }

    /// Waits until quality kept the recording announcement of `call_id`.
    pub async fn wait_recording(&self, call_id: Uuid) {
        tam_testkit::wait_until("the recording kept", WAIT, || async move {
            let mut conn = self.pool.get().await.ok()?;
            let row: RecordingRow =
                diesel::sql_query("SELECT sha256 FROM recordings WHERE call_id = $1")
                    .bind::<SqlUuid, _>(call_id)
                    .get_result(&mut conn)
                    .await
                    .ok()?;
            row.sha256
        })
        .await
        .unwrap();
    }

    /// Emits an AGREE for `call` and waits for its task; its id.
    pub async fn tapping_task(&self, call: &Call) -> Uuid {
        self.complete(call).await;
        self.wait_task(call.call_id).await
    }

    /// A QCO of `site` claims; the claimed task's id (panics on 204).
    pub async fn claim(&self, token: &str) -> Uuid {
        let claimed = self
            .post("/api/v1/quality/tasks/claim", token, Value::Null)
            .await;
        assert_eq!(claimed.status, 200, "{:?}", claimed.body);
        claimed.id()
    }

    /// A verdict on `task` by the QCO of `token`.
    pub async fn verdict(&self, task: Uuid, token: &str, body: Value) -> Answer {
        self.post(
            &format!("/api/v1/quality/tasks/{task}/verdict"),
            token,
            body,
        )
        .await
    }

    /// Claims the next task with a fresh QCO of `site` and judges it; the claimed id.
    pub async fn judge_next(&self, site: Site, verdict: &str) -> Uuid {
        let qco = self.token(Role::QcOfficer, Some(site));
        let task = self.claim(&qco).await;
        let body = match verdict {
            "valid" => json!({"scores": scores(&SALES_ITEMS, &[]), "verdict": "valid"}),
            _ => json!({
                "scores": scores(&SALES_ITEMS, &["CLEAR_CONSENT"]),
                "verdict": "return",
                "reason": "the customer did not clearly agree",
            }),
        };
        let judged = self.verdict(task, &qco, body).await;
        assert_eq!(judged.status, 200, "{:?}", judged.body);
        task
    }

    /// The payloads of `quality.call.validated` for `task`, oldest first.
    pub async fn validated(&self, task: Uuid) -> Vec<Value> {
        self.published()
            .await
            .into_iter()
            .filter(|(t, e)| {
                t == "quality.call.validated" && e["payload"]["task_id"] == json!(task)
            })
            .map(|(_, e)| e["payload"].clone())
            .collect()
    }
}
