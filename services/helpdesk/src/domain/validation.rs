//! QC Tier 2: validating AddOn activations from every channel (DOMAIN.md).
//!
//! - A **sampling plan** per channel: the share of its activated tickets QC Tier 2
//!   validates. The draw is deterministic: a ticket is sampled when a stable hash of its
//!   id, read as a point of [0, 1), falls below the share ([`is_sampled`]). A re-run
//!   picks the same tickets, a larger share picks a superset, and nobody can steer which
//!   sale is checked.
//! - A **checklist** per channel, versioned like quality's parameter sets: items with a
//!   code, a text and whether they are critical; a version is in force from a date until
//!   a later one; a validation is filled against the version in force when it was
//!   sampled.
//! - The **result** ([`judge`]): every item answered once; invalid if any critical item
//!   failed. An invalid activation goes back to HD Support (the app reopens its ticket
//!   with a kendala).

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tam_kernel::FieldError;
use uuid::Uuid;

use super::policy::Channel;
use super::Rejection;

/// How long a claimed validation stays with the QC Tier 2 employee who claimed it.
pub const LEASE_MINUTES: i64 = 30;
/// The most items a checklist may have.
pub const MAX_ITEMS: usize = 50;
/// The longest item text.
pub const MAX_ITEM_TEXT: usize = 500;
/// The longest findings text or answer note.
pub const MAX_FINDINGS: usize = 2000;
/// The longest period one draw covers (a quarter and a bit): a longer one is a typo.
pub const MAX_DRAW_DAYS: i64 = 92;

/// The point of `ticket` in [0, 2^64): the first 8 bytes of the SHA-256 of its id.
/// Stable across processes, versions and machines (no seeded hasher).
pub fn sample_point(ticket: Uuid) -> u64 {
    let digest = Sha256::digest(ticket.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// Whether `ticket` is in the sample of a plan at `share_percent` (0 to 100): its point,
/// as a fraction of 2^64, is below the share. 0% samples nothing, 100% everything.
pub fn is_sampled(ticket: Uuid, share_percent: u8) -> bool {
    let share = u128::from(share_percent.min(100));
    u128::from(sample_point(ticket)) * 100 < share << 64
}

/// A share as a request gives it: a whole number of percent, 0 to 100.
pub fn share_percent(value: i64) -> Result<u8, String> {
    match u8::try_from(value) {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err("must be a whole number of percent from 0 to 100".into()),
    }
}

/// A channel's sampling plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamplingPlan {
    pub channel: Channel,
    pub share_percent: u8,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

/// One item of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub code: String,
    pub text: String,
    /// A failed critical item makes the activation invalid.
    pub critical: bool,
}

/// One version of a channel's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub id: Uuid,
    pub channel: Channel,
    pub version: u32,
    /// In force from this WIB date until a later version's.
    pub effective_from: NaiveDate,
    /// `None` for the version seeded by the migration.
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// In the order given.
    pub items: Vec<ChecklistItem>,
}

/// An item as a request gives it, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemInput {
    pub code: Option<String>,
    pub text: Option<String>,
    pub critical: Option<bool>,
}

/// An item code: 1 to 40 of `A-Z`, `0-9`, `_`, `-` (upper-cased).
pub fn item_code(value: &str) -> Result<String, String> {
    let code = value.trim().to_uppercase();
    let ok = (1..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(code)
    } else {
        Err("must be 1 to 40 of letters, digits, `_` and `-`".into())
    }
}

/// A checklist without items (or with none given): 422, a checklist QC Tier 2 could not
/// fill. Checked before the items' form.
pub fn check_has_items(items: Option<&[ItemInput]>) -> Result<(), Rejection> {
    match items {
        Some(items) if !items.is_empty() => Ok(()),
        _ => Err(super::unprocessable(
            super::rules::INVALID_CHECKLIST,
            &[FieldError::new(
                "items",
                "a checklist needs at least one item",
            )],
        )),
    }
}

