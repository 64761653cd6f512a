//! A running calling for one test, and shortcuts to feed it claims, call it and look at
//! its tables.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Program, Role, Site};
use tam_runtime::{ServiceDef, ServiceName};
pub use tam_testkit::Answer;
use tam_testkit::{wait_until, TestService, WAIT};
use uuid::Uuid;

/// calling (and whatever else a test starts) against a fresh database, recordings in a
/// directory of its own.
pub struct Calling {
    service: TestService,
    pub recordings_dir: PathBuf,
}

impl Deref for Calling {
    type Target = TestService;

    fn deref(&self) -> &TestService {
        &self.service
    }
}

/// A person with a token.
#[derive(Debug, Clone)]
pub struct Person {
    pub subject: Subject,
    pub token: String,
}

impl Person {
    pub fn id(&self) -> Uuid {
        self.subject.id
    }
}

/// The offers of a sales work order.
pub fn sales_offers() -> Value {
    json!([
        {"product_code": "MINIPACK", "product_name": "IndiHome Minipack"},
        {"product_code": "STB2", "product_name": "Second STB"},
    ])
}

/// The negotiation steps of a retention work order.
pub fn retention_steps() -> Value {
    json!([
        {"step": 1, "description": "Diskon 20% tiga bulan"},
        {"step": 2, "description": "Upgrade kecepatan gratis"},
    ])
}

/// A claim to emit; change fields before [`Calling::claim`].
#[derive(Debug, Clone)]
pub struct ClaimSpec {
    pub prospect_id: Uuid,
    pub claim_id: Uuid,
    pub work_order_id: Uuid,
    pub agent: Uuid,
    pub team: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub offers: Value,
    pub claimed_at: DateTime<Utc>,
    pub lease_expires_at: DateTime<Utc>,
}

impl ClaimSpec {
    pub fn payload(&self) -> Value {
        json!({
            "claim_id": self.claim_id,
            "prospect_id": self.prospect_id,
            "work_order_id": self.work_order_id,
            "wo_code": "WO-TEST-1",
            "agent_id": self.agent,
            "team_id": self.team,
            "site": self.site,
            "program": self.program,
            "offers": self.offers,
            "attempt": 1,
            "lease_expires_at": self.lease_expires_at,
            "claimed_at": self.claimed_at,
        })
    }
}

impl Calling {
    pub async fn start() -> Self {
        Self::start_with(&[tam_calling::service()], &[]).await
    }

    /// Starts `defs` with configuration `overrides`; recordings go to a fresh directory.
    pub async fn start_with(defs: &[ServiceDef], overrides: &[(&str, &str)]) -> Self {
        let recordings_dir =
            std::env::temp_dir().join(format!("tam-calling-test-{}", Uuid::now_v7().simple()));
        let mut vars: HashMap<String, String> = overrides
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        vars.insert(
            "TAM_RECORDINGS_STORE".into(),
            recordings_dir.display().to_string(),
        );
        let service = TestService::start(ServiceName::Calling, defs, &vars).await;
        Self {
            service,
            recordings_dir,
        }
    }

    pub async fn stop(self) {
        self.service.stop().await;
        let _ = std::fs::remove_dir_all(self.recordings_dir);
    }

    /// Someone with `role` (at `site`, in `team`) and a token.
    pub fn person(&self, role: Role, site: Option<Site>, team: Option<Uuid>) -> Person {
        let subject = Subject {
            id: Uuid::now_v7(),
            role,
            site,
            team,
        };
        let token = self.app.token_for(&subject);
        Person { subject, token }
    }

    /// An agent at Medan (add-on program) in a team of their own.
    pub fn agent(&self) -> Person {
        self.person(Role::Agent, Some(Site::Medan), Some(Uuid::now_v7()))
    }

