//! The client: the session (access and refresh tokens, refreshed before they expire
//! and once on a 401), the request machinery every route method goes through
//! (Idempotency-Key on unsafe calls, problems decoded), uploads and downloads streamed.

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tam_hr::api::auth::{LoginRequest, RefreshRequest, TokenResponse};
use tam_kernel::{Role, Site};
use tokio::io::AsyncRead;
use tokio::sync::Mutex;
use url::Url;

use crate::error::{problem_from, ClientError};

/// What every call returns.
pub type Result<T, E = ClientError> = std::result::Result<T, E>;

/// The header a retry-able unsafe call carries (`tam_kernel::IDEMPOTENCY_KEY`).
pub const IDEMPOTENCY_KEY: &str = tam_kernel::IDEMPOTENCY_KEY;

/// How long before the access token expires the client refreshes it (a request signed
/// with a token that expires in flight would be refused).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The auth routes the session machinery calls itself (not through an access token).
const LOGIN: &str = "/api/v1/auth/login";
const REFRESH: &str = "/api/v1/auth/refresh";
const LOGOUT: &str = "/api/v1/auth/logout";

/// The tokens of a logged-in session and who it is.
#[derive(Clone)]
struct Session {
    access_token: String,
    refresh_token: String,
    /// When the access token expires, by this machine's clock (from `expires_in`).
    expires_at: Instant,
    role: Role,
    site: Option<Site>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Tokens are secrets: never in logs or panics.
        f.debug_struct("Session")
            .field("role", &self.role)
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

impl Session {
    fn from_tokens(t: &TokenResponse) -> Self {
        Session {
            access_token: t.access_token.clone(),
            refresh_token: t.refresh_token.clone(),
            expires_at: Instant::now() + Duration::from_secs(t.expires_in),
            role: t.role,
            site: t.site,
        }
    }
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base: Url,
    session: Mutex<Option<Session>>,
    refresh_margin: Duration,
}

/// A client of the TAM API through the gateway. Cheap to clone: clones share the
/// session (a refresh by one is seen by all).
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// A key every unsafe call of this handle sends instead of a fresh one
    /// ([`Client::with_idempotency_key`]).
    fixed_key: Option<String>,
}

/// A request body.
pub(crate) enum Body {
    None,
    /// Serialized once, so a retry sends the same bytes.
    Json(Bytes),
    Upload(Upload),
}

/// A file to upload, streamed (never read into memory): from a path (which can be
/// reopened, so the call is retried after a 401 like any other) or from any
/// `AsyncRead` (sent once: the token is refreshed before it is sent instead).
pub struct Upload {
    content_type: String,
    source: Source,
}

enum Source {
    Path(PathBuf),
    Reader(Option<Pin<Box<dyn AsyncRead + Send + Sync>>>, Option<u64>),
}

impl Upload {
    /// The file at `path`, sent as `content_type` (`text/csv`, `audio/wav`, ...).
    pub fn file(path: impl Into<PathBuf>, content_type: impl Into<String>) -> Self {
        Upload {
            content_type: content_type.into(),
            source: Source::Path(path.into()),
        }
    }

    /// Whatever `reader` yields, sent as `content_type`; `len` when known becomes the
    /// `Content-Length` (a service refuses an oversized upload before reading it).
    pub fn reader(
        reader: impl AsyncRead + Send + Sync + 'static,
        content_type: impl Into<String>,
        len: Option<u64>,
    ) -> Self {
        Upload {
            content_type: content_type.into(),
            source: Source::Reader(Some(Box::pin(reader)), len),
        }
    }

    /// In-memory bytes (small files, tests).
    pub fn bytes(bytes: impl Into<Bytes>, content_type: impl Into<String>) -> Self {
        let bytes: Bytes = bytes.into();
        let len = bytes.len() as u64;
        Self::reader(std::io::Cursor::new(bytes), content_type, Some(len))
    }

    fn replayable(&self) -> bool {
        matches!(self.source, Source::Path(_))
    }