/// The items of a new version: at most [`MAX_ITEMS`], codes of the item-code form, texts
/// 1 to 500 characters, `critical` given. Every bad field is named (`items[2].text`);
/// repeated codes are [`check_unique`]'s.
pub fn parse_items(items: Vec<ItemInput>) -> Result<Vec<ChecklistItem>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if items.len() > MAX_ITEMS {
        errors.push(FieldError::new(
            "items",
            format!("must have at most {MAX_ITEMS} items"),
        ));
    }
    let mut parsed = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let mut bad = |field: &str, reason: String| {
            errors.push(FieldError::new(format!("items[{i}].{field}"), reason));
        };
        let code = match item.code.as_deref().map(item_code) {
            None => {
                bad("code", "is required".into());
                None
            }
            Some(Err(reason)) => {
                bad("code", reason);
                None
            }
            Some(Ok(code)) => Some(code),
        };
        let text = match item.text.as_deref().map(str::trim) {
            None | Some("") => {
                bad("text", "is required".into());
                None
            }
            Some(t) if t.chars().count() > MAX_ITEM_TEXT => {
                bad(
                    "text",
                    format!("must be at most {MAX_ITEM_TEXT} characters"),
                );
                None
            }
            Some(t) => Some(t.to_owned()),
        };
        if item.critical.is_none() {
            bad("critical", "is required".into());
        }
        if let (Some(code), Some(text), Some(critical)) = (code, text, item.critical) {
            parsed.push(ChecklistItem {
                code,
                text,
                critical,
            });
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

/// Each code once in a version (`A` and `a` are one code): a 422 naming the repeated
/// item, a rule across items the form of each cannot state.
pub fn check_unique(items: &[ChecklistItem]) -> Result<(), Rejection> {
    let mut seen = HashSet::new();
    let repeated: Vec<FieldError> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| !seen.insert(item.code.as_str()))
        .map(|(i, item)| {
            FieldError::new(
                format!("items[{i}].code"),
                format!("{} appears more than once", item.code),
            )
        })
        .collect();
    if repeated.is_empty() {
        Ok(())
    } else {
        Err(super::unprocessable(
            super::rules::INVALID_CHECKLIST,
            &repeated,
        ))
    }
}

/// When a new version may take effect: not before `today` (a checklist never rewrites
/// the past) nor before the latest version's date (versions follow each other).
pub fn check_effective_from(
    from: NaiveDate,
    today: NaiveDate,
    latest: Option<NaiveDate>,
) -> Result<(), String> {
    if from < today {
        return Err(format!(
            "{from} is in the past: a new version starts today or later"
        ));
    }
    match latest {
        Some(latest) if from < latest => Err(format!(
            "{from} is before the latest version's {latest}: versions follow each other"
        )),
        _ => Ok(()),
    }
}

/// The codes of `in_use` (items of the versions open validations are filled against)
/// that `new` no longer has: a version removing them is 422 while those validations are
/// open, so a QC Tier 2 employee never loses an item mid-work. Sorted, each once.
pub fn removed_in_use(in_use: &[String], new: &[ChecklistItem]) -> Vec<String> {
    let kept: HashSet<&str> = new.iter().map(|i| i.code.as_str()).collect();
    let mut removed: Vec<String> = in_use
        .iter()
        .filter(|c| !kept.contains(c.as_str()))
        .cloned()
        .collect();
    removed.sort();
    removed.dedup();
    removed
}

/// The version of `versions` (of one channel) in force on `day`: the highest version
/// whose date is on or before it.
pub fn in_force(versions: &[Checklist], day: NaiveDate) -> Option<&Checklist> {
    versions
        .iter()
        .filter(|v| v.effective_from <= day)
        .max_by_key(|v| v.version)
}

