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
                Err(_) => errors.push((
                    "negotiation_step".into(),
                    "must be a step number from 1".into(),
                )),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form(outcome: &str) -> ResultForm {
        ResultForm {
            outcome: outcome.into(),
            ..ResultForm::default()
        }
    }

    #[test]
    fn follow_up_needs_a_time_and_gets_it_in_wib() {
        let errors = draft(&form("follow_up"), Activity::Sales).unwrap_err();
        assert!(
            errors.iter().any(|(f, _)| f == "follow_up_at"),
            "{errors:?}"
        );
        let mut f = form("follow_up");
        f.follow_up_at = "2026-03-02T14:00".into();
        let d = draft(&f, Activity::Sales).unwrap();
        assert_eq!(d.follow_up_at.as_deref(), Some("2026-03-02T14:00:00+07:00"));
        f.follow_up_at = "tomorrow".into();
        assert!(draft(&f, Activity::Sales)
            .unwrap_err()
            .iter()
            .any(|(f, _)| f == "follow_up_at"));
    }

    #[test]
    fn agree_needs_a_product_on_sales_and_a_step_on_retention() {
        let e = draft(&form("agree"), Activity::Sales).unwrap_err();
        assert!(e.iter().any(|(f, _)| f == "product_code"), "{e:?}");
        let e = draft(&form("agree"), Activity::Retention).unwrap_err();
        assert!(e.iter().any(|(f, _)| f == "negotiation_step"), "{e:?}");
        let mut f = form("agree");
        f.product_code = "P1".into();
        assert_eq!(
            draft(&f, Activity::Sales).unwrap().product_code.as_deref(),
            Some("P1")
        );
        f.negotiation_step = "2".into();
        let d = draft(&f, Activity::Retention).unwrap();
        assert_eq!((d.negotiation_step, d.product_code), (Some(2), None));
    }

    /// Fields that do not apply to the chosen outcome are dropped, never sent (calling
    /// would refuse them): a DECLINE with a product left in the form is a DECLINE.
    #[test]
    fn fields_that_do_not_apply_are_not_sent() {
        let mut f = form("decline");
        f.product_code = "P1".into();
        f.follow_up_at = "2026-03-02T14:00".into();
        f.negotiation_step = "x".into();
        let d = draft(&f, Activity::Sales).unwrap();
        assert_eq!(d.outcome.as_deref(), Some("decline"));
        assert!(
            d.product_code.is_none() && d.follow_up_at.is_none() && d.negotiation_step.is_none()
        );
    }

    #[test]
    fn an_outcome_the_rules_do_not_know_is_refused() {
        for bad in ["", "maybe", "AGREE!"] {
            let e = draft(&form(bad), Activity::Sales).unwrap_err();
            assert!(e.iter().any(|(f, _)| f == "outcome"), "{bad}: {e:?}");
        }
        assert_eq!(
            outcomes().len(),
            Outcome::CODES.len(),
            "the form offers every outcome"
        );
        assert_eq!(needs(Outcome::Decline, Activity::Sales), Needs::Nothing);
        assert_eq!(
            needs(Outcome::FollowUp, Activity::Retention),
            Needs::FollowUpTime
        );
    }
}
