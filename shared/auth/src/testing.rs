//! Helpers of the crate's unit tests: throw-away key directories and hand-made tokens.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::signature::Ed25519KeyPair;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::{generate_key_pair, load_public_keys, Verifier};

pub const ISSUER: &str = "tam-hr";
pub const AUDIENCE: &str = "tam-api";

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let path = std::env::temp_dir().join(format!("tam-auth-test-{}", Uuid::now_v7()));
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A temp dir holding freshly generated key pairs with these kids.
    pub fn with_keys(kids: &[&str]) -> Self {
        let dir = Self::new();
        for kid in kids {
            generate_key_pair(dir.path(), kid).unwrap();
        }
        dir
    }

    /// The PKCS#8 DER of `<kid>.key.pem`.
    pub fn private_der(&self, kid: &str) -> Vec<u8> {
        let text = std::fs::read_to_string(self.0.join(format!("{kid}.key.pem"))).unwrap();
        pem::parse(text).unwrap().into_contents()
    }

    /// The text of `<kid>.pub.pem`.
    pub fn public_pem(&self, kid: &str) -> String {
        std::fs::read_to_string(self.0.join(format!("{kid}.pub.pem"))).unwrap()
    }

    /// A verifier trusting every public key of the dir.
    pub fn verifier(&self) -> Verifier {
        Verifier::new(load_public_keys(self.path()).unwrap(), ISSUER, AUDIENCE)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn now() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The header hr puts on its tokens.
pub fn header(kid: &str) -> Value {
    json!({"alg": "EdDSA", "typ": "at+jwt", "kid": kid})
}

/// Valid claims of an agent at Bandung, in date.
pub fn payload() -> Value {
    let now = now();
    json!({
        "sub": Uuid::now_v7(),
        "role": "agent",
        "site": "bandung",
        "team": Uuid::now_v7(),
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + 900,
    })
}

/// `header.payload` as a JWS signing input.
pub fn signing_input(header: &Value, payload: &Value) -> String {
    format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    )
}

/// A compact JWS of exactly these header and payload, signed with Ed25519 by `pkcs8`.
pub fn sign(header: &Value, payload: &Value, pkcs8: &[u8]) -> String {
    let input = signing_input(header, payload);
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8).unwrap();
    let signature = pair.sign(input.as_bytes());
    format!("{input}.{}", b64(signature.as_ref()))
}
