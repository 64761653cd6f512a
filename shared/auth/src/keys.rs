//! Ed25519 keys: the signing key hr holds and the public keys everyone verifies with.
//!
//! On disk a key pair is two PEM files in one directory, named by the key id (`kid`):
//! `<kid>.key.pem` (PKCS#8 `PRIVATE KEY`, mode 0600, hr only) and `<kid>.pub.pem`
//! (SPKI `PUBLIC KEY`). Every `*.pub.pem` of the directory is trusted, so a key is
//! rotated by generating a new pair, deploying its public key everywhere, switching hr to
//! sign with it, and deleting the old public key once the last token it signed expired.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{DecodingKey, EncodingKey};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::json;

/// The PEM label of a PKCS#8 private key.
const PRIVATE_KEY_LABEL: &str = "PRIVATE KEY";
/// The PEM label of an SPKI public key.
const PUBLIC_KEY_LABEL: &str = "PUBLIC KEY";
/// File name suffix of a private key.
const PRIVATE_KEY_SUFFIX: &str = ".key.pem";
/// File name suffix of a public key.
const PUBLIC_KEY_SUFFIX: &str = ".pub.pem";
/// The DER of an Ed25519 SubjectPublicKeyInfo up to the key itself (RFC 8410 §4):
/// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) }.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];
/// Length of a raw Ed25519 public key.
const ED25519_PUBLIC_KEY_LEN: usize = 32;

/// What hr puts in the tokens it issues besides the subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSettings {
    /// The `iss` claim.
    pub issuer: String,
    /// The `aud` claim.
    pub audience: String,
    /// How long an access token is valid (`exp - iat`).
    pub access_ttl: Duration,
}

/// An error loading, parsing, generating or signing with a key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A key file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The key directory is missing or holds no public key.
    #[error(
        "no public key (`<kid>{PUBLIC_KEY_SUFFIX}`) in {}; run `tam keys generate` to create a key pair",
        .dir.display()
    )]
    NoKeys {
        /// The directory searched.
        dir: PathBuf,
    },
    /// The signing key file does not exist.
    #[error(
        "no signing key {}; run `tam keys generate` to create a key pair",
        .path.display()
    )]
    NoSigningKey {
        /// The file expected.
        path: PathBuf,
    },
    /// A key file holds no usable key.
    #[error("bad key file {}: {reason}", .path.display())]
    BadKeyFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A PEM text holds no usable key.
    #[error("bad key: {0}")]
    BadKey(String),
    /// A key id that cannot name a key file.
    #[error("bad key id `{0}`: use 1 to 64 ASCII letters, digits, `-`, `_` or `.`, not starting with `.`")]
    BadKid(String),
    /// The key set already has a key with this id.
    #[error("key id `{0}` is already in the key set")]
    DuplicateKid(String),
    /// A key pair with this id already exists; keys are never overwritten.
    #[error("a key with id `{kid}` already exists in {}; choose another key id", .dir.display())]
    KidExists {
        /// The key id.
        kid: String,
        /// The key directory.
        dir: PathBuf,
    },
    /// The system random number generator failed.
    #[error("could not generate a key pair: the system random number generator failed")]
    Generate,
    /// A token could not be signed.
    #[error("could not issue a token: {0}")]
    Sign(String),
}

/// hr's Ed25519 private key, with the id that names it in the tokens' `kid` header.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    key: EncodingKey,
}