tam_kernel::code_enum! {
    /// Where a validation is.
    pub enum ValidationStatus as "validation status" {
        /// Sampled, waiting for QC Tier 2.
        Waiting => "waiting",
        /// Claimed by a QC Tier 2 employee under a lease.
        Claimed => "claimed",
        /// Validated: the activation is valid.
        Valid => "valid",
        /// Validated: the activation is invalid (its ticket reopened for HD Support).
        Invalid => "invalid",
    }
}

impl ValidationStatus {
    pub const fn is_open(self) -> bool {
        matches!(self, ValidationStatus::Waiting | ValidationStatus::Claimed)
    }
}

/// A sampled activation and its validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub channel: Channel,
    pub activated_at: DateTime<Utc>,
    pub checklist_id: Uuid,
    /// The plan's share when it was sampled.
    pub share_percent: u8,
    pub sampled_at: DateTime<Utc>,
    pub sampled_by: Option<Uuid>,
    pub status: ValidationStatus,
    pub claimed_by: Option<Uuid>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub lease_expires_at: Option<DateTime<Utc>>,
    pub findings: Option<String>,
    pub validated_by: Option<Uuid>,
    pub validated_at: Option<DateTime<Utc>>,
    pub issue_id: Option<Uuid>,
}

/// QC Tier 2's answer to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub code: String,
    pub passed: bool,
    pub note: Option<String>,
}

/// What the answers make of an activation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub status: ValidationStatus,
    /// The failed items' codes, the critical ones first, each in checklist order.
    pub failed: Vec<String>,
}

