//! QA verification of a QCO's verdict.
//!
//! A review is queued with the verdict (every RETURN, and VALIDs per the sample): it is
//! `pending` until a QA officer of the site gives an opinion: `agreed` (done) or
//! `disputed` (a note is required), which goes to the site's quality supervisor, whose
//! decision makes it `decided` (final). A decision that changes the verdict corrects the
//! task (a new revision of `quality.call.validated`).

use chrono::{DateTime, Utc};
use tam_kernel::Site;
use uuid::Uuid;

use super::task::{text_enum, Judgement, Verdict};
use super::Rejection;

text_enum! {
    /// Where a review is.
    ReviewStatus {
        /// Waiting for a QA officer.
        Pending => "pending",
        /// QA agreed with the QCO: done.
        Agreed => "agreed",
        /// QA disagreed: waiting for the quality supervisor.
        Disputed => "disputed",
        /// The supervisor decided: final.
        Decided => "decided",
    }
}

text_enum! {
    /// Why a review was queued.
    QueuedFor {
        /// Every RETURN is verified.
        Returned => "returned",
        /// A VALID in the sample.
        Sampled => "sampled",
    }
}

/// A QA officer's opinion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opinion {
    pub agree: bool,
    pub note: Option<String>,
}

/// A disagreement needs a note: it is what the supervisor decides on.
pub fn check_note(agree: bool, note: Option<&str>) -> Result<(), String> {
    match (agree, note) {
        (false, None) => Err("is required when disagreeing".into()),
        _ => Ok(()),
    }
}

/// An opinion is given once, on a pending review (409 otherwise); its new status.
pub fn opinion(status: ReviewStatus, opinion: &Opinion) -> Result<ReviewStatus, Rejection> {
    if status != ReviewStatus::Pending {
        return Err(Rejection::Conflict(format!(
            "the review is {status}: it already has an opinion"
        )));
    }
    Ok(if opinion.agree {
        ReviewStatus::Agreed
    } else {
        ReviewStatus::Disputed
    })
}

/// A supervisor's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub judgement: Judgement,
    pub note: Option<String>,
}

/// What a decision does to the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The verdict stands: the task does not change and nothing is published.
    Upheld,
    /// The verdict changes: the task gets a new revision, published.
    Changed { from: Verdict, to: Verdict },
}

/// Only a disputed review is decided, once (409 otherwise); whether the verdict changes.
pub fn decide(
    status: ReviewStatus,
    current: Verdict,
    decision: &Decision,
) -> Result<Outcome, Rejection> {
    if status != ReviewStatus::Disputed {
        return Err(Rejection::Conflict(format!(
            "only a disputed review is decided; this one is {status}"
        )));
    }
    let to = decision.judgement.verdict;
    Ok(if to == current {
        Outcome::Upheld
    } else {
        Outcome::Changed { from: current, to }
    })
}

/// A review of a QCO verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub id: Uuid,
    pub task_id: Uuid,
    pub site: Site,
    pub queued_for: QueuedFor,
    pub qco_id: Uuid,
    pub qco_verdict: Verdict,
    pub status: ReviewStatus,
    pub qa_id: Option<Uuid>,
    pub qa_agree: Option<bool>,
    pub qa_note: Option<String>,
    pub qa_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub decision_verdict: Option<Verdict>,
    pub decision_reason: Option<String>,
    pub decision_recommendation: Option<String>,
    pub decision_note: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn decision(verdict: Verdict) -> Decision {
        Decision {
            judgement: Judgement {
                verdict,
                reason: None,
                recommendation: None,
            },
            note: None,
        }
    }

    #[test]
    fn an_opinion_is_given_once() {
        let agree = Opinion {
            agree: true,
            note: None,
        };
        let disagree = Opinion {
            agree: false,
            note: Some("consent was clear".into()),
        };
        assert_eq!(
            opinion(ReviewStatus::Pending, &agree),
            Ok(ReviewStatus::Agreed)
        );
        assert_eq!(
            opinion(ReviewStatus::Pending, &disagree),
            Ok(ReviewStatus::Disputed)
        );
        for status in [
            ReviewStatus::Agreed,
            ReviewStatus::Disputed,
            ReviewStatus::Decided,
        ] {
            assert!(matches!(
                opinion(status, &agree),
                Err(Rejection::Conflict(_))
            ));
        }
        assert!(check_note(false, None).is_err());
        assert!(check_note(true, None).is_ok());
    }

    #[test]
    fn only_a_disputed_review_is_decided() {
        assert_eq!(
            decide(
                ReviewStatus::Disputed,
                Verdict::Returned,
                &decision(Verdict::Valid)
            ),
            Ok(Outcome::Changed {
                from: Verdict::Returned,
                to: Verdict::Valid
            })
        );
        assert_eq!(
            decide(
                ReviewStatus::Disputed,
                Verdict::Valid,
                &decision(Verdict::Valid)
            ),
            Ok(Outcome::Upheld)
        );
        for status in [
            ReviewStatus::Pending,
            ReviewStatus::Agreed,
            ReviewStatus::Decided,
        ] {
            assert!(decide(status, Verdict::Valid, &decision(Verdict::Returned)).is_err());
        }
    }
}