impl SigningKey {
    /// The key id, put in the `kid` header of every token signed with the key.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Reads a PKCS#8 `PRIVATE KEY` PEM holding an Ed25519 key.
    pub fn from_pkcs8_pem(kid: &str, pem: &str) -> Result<Self, KeyError> {
        check_kid(kid)?;
        let der = pem_contents(pem, PRIVATE_KEY_LABEL)?;
        // jsonwebtoken only parses the key when it signs: check it now, so that a bad key
        // stops the service at start-up instead of failing every login.
        Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der)
            .map_err(|err| KeyError::BadKey(format!("not an Ed25519 PKCS#8 key ({err})")))?;
        Ok(Self {
            kid: kid.to_owned(),
            key: EncodingKey::from_ed_der(&der),
        })
    }

    pub(crate) fn encoding_key(&self) -> &EncodingKey {
        &self.key
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// One trusted public key.
#[derive(Clone)]
struct PublicKey {
    decoding: DecodingKey,
    raw: [u8; ED25519_PUBLIC_KEY_LEN],
}

/// The Ed25519 public keys a [`crate::Verifier`] trusts, by key id.
#[derive(Clone, Default)]
pub struct KeySet {
    keys: BTreeMap<String, PublicKey>,
}

impl KeySet {
    /// An empty key set (which trusts nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the SPKI `PUBLIC KEY` PEM of an Ed25519 key under `kid`; a kid already in the
    /// set is an error.
    pub fn insert_public_pem(&mut self, kid: &str, pem: &str) -> Result<(), KeyError> {
        check_kid(kid)?;
        if self.keys.contains_key(kid) {
            return Err(KeyError::DuplicateKid(kid.to_owned()));
        }
        let der = pem_contents(pem, PUBLIC_KEY_LABEL)?;
        let raw = der
            .strip_prefix(&ED25519_SPKI_PREFIX[..])
            .and_then(|raw| <[u8; ED25519_PUBLIC_KEY_LEN]>::try_from(raw).ok())
            .ok_or_else(|| KeyError::BadKey("not an Ed25519 public key".to_owned()))?;
        self.insert_raw(kid, raw);
        Ok(())
    }

    /// Reads an RFC 7517 JWK Set as [`KeySet::jwks`] writes it (central hr's
    /// `/api/v1/auth/jwks`): every `OKP` `Ed25519` key, by its `kid`, whose `x` is the
    /// 32-byte public key in base64url.
    ///
    /// A key of another type or curve, or one marked for another use (`use` not `sig`) or
    /// another algorithm (`alg` not `EdDSA`), is skipped: a JWK Set may list keys for other
    /// clients. An Ed25519 key without a usable `kid` or `x`, a kid listed twice, or a set
    /// with no usable key at all is an error: such a set is not one to trust in place of
    /// the keys already held.
    pub fn from_jwks(jwks: &serde_json::Value) -> Result<Self, KeyError> {
        let bad = |reason: String| KeyError::BadKey(format!("JWK Set: {reason}"));
        let list = jwks
            .get("keys")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| bad("no `keys` array".to_owned()))?;
        let mut set = Self::new();
        for (i, jwk) in list.iter().enumerate() {
            let member = |name: &str| jwk.get(name).and_then(serde_json::Value::as_str);
            let usable = member("kty") == Some("OKP")
                && member("crv") == Some("Ed25519")
                && member("use").is_none_or(|u| u == "sig")
                && member("alg").is_none_or(|a| a == "EdDSA");
            if !usable {
                continue;
            }
            let kid = member("kid").ok_or_else(|| bad(format!("key {i} has no `kid`")))?;
            check_kid(kid)?;
            let raw = member("x")
                .and_then(|x| URL_SAFE_NO_PAD.decode(x).ok())
                .and_then(|raw| <[u8; ED25519_PUBLIC_KEY_LEN]>::try_from(raw).ok())
                .ok_or_else(|| {
                    bad(format!(
                        "key `{kid}` has no `x` of 32 bytes in base64url (RFC 8037)"
                    ))
                })?;
            if set.keys.contains_key(kid) {
                return Err(KeyError::DuplicateKid(kid.to_owned()));
            }
            set.insert_raw(kid, raw);
        }
        if set.is_empty() {
            return Err(bad("no Ed25519 signing key".to_owned()));
        }
        Ok(set)
    }

    fn insert_raw(&mut self, kid: &str, raw: [u8; ED25519_PUBLIC_KEY_LEN]) {
        self.keys.insert(
            kid.to_owned(),
            PublicKey {
                // jsonwebtoken's "DER" for EdDSA verification is the raw 32-byte key.
                decoding: DecodingKey::from_ed_der(&raw),
                raw,
            },
        );
    }

    /// Whether the set holds a key with this id.
    pub fn contains(&self, kid: &str) -> bool {
        self.keys.contains_key(kid)
    }

    /// Whether every key of `other` is in this set, under the same kid.
    pub(crate) fn includes(&self, other: &KeySet) -> bool {
        other
            .keys
            .iter()
            .all(|(kid, key)| self.keys.get(kid).is_some_and(|mine| mine.raw == key.raw))
    }

    /// The key ids, sorted.
    pub fn kids(&self) -> Vec<String> {
        self.keys.keys().cloned().collect()
    }

    /// How many keys the set holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The RFC 7517 JWK Set of the keys (RFC 8037 `OKP` keys), sorted by kid:
    /// `{"keys":[{"kty":"OKP","crv":"Ed25519","x":..,"kid":..,"alg":"EdDSA","use":"sig"}]}`.
    pub fn jwks(&self) -> serde_json::Value {
        let keys: Vec<serde_json::Value> = self
            .keys
            .iter()
            .map(|(kid, key)| {
                json!({
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": URL_SAFE_NO_PAD.encode(key.raw),
                    "kid": kid,
                    "alg": "EdDSA",
                    "use": "sig",
                })
            })
            .collect();
        json!({ "keys": keys })
    }

    pub(crate) fn decoding_key(&self, kid: &str) -> Option<&DecodingKey> {
        self.keys.get(kid).map(|key| &key.decoding)
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySet")
            .field("kids", &self.kids())
            .finish()
    }
}

