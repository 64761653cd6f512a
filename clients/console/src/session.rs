//! The console's session: a private cookie (AES-256-GCM: encrypted and authenticated
//! with a key only the gateways hold), its attributes, the CSRF token derived from it
//! and the idle rule.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::{digest, hmac};
use serde::{Deserialize, Serialize};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::i18n::Lang;
use crate::settings::random_bytes;

/// The session cookie's name.
pub const COOKIE: &str = "tam_console";
/// Every console cookie is scoped to the console's paths.
pub const COOKIE_PATH: &str = "/console";
/// The form field and the header that carry the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Who is signed in, and the tokens the console calls the APIs with on their behalf.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signed {
    pub access_token: String,
    pub refresh_token: String,
    /// When the access token expires (Unix seconds).
    pub access_expires: i64,
    pub user: Uuid,
    pub role: Role,
    pub site: Option<Site>,
    pub team: Option<Uuid>,
}

/// What the cookie holds. Before sign-in it holds only the CSRF secret and the
/// language, so the sign-in form is protected like every other form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Session {
    pub signed: Option<Signed>,
    pub lang: Lang,
    /// 32 random bytes, base64url: the key of this session's CSRF tokens.
    pub csrf_secret: String,
    /// The last request (Unix seconds).
    pub last_activity: i64,
}

impl Session {
    /// A fresh anonymous session (a new CSRF secret).
    pub fn anonymous(lang: Lang, now: i64) -> Result<Self, ring::error::Unspecified> {
        Ok(Self {
            signed: None,
            lang,
            csrf_secret: B64.encode(random_bytes(32)?),
            last_activity: now,
        })
    }

    /// The token every form and htmx request of this session carries.
    pub fn csrf_token(&self) -> String {
        let key = hmac::Key::new(hmac::HMAC_SHA256, self.csrf_secret.as_bytes());
        B64.encode(hmac::sign(&key, CSRF_CONTEXT).as_ref())
    }

    /// Whether `token` is this session's CSRF token (compared in constant time).
    pub fn csrf_ok(&self, token: Option<&str>) -> bool {
        let Some(token) = token else { return false };
        let Ok(tag) = B64.decode(token.trim()) else {
            return false;
        };
        let key = hmac::Key::new(hmac::HMAC_SHA256, self.csrf_secret.as_bytes());
        hmac::verify(&key, CSRF_CONTEXT, &tag).is_ok()
    }
}

const CSRF_CONTEXT: &[u8] = b"tam-console csrf v1";

/// The idle rule: a session whose last request is more than `idle_minutes` old is over.
pub fn idle_expired(last_activity: i64, now: i64, idle_minutes: u32) -> bool {
    now.saturating_sub(last_activity) > i64::from(idle_minutes) * 60
}

/// Refresh the access token when it expires within this many seconds.
pub const REFRESH_MARGIN_SECS: i64 = 60;

/// Whether the access token must be refreshed before the next call.
pub fn needs_refresh(access_expires: i64, now: i64) -> bool {
    access_expires - now <= REFRESH_MARGIN_SECS
}

/// Seals and opens the cookie's value.
pub struct Sealer {
    key: LessSafeKey,
}

impl Sealer {
    /// From the configured key material (64+ bytes): the AEAD key is its SHA-256 with a
    /// context, so the same material could key other things without reuse.
    pub fn new(material: &[u8]) -> Self {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(b"tam-console cookie v1\0");
        ctx.update(material);
        let derived = ctx.finish();
        // A SHA-256 digest is exactly an AES-256 key: this cannot fail.
        let key = match UnboundKey::new(&AES_256_GCM, derived.as_ref()) {
            Ok(k) => k,
            Err(_) => unreachable!("32 bytes is an AES-256 key"),
        };
        Self {
            key: LessSafeKey::new(key),
        }
    }

    /// nonce ‖ ciphertext ‖ tag, base64url; the cookie's name is the associated data.
    pub fn seal(&self, session: &Session) -> Result<String, ring::error::Unspecified> {
        let mut data = serde_json::to_vec(session).map_err(|_| ring::error::Unspecified)?;
        let nonce_bytes: [u8; NONCE_LEN] = random_bytes(NONCE_LEN)?
            .try_into()
            .map_err(|_| ring::error::Unspecified)?;
        self.key.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(COOKIE.as_bytes()),
            &mut data,
        )?;
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&data);
        Ok(B64.encode(out))
    }

    /// The session, if `value` was sealed by this key and not altered.
    pub fn open(&self, value: &str) -> Option<Session> {
        let raw = B64.decode(value).ok()?;
        if raw.len() < NONCE_LEN {
            return None;
        }
        let (nonce, rest) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut rest = rest.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(COOKIE.as_bytes()), &mut rest)
            .ok()?;
        serde_json::from_slice(plain).ok()
    }
}

/// A `Set-Cookie` value: the attributes are fixed here, in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    pub name: &'static str,
    pub value: String,
    pub http_only: bool,
    /// Delete the cookie (Max-Age=0).
    pub remove: bool,
}

