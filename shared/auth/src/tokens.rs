//! Access tokens: issued by hr, verified by the gateway and every service.
//!
//! An access token is a JWT (RFC 9068 profile: header `typ` `at+jwt`) signed with EdDSA
//! (Ed25519) and naming its key in the `kid` header. The verifier accepts nothing else:
//! the algorithm is pinned (so neither `none` nor an HMAC "signed" with the public key
//! gets through), the key is looked up by `kid` in its own key set only (never taken from
//! the token), and `iss`, `aud`, `exp` and `nbf` are required and checked.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Header, Validation};
use tam_kernel::Problem;
use uuid::Uuid;

use crate::claims::{Claims, Subject};
use crate::keys::{KeyError, KeySet, SigningKey, TokenSettings};

/// The `typ` header of an access token (RFC 9068 §2.1).
pub const ACCESS_TOKEN_TYP: &str = "at+jwt";

/// How far the verifier tolerates clocks apart, in seconds, for `exp` and `nbf`.
pub const LEEWAY_SECS: u64 = 30;

/// Signs an access token for `subject`: header `alg` EdDSA, `typ` `at+jwt`, `kid` of the
/// key; `iat` = `nbf` = now, `exp` = now + `settings.access_ttl`.
pub fn issue_access_token(
    key: &SigningKey,
    settings: &TokenSettings,
    subject: &Subject,
) -> Result<String, KeyError> {
    issue_access_token_not_before(key, settings, subject, 0)
}

/// As [`issue_access_token`], but with `iat` = `nbf` no earlier than `not_before` (seconds
/// since the epoch): hr issues a token after a revocation of the subject's tokens with
/// an `iat` the [`DenyList`] does not refuse, even within the revocation's second.
pub fn issue_access_token_not_before(
    key: &SigningKey,
    settings: &TokenSettings,
    subject: &Subject,
    not_before: i64,
) -> Result<String, KeyError> {
    let now = unix_now()?.max(not_before);
    let ttl = i64::try_from(settings.access_ttl.as_secs())
        .map_err(|_| KeyError::Sign("the access token lifetime is too long".to_owned()))?;
    let exp = now
        .checked_add(ttl)
        .ok_or_else(|| KeyError::Sign("the access token lifetime is too long".to_owned()))?;
    let claims = Claims {
        sub: subject.id,
        role: subject.role,
        site: subject.site,
        team: subject.team,
        iss: settings.issuer.clone(),
        aud: settings.audience.clone(),
        iat: now,
        nbf: now,
        exp,
    };
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some(ACCESS_TOKEN_TYP.to_owned());
    header.kid = Some(key.kid().to_owned());
    jsonwebtoken::encode(&header, &claims, key.encoding_key())
        .map_err(|err| KeyError::Sign(err.to_string()))
}

fn unix_now() -> Result<i64, KeyError> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .as_ref()
        .map(Duration::as_secs)
        .and_then(|secs| i64::try_from(secs).ok())
        .ok_or_else(|| KeyError::Sign("the system clock is before 1970".to_owned()))
}

/// Why a request carries no acceptable access token. Every variant answers 401, but
/// [`AuthError::KeysUnavailable`] (503).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No `Authorization` header.
    #[error("no bearer token")]
    Missing,
    /// The header is not `Bearer <token>`, or the token is not a JWT.
    #[error("malformed bearer token")]
    Malformed,
    /// The token has expired.
    #[error("token expired")]
    Expired,
    /// The token was issued before its subject's tokens were revoked (deactivated,
    /// suspended, password changed, logged out everywhere, refresh token reused).
    #[error("token revoked")]
    Revoked,
    /// The token is a JWT but not one to accept; the reason is for logs, not for clients.
    #[error("invalid token: {0}")]
    Invalid(String),
    /// The verifier holds no keys yet (a site that has not fetched central's JWKS, nor
    /// read a cached copy): the token may well be valid, so this is the service's
    /// failure (503), not the client's (401).
    #[error("no token keys yet")]
    KeysUnavailable,
}