/// Loads every `<kid>.pub.pem` in `dir` into a key set.
///
/// A bad file is an error that names it; a missing directory, or one without public
/// keys, is an error that says to run `tam keys generate`. Other files are ignored.
pub fn load_public_keys(dir: &Path) -> Result<KeySet, KeyError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(KeyError::NoKeys {
                dir: dir.to_owned(),
            })
        }
        Err(source) => {
            return Err(KeyError::Io {
                path: dir.to_owned(),
                source,
            })
        }
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| KeyError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let name = entry.file_name();
        let Some(kid) = name
            .to_str()
            .and_then(|n| n.strip_suffix(PUBLIC_KEY_SUFFIX))
        else {
            continue;
        };
        files.push((kid.to_owned(), entry.path()));
    }
    files.sort();
    let mut keys = KeySet::new();
    for (kid, path) in files {
        let pem = read_key_file(&path)?;
        keys.insert_public_pem(&kid, &pem)
            .map_err(|err| bad_file(&path, err))?;
    }
    if keys.is_empty() {
        return Err(KeyError::NoKeys {
            dir: dir.to_owned(),
        });
    }
    Ok(keys)
}

/// Loads the signing key `<dir>/<kid>.key.pem`.
pub fn load_signing_key(dir: &Path, kid: &str) -> Result<SigningKey, KeyError> {
    check_kid(kid)?;
    let path = dir.join(format!("{kid}{PRIVATE_KEY_SUFFIX}"));
    let pem = match fs::read_to_string(&path) {
        Ok(pem) => pem,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(KeyError::NoSigningKey { path })
        }
        Err(source) => return Err(KeyError::Io { path, source }),
    };
    SigningKey::from_pkcs8_pem(kid, &pem).map_err(|err| bad_file(&path, err))
}