impl SetCookie {
    /// The session cookie: HttpOnly (no script reads it), Secure, SameSite=Strict
    /// (no cross-site request carries it), Path=/console (the API never sees it).
    pub fn session(value: String) -> Self {
        Self {
            name: COOKIE,
            value,
            http_only: true,
            remove: false,
        }
    }

    /// Clears the session cookie.
    pub fn remove_session() -> Self {
        Self {
            name: COOKIE,
            value: String::new(),
            http_only: true,
            remove: true,
        }
    }

    /// The language preference: nothing secret, but no script needs it either.
    pub fn lang(lang: Lang) -> Self {
        Self {
            name: "lang",
            value: lang.code().to_owned(),
            http_only: true,
            remove: false,
        }
    }

    pub fn header_value(&self) -> String {
        let mut s = format!(
            "{}={}; Path={COOKIE_PATH}; Secure; SameSite=Strict",
            self.name, self.value
        );
        if self.http_only {
            s.push_str("; HttpOnly");
        }
        if self.remove {
            s.push_str("; Max-Age=0");
        } else if self.name == "lang" {
            s.push_str("; Max-Age=31536000");
        }
        s
    }
}

/// A cookie's value from a request's `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (n, v) = pair.trim().split_once('=')?;
        (n == name).then_some(v)
    })
}

/// The claims the console reads from an access token it was just given by hr (through
/// the gateway, over the connection it opened): who and where. The signature is the
/// gateway's to check on every call, not the console's.
#[derive(Debug, Deserialize)]
pub struct TokenClaims {
    pub sub: Uuid,
    pub role: Role,
    #[serde(default)]
    pub site: Option<Site>,
    #[serde(default)]
    pub team: Option<Uuid>,
    pub exp: i64,
}

pub fn read_claims(access_token: &str) -> Option<TokenClaims> {
    let payload = access_token.split('.').nth(1)?;
    let bytes = B64.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session::anonymous(Lang::Id, 1_000).unwrap()
    }

    #[test]
    fn the_csrf_token_of_the_session_passes_and_nothing_else_does() {
        let s = session();
        let token = s.csrf_token();
        assert!(s.csrf_ok(Some(&token)));
        assert!(!s.csrf_ok(None), "no token");
        assert!(!s.csrf_ok(Some("")), "empty token");
        assert!(!s.csrf_ok(Some("not base64!")), "garbage");
        let other = session();
        assert!(
            !s.csrf_ok(Some(&other.csrf_token())),
            "another session's token"
        );
        let mut flipped = B64.decode(&token).unwrap();
        flipped[0] ^= 1;
        assert!(!s.csrf_ok(Some(&B64.encode(flipped))), "one bit changed");
    }

    #[test]
    fn idle_for_longer_than_the_setting_ends_the_session() {
        assert!(
            !idle_expired(0, 30 * 60, 30),
            "exactly the limit is still fine"
        );
        assert!(idle_expired(0, 30 * 60 + 1, 30));
        assert!(!idle_expired(100, 100, 30));
        assert!(
            !idle_expired(200, 100, 30),
            "a clock step back is not idleness"
        );
        assert!(idle_expired(0, 5 * 60 + 1, 5));
    }

    #[test]
    fn the_token_is_refreshed_a_minute_before_it_expires() {
        assert!(!needs_refresh(1_000, 900));
        assert!(needs_refresh(1_000, 940));
        assert!(needs_refresh(1_000, 2_000));
    }

    #[test]
    fn the_session_cookie_is_httponly_secure_strict_and_console_only() {
        let v = SetCookie::session("abc".into()).header_value();
        let parts: Vec<&str> = v.split("; ").collect();
        assert_eq!(parts[0], "tam_console=abc");
        for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/console"] {
            assert!(parts.contains(&attr), "{attr} missing in {v}");
        }
        assert!(!v.contains("Domain"), "host-only: {v}");
        let gone = SetCookie::remove_session().header_value();
        assert!(gone.starts_with("tam_console=;"));
        assert!(gone.contains("Max-Age=0") && gone.contains("Path=/console"));
    }

    #[test]
    fn a_sealed_session_opens_only_unaltered_and_with_its_key() {
        let sealer = Sealer::new(&[7u8; 64]);
        let mut s = session();
        s.signed = Some(Signed {
            access_token: "a.b.c".into(),
            refresh_token: "r".into(),
            access_expires: 5,
            user: Uuid::nil(),
            role: Role::Agent,
            site: None,
            team: None,
        });
        let sealed = sealer.seal(&s).unwrap();
        assert!(
            !sealed.contains("a.b.c"),
            "the token is not readable in the cookie"
        );
        assert_eq!(sealer.open(&sealed), Some(s));
        let mut raw = B64.decode(&sealed).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 1;
        assert_eq!(sealer.open(&B64.encode(raw)), None, "altered");
        assert_eq!(Sealer::new(&[8u8; 64]).open(&sealed), None, "another key");
        assert_eq!(sealer.open("%%%"), None);
    }

    #[test]
    fn cookies_are_read_by_name() {
        let h = "a=1; tam_console=xyz; lang=en";
        assert_eq!(cookie_value(h, "tam_console"), Some("xyz"));
        assert_eq!(cookie_value(h, "lang"), Some("en"));
        assert_eq!(cookie_value(h, "nope"), None);
    }
}
