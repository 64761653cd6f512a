//! What a valid call result is.
//!
//! Two steps. The shape (400, every bad field at once): `outcome` is one of
//! [`Outcome::CODES`]; `product_code` is required for an AGREE on a sales program,
//! `negotiation_step` for an AGREE on retention, `follow_up_at` (RFC 3339) for a FOLLOW UP;
//! a field that does not apply to the outcome (or program) is refused rather than
//! silently stored; `notes` at most [`NOTES_MAX`] characters. Then the rules (422): the
//! product or step is one the work order offers (`not-offered`), and the FOLLOW UP time
//! is in the future by the clock and inside the operating hours (`follow-up-time`).

use chrono::{DateTime, Utc};
use tam_kernel::{Activity, OperatingHours, Outcome, WIB};

use super::call::{Call, CallResult, CallState};
use super::offers::Offers;
use super::{parse_code, rules, Fields, Rejection};

/// The longest `notes` accepted, in characters.
pub const NOTES_MAX: usize = 2000;

/// A result as the client sent it (only JSON types checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultDraft {
    pub outcome: Option<String>,
    pub product_code: Option<String>,
    pub negotiation_step: Option<i64>,
    pub follow_up_at: Option<String>,
    pub notes: Option<String>,
}

/// The checked shape of a result, before the rules that need the offers and the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultShape(CallResult);

/// Checks the shape of `draft` for a call of a program of `activity`.
pub fn shape(draft: &ResultDraft, activity: Activity) -> Result<ResultShape, Rejection> {
    let mut f = Fields::new();
    let outcome: Option<Outcome> = f.required("outcome", draft.outcome.as_deref(), |v| {
        parse_code(v, Outcome::CODES)
    });
    let product_code = match (&draft.product_code, outcome, activity) {
        (None, Some(Outcome::Agree), Activity::Sales) => {
            f.error("product_code", "is required for agree on a sales program");
            None
        }
        (Some(code), Some(Outcome::Agree), Activity::Sales) => {
            let code = code.trim();
            if code.is_empty() {
                f.error("product_code", "must not be empty");
            }
            Some(code.to_owned())
        }
        (Some(_), Some(Outcome::Agree), Activity::Retention) => {
            f.error(
                "product_code",
                "does not apply to a retention program (give negotiation_step)",
            );
            None
        }
        (Some(_), Some(other), _) => {
            f.error("product_code", format!("does not apply to outcome {other}"));
            None
        }
        _ => None,
    };
    let negotiation_step = match (draft.negotiation_step, outcome, activity) {
        (None, Some(Outcome::Agree), Activity::Retention) => {
            f.error(
                "negotiation_step",
                "is required for agree on a retention program",
            );
            None
        }
        (Some(step), Some(Outcome::Agree), Activity::Retention) => f.check(
            "negotiation_step",
            u32::try_from(step)
                .ok()
                .filter(|s| *s >= 1)
                .ok_or_else(|| "must be a step number from 1".to_owned()),
        ),
        (Some(_), Some(Outcome::Agree), Activity::Sales) => {
            f.error(
                "negotiation_step",
                "does not apply to a sales program (give product_code)",
            );
            None
        }
        (Some(_), Some(other), _) => {
            f.error(
                "negotiation_step",
                format!("does not apply to outcome {other}"),
            );
            None
        }
        _ => None,
    };
    let follow_up_at = match (&draft.follow_up_at, outcome) {
        (None, Some(Outcome::FollowUp)) => {
            f.error("follow_up_at", "is required for follow_up");
            None
        }
        (Some(at), Some(Outcome::FollowUp)) => f.check(
            "follow_up_at",
            DateTime::parse_from_rfc3339(at.trim())
                .map(|at| at.with_timezone(&Utc))
                .map_err(|_| "must be an RFC 3339 time, e.g. 2026-03-02T14:00:00+07:00".into()),
        ),
        (Some(_), Some(other)) => {
            f.error("follow_up_at", format!("does not apply to outcome {other}"));
            None
        }
        _ => None,
    };
    let notes = match draft.notes.as_deref().map(str::trim) {
        Some(n) if n.chars().count() > NOTES_MAX => {
            f.error("notes", format!("must be at most {NOTES_MAX} characters"));
            None
        }
        Some("") | None => None,
        Some(n) => Some(n.to_owned()),
    };
    let result = outcome.map(|outcome| CallResult {
        outcome,
        product_code,
        negotiation_step,
        follow_up_at,
        notes,
    });
    f.finish(result).map(ResultShape)
}