/// Generates an Ed25519 key pair and writes `<dir>/<kid>.key.pem` (mode 0600) and
/// `<dir>/<kid>.pub.pem`, creating `dir`. Refuses to overwrite a key of the same id.
pub fn generate_key_pair(dir: &Path, kid: &str) -> Result<(), KeyError> {
    check_kid(kid)?;
    let private_path = dir.join(format!("{kid}{PRIVATE_KEY_SUFFIX}"));
    let public_path = dir.join(format!("{kid}{PUBLIC_KEY_SUFFIX}"));
    if private_path.exists() || public_path.exists() {
        return Err(KeyError::KidExists {
            kid: kid.to_owned(),
            dir: dir.to_owned(),
        });
    }
    let pkcs8 =
        Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).map_err(|_| KeyError::Generate)?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).map_err(|_| KeyError::Generate)?;
    let mut spki = ED25519_SPKI_PREFIX.to_vec();
    spki.extend_from_slice(pair.public_key().as_ref());
    let private_pem = pem::encode(&pem::Pem::new(PRIVATE_KEY_LABEL, pkcs8.as_ref()));
    let public_pem = pem::encode(&pem::Pem::new(PUBLIC_KEY_LABEL, spki));

    fs::create_dir_all(dir).map_err(|source| KeyError::Io {
        path: dir.to_owned(),
        source,
    })?;
    write_new(&private_path, &private_pem, 0o600).map_err(|err| exists_or(err, kid, dir))?;
    if let Err(err) = write_new(&public_path, &public_pem, 0o644) {
        // Leave no half pair behind; the private key was written just now by us.
        let _ = fs::remove_file(&private_path);
        return Err(exists_or(err, kid, dir));
    }
    Ok(())
}

/// Creates `path` (failing if it exists) with `mode` on Unix, and writes `contents`.
fn write_new(path: &Path, contents: &str, mode: u32) -> Result<(), KeyError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let io_error = |source| KeyError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = options.open(path).map_err(io_error)?;
    file.write_all(contents.as_bytes()).map_err(io_error)?;
    file.sync_all().map_err(io_error)
}

/// Turns the "file exists" error of [`write_new`] (a race with another generator) into
/// [`KeyError::KidExists`].
fn exists_or(err: KeyError, kid: &str, dir: &Path) -> KeyError {
    match err {
        KeyError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists => {
            KeyError::KidExists {
                kid: kid.to_owned(),
                dir: dir.to_owned(),
            }
        }
        other => other,
    }
}