/// The result of a filled checklist: every item of `items` answered exactly once and no
/// other (400 naming `answers[i].code` or `answers`); invalid when any critical item
/// failed, valid otherwise (a failed non-critical item is a finding, not a refusal).
pub fn judge(items: &[ChecklistItem], answers: &[Answer]) -> Result<Judgement, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (i, a) in answers.iter().enumerate() {
        if !items.iter().any(|item| item.code == a.code) {
            errors.push(FieldError::new(
                format!("answers[{i}].code"),
                format!("{} is not an item of this checklist", a.code),
            ));
        } else if !seen.insert(a.code.as_str()) {
            errors.push(FieldError::new(
                format!("answers[{i}].code"),
                format!("{} is answered more than once", a.code),
            ));
        }
    }
    let missing: Vec<&str> = items
        .iter()
        .filter(|item| !seen.contains(item.code.as_str()))
        .map(|item| item.code.as_str())
        .collect();
    if !missing.is_empty() {
        errors.push(FieldError::new(
            "answers",
            format!("every item is answered; missing: {}", missing.join(", ")),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let failed_of = |critical: bool| {
        items
            .iter()
            .filter(move |item| item.critical == critical)
            .filter(|item| answers.iter().any(|a| a.code == item.code && !a.passed))
            .map(|item| item.code.clone())
    };
    let critical: Vec<String> = failed_of(true).collect();
    let status = if critical.is_empty() {
        ValidationStatus::Valid
    } else {
        ValidationStatus::Invalid
    };
    let failed = critical.into_iter().chain(failed_of(false)).collect();
    Ok(Judgement { status, failed })
}

/// Whether `actor` may record the result of `validation`: it must be claimed by them
/// (409 otherwise: claim it first, or it is someone else's or already validated).
pub fn check_result_by(validation: &Validation, actor: Uuid) -> Result<(), Rejection> {
    match validation.status {
        ValidationStatus::Valid | ValidationStatus::Invalid => Err(Rejection::Conflict(format!(
            "the activation was already validated ({})",
            validation.status
        ))),
        ValidationStatus::Waiting => Err(Rejection::Conflict(
            "claim the validation first (POST /api/v1/helpdesk/validations/claim)".into(),
        )),
        ValidationStatus::Claimed if validation.claimed_by != Some(actor) => Err(
            Rejection::Conflict("another QC Tier 2 employee holds this validation".into()),
        ),
        ValidationStatus::Claimed => Ok(()),
    }
}

/// The validity rate: the valid share of the validated, `None` before any validation.
pub fn validity_rate(valid: u64, validated: u64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    (validated > 0).then(|| valid as f64 / validated as f64)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<Uuid> {
        // UUIDv7-like ids made in a burst share their leading bytes: the hash spreads them.
        (0..n)
            .map(|i| Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + i as u128))
            .collect()
    }

    #[test]
    fn sampling_is_a_pure_function_of_the_ticket_and_the_share() {
        let ids = ids(1000);
        let first: Vec<bool> = ids.iter().map(|id| is_sampled(*id, 30)).collect();
        let again: Vec<bool> = ids.iter().map(|id| is_sampled(*id, 30)).collect();
        assert_eq!(first, again);
        // A fixed point, so a change of the hash is a visible change of the rule.
        assert_eq!(
            sample_point(Uuid::nil()),
            u64::from_be_bytes([0x37, 0x47, 0x08, 0xff, 0xf7, 0x71, 0x9d, 0xd5])
        );
    }

    #[test]
    fn the_share_is_drawn_within_tolerance_over_ten_thousand_tickets() {
        let ids = ids(10_000);
        for share in [1u8, 5, 10, 25, 50, 90] {
            let drawn = ids.iter().filter(|id| is_sampled(**id, share)).count();
            let expected = 10_000 * usize::from(share) / 100;
            // ±1.5 percentage points (about 3–5 standard deviations).
            assert!(
                drawn.abs_diff(expected) <= 150,
                "{share}%: {drawn} drawn, {expected} expected"
            );
        }
        assert!(ids.iter().all(|id| is_sampled(*id, 100)));
        assert!(!ids.iter().any(|id| is_sampled(*id, 0)));
    }

    #[test]
    fn a_larger_share_keeps_every_ticket_a_smaller_one_drew() {
        for id in ids(2000) {
            if is_sampled(id, 10) {
                assert!(is_sampled(id, 11) && is_sampled(id, 50));
            }
        }
    }

    #[test]
    fn shares_are_whole_percents() {
        assert_eq!(share_percent(0), Ok(0));
        assert_eq!(share_percent(100), Ok(100));
        assert!(share_percent(101).is_err());
        assert!(share_percent(-1).is_err());
    }

    fn input(code: &str, critical: bool) -> ItemInput {
        ItemInput {
            code: Some(code.into()),
            text: Some("Something to confirm".into()),
            critical: Some(critical),
        }
    }

    #[test]
    fn a_checklist_needs_items_and_names_every_bad_field() {
        assert!(check_has_items(Some(&[])).is_err());
        assert!(check_has_items(None).is_err());
        let rejection = check_has_items(Some(&[])).unwrap_err();
        assert!(matches!(rejection, Rejection::Rule { .. }), "{rejection:?}");
        let items = parse_items(vec![input("consent", true), input("price", false)]).unwrap();
        assert_eq!(items[0].code, "CONSENT");
        let twice = parse_items(vec![input("A", true), input("a", false)]).unwrap();
        match check_unique(&twice) {
            Err(Rejection::Rule { detail, .. }) => assert!(detail.starts_with("items[1].code")),
            other => panic!("{other:?}"),
        }
        assert!(check_unique(&items).is_ok());
        let errors = parse_items(vec![
            input("A", true),
            ItemInput {
                code: Some("bad code".into()),
                text: Some(" ".into()),
                critical: None,
            },
        ])
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["items[1].code", "items[1].text", "items[1].critical"]
        );
    }

    #[test]
    fn a_version_takes_effect_today_or_later_after_the_latest() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(
            check_effective_from(d("2026-12-03"), d("2026-12-03"), Some(d("2026-01-01"))).is_ok()
        );
        assert!(check_effective_from(d("2026-12-02"), d("2026-12-03"), None).is_err());
        assert!(
            check_effective_from(d("2026-12-04"), d("2026-12-03"), Some(d("2026-12-10"))).is_err()
        );
    }

    #[test]
    fn removing_an_item_in_use_is_named() {
        let new = parse_items(vec![input("A", true)]).unwrap();
        assert_eq!(
            removed_in_use(&["B".into(), "A".into(), "B".into()], &new),
            ["B"]
        );
        assert!(removed_in_use(&["A".into()], &new).is_empty());
    }

    fn checklist(version: u32, from: &str) -> Checklist {
        Checklist {
            id: Uuid::now_v7(),
            channel: Channel::Plasa,
            version,
            effective_from: from.parse().unwrap(),
            created_by: None,
            created_at: Utc::now(),
            items: vec![],
        }
    }

    #[test]
    fn the_version_in_force_is_the_latest_started() {
        let versions = [checklist(1, "2026-01-01"), checklist(2, "2026-12-10")];
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(in_force(&versions, day("2026-12-09")).unwrap().version, 1);
        assert_eq!(in_force(&versions, day("2026-12-10")).unwrap().version, 2);
        assert!(in_force(&versions, day("2025-12-31")).is_none());
    }

    fn items() -> Vec<ChecklistItem> {
        parse_items(vec![
            input("ORDERED", true),
            input("PRICE", false),
            input("ACTIVE", true),
        ])
        .unwrap()
    }

    fn answer(code: &str, passed: bool) -> Answer {
        Answer {
            code: code.into(),
            passed,
            note: None,
        }
    }

    #[test]
    fn a_failed_critical_item_makes_the_activation_invalid() {
        let all_pass = [
            answer("ORDERED", true),
            answer("PRICE", true),
            answer("ACTIVE", true),
        ];
        assert_eq!(
            judge(&items(), &all_pass).unwrap().status,
            ValidationStatus::Valid
        );
        let minor = [
            answer("ORDERED", true),
            answer("PRICE", false),
            answer("ACTIVE", true),
        ];
        let j = judge(&items(), &minor).unwrap();
        assert_eq!(j.status, ValidationStatus::Valid);
        assert_eq!(j.failed, ["PRICE"]);
        let critical = [
            answer("PRICE", false),
            answer("ORDERED", true),
            answer("ACTIVE", false),
        ];
        let j = judge(&items(), &critical).unwrap();
        assert_eq!(j.status, ValidationStatus::Invalid);
        assert_eq!(j.failed, ["ACTIVE", "PRICE"]);
    }

    #[test]
    fn every_item_is_answered_once_and_no_other() {
        let errors = judge(
            &items(),
            &[
                answer("ORDERED", true),
                answer("ORDERED", true),
                answer("OTHER", true),
            ],
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["answers[1].code", "answers[2].code", "answers"]);
        assert!(errors[2].reason.contains("PRICE, ACTIVE"));
    }

    fn validation(status: ValidationStatus, claimed_by: Option<Uuid>) -> Validation {
        Validation {
            id: Uuid::now_v7(),
            ticket_id: Uuid::now_v7(),
            channel: Channel::Obc,
            activated_at: Utc::now(),
            checklist_id: Uuid::now_v7(),
            share_percent: 10,
            sampled_at: Utc::now(),
            sampled_by: None,
            status,
            claimed_by,
            claimed_at: None,
            lease_expires_at: None,
            findings: None,
            validated_by: None,
            validated_at: None,
            issue_id: None,
        }
    }

    #[test]
    fn only_the_holder_records_the_result_once() {
        let me = Uuid::now_v7();
        assert!(check_result_by(&validation(ValidationStatus::Claimed, Some(me)), me).is_ok());
        for v in [
            validation(ValidationStatus::Claimed, Some(Uuid::now_v7())),
            validation(ValidationStatus::Waiting, None),
            validation(ValidationStatus::Valid, Some(me)),
        ] {
            assert!(matches!(
                check_result_by(&v, me),
                Err(Rejection::Conflict(_))
            ));
        }
    }

    #[test]
    fn the_validity_rate_is_the_valid_share() {
        assert_eq!(validity_rate(0, 0), None);
        assert_eq!(validity_rate(3, 4), Some(0.75));
    }
}
