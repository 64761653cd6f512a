//! QC Tier 2's CABUT survey: why customers cancel (*cabut*) an AddOn.
//!
//! A case is one cancelled AddOn (customer, product, day, the channel it was sold
//! through). QC Tier 2 claims it, calls the customer (each attempt `reached` or one of
//! calling's unreached outcomes) and, once the customer was reached, records the
//! reasons from the taxonomy in force: several reasons, exactly one main, `other` (or
//! any reason marked so) with the customer's words.
//!
//! The mis-sale rule: a case linked to an OBC sale of this suite whose **main** reason
//! is `never_ordered` or `did_not_understand_offer` is a possible mis-sale (the call is
//! reviewed by quality). Only the main reason counts: a customer who cancels for the
//! price and adds, among other things, that the offer was not clear has not said the
//! sale was wrong; a review of a call is a serious step for the agent.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use tam_kernel::{FieldError, Outcome};

tam_kernel::code_enum! {
    /// Where a case is.
    pub enum CaseStatus as "case status" {
        /// Waiting to be surveyed (claimed or not).
        Open => "open",
        /// The reasons are recorded: done.
        Surveyed => "surveyed",
    }
}

tam_kernel::code_enum! {
    /// What came of one call to the customer: reached, or calling's unreached outcomes
    /// (the same codes as a call's result, [`Outcome::is_unreached`]).
    pub enum AttemptOutcome as "contact attempt outcome" {
        /// The customer answered.
        Reached => "reached",
        NoAnswer => "no_answer",
        Busy => "busy",
        Unreachable => "unreachable",
        Rejected => "rejected",
    }
}

impl AttemptOutcome {
    /// The unreached outcome of calling's `outcome`, if it is one.
    pub fn unreached(outcome: Outcome) -> Option<Self> {
        outcome
            .is_unreached()
            .then(|| outcome.as_str().parse().ok())
            .flatten()
    }
}

tam_kernel::code_enum! {
    /// Why a case needs a second look.
    pub enum CaseFlag as "case flag" {
        /// An OBC cancellation that no OBC ticket of this suite follows (the IndiHome
        /// number and product were never activated here): accepted, not refused.
        NoActivationKnown => "no_activation_known",
    }
}

/// The reasons that make a main reason a possible mis-sale.
pub const MIS_SALE_REASONS: &[&str] = &["never_ordered", "did_not_understand_offer"];

/// The reason code that always needs the customer's words.
pub const OTHER: &str = "other";

/// Longest reason text and survey note.
pub const MAX_TEXT: usize = 2000;

/// The slugs of the survey's business rules (the `type` of their 422 problems; an
/// unknown channel, product, outcome or reason is `unknown-reference`).
pub mod rules {
    /// A survey's reasons without exactly one main one, a reason twice, or `other`
    /// without the customer's words.
    pub const INVALID_REASONS: &str = "invalid-cabut-reasons";
    /// A taxonomy without reasons, with a code twice, dropping a mis-sale reason, or
    /// with `other` not requiring text.
    pub const INVALID_TAXONOMY: &str = "invalid-cabut-taxonomy";
    /// A cancellation dated after today.
    pub const CANCELLED_IN_FUTURE: &str = "cancelled-in-future";
    /// A contact number that is not an Indonesian number.
    pub const INVALID_CONTACT_NUMBER: &str = "invalid-contact-number";
}

/// One reason of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonDef {
    /// `^[a-z][a-z0-9_]{1,49}$`.
    pub code: String,
    pub name: String,
    /// The reason needs the customer's words (`other` always does).
    pub requires_text: bool,
}

/// A version of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    pub version: i32,
    pub reasons: Vec<ReasonDef>,
}

impl Taxonomy {
    pub fn find(&self, code: &str) -> Option<&ReasonDef> {
        self.reasons.iter().find(|r| r.code == code)
    }
}

/// Checks a new taxonomy: at least one reason, codes well formed and distinct, names
/// not blank, `other` (when listed) requiring text, and the mis-sale reasons kept (the
/// mis-sale rule reads them). Errors name `reasons[i].field`.
pub fn check_taxonomy(reasons: &[ReasonDef]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if reasons.is_empty() {
        errors.push(FieldError::new("reasons", "must list at least one reason"));
    }
    let mut seen = HashSet::new();
    for (i, r) in reasons.iter().enumerate() {
        if !code_form(&r.code) {
            errors.push(FieldError::new(
                format!("reasons[{i}].code"),
                format!(
                    "{:?} must be 2 to 50 of a-z, 0-9, _ starting with a letter",
                    r.code
                ),
            ));
        } else if !seen.insert(r.code.as_str()) {
            errors.push(FieldError::new(
                format!("reasons[{i}].code"),
                format!("{} is listed twice", r.code),
            ));
        }
        if r.name.trim().is_empty() || r.name.chars().count() > 200 {
            errors.push(FieldError::new(
                format!("reasons[{i}].name"),
                "must be 1 to 200 characters",
            ));
        }
        if r.code == OTHER && !r.requires_text {
            errors.push(FieldError::new(
                format!("reasons[{i}].requires_text"),
                "other always requires the customer's words",
            ));
        }
    }
    for code in MIS_SALE_REASONS {
        if !reasons.iter().any(|r| r.code == *code) {
            errors.push(FieldError::new(
                "reasons",
                format!("must keep {code}: the mis-sale rule reads it"),
            ));
        }
    }
    errors
}

