//! A site's token keys, from central hr's JWK Set (`TAM_JWKS_URL`).
//!
//! At a site, tokens are signed by central hr, whose public keys are served at
//! `/api/v1/auth/jwks`. The service fetches them at start (a short timeout: a site must
//! come up while central is down), then again every `TAM_JWKS_REFRESH_SECS`, and at
//! once when a token names a key it does not hold (central rotated its key), at most
//! once per `TAM_JWKS_MIN_REFRESH_SECS` and one fetch at a time however many requests
//! ask. A failed fetch keeps the last good keys (a warning and
//! `tam_jwks_fetch_failures_total`): tokens already issued keep working while central
//! or the link to it is down. Each good fetch is written to `TAM_JWKS_CACHE_FILE` (if
//! set), which is read at start when central cannot be reached, so that a site
//! restarted during an outage still verifies. With no keys at all the service is not
//! ready and answers tokens with 503 (the token may be fine; the site cannot tell).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use prometheus::{Gauge, IntCounter, IntGauge, Registry};
use tam_auth::{KeyFetch, KeySet, Verifier};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::config::Config;
use crate::service::ServiceName;

/// How long a fetch may take, connecting included: a site starting while central is
/// unreachable waits this long at most before it reads its cache file.
const FETCH_TIMEOUT: Duration = Duration::from_secs(3);
/// The largest JWK Set read: a few keys are a few hundred bytes.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// The JWK Set's metrics, on the service's registry.
struct JwksMetrics {
    /// When the keys in use were fetched (or, read from the cache file, written there).
    fetched_at: Gauge,
    failures: IntCounter,
    keys: IntGauge,
}

impl JwksMetrics {
    fn new(registry: &Registry) -> prometheus::Result<Self> {
        let metrics = Self {
            fetched_at: Gauge::new(
                "tam_jwks_fetched_timestamp_seconds",
                "When the token keys in use were fetched from central's JWK Set (seconds since \
                 the epoch; their age is time() minus this)",
            )?,
            failures: IntCounter::new(
                "tam_jwks_fetch_failures_total",
                "Fetches of central's JWK Set that failed (the last good keys were kept)",
            )?,
            keys: IntGauge::new("tam_jwks_keys", "Token keys held from central's JWK Set")?,
        };
        registry.register(Box::new(metrics.fetched_at.clone()))?;
        registry.register(Box::new(metrics.failures.clone()))?;
        registry.register(Box::new(metrics.keys.clone()))?;
        Ok(metrics)
    }
}

/// Where a service's verifier gets its keys from central's JWK Set.
struct Jwks {
    service: ServiceName,
    url: Url,
    client: reqwest::Client,
    cache_file: Option<PathBuf>,
    refresh: Duration,
    min_refresh: Duration,
    /// The verifier whose keys are replaced (a clone without the key fetch, so that the
    /// fetch and the source do not hold each other).
    verifier: Verifier,
    /// When the last fetch started; held during a fetch, so that there is one at a time.
    last_fetch: Mutex<Option<Instant>>,
    metrics: JwksMetrics,
}

/// The verifier of a service whose keys come from `url` (central's JWK Set): fetched
/// once now, or read from the cache file when that fails, or none yet (the service then
/// starts not ready). Returns it with the task that keeps the keys fresh until
/// `shutdown`.
pub(crate) async fn start(
    service: ServiceName,
    url: &Url,
    config: &Config,
    registry: &Registry,
    shutdown: CancellationToken,
) -> anyhow::Result<(Verifier, JoinHandle<()>)> {
    let client = reqwest::Client::builder()
        .timeout(FETCH_TIMEOUT)
        .connect_timeout(FETCH_TIMEOUT)
        .build()
        .context("building the JWK Set's HTTP client")?;
    let jwks = Arc::new(Jwks {
        service,
        url: url.clone(),
        client,
        cache_file: config.jwks_cache_file.clone(),
        refresh: config.jwks_refresh,
        min_refresh: config.jwks_min_refresh,
        verifier: Verifier::awaiting_keys(config.jwt_issuer.clone(), config.jwt_audience.clone()),
        last_fetch: Mutex::new(None),
        metrics: JwksMetrics::new(registry).context("registering the JWK Set's metrics")?,
    });
    {
        let mut last = jwks.last_fetch.lock().await;
        *last = Some(Instant::now());
        if !jwks.fetch_and_apply().await {
            jwks.read_cache_file().await;
        }
    }
    let fetch: KeyFetch = {
        let jwks = Arc::clone(&jwks);
        Arc::new(move |kid: String| {
            let jwks = Arc::clone(&jwks);
            Box::pin(async move { jwks.fetch_for_kid(&kid).await })
        })
    };
    let verifier = jwks.verifier.clone().with_key_fetch(fetch);
    let task = tokio::spawn(Arc::clone(&jwks).refresh_until(shutdown));
    Ok((verifier, task))
}