impl AuthError {
    /// The 401 problem for the client (503 for [`AuthError::KeysUnavailable`]); its
    /// detail says what to do, never more.
    pub fn problem(&self) -> Problem {
        if *self == AuthError::KeysUnavailable {
            return Problem::service_unavailable(
                "the service cannot check access tokens yet: it has not obtained the token \
                 keys from the central deployment; retry shortly",
            )
            .with_retry_after(KEYS_UNAVAILABLE_RETRY_SECS);
        }
        if *self == AuthError::Revoked {
            return Problem::new(
                StatusCode::UNAUTHORIZED,
                TOKEN_REVOKED,
                "Token revoked",
                "the access token was revoked (signed out everywhere, password changed, \
                 or account suspended or deactivated); log in again",
            );
        }
        let detail = match self {
            AuthError::Missing => "a bearer token is required",
            AuthError::Malformed => {
                "the Authorization header must be `Bearer <access token>` with a JWT"
            }
            AuthError::Expired => "the access token has expired; refresh it or log in again",
            AuthError::Invalid(_) | AuthError::Revoked | AuthError::KeysUnavailable => {
                "the access token is not valid; log in again"
            }
        };
        Problem::unauthorized().with_detail(detail)
    }
}

impl From<AuthError> for Problem {
    fn from(err: AuthError) -> Self {
        err.problem()
    }
}

impl actix_web::ResponseError for AuthError {
    fn status_code(&self) -> actix_web::http::StatusCode {
        self.problem().status_code()
    }

    fn error_response(&self) -> actix_web::HttpResponse {
        self.problem().error_response()
    }
}

/// The problem type of a revoked access token (401).
pub const TOKEN_REVOKED: &str = "token-revoked";

/// The `Retry-After` of the 503 answered while a verifier has no keys.
const KEYS_UNAVAILABLE_RETRY_SECS: u32 = 5;

/// How a verifier whose keys come from elsewhere (central's JWKS) fetches them again
/// when a token names a key it does not hold: called with the token's `kid`, done when
/// the keys are as fresh as they can be (the fetcher decides whether to fetch at all).
pub type KeyFetch = Arc<dyn Fn(String) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// Whose access tokens are refused although they verify: for each employee, the moment
/// (seconds since the epoch) before which their tokens were issued is revoked. Fed by
/// `hr.access.revoked`; an entry is useless once every token issued before it has
/// expired, so the feed forgets old ones. Clones share the list.
#[derive(Debug, Clone, Default)]
pub struct DenyList(Arc<RwLock<HashMap<Uuid, i64>>>);

impl DenyList {
    /// Refuses `employee`'s tokens issued (`iat`) before `not_before`; a later
    /// revocation wins over an earlier one, in whatever order they arrive.
    pub fn revoke(&self, employee: Uuid, not_before: i64) {
        let mut map = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let entry = map.entry(employee).or_insert(not_before);
        *entry = (*entry).max(not_before);
    }

    /// Whether the token with these claims was revoked.
    pub fn revokes(&self, claims: &Claims) -> bool {
        let map = self.0.read().unwrap_or_else(PoisonError::into_inner);
        map.get(&claims.sub)
            .is_some_and(|not_before| claims.iat < *not_before)
    }