fn code_form(code: &str) -> bool {
    let mut chars = code.chars();
    (2..=50).contains(&code.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// One reason as recorded on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenReason {
    pub code: String,
    pub main: bool,
    pub text: Option<String>,
}

/// Checks the reasons of a survey against the taxonomy: at least one, each known (422
/// naming `reasons[i].code` otherwise: see [`unknown_reasons`]), none twice, exactly
/// one main, text where the reason requires it. Field errors (400).
pub fn check_reasons(taxonomy: &Taxonomy, reasons: &[GivenReason]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if reasons.is_empty() {
        errors.push(FieldError::new("reasons", "must list at least one reason"));
        return errors;
    }
    let mains = reasons.iter().filter(|r| r.main).count();
    if mains != 1 {
        errors.push(FieldError::new(
            "reasons",
            format!("exactly one reason must be the main one ({mains} are)"),
        ));
    }
    let mut seen = HashSet::new();
    for (i, r) in reasons.iter().enumerate() {
        if !seen.insert(r.code.as_str()) {
            errors.push(FieldError::new(
                format!("reasons[{i}].code"),
                format!("{} is listed twice", r.code),
            ));
        }
        let needs_text = r.code == OTHER || taxonomy.find(&r.code).is_some_and(|d| d.requires_text);
        if needs_text && r.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
            errors.push(FieldError::new(
                format!("reasons[{i}].text"),
                format!("is required for {}", r.code),
            ));
        }
    }
    errors
}

/// The reasons not in the taxonomy (a 422 naming each `reasons[i].code`).
pub fn unknown_reasons(taxonomy: &Taxonomy, reasons: &[GivenReason]) -> Vec<FieldError> {
    reasons
        .iter()
        .enumerate()
        .filter(|(_, r)| taxonomy.find(&r.code).is_none())
        .map(|(i, r)| {
            FieldError::new(
                format!("reasons[{i}].code"),
                format!(
                    "{:?} is not a reason of taxonomy version {}",
                    r.code, taxonomy.version
                ),
            )
        })
        .collect()
}

/// The main reason of checked reasons.
pub fn main_reason(reasons: &[GivenReason]) -> Option<&GivenReason> {
    reasons.iter().find(|r| r.main)
}

/// Whether a surveyed case is a possible mis-sale: linked to an OBC sale of this suite
/// and its **main** reason is one of [`MIS_SALE_REASONS`].
pub fn is_mis_sale(linked_to_sale: bool, reasons: &[GivenReason]) -> bool {
    linked_to_sale
        && main_reason(reasons).is_some_and(|r| MIS_SALE_REASONS.contains(&r.code.as_str()))
}

/// Reasons are recorded once, on an open case, by the QC Tier 2 holding its lease,
/// after the customer was reached. The reason it cannot, if any (409).
pub fn check_survey(status: CaseStatus, held_by_caller: bool, reached: bool) -> Result<(), String> {
    if status == CaseStatus::Surveyed {
        return Err("the case is already surveyed".into());
    }
    if !held_by_caller {
        return Err("claim the case first: another QC Tier 2 holds it, or nobody does".into());
    }
    if !reached {
        return Err("record a reached contact attempt before the reasons".into());
    }
    Ok(())
}