impl Jwks {
    /// Fetches again every `refresh` (every `min_refresh` while no keys are held) until
    /// `shutdown`.
    async fn refresh_until(self: Arc<Self>, shutdown: CancellationToken) {
        loop {
            let wait = next_fetch_in(self.verifier.has_keys(), self.refresh, self.min_refresh);
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(wait) => {}
            }
            let mut last = self.last_fetch.lock().await;
            *last = Some(Instant::now());
            self.fetch_and_apply().await;
        }
    }

    /// A token named `kid`, which the verifier does not hold: fetch, unless the fetch
    /// this one waited behind brought it, or the last fetch was too recent.
    async fn fetch_for_kid(&self, kid: &str) {
        let mut last = self.last_fetch.lock().await;
        if self.verifier.keys().contains(kid) {
            return;
        }
        let now = Instant::now();
        if !may_fetch(*last, now, self.min_refresh) {
            tracing::debug!(service = %self.service, kid, "unknown token key; fetched too recently to fetch again");
            return;
        }
        *last = Some(now);
        tracing::info!(service = %self.service, kid, url = %self.url, "a token names an unknown key: fetching central's JWK Set");
        self.fetch_and_apply().await;
    }

    /// Fetches the JWK Set and trusts it; on failure keeps the keys held. Whether it
    /// succeeded.
    async fn fetch_and_apply(&self) -> bool {
        match self.fetch().await {
            Ok(keys) => {
                let jwks = keys.jwks();
                self.trust(keys, unix_now());
                if let Some(file) = &self.cache_file {
                    if let Err(e) = write_cache_file(file, &jwks).await {
                        tracing::warn!(service = %self.service, file = %file.display(), error = %format!("{e:#}"), "could not keep the JWK Set in its cache file");
                    }
                }
                true
            }
            Err(e) => {
                self.metrics.failures.inc();
                let error = format!("{e:#}");
                if self.verifier.has_keys() {
                    tracing::warn!(service = %self.service, url = %self.url, %error, "central's JWK Set could not be fetched: keeping the last good keys");
                } else {
                    tracing::warn!(service = %self.service, url = %self.url, %error, "central's JWK Set could not be fetched and no keys are held: tokens are answered 503 until it can");
                }
                false
            }
        }
    }

    async fn fetch(&self) -> anyhow::Result<KeySet> {
        let mut response = self
            .client
            .get(self.url.clone())
            .send()
            .await
            .with_context(|| format!("GET {}", self.url))?;
        let status = response.status();
        if !status.is_success() {
            anyhow::bail!("GET {} answered {status}", self.url);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.context("reading the JWK Set")? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                anyhow::bail!("the JWK Set is larger than {MAX_BODY_BYTES} bytes");
            }
            body.extend_from_slice(&chunk);
        }
        parse_jwks(&body)
    }

    /// At start, central unreachable: the cache file's keys, if there is a good one.
    async fn read_cache_file(&self) {
        let Some(file) = self.cache_file.clone() else {
            return;
        };
        let read = tokio::task::spawn_blocking(move || {
            let modified = std::fs::metadata(&file)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0.0, |d| d.as_secs_f64());
            let keys = std::fs::read(&file)
                .with_context(|| format!("reading {}", file.display()))
                .and_then(|body| parse_jwks(&body));
            (file, keys, modified)
        })
        .await;
        match read {
            Ok((file, Ok(keys), modified)) => {
                tracing::warn!(service = %self.service, file = %file.display(), kids = ?keys.kids(), "central's JWK Set unreachable at start: using the copy in the cache file");
                self.trust(keys, modified);
            }
            Ok((file, Err(e), _)) => {
                tracing::warn!(service = %self.service, file = %file.display(), error = %format!("{e:#}"), "central's JWK Set unreachable at start and no usable cache file");
            }
            Err(e) => {
                tracing::warn!(service = %self.service, error = %e, "reading the JWK Set's cache file")
            }
        }
    }

    fn trust(&self, keys: KeySet, fetched_at: f64) {
        let kids = keys.kids();
        if self.verifier.keys().kids() != kids {
            tracing::info!(service = %self.service, url = %self.url, ?kids, "token keys from central's JWK Set");
        }
        self.metrics
            .keys
            .set(i64::try_from(kids.len()).unwrap_or(i64::MAX));
        self.metrics.fetched_at.set(fetched_at);
        self.verifier.set_keys(keys);
    }
}

