//! The source side: each source service's own counts of a day, read over HTTP at the
//! services' own addresses (`config.service_urls`) with reporting's service credential
//! (an hr account with an all-site role, logged in at hr for each check).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDate;
use serde::Deserialize;
use tam_runtime::{Config, ServiceName};

use super::Counts;

/// The username and password reporting logs in with.
#[derive(Clone)]
pub struct Credential {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password in a log line.
        f.debug_struct("Credential")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Why the source side could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// No `TAM_RECONCILE_USERNAME`/`TAM_RECONCILE_PASSWORD`.
    #[error(
        "reconciliation has no service credential: set TAM_RECONCILE_USERNAME and \
         TAM_RECONCILE_PASSWORD (an hr account with an all-site role, its first password \
         already changed)"
    )]
    NoCredential,
    /// A service answered something else than its counts, or not at all.
    #[error("{service}: {detail}")]
    Source {
        service: &'static str,
        detail: String,
    },
}

/// The services counted, each with its endpoint.
pub const SOURCES: &[(ServiceName, &str, &str)] = &[
    (
        ServiceName::Calling,
        "calling",
        "/api/v1/calling/daily-counts",
    ),
    (
        ServiceName::Helpdesk,
        "helpdesk",
        "/api/v1/helpdesk/daily-counts",
    ),
    (
        ServiceName::Quality,
        "quality",
        "/api/v1/quality/daily-counts",
    ),
];

/// Reads the sources' counts.
#[derive(Debug, Clone)]
pub struct Sources {
    client: reqwest::Client,
    credential: Option<Credential>,
    urls: BTreeMap<ServiceName, String>,
}

#[derive(Deserialize)]
struct Login {
    access_token: String,
}

#[derive(Deserialize)]
struct DailyCounts {
    counts: BTreeMap<String, i64>,
}

fn failed(service: &'static str, detail: impl std::fmt::Display) -> SourceError {
    SourceError::Source {
        service,
        detail: detail.to_string(),
    }
}

impl Sources {
    pub fn new(config: &Config, credential: Option<Credential>) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()?;
        Ok(Self {
            client,
            credential,
            urls: config.service_urls.clone(),
        })
    }

    fn url(&self, service: ServiceName, path: &str) -> Result<String, SourceError> {
        let base = self
            .urls
            .get(&service)
            .ok_or_else(|| failed("config", format!("no address for {service}")))?;
        Ok(format!("{}{path}", base.trim_end_matches('/')))
    }

    /// Whether a credential is configured.
    pub fn configured(&self) -> bool {
        self.credential.is_some()
    }

    /// Every source's counts of `day`, by (source, figure).
    pub async fn counts(&self, day: NaiveDate) -> Result<Counts, SourceError> {
        let credential = self.credential.as_ref().ok_or(SourceError::NoCredential)?;
        let login = self
            .client
            .post(self.url(ServiceName::Hr, "/api/v1/auth/login")?)
            .json(&serde_json::json!({
                "username": credential.username,
                "password": credential.password,
            }))
            .send()
            .await
            .map_err(|e| failed("hr", e))?;
        if !login.status().is_success() {
            let status = login.status();
            let body = login.text().await.unwrap_or_default();
            return Err(failed("hr", format!("login answered {status}: {body}")));
        }
        let token = login
            .json::<Login>()
            .await
            .map_err(|e| failed("hr", e))?
            .access_token;
        let mut counts = Counts::new();
        for (service, name, path) in SOURCES {
            let answer = self
                .client
                .get(self.url(*service, path)?)
                .query(&[("day", day.to_string())])
                .bearer_auth(&token)
                .send()
                .await
                .map_err(|e| failed(name, e))?;
            if !answer.status().is_success() {
                let status = answer.status();
                let body = answer.text().await.unwrap_or_default();
                return Err(failed(name, format!("answered {status}: {body}")));
            }
            let daily = answer
                .json::<DailyCounts>()
                .await
                .map_err(|e| failed(name, e))?;
            for (figure, n) in daily.counts {
                counts.insert(((*name).to_owned(), figure), n);
            }
        }
        Ok(counts)
    }
}
