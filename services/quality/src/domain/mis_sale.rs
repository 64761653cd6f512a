//! Mis-sale reviews: a review kind beside QA's verification of a QCO verdict.
//!
//! helpdesk's CABUT survey found that the customer of a cancelled OBC sale never
//! ordered it or did not understand the offer (its main reason). quality opens one
//! review of that call for the site's quality supervisor, who listens to it and decides,
//! once, whether it was a mis-sale (`mis_sale`) or not (`not_mis_sale`), with a note.
//! The review shows on the agent's record (the score response) from the moment it is
//! opened: a suspicion the agent and their team leader should know of, with its
//! decision when there is one.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use super::task::text_enum;
use super::Rejection;

text_enum! {
    /// Where a mis-sale review is.
    MisSaleStatus {
        /// Waiting for the site's quality supervisor.
        Pending => "pending",
        /// Decided: final.
        Decided => "decided",
    }
}

text_enum! {
    /// The supervisor's finding.
    Finding {
        /// The call was a mis-sale.
        MisSale => "mis_sale",
        /// The call was a fair sale; the customer changed their mind.
        NotMisSale => "not_mis_sale",
    }
}

/// A supervisor's decision: the finding and why (a note is required).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MisSaleDecision {
    pub finding: Finding,
    pub note: String,
}

/// Only a pending review is decided, once (409 otherwise).
pub fn decide(status: MisSaleStatus) -> Result<(), Rejection> {
    match status {
        MisSaleStatus::Pending => Ok(()),
        MisSaleStatus::Decided => Err(Rejection::Conflict(
            "the mis-sale review is already decided".into(),
        )),
    }
}

/// A possible mis-sale as helpdesk reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspicion {
    pub case_id: Uuid,
    pub call_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    pub main_reason: String,
    pub reasons: Vec<String>,
    pub note: Option<String>,
    pub surveyed_at: DateTime<Utc>,
}

/// A mis-sale review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MisSaleReview {
    pub id: Uuid,
    pub case_id: Uuid,
    pub call_id: Uuid,
    pub task_id: Option<Uuid>,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    pub main_reason: String,
    pub reasons: Vec<String>,
    pub survey_note: Option<String>,
    pub surveyed_at: DateTime<Utc>,
    pub status: MisSaleStatus,
    pub finding: Option<Finding>,
    pub decision_note: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_mis_sale_review_is_decided_once() {
        assert!(decide(MisSaleStatus::Pending).is_ok());
        assert!(matches!(
            decide(MisSaleStatus::Decided),
            Err(Rejection::Conflict(_))
        ));
        assert_eq!("mis_sale".parse::<Finding>().unwrap(), Finding::MisSale);
        assert!("maybe".parse::<Finding>().is_err());
    }
}