    /// The body and its length for one attempt.
    async fn body(&mut self) -> Result<(reqwest::Body, Option<u64>)> {
        match &mut self.source {
            Source::Path(path) => {
                let file = tokio::fs::File::open(&path).await?;
                let len = file.metadata().await?.len();
                let stream = tokio_util::io::ReaderStream::new(file);
                Ok((reqwest::Body::wrap_stream(stream), Some(len)))
            }
            Source::Reader(reader, len) => {
                let reader = reader.take().ok_or_else(|| {
                    ClientError::Io(std::io::Error::other("the upload was already sent"))
                })?;
                let stream = tokio_util::io::ReaderStream::new(reader);
                Ok((reqwest::Body::wrap_stream(stream), *len))
            }
        }
    }
}

/// A downloaded body, streamed: the recording, an export, a rejected-lines file.
pub struct Download {
    pub status: StatusCode,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
    pub headers: HeaderMap,
    pub stream: Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl Download {
    fn from_response(response: reqwest::Response) -> Self {
        Download {
            status: response.status(),
            content_type: response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            content_length: response.content_length(),
            headers: response.headers().clone(),
            stream: Box::pin(response.bytes_stream().map_err(ClientError::from)),
        }
    }

    /// Writes the whole body to `path` as it arrives; the bytes written.
    pub async fn save_to(self, path: impl AsRef<std::path::Path>) -> Result<u64> {
        let file = tokio::fs::File::create(path).await?;
        self.copy_to(file).await
    }

    /// Writes the whole body to `writer` as it arrives; the bytes written.
    pub async fn copy_to(mut self, mut writer: impl tokio::io::AsyncWrite + Unpin) -> Result<u64> {
        use tokio::io::AsyncWriteExt as _;
        let mut written = 0u64;
        while let Some(chunk) = self.stream.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }

    /// A JSON body read into `T` (a report asked for as JSON).
    pub async fn json<T: DeserializeOwned>(self) -> Result<T> {
        let status = self.status.as_u16();
        let bytes = self.bytes().await?;
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode {
            method: "GET".to_owned(),
            path: String::new(),
            status,
            reason: e.to_string(),
        })
    }

    /// The whole body in memory (small files, tests).
    pub async fn bytes(mut self) -> Result<Bytes> {
        let mut all = Vec::new();
        while let Some(chunk) = self.stream.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.into())
    }
}

/// How a route's success answer is read.
pub(crate) trait Answer: Sized {
    /// `no_content`: the route may answer 204 (nothing to give).
    fn read(
        response: reqwest::Response,
        method: &Method,
        path: &str,
    ) -> impl std::future::Future<Output = Result<Self>> + Send;
}

/// A page of a list route: its items and the cursor of the next page.
pub trait Paged {
    type Item;
    /// The `next_cursor`: `None` on the last page.
    fn next_cursor(&self) -> Option<&str>;
    fn into_items(self) -> Vec<Self::Item>;
}

impl Client {
    /// A client of the API at `base_url` (the gateway, e.g. `http://127.0.0.1:8080`).
    pub fn new(base_url: &str) -> Result<Self> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("tam-client/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Self::with_http(base_url, http)
    }