    /// Forgets revocations older than `cutoff` (seconds since the epoch): every token
    /// they refuse has expired by then.
    pub fn forget_before(&self, cutoff: i64) {
        let mut map = self.0.write().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, not_before| *not_before >= cutoff);
    }

    /// How many employees have a revocation in force.
    pub fn len(&self) -> usize {
        self.0.read().unwrap_or_else(PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How many verified tokens a verifier remembers. At a few hundred bytes each this is a
/// few megabytes, and covers every token a site's staff holds at once.
const VERIFIED_CACHE_CAPACITY: usize = 10_000;

/// Checks access tokens against a set of trusted keys, an issuer and an audience.
///
/// A signature check costs tens of microseconds, and every request is checked twice
/// (gateway and service), so a verifier remembers the claims of tokens it has verified
/// and, until they expire, accepts the identical token again without re-checking the
/// signature. A token differing in any byte is a different key and is checked in full.
///
/// Every token, remembered or not, is checked against the verifier's [`DenyList`], so a
/// revocation applies at once to tokens already verified.
///
/// Its keys may be replaced while it runs ([`Verifier::set_keys`], for every clone at
/// once): a site's keys come from central's JWKS and are refreshed. Until it has any
/// ([`Verifier::awaiting_keys`]) every token is refused with
/// [`AuthError::KeysUnavailable`].
#[derive(Clone)]
pub struct Verifier {
    /// `None` until the first key set arrives. Read on every full check: the lock is
    /// held only to clone the `Arc`.
    keys: Arc<RwLock<Option<Arc<KeySet>>>>,
    fetch: Option<KeyFetch>,
    issuer: String,
    audience: String,
    validation: Validation,
    verified: Arc<quick_cache::sync::Cache<String, Claims>>,
    denied: DenyList,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.current_keys())
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

/// Whether remembered claims still hold at `now` (seconds since the epoch), with the same
/// leeway as a full check.
fn still_valid(claims: &Claims, now: i64) -> bool {
    let leeway = LEEWAY_SECS as i64;
    now <= claims.exp + leeway && now + leeway >= claims.nbf
}

impl Verifier {
    /// A verifier trusting `keys`, accepting tokens of `issuer` for `audience`.
    pub fn new(keys: KeySet, issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        let verifier = Self::awaiting_keys(issuer, audience);
        verifier.set_keys(keys);
        verifier
    }

    /// A verifier with no keys yet: it refuses every token with
    /// [`AuthError::KeysUnavailable`] until [`Verifier::set_keys`].
    pub fn awaiting_keys(issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        let issuer = issuer.into();
        let audience = audience.into();
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.algorithms = vec![Algorithm::EdDSA];
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[&issuer]);
        validation.set_audience(&[&audience]);
        // Required claims must also parse as the right JSON type: with them listed here a
        // string `nbf` or `exp` is refused instead of skipped (GHSA-h395-gr6q-cpjc).
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        Self {
            verified: Arc::new(quick_cache::sync::Cache::new(VERIFIED_CACHE_CAPACITY)),
            denied: DenyList::default(),
            keys: Arc::default(),
            fetch: None,
            issuer,
            audience,
            validation,
        }
    }

    /// The trusted keys now (none while awaiting its first set).
    pub fn keys(&self) -> Arc<KeySet> {
        self.current_keys().unwrap_or_default()
    }

    /// Whether the verifier holds a key set (see [`Verifier::awaiting_keys`]).
    pub fn has_keys(&self) -> bool {
        self.current_keys().is_some()
    }

    /// Trusts `keys` from now on, in this verifier and every clone of it. Tokens
    /// remembered as verified are forgotten when a key left the set (or changed under its
    /// kid), so that a key removed from central's JWKS stops being trusted at once.
    pub fn set_keys(&self, keys: KeySet) {
        let keys = Arc::new(keys);
        let previous = {
            let mut slot = self.keys.write().unwrap_or_else(PoisonError::into_inner);
            slot.replace(keys.clone())
        };
        if previous.is_some_and(|old| !keys.includes(&old)) {
            self.verified.clear();
        }
    }

    /// This verifier, calling `fetch` when a token names a key it does not hold (see
    /// [`Verifier::fetch_key_for`]).
    pub fn with_key_fetch(mut self, fetch: KeyFetch) -> Self {
        self.fetch = Some(fetch);
        self
    }

    /// Gives a verifier with a [`KeyFetch`] the chance to fetch the key of `token` when it
    /// names one the verifier does not hold (central rotated its key), so that the token
    /// is checked against fresh keys rather than refused. Does nothing otherwise: no
    /// fetcher, a token already verified, not a JWT, no `kid`, or a known one.
    pub async fn fetch_key_for(&self, token: &str) {
        let Some(fetch) = &self.fetch else {
            return;
        };
        if self.verified.get(token).is_some() {
            return;
        }
        let Some(kid) = jsonwebtoken::decode_header(token)
            .ok()
            .and_then(|header| header.kid)
        else {
            return;
        };
        if self.current_keys().is_some_and(|keys| keys.contains(&kid)) {
            return;
        }
        fetch(kid).await;
    }

    fn current_keys(&self) -> Option<Arc<KeySet>> {
        self.keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The revocations this verifier (and every clone of it) enforces.
    pub fn deny_list(&self) -> &DenyList {
        &self.denied
    }

    /// The claims of `token` if it is an access token to accept: signed with EdDSA by a
    /// key of the set named by its (required) `kid`, `typ` `at+jwt`, issued by our issuer
    /// for our audience, with `exp` and `nbf` present and the current time between them
    /// (give or take [`LEEWAY_SECS`]).
    ///
    /// A token whose subject's tokens were revoked after it was issued is refused with
    /// [`AuthError::Revoked`], whether or not it was remembered.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let claims = self.verify_or_remember(token)?;
        if self.denied.revokes(&claims) {
            return Err(AuthError::Revoked);
        }
        Ok(claims)
    }

    fn verify_or_remember(&self, token: &str) -> Result<Claims, AuthError> {
        if let Some(claims) = self.verified.get(token) {
            if unix_now().is_ok_and(|now| still_valid(&claims, now)) {
                return Ok(claims);
            }
            self.verified.remove(token);
        }
        let claims = self.verify_signature_and_claims(token)?;
        self.verified.insert(token.to_owned(), claims.clone());
        Ok(claims)
    }

    fn verify_signature_and_claims(&self, token: &str) -> Result<Claims, AuthError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| AuthError::Malformed)?;
        if header.alg != Algorithm::EdDSA {
            return Err(AuthError::Invalid(format!(
                "algorithm {:?} is not EdDSA",
                header.alg
            )));
        }
        match header.typ.as_deref() {
            Some(typ) if is_access_token_typ(typ) => {}
            other => {
                return Err(AuthError::Invalid(format!(
                    "typ {other:?} is not {ACCESS_TOKEN_TYP}"
                )))
            }
        }
        let kid = header
            .kid
            .ok_or_else(|| AuthError::Invalid("no kid in the header".to_owned()))?;
        let keys = self.current_keys().ok_or(AuthError::KeysUnavailable)?;
        let key = keys
            .decoding_key(&kid)
            .ok_or_else(|| AuthError::Invalid(format!("unknown kid `{kid}`")))?;
        let claims = jsonwebtoken::decode::<Claims>(token, key, &self.validation)
            .map_err(|err| match err.kind() {
                ErrorKind::ExpiredSignature => AuthError::Expired,
                ErrorKind::InvalidToken | ErrorKind::Base64(_) | ErrorKind::Utf8(_) => {
                    AuthError::Malformed
                }
                _ => AuthError::Invalid(err.to_string()),
            })?
            .claims;
        // Already checked by the validation above; checked again on the typed claims so
        // that acceptance never rests on one library's reading of them alone.
        if claims.iss != self.issuer {
            return Err(AuthError::Invalid("wrong issuer".to_owned()));
        }
        if claims.aud != self.audience {
            return Err(AuthError::Invalid("wrong audience".to_owned()));
        }
        Ok(claims)
    }
}

