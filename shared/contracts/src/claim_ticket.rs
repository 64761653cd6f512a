//! The claim ticket: prospect's signed word that it gave an agent a prospect, which
//! calling checks on its own when the agent starts the call.
//!
//! `next` answers before its `prospect.prospect.claimed` event reaches calling; a call
//! started on the ticket needs no event. The ticket is the claim as the event says it
//! ([`ProspectClaimed`]), as JSON, with an HMAC-SHA256 under the site's shared
//! `TAM_CLAIM_TICKET_KEY` (prospect signs, calling verifies):
//! `v1.<base64url JSON>.<base64url tag>`. The event still follows, for calling's records
//! and for withdrawals.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::hmac;

use crate::prospect::ProspectClaimed;

/// The variable holding the key: base64 of at least [`MIN_KEY_BYTES`] random bytes, the
/// same in every prospect and calling process of a site.
pub const VARIABLE: &str = "TAM_CLAIM_TICKET_KEY";

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// The key every process uses in development when [`VARIABLE`] is not set: public, so
/// that prospect and calling started separately on a laptop agree. Production refuses
/// it (see [`ClaimTicketKey::from_setting`]).
const DEVELOPMENT_KEY: &[u8] = b"tam development claim ticket key: not a secret";

const VERSION: &str = "v1";

/// The key prospect signs tickets with and calling verifies them with.
#[derive(Clone)]
pub struct ClaimTicketKey(hmac::Key);

impl std::fmt::Debug for ClaimTicketKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClaimTicketKey(..)")
    }
}

/// Why a ticket is not prospect's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("the claim ticket is malformed")]
    Malformed,
    #[error("the claim ticket's signature does not match: it was not issued by prospect")]
    Forged,
}

impl ClaimTicketKey {
    /// A key of these bytes (tests; at least [`MIN_KEY_BYTES`]).
    pub fn new(secret: &[u8]) -> Self {
        Self(hmac::Key::new(hmac::HMAC_SHA256, secret))
    }

    /// The development key (see [`DEVELOPMENT_KEY`]).
    pub fn development() -> Self {
        Self::new(DEVELOPMENT_KEY)
    }

    /// The key `value` of [`VARIABLE`] gives (empty: unset). Unset is the development key
    /// outside production and refused in production; a set value must be base64 of at
    /// least [`MIN_KEY_BYTES`] bytes.
    pub fn from_setting(value: &str, production: bool) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() {
            if production {
                return Err(format!(
                    "required in production (base64 of {MIN_KEY_BYTES}+ random bytes, the same \
                     in every prospect and calling process of the site)"
                ));
            }
            return Ok(Self::development());
        }
        let bytes = STANDARD
            .decode(value)
            .map_err(|_| "not base64".to_owned())?;
        if bytes.len() < MIN_KEY_BYTES {
            return Err(format!(
                "{} bytes: at least {MIN_KEY_BYTES} are needed",
                bytes.len()
            ));
        }
        Ok(Self::new(&bytes))
    }

    /// The ticket of `claim`.
    pub fn sign(&self, claim: &ProspectClaimed) -> String {
        // A struct of plain fields and a JSON value: serializing cannot fail.
        let json = serde_json::to_vec(claim).unwrap_or_default();
        let signed = format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(json));
        let tag = hmac::sign(&self.0, signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
    }

    /// The claim `ticket` carries, if this key signed it. Whether the claim still lets
    /// its holder call (their own, lease running, not withdrawn, not used) is calling's
    /// rule, not the ticket's.
    pub fn verify(&self, ticket: &str) -> Result<ProspectClaimed, TicketError> {
        let (signed, tag) = ticket.rsplit_once('.').ok_or(TicketError::Malformed)?;
        let payload = signed
            .strip_prefix(VERSION)
            .and_then(|rest| rest.strip_prefix('.'))
            .ok_or(TicketError::Malformed)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TicketError::Malformed)?;
        hmac::verify(&self.0, signed.as_bytes(), &tag).map_err(|_| TicketError::Forged)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TicketError::Malformed)?;
        serde_json::from_slice(&json).map_err(|_| TicketError::Malformed)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde_json::json;
    use tam_kernel::{Program, Site};
    use uuid::Uuid;

    fn claim() -> ProspectClaimed {
        ProspectClaimed {
            claim_id: Uuid::now_v7(),
            prospect_id: Uuid::now_v7(),
            work_order_id: Uuid::now_v7(),
            wo_code: "WO-1".into(),
            agent_id: Uuid::now_v7(),
            team_id: None,
            site: Site::Medan,
            program: Program::AddOnConsumer,
            offers: json!([{"product_code": "A", "product_name": "a"}]),
            attempt: 1,
            lease_expires_at: Utc.with_ymd_and_hms(2026, 3, 2, 3, 5, 0).unwrap(),
            claimed_at: Utc.with_ymd_and_hms(2026, 3, 2, 3, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_ticket_reads_back_its_claim_under_its_key_only() {
        let key = ClaimTicketKey::new(&[7; 32]);
        let c = claim();
        let ticket = key.sign(&c);
        assert_eq!(key.verify(&ticket).unwrap(), c);
        assert_eq!(
            ClaimTicketKey::new(&[8; 32]).verify(&ticket),
            Err(TicketError::Forged)
        );
        assert_eq!(
            ClaimTicketKey::development().verify(&ticket),
            Err(TicketError::Forged)
        );
    }

    #[test]
    fn a_changed_claim_or_a_broken_ticket_is_refused() {
        let key = ClaimTicketKey::new(&[7; 32]);
        let ticket = key.sign(&claim());
        let (signed, tag) = ticket.rsplit_once('.').unwrap();
        // Another agent's id put in the payload, the tag kept.
        let mut other = claim();
        other.agent_id = Uuid::now_v7();
        let forged_payload = key.sign(&other);
        let (forged_signed, _) = forged_payload.rsplit_once('.').unwrap();
        assert_eq!(
            key.verify(&format!("{forged_signed}.{tag}")),
            Err(TicketError::Forged)
        );
        for broken in [
            "",
            "v1",
            "v1.abc",
            "v2.abc.def",
            &format!("{signed}.not base64!"),
            &format!("v0{}.{tag}", &signed[2..]),
        ] {
            assert!(key.verify(broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn the_key_comes_from_the_variable_and_production_needs_a_real_one() {
        assert!(ClaimTicketKey::from_setting("", false).is_ok());
        assert!(ClaimTicketKey::from_setting("", true).is_err());
        assert!(ClaimTicketKey::from_setting("not base64!", false).is_err());
        assert!(ClaimTicketKey::from_setting(&STANDARD.encode([1u8; 16]), true).is_err());
        let set = STANDARD.encode([1u8; 32]);
        let key = ClaimTicketKey::from_setting(&set, true).unwrap();
        let ticket = key.sign(&claim());
        assert!(ClaimTicketKey::new(&[1; 32]).verify(&ticket).is_ok());
    }
}