    /// A client on a `reqwest::Client` configured by the caller (timeouts, TLS roots).
    pub fn with_http(base_url: &str, http: reqwest::Client) -> Result<Self> {
        let base =
            Url::parse(base_url).map_err(|e| ClientError::Url(format!("{base_url}: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                session: Mutex::new(None),
                refresh_margin: DEFAULT_REFRESH_MARGIN,
            }),
            fixed_key: None,
        })
    }

    /// A client holding an access token obtained elsewhere (a service account's, a
    /// test's): calls carry it until it expires; there is no refresh token, so a 401 is
    /// final.
    pub async fn with_access_token(
        base_url: &str,
        token: impl Into<String>,
        role: Role,
        site: Option<Site>,
    ) -> Result<Self> {
        let client = Self::new(base_url)?;
        *client.inner.session.lock().await = Some(Session {
            access_token: token.into(),
            refresh_token: String::new(),
            expires_at: Instant::now() + Duration::from_secs(365 * 24 * 3600),
            role,
            site,
        });
        Ok(client)
    }

    /// A handle on the same session whose unsafe calls all send `key` as their
    /// Idempotency-Key (to repeat a call after a crash, as the same request).
    pub fn with_idempotency_key(&self, key: impl Into<String>) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            fixed_key: Some(key.into()),
        }
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// Logs in; the session is kept inside (and refreshed as needed). The answer tells
    /// the role and site.
    pub async fn login(&self, username: &str, password: &str) -> Result<TokenResponse> {
        let body = LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        let tokens: TokenResponse = self.post_unauthenticated(LOGIN, &body).await?;
        *self.inner.session.lock().await = Some(Session::from_tokens(&tokens));
        Ok(tokens)
    }

    /// Ends the session: the refresh token's family is revoked at the API (a refresh
    /// with it, or one rotated from it, is refused from now on) and forgotten here.
    pub async fn logout(&self) -> Result<()> {
        let session = self.inner.session.lock().await.take();
        let Some(session) = session else {
            return Ok(());
        };
        let body = RefreshRequest {
            refresh_token: session.refresh_token,
        };
        let response = self
            .raw(Method::POST, LOGOUT, None, json_body(&body)?, None)
            .await?;
        check(response).await.map(drop)
    }

    /// Whether a session is held.
    pub async fn is_logged_in(&self) -> bool {
        self.inner.session.lock().await.is_some()
    }

    /// The role and site of the session, if any.
    pub async fn identity(&self) -> Option<(Role, Option<Site>)> {
        self.inner
            .session
            .lock()
            .await
            .as_ref()
            .map(|s| (s.role, s.site))
    }

    /// The current access token (refreshed first if it is about to expire), for callers
    /// that must hand it to another tool.
    pub async fn access_token(&self) -> Result<String> {
        self.fresh_token(false).await
    }

    /// The current refresh token (the console keeps it server-side to log out later).
    pub async fn refresh_token(&self) -> Option<String> {
        self.inner
            .session
            .lock()
            .await
            .as_ref()
            .map(|s| s.refresh_token.clone())
    }

    /// Exchanges the refresh token for new tokens now (the refresh token rotates).
    pub async fn refresh(&self) -> Result<()> {
        self.fresh_token(true).await.map(drop)
    }

    /// Makes the client believe its access token expired (tests, and a caller that
    /// knows the token was revoked): the next call refreshes first.
    pub async fn expire_access_token(&self) {
        if let Some(session) = self.inner.session.lock().await.as_mut() {
            session.expires_at = Instant::now();
        }
    }

    /// Replaces the access token with `token` (tests: a token the API refuses, to see
    /// the 401-then-refresh path).
    pub async fn set_access_token(&self, token: impl Into<String>) {
        if let Some(session) = self.inner.session.lock().await.as_mut() {
            session.access_token = token.into();
        }
    }

    /// A valid access token: the held one, or a refreshed one when `force`d or when it
    /// expires within the margin. Holding the lock through the refresh makes concurrent
    /// callers wait for one refresh instead of racing the rotating refresh token.
    async fn fresh_token(&self, force: bool) -> Result<String> {
        let mut guard = self.inner.session.lock().await;
        let session = guard.as_mut().ok_or(ClientError::NotLoggedIn)?;
        let due = Instant::now() + self.inner.refresh_margin >= session.expires_at;
        if !force && !due {
            return Ok(session.access_token.clone());
        }
        let body = RefreshRequest {
            refresh_token: session.refresh_token.clone(),
        };
        match self
            .post_unauthenticated::<_, TokenResponse>(REFRESH, &body)
            .await
        {
            Ok(tokens) => {
                *session = Session::from_tokens(&tokens);
                Ok(session.access_token.clone())
            }
            Err(e) => {
                // A refused refresh token will not get better: the session is over.
                if matches!(&e, ClientError::Problem(p) if p.status == 401) {
                    *guard = None;
                }
                Err(e)
            }
        }
    }

    async fn post_unauthenticated<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R> {
        let response = self
            .raw(Method::POST, path, None, json_body(body)?, None)
            .await?;
        let response = check(response).await?;
        decode(response, &Method::POST, path).await
    }

    fn url(&self, path: &str, query: Option<&str>) -> Result<Url> {
        let mut url = self
            .inner
            .base
            .join(path)
            .map_err(|e| ClientError::Url(format!("{path}: {e}")))?;
        url.set_query(query.filter(|q| !q.is_empty()));
        Ok(url)
    }

    /// One attempt, no session involved.
    async fn raw(
        &self,
        method: Method,
        path: &str,
        query: Option<&str>,
        body: Body,
        token: Option<&str>,
    ) -> Result<reqwest::Response> {
        let mut request = self.inner.http.request(method, self.url(path, query)?);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request = match body {
            Body::None => request,
            Body::Json(bytes) => request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(bytes),
            Body::Upload(_) => {
                return Err(ClientError::Io(std::io::Error::other(
                    "uploads go through send()",
                )))
            }
        };
        Ok(request.send().await?)
    }

    /// Sends an authenticated call: the access token refreshed when due, an unsafe call
    /// with an Idempotency-Key (the same on the retry), and after a 401 one refresh and
    /// one retry (an upload from a reader cannot be replayed, so it refreshes first).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        query: Option<String>,
        mut body: Body,
    ) -> Result<reqwest::Response> {
        let unsafe_method = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
        let key = unsafe_method.then(|| {
            self.fixed_key
                .clone()
                .unwrap_or_else(|| uuid::Uuid::now_v7().to_string())
        });
        let replayable = match &body {
            Body::Upload(upload) => upload.replayable(),
            _ => true,
        };
        let mut token = self.fresh_token(false).await?;
        let mut retried = false;
        loop {
            let mut request = self
                .inner
                .http
                .request(method.clone(), self.url(path, query.as_deref())?)
                .bearer_auth(&token);
            if let Some(key) = &key {
                request = request.header(IDEMPOTENCY_KEY, key.as_str());
            }
            request = match &mut body {
                Body::None => request,
                Body::Json(bytes) => request
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                    .body(bytes.clone()),
                Body::Upload(upload) => {
                    let (stream, len) = upload.body().await?;
                    let mut request = request
                        .header(CONTENT_TYPE, upload.content_type.as_str())
                        .body(stream);
                    if let Some(len) = len {
                        request = request.header(CONTENT_LENGTH, len);
                    }
                    request
                }
            };
            let response = request.send().await?;
            if response.status() == StatusCode::UNAUTHORIZED && !retried && replayable {
                retried = true;
                token = self.fresh_token(true).await?;
                continue;
            }
            return check(response).await;
        }
    }

    /// A call to a public route: no token, no session needed.
    pub(crate) async fn call_public<R: Answer>(
        &self,
        method: Method,
        path: &str,
        query: Option<String>,
        body: Body,
    ) -> Result<R> {
        let response = self
            .raw(method.clone(), path, query.as_deref(), body, None)
            .await?;
        let response = check(response).await?;
        R::read(response, &method, path).await
    }

    /// A call answered with JSON (or nothing, or 204).
    pub(crate) async fn call<R: Answer>(
        &self,
        method: Method,
        path: &str,
        query: Option<String>,
        body: Body,
    ) -> Result<R> {
        let response = self.send(method.clone(), path, query, body).await?;
        R::read(response, &method, path).await
    }

    /// Every page of a list, fetched as the stream is read (the next page is asked for
    /// with the previous page's `next_cursor`, added to `query`).
    pub(crate) fn pages<P>(
        &self,
        path: String,
        query: Option<String>,
    ) -> impl Stream<Item = Result<P>> + Send + 'static
    where
        P: Paged + DeserializeOwned + Send + 'static,
    {
        let client = self.clone();
        futures::stream::try_unfold(Some(None::<String>), move |state| {
            let client = client.clone();
            let path = path.clone();
            let query = query.clone();
            async move {
                let Some(cursor) = state else {
                    return Ok(None);
                };
                let mut q = query.unwrap_or_default();
                if let Some(cursor) = cursor {
                    if !q.is_empty() {
                        q.push('&');
                    }
                    q.push_str(&serde_urlencoded_pair("cursor", &cursor));
                }
                let Json(page): Json<P> =
                    client.call(Method::GET, &path, Some(q), Body::None).await?;
                let next = page
                    .next_cursor()
                    .filter(|c| !c.is_empty())
                    .map(|c| Some(c.to_owned()));
                Ok(Some((page, next)))
            }
        })
    }
}