/// RFC 9068 §4: `typ` is `at+jwt`, or the full media type `application/at+jwt`,
/// compared without regard to case (RFC 7515 §4.1.9).
fn is_access_token_typ(typ: &str) -> bool {
    let typ = typ.to_ascii_lowercase();
    typ == ACCESS_TOKEN_TYP || typ.strip_prefix("application/") == Some(ACCESS_TOKEN_TYP)
}

#[cfg(test)]
mod cache_tests {
    use super::*;
    use tam_kernel::Role;
    use uuid::Uuid;

    fn claims(nbf: i64, exp: i64) -> Claims {
        Claims {
            sub: Uuid::now_v7(),
            role: Role::Agent,
            site: None,
            team: None,
            iss: "i".into(),
            aud: "a".into(),
            iat: nbf,
            nbf,
            exp,
        }
    }

    #[test]
    fn remembered_claims_hold_only_inside_their_window_with_leeway() {
        let c = claims(1_000, 2_000);
        assert!(still_valid(&c, 1_500));
        assert!(still_valid(&c, 2_000 + LEEWAY_SECS as i64));
        assert!(!still_valid(&c, 2_001 + LEEWAY_SECS as i64));
        assert!(still_valid(&c, 1_000 - LEEWAY_SECS as i64));
        assert!(!still_valid(&c, 999 - LEEWAY_SECS as i64));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::keys::{load_signing_key, KeySet};
    use crate::testing::{self, header, payload, sign, TempDir, AUDIENCE, ISSUER};
    use ring::hmac;
    use serde_json::{json, Value};
    use tam_kernel::{Role, Site};
    use uuid::Uuid;

    fn settings() -> TokenSettings {
        TokenSettings {
            issuer: ISSUER.to_owned(),
            audience: AUDIENCE.to_owned(),
            access_ttl: Duration::from_secs(900),
        }
    }

    fn subject() -> Subject {
        Subject {
            id: Uuid::now_v7(),
            role: Role::TeamLeader,
            site: Some(Site::Medan),
            team: Some(Uuid::now_v7()),
        }
    }

    /// The verifier of a key dir with `k1`, and a signer of valid hand-made tokens.
    struct Fixture {
        dir: TempDir,
        verifier: Verifier,
        der: Vec<u8>,
    }

    impl Fixture {
        fn new() -> Self {
            let dir = TempDir::with_keys(&["k1"]);
            let verifier = dir.verifier();
            let der = dir.private_der("k1");
            Self { dir, verifier, der }
        }

        fn token(&self, header: &Value, payload: &Value) -> String {
            sign(header, payload, &self.der)
        }

        fn verify_with(&self, header: &Value, payload: &Value) -> Result<Claims, AuthError> {
            self.verifier.verify(&self.token(header, payload))
        }

        fn rejects(&self, header: &Value, payload: &Value) -> AuthError {
            self.verify_with(header, payload).unwrap_err()
        }
    }

    fn without(mut value: Value, member: &str) -> Value {
        value.as_object_mut().unwrap().remove(member);
        value
    }

    fn with(mut value: Value, member: &str, to: Value) -> Value {
        value[member] = to;
        value
    }

    fn decode_part(part: &str) -> Value {
        serde_json::from_slice(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, part)
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn an_issued_token_verifies_with_the_subjects_claims() {
        let dir = TempDir::with_keys(&["k1"]);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        let subject = subject();
        let before = testing::now();
        let token = issue_access_token(&key, &settings(), &subject).unwrap();
        let claims = dir.verifier().verify(&token).unwrap();
        assert_eq!(claims.sub, subject.id);
        assert_eq!(claims.role, Role::TeamLeader);
        assert_eq!(claims.site, Some(Site::Medan));
        assert_eq!(claims.team, subject.team);
        assert_eq!(claims.iss, ISSUER);
        assert_eq!(claims.aud, AUDIENCE);
        assert!(claims.iat >= before && claims.iat <= testing::now());
        assert_eq!(claims.nbf, claims.iat);
        assert_eq!(claims.exp, claims.iat + 900);
    }

    #[test]
    fn an_issued_token_has_the_rfc_9068_header() {
        let dir = TempDir::with_keys(&["k1"]);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        let token = issue_access_token(&key, &settings(), &subject()).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            decode_part(parts[0]),
            json!({"alg": "EdDSA", "typ": "at+jwt", "kid": "k1"})
        );
    }

    #[test]
    fn an_all_sites_subject_has_no_site_or_team_claim() {
        let dir = TempDir::with_keys(&["k1"]);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        let subject = Subject {
            id: Uuid::now_v7(),
            role: Role::Admin,
            site: None,
            team: None,
        };
        let token = issue_access_token(&key, &settings(), &subject).unwrap();
        let body = decode_part(token.split('.').nth(1).unwrap());
        assert!(body.get("site").is_none(), "{body}");
        assert!(body.get("team").is_none(), "{body}");
        let claims = dir.verifier().verify(&token).unwrap();
        assert_eq!(
            (claims.role, claims.site, claims.team),
            (Role::Admin, None, None)
        );
    }

    #[test]
    fn a_hand_made_valid_token_verifies() {
        let fx = Fixture::new();
        let claims = fx.verify_with(&header("k1"), &payload()).unwrap();
        assert_eq!(claims.role, Role::Agent);
        assert_eq!(claims.site, Some(Site::Bandung));
    }

    #[test]
    fn no_token_and_garbage_are_malformed() {
        let fx = Fixture::new();
        for garbage in ["", "garbage", "a.b.c", "....", "eyJhbGciOiJFZERTQSJ9"] {
            assert_eq!(
                fx.verifier.verify(garbage),
                Err(AuthError::Malformed),
                "{garbage}"
            );
        }
    }

    #[test]
    fn alg_none_is_rejected() {
        let fx = Fixture::new();
        let header = json!({"alg": "none", "typ": "at+jwt", "kid": "k1"});
        let unsigned = format!("{}.", testing::signing_input(&header, &payload()));
        assert!(fx.verifier.verify(&unsigned).is_err());
        // Even with a real signature after it.
        let signed = fx.token(&header, &payload());
        assert!(fx.verifier.verify(&signed).is_err());
    }

    #[test]
    fn hs256_with_the_public_key_as_secret_is_rejected() {
        let fx = Fixture::new();
        let header = json!({"alg": "HS256", "typ": "at+jwt", "kid": "k1"});
        let input = testing::signing_input(&header, &payload());
        for secret in [
            fx.dir.public_pem("k1").into_bytes(),
            fx.dir.public_pem("k1").trim_end().as_bytes().to_vec(),
        ] {
            let key = hmac::Key::new(hmac::HMAC_SHA256, &secret);
            let tag = hmac::sign(&key, input.as_bytes());
            let token = format!("{input}.{}", testing::b64(tag.as_ref()));
            let err = fx.verifier.verify(&token).unwrap_err();
            assert!(matches!(err, AuthError::Invalid(_)), "{err:?}");
        }
    }

    #[test]
    fn a_token_signed_by_an_unknown_key_under_a_known_kid_is_rejected() {
        let fx = Fixture::new();
        let other = TempDir::with_keys(&["k1"]);
        let token = sign(&header("k1"), &payload(), &other.private_der("k1"));
        let err = fx.verifier.verify(&token).unwrap_err();
        assert!(matches!(err, AuthError::Invalid(_)), "{err:?}");
    }

    #[test]
    fn an_unknown_kid_is_rejected() {
        let fx = Fixture::new();
        let err = fx.rejects(&header("k2"), &payload());
        assert_eq!(err, AuthError::Invalid("unknown kid `k2`".to_owned()));
    }

    #[test]
    fn a_missing_kid_is_rejected() {
        let fx = Fixture::new();
        let err = fx.rejects(&without(header("k1"), "kid"), &payload());
        assert_eq!(err, AuthError::Invalid("no kid in the header".to_owned()));
    }

    #[test]
    fn a_wrong_or_missing_typ_is_rejected() {
        let fx = Fixture::new();
        for typ in [json!("JWT"), json!("at+jwt+x"), json!("id+jwt")] {
            fx.rejects(&with(header("k1"), "typ", typ), &payload());
        }
        fx.rejects(&without(header("k1"), "typ"), &payload());
        for typ in ["AT+JWT", "application/at+jwt"] {
            fx.verify_with(&with(header("k1"), "typ", json!(typ)), &payload())
                .unwrap();
        }
    }

    #[test]
    fn a_wrong_issuer_or_audience_is_rejected() {
        let fx = Fixture::new();
        fx.rejects(
            &header("k1"),
            &with(payload(), "iss", json!("someone-else")),
        );
        fx.rejects(&header("k1"), &with(payload(), "aud", json!("another-api")));
        fx.rejects(
            &header("k1"),
            &with(payload(), "aud", json!(["another-api"])),
        );
        fx.rejects(&header("k1"), &without(payload(), "iss"));
        fx.rejects(&header("k1"), &without(payload(), "aud"));
    }

    #[test]
    fn an_expired_token_is_rejected_after_the_leeway() {
        let fx = Fixture::new();
        let now = testing::now();
        let expired = with(payload(), "exp", json!(now - 120));
        assert_eq!(fx.rejects(&header("k1"), &expired), AuthError::Expired);
        let just_expired = with(payload(), "exp", json!(now - 5));
        fx.verify_with(&header("k1"), &just_expired).unwrap();
    }

    #[test]
    fn a_token_not_yet_valid_is_rejected() {
        let fx = Fixture::new();
        let now = testing::now();
        let early = with(payload(), "nbf", json!(now + 120));
        let err = fx.rejects(&header("k1"), &early);
        assert!(matches!(err, AuthError::Invalid(_)), "{err:?}");
        let slightly_early = with(payload(), "nbf", json!(now + 5));
        fx.verify_with(&header("k1"), &slightly_early).unwrap();
    }

    #[test]
    fn missing_times_are_rejected() {
        let fx = Fixture::new();
        for claim in ["exp", "nbf", "iat", "sub", "role"] {
            fx.rejects(&header("k1"), &without(payload(), claim));
        }
    }

    #[test]
    fn times_of_the_wrong_json_type_are_rejected() {
        // GHSA-h395-gr6q-cpjc: a string `nbf`/`exp` must not be read as absent.
        let fx = Fixture::new();
        let far = (testing::now() + 1_000_000).to_string();
        fx.rejects(&header("k1"), &with(payload(), "nbf", json!(far)));
        fx.rejects(&header("k1"), &with(payload(), "exp", json!("never")));
        fx.rejects(&header("k1"), &with(payload(), "exp", json!(null)));
    }

    #[test]
    fn a_tampered_payload_is_rejected() {
        let dir = TempDir::with_keys(&["k1"]);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        let token = issue_access_token(&key, &settings(), &subject()).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let mut body = decode_part(parts[1]);
        body["role"] = json!("admin");
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            testing::b64(body.to_string().as_bytes()),
            parts[2]
        );
        let err = dir.verifier().verify(&tampered).unwrap_err();
        assert!(matches!(err, AuthError::Invalid(_)), "{err:?}");
        // Also by a verifier that has just accepted (and remembered) the genuine token.
        let verifier = dir.verifier();
        assert!(verifier.verify(&token).is_ok());
        assert!(verifier.verify(&token).is_ok(), "the remembered token");
        assert!(matches!(
            verifier.verify(&tampered),
            Err(AuthError::Invalid(_))
        ));
        // And a signature cut off.
        let unsigned = format!("{}.{}.", parts[0], parts[1]);
        assert!(dir.verifier().verify(&unsigned).is_err());
    }