fn read_key_file(path: &Path) -> Result<String, KeyError> {
    fs::read_to_string(path).map_err(|source| KeyError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Names the file in an error about its contents.
fn bad_file(path: &Path, err: KeyError) -> KeyError {
    let reason = match err {
        KeyError::BadKey(reason) => reason,
        other => other.to_string(),
    };
    KeyError::BadKeyFile {
        path: path.to_owned(),
        reason,
    }
}

/// The DER inside a PEM text, which must hold exactly one block labelled `label`.
fn pem_contents(text: &str, label: &str) -> Result<Vec<u8>, KeyError> {
    let mut blocks =
        pem::parse_many(text).map_err(|err| KeyError::BadKey(format!("not PEM ({err})")))?;
    if blocks.len() != 1 {
        return Err(KeyError::BadKey(format!(
            "expected one `{label}` PEM block, found {}",
            blocks.len()
        )));
    }
    let block = blocks.remove(0);
    if block.tag() != label {
        return Err(KeyError::BadKey(format!(
            "expected a `{label}` PEM block, found `{}`",
            block.tag()
        )));
    }
    Ok(block.into_contents())
}

/// Key ids name files and travel in token headers: keep them short and plain.
fn check_kid(kid: &str) -> Result<(), KeyError> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if kid.is_empty() || kid.len() > 64 || kid.starts_with('.') || !kid.chars().all(plain) {
        return Err(KeyError::BadKid(kid.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::testing::TempDir;

    #[test]
    fn a_generated_pair_loads() {
        let dir = TempDir::with_keys(&["k1"]);
        let keys = load_public_keys(dir.path()).unwrap();
        assert_eq!(keys.kids(), vec!["k1"]);
        assert_eq!(keys.len(), 1);
        let key = load_signing_key(dir.path(), "k1").unwrap();
        assert_eq!(key.kid(), "k1");
        assert!(!format!("{key:?}").contains("content"), "{key:?}");
    }

    #[test]
    fn generated_files_are_pem_with_the_standard_labels() {
        let dir = TempDir::with_keys(&["k1"]);
        let private = fs::read_to_string(dir.path().join("k1.key.pem")).unwrap();
        let public = dir.public_pem("k1");
        assert!(
            private.starts_with("-----BEGIN PRIVATE KEY-----"),
            "{private}"
        );
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{public}");
        let spki = pem::parse(&public).unwrap().into_contents();
        assert_eq!(spki.len(), 44);
        assert_eq!(spki[..12], ED25519_SPKI_PREFIX);
        // The public key is the private key's.
        let pair = Ed25519KeyPair::from_pkcs8(&dir.private_der("k1")).unwrap();
        assert_eq!(&spki[12..], pair.public_key().as_ref());
    }

    #[cfg(unix)]
    #[test]
    fn the_private_key_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = TempDir::with_keys(&["k1"]);
        let mode = fs::metadata(dir.path().join("k1.key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn an_existing_kid_is_never_overwritten() {
        let dir = TempDir::with_keys(&["k1"]);
        let before = fs::read_to_string(dir.path().join("k1.key.pem")).unwrap();
        let err = generate_key_pair(dir.path(), "k1").unwrap_err();
        assert!(matches!(err, KeyError::KidExists { .. }), "{err:?}");
        assert!(err.to_string().contains("k1"), "{err}");
        let after = fs::read_to_string(dir.path().join("k1.key.pem")).unwrap();
        assert_eq!(before, after);
        // Half a pair also counts as existing.
        fs::remove_file(dir.path().join("k1.key.pem")).unwrap();
        assert!(matches!(
            generate_key_pair(dir.path(), "k1"),
            Err(KeyError::KidExists { .. })
        ));
    }

    #[test]
    fn generating_creates_the_directory() {
        let dir = TempDir::new();
        let nested = dir.path().join("a/b");
        generate_key_pair(&nested, "k1").unwrap();
        assert_eq!(load_public_keys(&nested).unwrap().kids(), vec!["k1"]);
    }

    #[test]
    fn a_missing_or_empty_directory_says_to_generate_keys() {
        let dir = TempDir::new();
        let err = load_public_keys(dir.path()).unwrap_err();
        assert!(matches!(err, KeyError::NoKeys { .. }), "{err:?}");
        assert!(err.to_string().contains("tam keys generate"), "{err}");
        fs::create_dir_all(dir.path()).unwrap();
        fs::write(dir.path().join("README"), "not a key").unwrap();
        let err = load_public_keys(dir.path()).unwrap_err();
        assert!(err.to_string().contains("tam keys generate"), "{err}");
        let err = load_signing_key(dir.path(), "k1").unwrap_err();
        assert!(matches!(err, KeyError::NoSigningKey { .. }), "{err:?}");
        assert!(err.to_string().contains("tam keys generate"), "{err}");
    }

    #[test]
    fn a_bad_public_key_file_is_named() {
        let dir = TempDir::with_keys(&["k1"]);
        let private = fs::read_to_string(dir.path().join("k1.key.pem")).unwrap();
        for (name, contents) in [
            ("k2.pub.pem", "garbage".to_owned()),
            ("k2.pub.pem", private.clone()),
            (
                "k2.pub.pem",
                pem::encode(&pem::Pem::new("PUBLIC KEY", vec![0u8; 44])),
            ),
            ("bad kid.pub.pem", dir.public_pem("k1")),
        ] {
            fs::write(dir.path().join(name), contents).unwrap();
            let err = load_public_keys(dir.path()).unwrap_err();
            assert!(matches!(err, KeyError::BadKeyFile { .. }), "{err:?}");
            assert!(err.to_string().contains(name), "{err}");
            fs::remove_file(dir.path().join(name)).unwrap();
        }
        load_public_keys(dir.path()).unwrap();
    }

    #[test]
    fn a_bad_signing_key_file_is_named() {
        let dir = TempDir::with_keys(&["k1"]);
        fs::write(dir.path().join("k1.key.pem"), dir.public_pem("k1")).unwrap();
        let err = load_signing_key(dir.path(), "k1").unwrap_err();
        assert!(err.to_string().contains("k1.key.pem"), "{err}");
        let not_ed25519 = pem::encode(&pem::Pem::new("PRIVATE KEY", vec![0x30, 0x00]));
        fs::write(dir.path().join("k1.key.pem"), not_ed25519).unwrap();
        let err = load_signing_key(dir.path(), "k1").unwrap_err();
        assert!(matches!(err, KeyError::BadKeyFile { .. }), "{err:?}");
    }

    #[test]
    fn an_openssl_pkcs8_v1_key_is_accepted() {
        // `openssl genpkey -algorithm ed25519` writes PKCS#8 v1 (no public key inside):
        // SEQUENCE { INTEGER 0, AlgorithmIdentifier { 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }.
        let mut der = vec![
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
            0x04, 0x20,
        ];
        der.extend_from_slice(&[7u8; 32]);
        let text = pem::encode(&pem::Pem::new("PRIVATE KEY", der));
        SigningKey::from_pkcs8_pem("k1", &text).unwrap();
    }

    #[test]
    fn kids_that_cannot_name_a_file_are_refused() {
        let dir = TempDir::new();
        for kid in [
            "",
            "../k1",
            "a/b",
            ".hidden",
            "k 1",
            "ключ",
            &"k".repeat(65),
        ] {
            let err = generate_key_pair(dir.path(), kid).unwrap_err();
            assert!(matches!(err, KeyError::BadKid(_)), "{kid}: {err:?}");
            assert!(matches!(
                load_signing_key(dir.path(), kid),
                Err(KeyError::BadKid(_))
            ));
        }
        assert!(!dir.path().exists());
        for kid in ["k1", "2026-11", "hr.main_2"] {
            generate_key_pair(dir.path(), kid).unwrap();
        }
    }

    #[test]
    fn a_key_set_refuses_a_duplicate_kid_and_non_ed25519_keys() {
        let dir = TempDir::with_keys(&["k1"]);
        let mut keys = KeySet::new();
        assert!(keys.is_empty());
        keys.insert_public_pem("k1", &dir.public_pem("k1")).unwrap();
        assert!(matches!(
            keys.insert_public_pem("k1", &dir.public_pem("k1")),
            Err(KeyError::DuplicateKid(_))
        ));
        // A P-256 SPKI (the same length class of mistake: another curve's key).
        let mut p256 = vec![
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
            0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
        ];
        p256.extend_from_slice(&[1u8; 64]);
        let text = pem::encode(&pem::Pem::new("PUBLIC KEY", p256));
        assert!(matches!(
            keys.insert_public_pem("k2", &text),
            Err(KeyError::BadKey(_))
        ));
        let two = format!("{}{}", dir.public_pem("k1"), dir.public_pem("k1"));
        assert!(keys.insert_public_pem("k3", &two).is_err());
        assert_eq!(keys.kids(), vec!["k1"]);
    }

    #[test]
    fn jwks_lists_every_key_as_an_okp_jwk() {
        let dir = TempDir::with_keys(&["k2", "k1"]);
        let keys = load_public_keys(dir.path()).unwrap();
        let jwks = keys.jwks();
        let list = jwks["keys"].as_array().unwrap();
        assert_eq!(jwks.as_object().unwrap().len(), 1);
        assert_eq!(list.len(), 2);
        for (jwk, kid) in list.iter().zip(["k1", "k2"]) {
            let spki = pem::parse(dir.public_pem(kid)).unwrap().into_contents();
            assert_eq!(
                jwk,
                &serde_json::json!({
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": URL_SAFE_NO_PAD.encode(&spki[12..]),
                    "kid": kid,
                    "alg": "EdDSA",
                    "use": "sig",
                })
            );
        }
        // A client that reads the JWK with jsonwebtoken can verify hr's tokens.
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(list[0].clone()).unwrap();
        let from_jwk = DecodingKey::from_jwk(&jwk).unwrap();
        let signer = load_signing_key(dir.path(), "k1").unwrap();
        let settings = TokenSettings {
            issuer: "tam-hr".to_owned(),
            audience: "tam-api".to_owned(),
            access_ttl: Duration::from_secs(60),
        };
        let subject = crate::Subject {
            id: uuid::Uuid::now_v7(),
            role: tam_kernel::Role::Admin,
            site: None,
            team: None,
        };
        let token = crate::issue_access_token(&signer, &settings, &subject).unwrap();
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
        validation.set_audience(&["tam-api"]);
        jsonwebtoken::decode::<serde_json::Value>(&token, &from_jwk, &validation).unwrap();
        assert_eq!(KeySet::new().jwks(), serde_json::json!({"keys": []}));
    }

    #[test]
    fn a_jwks_reads_back_into_the_same_key_set() {
        let dir = TempDir::with_keys(&["k2", "k1"]);
        let keys = load_public_keys(dir.path()).unwrap();
        let read = KeySet::from_jwks(&keys.jwks()).unwrap();
        assert_eq!(read.kids(), vec!["k1", "k2"]);
        assert!(read.contains("k1") && !read.contains("k3"));
        assert_eq!(read.jwks(), keys.jwks());
        // The keys verify hr's tokens.
        let signer = load_signing_key(dir.path(), "k2").unwrap();
        let settings = TokenSettings {
            issuer: crate::testing::ISSUER.to_owned(),
            audience: crate::testing::AUDIENCE.to_owned(),
            access_ttl: Duration::from_secs(60),
        };
        let subject = crate::Subject {
            id: uuid::Uuid::now_v7(),
            role: tam_kernel::Role::Agent,
            site: Some(tam_kernel::Site::Bandung),
            team: None,
        };
        let token = crate::issue_access_token(&signer, &settings, &subject).unwrap();
        let verifier = crate::Verifier::new(read, crate::testing::ISSUER, crate::testing::AUDIENCE);
        assert_eq!(verifier.verify(&token).unwrap().sub, subject.id);
    }

    #[test]
    fn a_jwks_skips_other_keys_and_refuses_bad_ed25519_ones() {
        let dir = TempDir::with_keys(&["k1"]);
        let good = load_public_keys(dir.path()).unwrap().jwks()["keys"][0].clone();
        let with = |member: &str, value: serde_json::Value| {
            let mut jwk = good.clone();
            jwk[member] = value;
            jwk
        };
        let rsa = json!({"kty": "RSA", "kid": "r1", "n": "AQAB", "e": "AQAB"});
        let x25519 = with("crv", json!("X25519"));
        let encryption = with("use", json!("enc"));
        let other_alg = with("alg", json!("ES256"));
        let set = KeySet::from_jwks(&json!({"keys": [rsa, x25519, encryption, other_alg, good]}))
            .unwrap();
        assert_eq!(set.kids(), vec!["k1"]);
        // `use` and `alg` are optional.
        let mut bare = good.clone();
        bare.as_object_mut().unwrap().remove("use");
        bare.as_object_mut().unwrap().remove("alg");
        assert_eq!(
            KeySet::from_jwks(&json!({"keys": [bare]})).unwrap().kids(),
            vec!["k1"]
        );

        let short_x = with("x", json!(URL_SAFE_NO_PAD.encode([1u8; 31])));
        let padded_x = with("x", json!(format!("{}=", good["x"].as_str().unwrap())));
        let no_x = with("x", json!(null));
        let bad_kid = with("kid", json!("../k1"));
        let no_kid = with("kid", json!(null));
        for set in [
            json!({}),
            json!({"keys": {}}),
            json!({"keys": []}),
            json!({"keys": [rsa]}),
            json!({"keys": [short_x]}),
            json!({"keys": [padded_x]}),
            json!({"keys": [no_x]}),
            json!({"keys": [bad_kid]}),
            json!({"keys": [no_kid]}),
            json!({"keys": [good, good]}),
        ] {
            assert!(KeySet::from_jwks(&set).is_err(), "{set}");
        }
    }
}