/// A contact attempt needs an open case held by the caller (409 otherwise).
pub fn check_attempt(status: CaseStatus, held_by_caller: bool) -> Result<(), String> {
    if status == CaseStatus::Surveyed {
        return Err("the case is already surveyed".into());
    }
    if !held_by_caller {
        return Err("claim the case first: another QC Tier 2 holds it, or nobody does".into());
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn taxonomy() -> Taxonomy {
        let def = |code: &str, requires_text| ReasonDef {
            code: code.into(),
            name: code.into(),
            requires_text,
        };
        Taxonomy {
            version: 1,
            reasons: vec![
                def("price", false),
                def("never_ordered", false),
                def("did_not_understand_offer", false),
                def("other", true),
            ],
        }
    }

    fn reason(code: &str, main: bool) -> GivenReason {
        GivenReason {
            code: code.into(),
            main,
            text: None,
        }
    }

    #[test]
    fn exactly_one_main_reason() {
        let t = taxonomy();
        assert!(
            check_reasons(&t, &[reason("price", true), reason("never_ordered", false)]).is_empty()
        );
        let none = check_reasons(&t, &[reason("price", false)]);
        assert_eq!(none[0].field, "reasons");
        assert!(none[0].reason.contains("exactly one"), "{none:?}");
        let two = check_reasons(&t, &[reason("price", true), reason("never_ordered", true)]);
        assert_eq!(two[0].field, "reasons");
        assert_eq!(check_reasons(&t, &[])[0].field, "reasons");
        let twice = check_reasons(&t, &[reason("price", true), reason("price", false)]);
        assert_eq!(twice[0].field, "reasons[1].code");
    }

    #[test]
    fn other_needs_the_customers_words() {
        let t = taxonomy();
        let errors = check_reasons(&t, &[reason("other", true)]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "reasons[0].text");
        let blank = GivenReason {
            text: Some("  ".into()),
            ..reason("other", true)
        };
        assert_eq!(check_reasons(&t, &[blank])[0].field, "reasons[0].text");
        let said = GivenReason {
            text: Some("pindah ke kota lain".into()),
            ..reason("other", true)
        };
        assert!(check_reasons(&t, &[said]).is_empty());
    }

    #[test]
    fn unknown_reasons_are_named() {
        let t = taxonomy();
        let errors = unknown_reasons(&t, &[reason("price", true), reason("too_slow", false)]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "reasons[1].code");
        assert!(errors[0].reason.contains("too_slow"));
    }

    #[test]
    fn a_mis_sale_is_a_main_reason_of_never_ordered_or_not_understood_on_an_obc_sale() {
        assert!(is_mis_sale(true, &[reason("never_ordered", true)]));
        assert!(is_mis_sale(
            true,
            &[
                reason("price", false),
                reason("did_not_understand_offer", true)
            ]
        ));
        // Only the main reason counts.
        assert!(!is_mis_sale(
            true,
            &[reason("price", true), reason("never_ordered", false)]
        ));
        // Another channel's sale is not this suite's call.
        assert!(!is_mis_sale(false, &[reason("never_ordered", true)]));
        assert!(!is_mis_sale(true, &[reason("price", true)]));
    }

    #[test]
    fn a_survey_needs_the_lease_and_a_reached_customer_once() {
        assert!(check_survey(CaseStatus::Open, true, true).is_ok());
        assert!(check_survey(CaseStatus::Open, false, true).is_err());
        assert!(check_survey(CaseStatus::Open, true, false).is_err());
        assert!(check_survey(CaseStatus::Surveyed, true, true).is_err());
        assert!(check_attempt(CaseStatus::Open, true).is_ok());
        assert!(check_attempt(CaseStatus::Open, false).is_err());
        assert!(check_attempt(CaseStatus::Surveyed, true).is_err());
    }

    #[test]
    fn attempts_use_callings_unreached_outcomes() {
        let unreached: Vec<_> = Outcome::ALL
            .iter()
            .filter_map(|o| AttemptOutcome::unreached(*o))
            .collect();
        assert_eq!(
            unreached,
            vec![
                AttemptOutcome::NoAnswer,
                AttemptOutcome::Busy,
                AttemptOutcome::Unreachable,
                AttemptOutcome::Rejected
            ]
        );
        // Every attempt outcome but reached is one of calling's unreached results.
        for o in AttemptOutcome::ALL
            .iter()
            .filter(|o| **o != AttemptOutcome::Reached)
        {
            let calling: Outcome = o.as_str().parse().unwrap();
            assert!(calling.is_unreached(), "{o}");
        }
    }

    #[test]
    fn a_taxonomy_keeps_the_mis_sale_reasons_and_other_needs_text() {
        assert!(check_taxonomy(&taxonomy().reasons).is_empty());
        assert_eq!(check_taxonomy(&[])[0].field, "reasons");
        let mut t = taxonomy().reasons;
        t.retain(|r| r.code != "never_ordered");
        assert!(check_taxonomy(&t)
            .iter()
            .any(|e| e.reason.contains("never_ordered")));
        let mut t = taxonomy().reasons;
        t[3].requires_text = false;
        assert_eq!(check_taxonomy(&t)[0].field, "reasons[3].requires_text");
        let mut t = taxonomy().reasons;
        t[0].code = "Price!".into();
        assert_eq!(check_taxonomy(&t)[0].field, "reasons[0].code");
    }
}