fn serde_urlencoded_pair(name: &str, value: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair(name, value)
        .finish()
}

/// A query string from a query type (its `None` fields left out).
pub(crate) fn query_string<Q: Serialize + ?Sized>(q: &Q) -> Result<Option<String>> {
    serde_urlencoded::to_string(q)
        .map(Some)
        .map_err(|e| ClientError::Url(format!("query: {e}")))
}

/// A JSON body, serialized once.
pub(crate) fn json_body<B: Serialize + ?Sized>(body: &B) -> Result<Body> {
    serde_json::to_vec(body)
        .map(|v| Body::Json(v.into()))
        .map_err(|e| ClientError::Url(format!("body: {e}")))
}

/// A path segment, percent-encoded (a DNC number or a code with odd characters).
pub(crate) fn seg(value: impl std::fmt::Display) -> String {
    url::form_urlencoded::byte_serialize(value.to_string().as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The response if it is a success, else its problem.
async fn check(response: reqwest::Response) -> Result<reqwest::Response> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.bytes().await?;
    Err(ClientError::Problem(problem_from(status, &body)))
}

async fn decode<R: DeserializeOwned>(
    response: reqwest::Response,
    method: &Method,
    path: &str,
) -> Result<R> {
    let status = response.status().as_u16();
    let body = response.bytes().await?;
    serde_json::from_slice(&body).map_err(|e| ClientError::Decode {
        method: method.to_string(),
        path: path.to_owned(),
        status,
        reason: e.to_string(),
    })
}

/// A JSON answer.
pub(crate) struct Json<T>(pub T);

impl<T: DeserializeOwned + Send> Answer for Json<T> {
    async fn read(response: reqwest::Response, method: &Method, path: &str) -> Result<Self> {
        decode(response, method, path).await.map(Json)
    }
}

/// A JSON answer, or 204 when there is nothing (the next customer, a task to claim).
pub(crate) struct Maybe<T>(pub Option<T>);

impl<T: DeserializeOwned + Send> Answer for Maybe<T> {
    async fn read(response: reqwest::Response, method: &Method, path: &str) -> Result<Self> {
        if response.status() == StatusCode::NO_CONTENT {
            return Ok(Maybe(None));
        }
        decode(response, method, path).await.map(|t| Maybe(Some(t)))
    }
}

/// No body (204).
pub(crate) struct Empty;

impl Answer for Empty {
    async fn read(_: reqwest::Response, _: &Method, _: &str) -> Result<Self> {
        Ok(Empty)
    }
}

impl Answer for Download {
    async fn read(response: reqwest::Response, _: &Method, _: &str) -> Result<Self> {
        Ok(Download::from_response(response))
    }
}

/// The items of every page, one by one.
pub fn items<P, S>(pages: S) -> impl Stream<Item = Result<P::Item>>
where
    P: Paged,
    S: Stream<Item = Result<P>>,
{
    pages
        .map_ok(|page| futures::stream::iter(page.into_items().into_iter().map(Ok)))
        .try_flatten()
}

/// `Paged` for the services' page types: `items` and `next_cursor`.
macro_rules! paged {
    ($($page:ty => $item:ty,)*) => {
        $(impl $crate::client::Paged for $page {
            type Item = $item;
            fn next_cursor(&self) -> Option<&str> {
                self.next_cursor.as_deref()
            }
            fn into_items(self) -> Vec<$item> {
                self.items
            }
        })*
    };
}
pub(crate) use paged;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use tam_calling::api::calls::CallListQuery;

    #[test]
    fn a_path_segment_is_percent_encoded() {
        assert_eq!(seg("0812 3456/78"), "0812%203456%2F78");
        assert_eq!(seg(uuid::Uuid::nil()), uuid::Uuid::nil().to_string());
    }

    #[test]
    fn a_query_leaves_out_what_is_not_set() {
        let q = CallListQuery {
            status: Some("open".to_owned()),
            ..Default::default()
        };
        assert_eq!(query_string(&q).unwrap().as_deref(), Some("status=open"));
        let none = query_string(&CallListQuery::default()).unwrap();
        assert_eq!(none.as_deref(), Some(""));
    }

    #[tokio::test]
    async fn a_call_without_a_session_is_refused_before_it_is_sent() {
        // Nothing listens on port 9: only a call that was never sent gets NotLoggedIn.
        let client = Client::new("http://127.0.0.1:9").unwrap();
        assert!(matches!(
            client.auth_me().await,
            Err(ClientError::NotLoggedIn)
        ));
    }
}
