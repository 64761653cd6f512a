//! Password hashing (argon2id) and refresh-token secrets.
//!
//! Hashing and verifying cost ~19 MiB and tens of milliseconds of CPU each: they run on
//! tokio's blocking pool, never on an actix worker, and at most [`MAX_CONCURRENT_HASHES`]
//! at once so that a burst of logins cannot exhaust memory.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use tokio::sync::Semaphore;

use crate::error::{Error, Result};

/// OWASP's argon2id parameters: 19 MiB of memory, 2 passes, 1 lane.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

/// Hashes computed at the same time at most.
pub const MAX_CONCURRENT_HASHES: usize = 4;

static HASHING: Semaphore = Semaphore::const_new(MAX_CONCURRENT_HASHES);

/// A valid hash (of a random password nobody knows) with the same parameters as real
/// ones: verified when the username is unknown, so that an unknown user takes as long
/// to refuse as a wrong password.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c/ZrFvMGo0vPCl0xYrsHzA$zWcQcB/5oemdMyyIUB/6CoCyz0gpKOBFCrtk9MvOubM";

fn argon2() -> Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| anyhow::anyhow!("the system random generator failed"))?;
    Ok(bytes)
}

/// The argon2id PHC string of `password` with a fresh random salt (blocking).
pub fn hash_password_blocking(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| anyhow::anyhow!("encoding a salt: {e}"))?;
    let hash = argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `hash` (blocking). The parameters are read
/// from the string, so hashes made with older parameters still verify.
pub fn verify_password_blocking(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        tracing::error!("a stored password hash is not a PHC string");
        return false;
    };
    match argon2() {
        Ok(argon2) => argon2.verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| anyhow::anyhow!("hashing semaphore: {e}"))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("hashing task: {e}")))
}

/// [`hash_password_blocking`] on the blocking pool.
pub async fn hash_password(password: String) -> Result<String> {
    blocking(move || hash_password_blocking(&password)).await?
}

/// Verifies `password` against `hash`, or against [`DUMMY_HASH`] when there is no hash
/// (always `false` then, after the same work).
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool> {
    blocking(move || match hash {
        Some(hash) => verify_password_blocking(&password, &hash),
        None => {
            let _ = verify_password_blocking(&password, DUMMY_HASH);
            false
        }
    })
    .await
}

/// A refresh token: the secret handed to the client and the hash that is stored.
#[derive(Clone)]
pub struct RefreshSecret {
    pub token: String,
    pub hash: Vec<u8>,
}

impl std::fmt::Debug for RefreshSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshSecret(***)")
    }
}

/// 32 random bytes, base64url without padding (43 characters).
pub fn new_refresh_token() -> Result<RefreshSecret> {
    let token = URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
    let hash = hash_refresh_token(&token);
    Ok(RefreshSecret { token, hash })
}

/// A new account's one-time activation code: made and stored like a refresh token
/// (256 random bits, so it cannot be guessed within its lifetime; only its SHA-256 is
/// kept).
pub fn new_activation_code() -> Result<RefreshSecret> {
    new_refresh_token()
}

/// The SHA-256 of a refresh token as presented: what the table stores and looks up.
pub fn hash_refresh_token(token: &str) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, token.as_bytes())
        .as_ref()
        .to_vec()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_with_owasp_parameters() {
        let hash = hash_password_blocking("correct horse battery").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password_blocking("correct horse battery", &hash));
        assert!(!verify_password_blocking("correct horse batterY", &hash));
        // Salted: the same password hashes differently.
        assert_ne!(
            hash,
            hash_password_blocking("correct horse battery").unwrap()
        );
    }

    #[test]
    fn the_dummy_hash_has_the_same_parameters_and_matches_nothing_guessable() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        let params = Params::try_from(&parsed).unwrap();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (MEMORY_KIB, ITERATIONS, PARALLELISM)
        );
        assert!(!verify_password_blocking("", DUMMY_HASH));
        assert!(!verify_password_blocking("password", DUMMY_HASH));
    }

    #[test]
    fn a_garbage_hash_verifies_nothing() {
        assert!(!verify_password_blocking("x", "not a hash"));
    }

    #[test]
    fn refresh_tokens_are_43_base64url_characters_stored_as_sha256() {
        let secret = new_refresh_token().unwrap();
        assert_eq!(secret.token.len(), 43);
        assert!(secret
            .token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(secret.hash.len(), 32);
        assert_eq!(secret.hash, hash_refresh_token(&secret.token));
        assert_ne!(secret.token, new_refresh_token().unwrap().token);
        assert!(!format!("{secret:?}").contains(&secret.token));
    }

    #[tokio::test]
    async fn async_wrappers() {
        let hash = hash_password("another password".into()).await.unwrap();
        assert!(verify_password("another password".into(), Some(hash))
            .await
            .unwrap());
        assert!(!verify_password("anything".into(), None).await.unwrap());
    }
}