/// Whether a result may be recorded on `call`: only while it is open, so not once it has
/// one, nor once it was closed without one (409, saying by whom, when and why).
pub fn check_open(call: &Call) -> Result<(), Rejection> {
    match &call.state {
        CallState::Open => Ok(()),
        CallState::Completed(_) => Err(Rejection::Conflict(
            "the call's result is already recorded".to_owned(),
        )),
        CallState::Abandoned(done) => Err(Rejection::Conflict(format!(
            "the call was closed without a result {}",
            done.describe()
        ))),
    }
}

/// Checks a well-formed result against the call's offers and the clock.
pub fn decide(
    shape: ResultShape,
    offers: &Offers,
    now: DateTime<Utc>,
    hours: &OperatingHours,
) -> Result<CallResult, Rejection> {
    let result = shape.0;
    match (offers, &result.product_code, result.negotiation_step) {
        (Offers::Products(codes), Some(code), _) if !codes.contains(code) => {
            return Err(Rejection::rule(
                rules::NOT_OFFERED,
                format!(
                    "product_code {code} is not offered by the work order; offered: {}",
                    offers.describe()
                ),
            ));
        }
        (Offers::Steps(steps), _, Some(step)) if !steps.contains(&step) => {
            return Err(Rejection::rule(
                rules::NOT_OFFERED,
                format!(
                    "negotiation_step {step} is not one the work order allows; allowed: {}",
                    offers.describe()
                ),
            ));
        }
        _ => {}
    }
    if let Some(at) = result.follow_up_at {
        let wib = at.with_timezone(&WIB).format("%Y-%m-%d %H:%M WIB");
        if at <= now {
            return Err(Rejection::rule(
                rules::FOLLOW_UP_TIME,
                format!("follow_up_at ({wib}) must be in the future"),
            ));
        }
        if !hours.is_open(at) {
            return Err(Rejection::rule(
                rules::FOLLOW_UP_TIME,
                format!("follow_up_at ({wib}) must be inside the operating hours, {hours} WIB"),
            ));
        }
    }
    Ok(result)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn draft(outcome: &str) -> ResultDraft {
        ResultDraft {
            outcome: Some(outcome.into()),
            ..Default::default()
        }
    }

    fn fields(r: Result<ResultShape, Rejection>) -> Vec<String> {
        match r {
            Err(Rejection::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    fn products() -> Offers {
        Offers::Products(vec!["MINIPACK".into(), "STB2".into()])
    }

    const NOW: &str = "2026-03-02T10:00:00+07:00";

    fn check(
        d: &ResultDraft,
        activity: Activity,
        offers: &Offers,
    ) -> Result<CallResult, Rejection> {
        decide(
            shape(d, activity)?,
            offers,
            utc(NOW),
            &OperatingHours::default(),
        )
    }

    fn rule_of(r: Result<CallResult, Rejection>) -> &'static str {
        match r {
            Err(Rejection::Rule { rule, .. }) => rule,
            other => panic!("expected a rule, got {other:?}"),
        }
    }

    #[test]
    fn a_result_is_recorded_on_an_open_call_only() {
        use crate::domain::call::tests::{abandoned, completed, open_call};
        assert_eq!(check_open(&open_call()), Ok(()));
        assert_eq!(
            check_open(&completed(open_call())),
            Err(Rejection::Conflict(
                "the call's result is already recorded".into()
            ))
        );
        let leader = uuid::Uuid::now_v7();
        let closed = abandoned(open_call(), leader, utc("2026-03-02T16:30:00+07:00"));
        assert_eq!(
            check_open(&closed),
            Err(Rejection::Conflict(format!(
                "the call was closed without a result by {leader} at 2026-03-02 16:30 WIB: \
                 softphone crashed, agent went home"
            )))
        );
    }

    #[test]
    fn an_agree_on_sales_needs_an_offered_product() {
        let mut d = draft("agree");
        assert_eq!(fields(shape(&d, Activity::Sales)), ["product_code"]);
        d.product_code = Some("STB2".into());
        d.notes = Some("  senang  ".into());
        let r = check(&d, Activity::Sales, &products()).unwrap();
        assert_eq!(r.outcome, Outcome::Agree);
        assert_eq!(r.product_code.as_deref(), Some("STB2"));
        assert_eq!(r.notes.as_deref(), Some("senang"));
        d.product_code = Some("NETFLIX".into());
        assert_eq!(
            rule_of(check(&d, Activity::Sales, &products())),
            rules::NOT_OFFERED
        );
        d.product_code = Some("STB2".into());
        d.negotiation_step = Some(1);
        assert_eq!(fields(shape(&d, Activity::Sales)), ["negotiation_step"]);
    }

    #[test]
    fn an_agree_on_retention_needs_an_allowed_step() {
        let steps = Offers::Steps(vec![1, 2]);
        let mut d = draft("agree");
        assert_eq!(fields(shape(&d, Activity::Retention)), ["negotiation_step"]);
        d.negotiation_step = Some(2);
        assert_eq!(
            check(&d, Activity::Retention, &steps)
                .unwrap()
                .negotiation_step,
            Some(2)
        );
        d.negotiation_step = Some(3);
        assert_eq!(
            rule_of(check(&d, Activity::Retention, &steps)),
            rules::NOT_OFFERED
        );
        d.negotiation_step = Some(0);
        assert_eq!(fields(shape(&d, Activity::Retention)), ["negotiation_step"]);
        d.negotiation_step = Some(1);
        d.product_code = Some("X".into());
        assert_eq!(fields(shape(&d, Activity::Retention)), ["product_code"]);
    }

    #[test]
    fn a_follow_up_needs_a_future_time_inside_the_hours() {
        let mut d = draft("follow_up");
        assert_eq!(fields(shape(&d, Activity::Sales)), ["follow_up_at"]);
        d.follow_up_at = Some("tomorrow".into());
        assert_eq!(fields(shape(&d, Activity::Sales)), ["follow_up_at"]);
        d.follow_up_at = Some("2026-03-02T14:00:00+07:00".into());
        let r = check(&d, Activity::Sales, &products()).unwrap();
        assert_eq!(r.follow_up_at, Some(utc("2026-03-02T07:00:00Z")));
        for bad in [
            "2026-03-02T09:59:59+07:00", // past
            "2026-03-02T10:00:00+07:00", // now is not the future
            "2026-03-02T20:00:00+07:00", // after hours
            "2026-03-03T07:59:00+07:00", // before hours
            "2026-03-02T10:00:00Z",      // 17:00 WIB: closed
        ] {
            d.follow_up_at = Some(bad.into());
            assert_eq!(
                rule_of(check(&d, Activity::Sales, &products())),
                rules::FOLLOW_UP_TIME,
                "{bad}"
            );
        }
    }

    #[test]
    fn fields_that_do_not_apply_are_refused() {
        let mut d = draft("no_answer");
        d.product_code = Some("STB2".into());
        d.negotiation_step = Some(1);
        d.follow_up_at = Some("2026-03-02T14:00:00+07:00".into());
        assert_eq!(
            fields(shape(&d, Activity::Sales)),
            ["product_code", "negotiation_step", "follow_up_at"]
        );
        let mut d = draft("agree");
        d.product_code = Some("STB2".into());
        d.follow_up_at = Some("2026-03-02T14:00:00+07:00".into());
        assert_eq!(fields(shape(&d, Activity::Sales)), ["follow_up_at"]);
    }

    #[test]
    fn every_outcome_without_extras_is_fine_and_bad_outcomes_are_named() {
        for outcome in [
            "decline",
            "no_answer",
            "busy",
            "unreachable",
            "rejected",
            "wrong_number",
        ] {
            let r = check(&draft(outcome), Activity::Sales, &products()).unwrap();
            assert_eq!(r.outcome.as_str(), outcome);
        }
        assert_eq!(fields(shape(&draft("AGREE"), Activity::Sales)), ["outcome"]);
        assert_eq!(
            fields(shape(&ResultDraft::default(), Activity::Sales)),
            ["outcome"]
        );
        let mut d = draft("decline");
        d.notes = Some("x".repeat(NOTES_MAX + 1));
        assert_eq!(fields(shape(&d, Activity::Sales)), ["notes"]);
    }
}