    #[test]
    fn unknown_roles_and_sites_are_rejected() {
        let fx = Fixture::new();
        fx.rejects(&header("k1"), &with(payload(), "role", json!("superuser")));
        fx.rejects(&header("k1"), &with(payload(), "site", json!("jakarta")));
    }

    #[test]
    fn tokens_of_either_key_verify_during_rotation() {
        let dir = TempDir::with_keys(&["2026-01", "2026-02"]);
        let verifier = dir.verifier();
        assert_eq!(verifier.keys().kids(), vec!["2026-01", "2026-02"]);
        for kid in ["2026-01", "2026-02"] {
            let key = load_signing_key(dir.path(), kid).unwrap();
            let token = issue_access_token(&key, &settings(), &subject()).unwrap();
            verifier.verify(&token).unwrap();
        }
        // A token signed by one key but naming the other is refused.
        let token = sign(&header("2026-02"), &payload(), &dir.private_der("2026-01"));
        assert!(verifier.verify(&token).is_err());
    }

    #[test]
    fn an_empty_key_set_trusts_nothing() {
        let dir = TempDir::with_keys(&["k1"]);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        let token = issue_access_token(&key, &settings(), &subject()).unwrap();
        let verifier = Verifier::new(KeySet::new(), ISSUER, AUDIENCE);
        assert!(verifier.verify(&token).is_err());
    }