    /// A claim of a new prospect by `agent` on the add-on program, leased for 5 minutes.
    pub fn claim_for(&self, agent: &Person) -> ClaimSpec {
        let now = self.now();
        ClaimSpec {
            prospect_id: Uuid::now_v7(),
            claim_id: Uuid::now_v7(),
            work_order_id: Uuid::now_v7(),
            agent: agent.id(),
            team: agent.subject.team,
            site: agent.subject.site.unwrap_or(Site::Medan),
            program: Program::AddOnConsumer,
            offers: sales_offers(),
            claimed_at: now,
            lease_expires_at: now + Duration::minutes(5),
        }
    }

    /// Emits `claim` as prospect would and waits until calling has it.
    pub async fn claim(&self, claim: &ClaimSpec) {
        self.app
            .emit(
                "prospect.prospect.claimed",
                "prospect",
                Some(claim.site),
                claim.payload(),
            )
            .await
            .unwrap();
        let sql = format!(
            "SELECT count(*) AS n FROM claims WHERE claim_id = '{}'",
            claim.claim_id
        );
        wait_until("the claim reaches calling", WAIT, || {
            let sql = sql.clone();
            async move { (self.count(&sql).await == 1).then_some(()) }
        })
        .await
        .unwrap();
    }

    /// Waits until calling applied (or skipped) the event `id`.
    pub async fn processed(&self, id: Uuid) {
        self.app.handled("calling", &[id]).await.unwrap();
    }

    /// A claim for `agent` and a call started on it; the call's answer.
    pub async fn open_call(&self, agent: &Person) -> (ClaimSpec, Answer) {
        let claim = self.claim_for(agent);
        self.claim(&claim).await;
        let started = self.start_call(&agent.token, claim.prospect_id).await;
        assert_eq!(started.status, 201, "{:?}", started.body);
        (claim, started)
    }

    pub async fn start_call(&self, token: &str, prospect: Uuid) -> Answer {
        self.post(
            "/api/v1/calling/calls",
            token,
            json!({ "prospect_id": prospect }),
        )
        .await
    }

    pub async fn result(&self, token: &str, call: Uuid, body: Value) -> Answer {
        self.post(&format!("/api/v1/calling/calls/{call}/result"), token, body)
            .await
    }

    /// PUTs `bytes` as the recording of `call` to `base` (calling's or the gateway's).
    pub async fn put_recording_at(
        &self,
        base: &str,
        token: &str,
        call: Uuid,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Answer {
        let response = self
            .app
            .client
            .put(format!("{base}/api/v1/calling/calls/{call}/recording"))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .unwrap();
        Answer::read(response).await
    }

    pub async fn put_recording(
        &self,
        token: &str,
        call: Uuid,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Answer {
        self.put_recording_at(&self.base, token, call, content_type, bytes)
            .await
    }

    /// GETs the recording of `call` from `base`: status, headers, raw body.
    pub async fn get_recording_at(
        &self,
        base: &str,
        token: &str,
        call: Uuid,
        range: Option<&str>,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut request = self
            .app
            .client
            .get(format!("{base}/api/v1/calling/calls/{call}/recording"))
            .bearer_auth(token);
        if let Some(range) = range {
            request = request.header("range", range);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        (status, headers, response.bytes().await.unwrap().to_vec())
    }

    pub async fn get_recording(
        &self,
        token: &str,
        call: Uuid,
        range: Option<&str>,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        self.get_recording_at(&self.base, token, call, range).await
    }

    /// The envelopes of type `event_type` the services published.
    pub async fn events(&self, event_type: &str) -> Vec<Value> {
        self.published()
            .await
            .into_iter()
            .filter(|(t, _)| t == event_type)
            .map(|(_, e)| e)
            .collect()
    }

    /// Every file under the recordings directory.
    pub fn stored_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        walk(&path, out);
                    } else {
                        out.push(path);
                    }
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.recordings_dir, &mut files);
        files
    }
}

/// A WIB wall-clock time today (the test clock's day).
pub fn wib_today(c: &Calling, hour: u32, minute: u32) -> DateTime<Utc> {
    let day = tam_kernel::wib_date(c.now());
    tam_kernel::wib_to_utc(
        day,
        chrono::NaiveTime::from_hms_opt(hour, minute, 0).unwrap(),
    )
}
