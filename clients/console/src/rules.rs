//! The result form's rules: which fields an outcome takes, and the draft sent to
//! calling built from the form with only those (calling refuses a field that does not
//! apply; the console never sends one). The shape itself is calling's own
//! [`tam_calling::domain::result::shape`], run here first so errors show at once.

use tam_calling::domain::result::{shape, ResultDraft};
use tam_kernel::{Activity, Outcome};

/// The extra field an outcome needs on a program of `activity`, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// AGREE on a sales program: one of the work order's products.
    Product,
    /// AGREE on retention: one of the negotiation steps.
    Step,
    /// FOLLOW UP: when to call again.
    FollowUpTime,
}

pub fn needs(outcome: Outcome, activity: Activity) -> Needs {
    match (outcome, activity) {
        (Outcome::Agree, Activity::Sales) => Needs::Product,
        (Outcome::Agree, Activity::Retention) => Needs::Step,
        (Outcome::FollowUp, _) => Needs::FollowUpTime,
        _ => Needs::Nothing,
    }
}

/// The outcomes the form offers: every outcome, in the manual's order (contacted first).
pub fn outcomes() -> &'static [Outcome] {
    &[
        Outcome::Agree,
        Outcome::Decline,
        Outcome::FollowUp,
        Outcome::NoAnswer,
        Outcome::Busy,
        Outcome::Unreachable,
        Outcome::Rejected,
        Outcome::WrongNumber,
    ]
}

/// The form as posted.
#[derive(Debug, Default, Clone)]
pub struct ResultForm {
    pub outcome: String,
    pub product_code: String,
    pub negotiation_step: String,
    /// A `datetime-local` value, read as WIB (the sites' clock).
    pub follow_up_at: String,
    pub notes: String,
}

/// The draft to send: only the fields the chosen outcome takes; or the field errors.
pub fn draft(form: &ResultForm, activity: Activity) -> Result<ResultDraft, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let outcome: Option<Outcome> = form.outcome.trim().parse().ok();
    let mut d = ResultDraft {
        outcome: Some(form.outcome.trim().to_owned()).filter(|s| !s.is_empty()),
        notes: Some(form.notes.trim().to_owned()).filter(|s| !s.is_empty()),
        ..ResultDraft::default()
    };
    match outcome.map(|o| needs(o, activity)) {
        Some(Needs::Product) => {
            d.product_code = Some(form.product_code.trim().to_owned()).filter(|s| !s.is_empty())
        }
        Some(Needs::Step) => match form.negotiation_step.trim() {
            "" => {}
            s => match s.parse::<i64>() {
                Ok(n) => d.negotiation_step = Some(n),
                Err(_) => errors.push(("negotiation_step".into(), "must be a step number from 1".into())),
            },
        },
        Some(Needs::FollowUpTime) => match form.follow_up_at.trim() {
            "" => {}
            s => match wib_local_to_rfc3339(s) {
                Some(at) => d.follow_up_at = Some(at),
                None => errors.push(("follow_up_at".into(), "must be a date and time".into())),
            },
        },
        Some(Needs::Nothing) | None => {}
    }
    if let Err(tam_kernel::Rejection::Invalid(fields)) = shape(&d, activity) {
        for f in fields {
            if !errors.iter().any(|(e, _)| *e == f.field) {
                errors.push((f.field, f.reason));
            }
        }
    }
    if errors.is_empty() {
        Ok(d)
    } else {
        Err(errors)
    }
}

/// `2026-03-02T14:00` (a datetime-local input, the sites' WIB clock) as RFC 3339.
pub fn wib_local_to_rfc3339(local: &str) -> Option<String> {
    let t = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Some(format!("{}+07:00", t.format("%Y-%m-%dT%H:%M:%S")))
}