    #[test]
    fn a_revoked_subjects_tokens_are_refused_remembered_or_not() {
        let dir = TempDir::with_keys(&["k1"]);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        let subject = subject();
        let other = Subject {
            id: Uuid::now_v7(),
            ..subject.clone()
        };
        let verifier = dir.verifier();
        let token = issue_access_token(&key, &settings(), &subject).unwrap();
        let others = issue_access_token(&key, &settings(), &other).unwrap();
        let iat = verifier.verify(&token).unwrap().iat;
        verifier.verify(&others).unwrap();

        // Revoked from the second after it was issued: refused, although remembered,
        // and by every clone of the verifier.
        let clone = verifier.clone();
        verifier.deny_list().revoke(subject.id, iat + 1);
        assert_eq!(verifier.verify(&token), Err(AuthError::Revoked));
        assert_eq!(clone.verify(&token), Err(AuthError::Revoked));
        // Someone else's token is not.
        verifier.verify(&others).unwrap();
        // An earlier revocation arriving late does not lift the later one.
        verifier.deny_list().revoke(subject.id, iat - 100);
        assert_eq!(verifier.verify(&token), Err(AuthError::Revoked));

        // A token issued at the revocation's not-before is accepted.
        let fresh = issue_access_token_not_before(&key, &settings(), &subject, iat + 1).unwrap();
        assert_eq!(verifier.verify(&fresh).unwrap().iat, iat + 1);

        // A revocation older than the cutoff is forgotten.
        verifier.deny_list().forget_before(iat + 2);
        assert!(verifier.deny_list().is_empty());
        verifier.verify(&token).unwrap();
    }