/// Whether a fetch for an unknown key may start at `now`: not within `min_refresh` of
/// the last one (so that tokens naming made-up keys cannot make a site hammer central).
fn may_fetch(last: Option<Instant>, now: Instant, min_refresh: Duration) -> bool {
    last.is_none_or(|last| now.saturating_duration_since(last) >= min_refresh)
}

/// How long until the next regular fetch: `refresh` while keys are held, else the
/// `min_refresh` a site without keys retries at.
fn next_fetch_in(has_keys: bool, refresh: Duration, min_refresh: Duration) -> Duration {
    if has_keys {
        refresh
    } else {
        min_refresh
    }
}

/// A JWK Set body (as hr serves it, or as the cache file keeps it) as keys.
fn parse_jwks(body: &[u8]) -> anyhow::Result<KeySet> {
    let value: serde_json::Value =
        serde_json::from_slice(body).context("the JWK Set is not JSON")?;
    Ok(KeySet::from_jwks(&value)?)
}

/// Replaces `file` with `jwks` whole: written beside it, synced, then renamed over it,
/// so that a reader (this service restarting) never sees half a file.
async fn write_cache_file(file: &Path, jwks: &serde_json::Value) -> anyhow::Result<()> {
    let file = file.to_owned();
    let body = serde_json::to_vec_pretty(jwks)?;
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let name = file
            .file_name()
            .context("the cache file has no file name")?
            .to_string_lossy();
        let temporary = file.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let written = (|| -> std::io::Result<()> {
            let mut out = std::fs::File::create(&temporary)?;
            out.write_all(&body)?;
            out.sync_all()?;
            std::fs::rename(&temporary, &file)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written.with_context(|| format!("writing {}", file.display()))
    })
    .await?
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_fetches_at_most_once_per_min_refresh() {
        let min = Duration::from_secs(10);
        let start = Instant::now();
        assert!(may_fetch(None, start, min), "never fetched");
        assert!(!may_fetch(Some(start), start, min));
        assert!(!may_fetch(Some(start), start + Duration::from_secs(9), min));
        assert!(may_fetch(Some(start), start + min, min));
        assert!(may_fetch(Some(start), start + Duration::from_secs(60), min));
        // A clock reading before the last fetch (another task's `now`) waits.
        assert!(!may_fetch(Some(start + min), start, min));
    }

    #[test]
    fn without_keys_the_regular_fetch_comes_at_the_min_refresh() {
        let (refresh, min) = (Duration::from_secs(300), Duration::from_secs(10));
        assert_eq!(next_fetch_in(true, refresh, min), refresh);
        assert_eq!(next_fetch_in(false, refresh, min), min);
    }

    #[test]
    fn a_jwks_body_parses_or_says_why_not() {
        let body = br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","alg":"EdDSA","use":"sig","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
        assert_eq!(parse_jwks(body).unwrap().kids(), vec!["k1"]);
        let e = parse_jwks(b"<html>").unwrap_err();
        assert!(format!("{e:#}").contains("not JSON"), "{e:#}");
        let e = parse_jwks(br#"{"keys":[]}"#).unwrap_err();
        assert!(format!("{e:#}").contains("no Ed25519"), "{e:#}");
    }

    #[tokio::test]
    async fn the_cache_file_is_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("tam-jwks-test-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("jwks.json");
        std::fs::write(&file, "old").unwrap();
        let jwks = serde_json::json!({"keys": [{"kid": "k1"}]});
        write_cache_file(&file, &jwks).await.unwrap();
        let read: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(read, jwks);
        // Nothing left beside it.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        // A directory that does not exist is an error, not a panic.
        let missing = dir.join("no/such/dir/jwks.json");
        assert!(write_cache_file(&missing, &jwks).await.is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
