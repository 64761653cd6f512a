//! The result an agent records for every call (manual §2.2: agents "record every call
//! result").
//!
//! The manual defines three call results, all of a call in which the customer was
//! reached: AGREE (§1.3.7), DECLINE (§1.3.8) and FOLLOW UP (§1.3.9). We use exactly
//! those three, with the manual's meanings, and nothing else for a contacted customer.
//! The manual names no result for a call that does not reach the customer, yet an agent
//! must record one (and the prospect must be retried or dropped), so we add the usual
//! contact-center results for that case: `no_answer`, `busy`, `unreachable`, `rejected`
//! and `wrong_number`. RETURN and VALID are not call results: they are the quality
//! team's verdict on a tapped AGREE call and live in the quality service.

use crate::code::code_enum;

code_enum! {
    /// What came of one outbound call.
    pub enum Outcome as "call outcome" {
        /// AGREE: the customer accepts the offer (sale) or agrees to stay or come back
        /// (retention, winback). The call is tapped and validated by QC.
        Agree => "agree",
        /// DECLINE: the customer refuses the offer.
        Decline => "decline",
        /// FOLLOW UP: the customer agrees to be called again at another time.
        FollowUp => "follow_up",
        /// The number rang but nobody picked up.
        NoAnswer => "no_answer",
        /// The line was busy.
        Busy => "busy",
        /// The number is not active or is out of coverage.
        Unreachable => "unreachable",
        /// Someone picked up but hung up at once or refused to talk, before any offer
        /// was made. Not a DECLINE: the offer was never heard.
        Rejected => "rejected",
        /// The person who answered is not the customer of the prospect record.
        WrongNumber => "wrong_number",
    }
}

impl Outcome {
    /// The customer was reached and answered the offer: AGREE, DECLINE or FOLLOW UP,
    /// the manual's three results.
    pub const fn is_contacted(self) -> bool {
        matches!(self, Outcome::Agree | Outcome::Decline | Outcome::FollowUp)
    }

    /// The customer was not reached (no answer, busy, unreachable, rejected); the
    /// prospect may be called again.
    ///
    /// `wrong_number` is neither contacted nor unreached: someone answered, but the
    /// number does not lead to the customer, so retrying it is pointless.
    pub const fn is_unreached(self) -> bool {
        matches!(
            self,
            Outcome::NoAnswer | Outcome::Busy | Outcome::Unreachable | Outcome::Rejected
        )
    }

    /// The prospect is settled by this call and is not called again for this offer:
    /// AGREE (goes to QC tapping; a RETURN reopens it through the quality process, not
    /// through this outcome), DECLINE, or a wrong number.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            Outcome::Agree | Outcome::Decline | Outcome::WrongNumber
        )
    }

    /// Only AGREE calls are tapped by a QC officer (manual §1.3.11, §1.3.17).
    pub const fn needs_tapping(self) -> bool {
        matches!(self, Outcome::Agree)
    }

    /// FOLLOW UP is the one result that must carry the time the customer asked to be
    /// called back.
    pub const fn needs_callback_time(self) -> bool {
        matches!(self, Outcome::FollowUp)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(
            Outcome::CODES,
            &[
                "agree",
                "decline",
                "follow_up",
                "no_answer",
                "busy",
                "unreachable",
                "rejected",
                "wrong_number"
            ]
        );
        for &outcome in Outcome::ALL {
            assert_eq!(outcome.as_str().parse::<Outcome>().unwrap(), outcome);
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), outcome);
        }
        let err = "AGREE".parse::<Outcome>().unwrap_err();
        assert!(err.to_string().contains("unknown call outcome `AGREE`"));
    }

    #[test]
    fn contacted_are_the_manuals_three_results() {
        let contacted: Vec<_> = Outcome::ALL
            .iter()
            .copied()
            .filter(|o| o.is_contacted())
            .collect();
        assert_eq!(
            contacted,
            vec![Outcome::Agree, Outcome::Decline, Outcome::FollowUp]
        );
    }

    #[test]
    fn unreached() {
        let unreached: Vec<_> = Outcome::ALL
            .iter()
            .copied()
            .filter(|o| o.is_unreached())
            .collect();
        assert_eq!(
            unreached,
            vec![
                Outcome::NoAnswer,
                Outcome::Busy,
                Outcome::Unreachable,
                Outcome::Rejected
            ]
        );
    }

    #[test]
    fn contacted_and_unreached_never_overlap_and_only_wrong_number_is_neither() {
        for &o in Outcome::ALL {
            assert!(!(o.is_contacted() && o.is_unreached()), "{o}");
            if !o.is_contacted() && !o.is_unreached() {
                assert_eq!(o, Outcome::WrongNumber);
            }
        }
    }

    #[test]
    fn final_outcomes() {
        let finals: Vec<_> = Outcome::ALL
            .iter()
            .copied()
            .filter(|o| o.is_final())
            .collect();
        assert_eq!(
            finals,
            vec![Outcome::Agree, Outcome::Decline, Outcome::WrongNumber]
        );
        assert!(!Outcome::FollowUp.is_final());
        for &o in Outcome::ALL {
            if o.is_unreached() {
                assert!(!o.is_final(), "{o}");
            }
        }
    }

    #[test]
    fn tapping_and_callback() {
        for &o in Outcome::ALL {
            assert_eq!(o.needs_tapping(), o == Outcome::Agree);
            assert_eq!(o.needs_callback_time(), o == Outcome::FollowUp);
        }
    }
}