    #[test]
    fn a_revoked_token_is_a_401_token_revoked_problem() {
        let problem = Problem::from(AuthError::Revoked);
        assert_eq!(problem.status, 401);
        assert!(problem.is(TOKEN_REVOKED), "{problem:?}");
        assert!(problem.detail.contains("log in again"), "{problem:?}");
    }

    #[test]
    fn a_verifier_awaiting_keys_answers_503_until_it_has_them() {
        let dir = TempDir::with_keys(&["k1"]);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        let token = issue_access_token(&key, &settings(), &subject()).unwrap();
        let verifier = Verifier::awaiting_keys(ISSUER, AUDIENCE);
        let clone = verifier.clone();
        assert!(!verifier.has_keys());
        assert!(verifier.keys().is_empty());
        assert_eq!(verifier.verify(&token), Err(AuthError::KeysUnavailable));
        let problem = Problem::from(AuthError::KeysUnavailable);
        assert_eq!(problem.status, 503);
        assert!(problem.is("service-unavailable"), "{problem:?}");
        assert_eq!(
            actix_web::ResponseError::status_code(&AuthError::KeysUnavailable),
            StatusCode::SERVICE_UNAVAILABLE
        );
        // Keys set on one clone serve them all.
        verifier.set_keys(crate::load_public_keys(dir.path()).unwrap());
        assert!(clone.has_keys());
        clone.verify(&token).unwrap();
    }

