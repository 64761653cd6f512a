//! The recruitment pipeline: the stages an applicant goes through, one template per role
//! (data, not code), and which moves are legal.

use tam_kernel::{code_enum, Role};

use super::{rules, Rejection};

code_enum! {
    /// Where an applicant is in the pipeline.
    pub enum Stage as "stage" {
        /// Applied to a requisition.
        Applied => "applied",
        /// CV and documents screened.
        Screening => "screening",
        /// Taking the tests (psychological, medical, written, voice and language).
        Tests => "tests",
        /// Interviewed.
        Interview => "interview",
        /// Made an offer.
        Offer => "offer",
        /// Hired (only through hiring, which makes the employee).
        Hired => "hired",
        /// Turned down by the recruiter (with a reason); final.
        Rejected => "rejected",
        /// Withdrew (with a reason); final.
        Withdrawn => "withdrawn",
    }
}

impl Stage {
    /// No move leaves a final stage.
    pub const fn is_final(self) -> bool {
        matches!(self, Stage::Hired | Stage::Rejected | Stage::Withdrawn)
    }

    /// The ways out of the pipeline, which need a reason.
    pub const fn is_exit(self) -> bool {
        matches!(self, Stage::Rejected | Stage::Withdrawn)
    }
}

/// The full template: every stage, in order.
const FULL: &[Stage] = &[
    Stage::Applied,
    Stage::Screening,
    Stage::Tests,
    Stage::Interview,
    Stage::Offer,
    Stage::Hired,
];

/// The stage template of each role hr recruits for, in order. The manual names the
/// same steps for every role (§2.1: tests, then the interview); a role whose
/// recruitment differs gets its own row here, not a branch in code.
pub const TEMPLATES: &[(Role, &[Stage])] = &[
    (Role::Agent, FULL),
    (Role::TeamLeader, FULL),
    (Role::SupervisorOps, FULL),
    (Role::QcOfficer, FULL),
    (Role::QaOfficer, FULL),
    (Role::SupervisorQuality, FULL),
    (Role::Trainer, FULL),
    (Role::QcTier2, FULL),
    (Role::HdSupport, FULL),
];

/// The stage template of `role` (the full one for a role without its own row).
pub fn template(role: Role) -> &'static [Stage] {
    TEMPLATES
        .iter()
        .find(|(r, _)| *r == role)
        .map_or(FULL, |(_, stages)| stages)
}

/// Whether moving from `from` to `to` is legal for `role` by hand: to the next stage of
/// the template, or out (rejected, withdrawn) with a reason, from any stage not final.
/// `hired` is reached only by hiring ([`check_hire_stage`]).
pub fn check_move(
    role: Role,
    from: Stage,
    to: Stage,
    reason: Option<&str>,
) -> Result<(), Rejection> {
    let illegal = |why: String| Err(Rejection::rule(rules::ILLEGAL_STAGE_MOVE, why));
    if from.is_final() {
        return illegal(format!(
            "the applicant is {from}, a final stage: no move leaves it"
        ));
    }
    if to.is_exit() {
        if reason.is_none() {
            return Err(Rejection::field(
                "reason",
                format!("is required to move an applicant to {to}"),
            ));
        }
        return Ok(());
    }
    if to == Stage::Hired {
        return illegal(
            "an applicant becomes hired only by hiring: POST /api/v1/hr/applicants/{id}/hire"
                .to_owned(),
        );
    }
    let stages = template(role);
    let next = stages
        .iter()
        .position(|s| *s == from)
        .and_then(|i| stages.get(i + 1));
    if next != Some(&to) {
        let expected = next.map_or("none".to_owned(), |s| s.to_string());
        return illegal(format!(
            "from {from} the next stage for role {role} is {expected} (or rejected / withdrawn), not {to}"
        ));
    }
    Ok(())
}

/// Hiring needs the stage before `hired` in the role's template (the offer).
pub fn check_hire_stage(role: Role, stage: Stage) -> Result<(), Rejection> {
    let stages = template(role);
    let before_hired = stages
        .iter()
        .position(|s| *s == Stage::Hired)
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| stages.get(i));
    if Some(&stage) != before_hired {
        let expected = before_hired.map_or("offer".to_owned(), |s| s.to_string());
        return Err(Rejection::rule(
            rules::ILLEGAL_STAGE_MOVE,
            format!("the applicant is at {stage}; hiring needs them at {expected}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_recruited_role_goes_through_the_template_in_order() {
        for (role, stages) in TEMPLATES {
            assert_eq!(stages.first(), Some(&Stage::Applied));
            assert_eq!(stages.last(), Some(&Stage::Hired));
            for pair in stages.windows(2) {
                if pair[1] != Stage::Hired {
                    assert!(check_move(*role, pair[0], pair[1], None).is_ok());
                }
            }
        }
    }

    #[test]
    fn skipping_going_back_and_leaving_a_final_stage_are_refused() {
        let illegal = |from, to| {
            matches!(
                check_move(Role::Agent, from, to, Some("x")),
                Err(Rejection::Rule { rule, .. }) if rule == rules::ILLEGAL_STAGE_MOVE
            )
        };
        assert!(illegal(Stage::Applied, Stage::Tests));
        assert!(illegal(Stage::Interview, Stage::Screening));
        assert!(illegal(Stage::Offer, Stage::Hired));
        assert!(illegal(Stage::Rejected, Stage::Screening));
        assert!(illegal(Stage::Hired, Stage::Withdrawn));
    }

    #[test]
    fn leaving_the_pipeline_needs_a_reason() {
        assert!(check_move(Role::Agent, Stage::Tests, Stage::Rejected, Some("failed")).is_ok());
        assert!(matches!(
            check_move(Role::Agent, Stage::Tests, Stage::Withdrawn, None),
            Err(Rejection::Invalid(errors)) if errors[0].field == "reason"
        ));
    }

    #[test]
    fn hiring_needs_the_offer() {
        assert!(check_hire_stage(Role::Agent, Stage::Offer).is_ok());
        assert!(check_hire_stage(Role::Agent, Stage::Interview).is_err());
    }
}