    #[test]
    fn a_key_removed_from_the_set_stops_verifying_even_remembered_tokens() {
        let dir = TempDir::with_keys(&["k1", "k2"]);
        let verifier = dir.verifier();
        let k1 = load_signing_key(dir.path(), "k1").unwrap();
        let k2 = load_signing_key(dir.path(), "k2").unwrap();
        let old = issue_access_token(&k1, &settings(), &subject()).unwrap();
        let new = issue_access_token(&k2, &settings(), &subject()).unwrap();
        verifier.verify(&old).unwrap();
        verifier.verify(&new).unwrap();
        let mut only_k2 = KeySet::new();
        only_k2
            .insert_public_pem("k2", &dir.public_pem("k2"))
            .unwrap();
        verifier.set_keys(only_k2);
        assert_eq!(
            verifier.verify(&old),
            Err(AuthError::Invalid("unknown kid `k1`".to_owned()))
        );
        verifier.verify(&new).unwrap();
    }

    #[actix_web::test]
    async fn the_key_fetch_runs_only_for_a_token_naming_an_unknown_key() {
        use std::sync::Mutex;
        let dir = TempDir::with_keys(&["k1", "k2"]);
        let keys = crate::load_public_keys(dir.path()).unwrap();
        let asked: Arc<Mutex<Vec<String>>> = Arc::default();
        let mut only_k1 = KeySet::new();
        only_k1
            .insert_public_pem("k1", &dir.public_pem("k1"))
            .unwrap();
        let verifier = Verifier::new(only_k1, ISSUER, AUDIENCE);
        let fetch: KeyFetch = {
            let asked = Arc::clone(&asked);
            let target = verifier.clone();
            Arc::new(move |kid: String| {
                asked.lock().unwrap().push(kid);
                target.set_keys(keys.clone());
                Box::pin(async {})
            })
        };
        let verifier = verifier.with_key_fetch(fetch);
        let k1 = issue_access_token(
            &load_signing_key(dir.path(), "k1").unwrap(),
            &settings(),
            &subject(),
        )
        .unwrap();
        let k2 = issue_access_token(
            &load_signing_key(dir.path(), "k2").unwrap(),
            &settings(),
            &subject(),
        )
        .unwrap();
        for not_one in ["garbage", "a.b.c", &k1] {
            verifier.fetch_key_for(not_one).await;
        }
        assert!(asked.lock().unwrap().is_empty());
        assert!(verifier.verify(&k2).is_err());
        verifier.fetch_key_for(&k2).await;
        assert_eq!(*asked.lock().unwrap(), vec!["k2"]);
        verifier.verify(&k2).unwrap();
        verifier.fetch_key_for(&k2).await;
        assert_eq!(asked.lock().unwrap().len(), 1, "the key is known now");
    }

    #[test]
    fn every_auth_error_is_a_401_problem() {
        for err in [
            AuthError::Missing,
            AuthError::Malformed,
            AuthError::Expired,
            AuthError::Invalid("unknown kid `x`".to_owned()),
        ] {
            let problem = Problem::from(err.clone());
            assert_eq!(problem.status, 401, "{err:?}");
            assert!(problem.is("unauthorized"), "{problem:?}");
            // The reason of an invalid token stays in the logs.
            assert!(!problem.detail.contains("kid"), "{problem:?}");
            assert_eq!(
                actix_web::ResponseError::status_code(&err),
                actix_web::http::StatusCode::UNAUTHORIZED
            );
        }
    }
}
