//! A prospect's life: the statuses it moves through, what each call result does to it,
//! and the order in which `next` hands prospects to an agent.
//!
//! A prospect is claimable when its status is one of the *callable* statuses and its
//! `available_at` has come. Every waiting period is expressed through `available_at`:
//! the retry wait after an unreached call, the FOLLOW UP time, and a claim's lease (a
//! claim pushes `available_at` to the lease's end, so an expired lease makes the
//! prospect claimable again by itself).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use tam_kernel::Outcome;
use uuid::Uuid;

use super::work_order::RetryWaits;

/// Where a prospect is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProspectStatus {
    /// Imported, never called.
    New,
    /// Called without reaching the customer; waits for its retry time.
    Retry,
    /// The customer asked to be called back at `available_at`, by the same agent.
    FollowUp,
    /// A call is running on it.
    InCall,
    /// AGREE: the quality team is validating the sale.
    AwaitingValidation,
    /// The quality team RETURNed the sale: its agent calls the customer again first.
    Returned,
    /// The quality team found the sale VALID.
    Won,
    /// The customer declined.
    Declined,
    /// The attempt limit was reached without reaching the customer.
    Exhausted,
    /// The number does not lead to the customer.
    Invalid,
    /// The number went on the do-not-call list.
    Dnc,
    /// The work order closed before the prospect was settled.
    Cancelled,
}

impl ProspectStatus {
    pub const ALL: [ProspectStatus; 12] = [
        ProspectStatus::New,
        ProspectStatus::Retry,
        ProspectStatus::FollowUp,
        ProspectStatus::InCall,
        ProspectStatus::AwaitingValidation,
        ProspectStatus::Returned,
        ProspectStatus::Won,
        ProspectStatus::Declined,
        ProspectStatus::Exhausted,
        ProspectStatus::Invalid,
        ProspectStatus::Dnc,
        ProspectStatus::Cancelled,
    ];

    /// Every status's code, in [`ProspectStatus::ALL`]'s order.
    pub const CODES: &'static [&'static str] = &[
        "new",
        "retry",
        "follow_up",
        "in_call",
        "awaiting_validation",
        "returned",
        "won",
        "declined",
        "exhausted",
        "invalid",
        "dnc",
        "cancelled",
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ProspectStatus::New => "new",
            ProspectStatus::Retry => "retry",
            ProspectStatus::FollowUp => "follow_up",
            ProspectStatus::InCall => "in_call",
            ProspectStatus::AwaitingValidation => "awaiting_validation",
            ProspectStatus::Returned => "returned",
            ProspectStatus::Won => "won",
            ProspectStatus::Declined => "declined",
            ProspectStatus::Exhausted => "exhausted",
            ProspectStatus::Invalid => "invalid",
            ProspectStatus::Dnc => "dnc",
            ProspectStatus::Cancelled => "cancelled",
        }
    }

    /// Statuses from which `next` may hand the prospect out.
    pub const fn is_callable(self) -> bool {
        matches!(
            self,
            ProspectStatus::New
                | ProspectStatus::Retry
                | ProspectStatus::FollowUp
                | ProspectStatus::Returned
        )
    }

    /// Statuses that no call result changes any more (a work order closing or a number
    /// going on the DNC list leaves them as they are).
    pub const fn is_settled(self) -> bool {
        matches!(
            self,
            ProspectStatus::Won
                | ProspectStatus::Declined
                | ProspectStatus::Exhausted
                | ProspectStatus::Invalid
                | ProspectStatus::Dnc
                | ProspectStatus::Cancelled
        )
    }
}

impl std::fmt::Display for ProspectStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ProspectStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        ProspectStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("must be one of: {}", ProspectStatus::CODES.join(", ")))
    }
}

/// What one call result does to its prospect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterCall {
    pub status: ProspectStatus,
    /// When it may be handed out again (only meaningful for callable statuses).
    pub available_at: DateTime<Utc>,
}

/// The move a completed call makes: AGREE → awaiting validation; DECLINE → declined;
/// FOLLOW UP → called back by the same agent at `follow_up_at`; wrong number → invalid;
/// an unreached result → retried after the work order's wait for that result, or
/// exhausted when `attempts` (this call included) has reached `max_attempts`.
///
/// A FOLLOW UP counts as an attempt but never exhausts: the customer asked for the call.
pub fn after_call(
    outcome: Outcome,
    attempts: u32,
    max_attempts: u32,
    waits: &RetryWaits,
    ended_at: DateTime<Utc>,
    follow_up_at: Option<DateTime<Utc>>,
) -> AfterCall {
    let settled = |status| AfterCall {
        status,
        available_at: ended_at,
    };
    match outcome {
        Outcome::Agree => settled(ProspectStatus::AwaitingValidation),
        Outcome::Decline => settled(ProspectStatus::Declined),
        Outcome::WrongNumber => settled(ProspectStatus::Invalid),
        Outcome::FollowUp => AfterCall {
            status: ProspectStatus::FollowUp,
            available_at: follow_up_at.unwrap_or(ended_at),
        },
        Outcome::NoAnswer | Outcome::Busy | Outcome::Unreachable | Outcome::Rejected => {
            if attempts >= max_attempts {
                settled(ProspectStatus::Exhausted)
            } else {
                let minutes = match outcome {
                    Outcome::NoAnswer => waits.no_answer,
                    Outcome::Busy => waits.busy,
                    Outcome::Unreachable => waits.unreachable,
                    _ => waits.rejected,
                };
                AfterCall {
                    status: ProspectStatus::Retry,
                    available_at: ended_at + Duration::minutes(i64::from(minutes)),
                }
            }
        }
    }
}

/// The queues `next` looks in, in this order; the first that has a prospect wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// The prospect the agent already holds (asking again returns it: one claim at a
    /// time, and a reload never leaks a lease).
    Held,
    /// The agent's RETURNed sales, to call again after a QC RETURN.
    Returned,
    /// The agent's FOLLOW UPs that are due.
    OwnFollowUp,
    /// FOLLOW UPs of the agent's team whose agent let the grace period pass.
    TeamFollowUp,
    /// Prospects distributed to the agent.
    Assigned,
    /// The unassigned pool of the active work orders of the agent's site and program.
    Pool,
}

impl Tier {
    pub const ORDER: [Tier; 6] = [
        Tier::Held,
        Tier::Returned,
        Tier::OwnFollowUp,
        Tier::TeamFollowUp,
        Tier::Assigned,
        Tier::Pool,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::Held => "held",
            Tier::Returned => "returned",
            Tier::OwnFollowUp => "follow_up",
            Tier::TeamFollowUp => "team_follow_up",
            Tier::Assigned => "assigned",
            Tier::Pool => "pool",
        }
    }
}

/// Whether `next` hands back `held`, the agent's newest claim still held (the held tier).
/// Not when it is `done_with`, the claim of the call the agent has just made: prospect
/// may not have heard of that call yet (`calling.call.started` is on its way), and calling
/// refuses a second call on a claim. Older held claims are never handed back either (the
/// store reads only the newest): the agent has moved on from them.
pub fn hands_back(held: Option<Uuid>, done_with: Option<Uuid>) -> bool {
    held.is_some() && held != done_with
}

/// How many prospects each agent gets when `count` are spread evenly: agents in the
/// order given, each up to their `room` (what is left of the daily quota), one at a time
/// round-robin so that the spread differs by at most one where room allows.
pub fn spread(rooms: &[u32], count: u32) -> Vec<u32> {
    let mut shares = vec![0u32; rooms.len()];
    let mut left = count;
    while left > 0 {
        let mut gave = false;
        for (share, room) in shares.iter_mut().zip(rooms) {
            if left == 0 {
                break;
            }
            if *share < *room {
                *share += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    shares
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {

    #[test]
    fn the_claim_just_called_is_not_handed_back() {
        let (held, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert!(hands_back(Some(held), None), "a reload gets the claim back");
        assert!(hands_back(Some(held), Some(other)));
        assert!(!hands_back(Some(held), Some(held)), "done with it");
        assert!(!hands_back(None, None));
        assert!(!hands_back(None, Some(held)));
    }
    use super::*;

    fn waits() -> RetryWaits {
        RetryWaits {
            no_answer: 60,
            busy: 15,
            unreachable: 120,
            rejected: 240,
        }
    }

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_790_000_000, 0).unwrap() + Duration::hours(h)
    }

    #[test]
    fn contacted_results_settle_or_schedule() {
        let w = waits();
        assert_eq!(
            after_call(Outcome::Agree, 1, 3, &w, at(0), None).status,
            ProspectStatus::AwaitingValidation
        );
        assert_eq!(
            after_call(Outcome::Decline, 1, 3, &w, at(0), None).status,
            ProspectStatus::Declined
        );
        assert_eq!(
            after_call(Outcome::WrongNumber, 1, 3, &w, at(0), None).status,
            ProspectStatus::Invalid
        );
        let follow = after_call(Outcome::FollowUp, 3, 3, &w, at(0), Some(at(5)));
        assert_eq!(follow.status, ProspectStatus::FollowUp, "never exhausts");
        assert_eq!(follow.available_at, at(5));
    }

    #[test]
    fn unreached_results_wait_their_own_time_until_the_limit() {
        let w = waits();
        let busy = after_call(Outcome::Busy, 1, 3, &w, at(0), None);
        assert_eq!(busy.status, ProspectStatus::Retry);
        assert_eq!(busy.available_at, at(0) + Duration::minutes(15));
        let no_answer = after_call(Outcome::NoAnswer, 2, 3, &w, at(0), None);
        assert_eq!(no_answer.available_at, at(0) + Duration::minutes(60));
        let rejected = after_call(Outcome::Rejected, 1, 3, &w, at(0), None);
        assert_eq!(rejected.available_at, at(0) + Duration::minutes(240));
        let last = after_call(Outcome::Unreachable, 3, 3, &w, at(0), None);
        assert_eq!(last.status, ProspectStatus::Exhausted);
    }

    #[test]
    fn statuses_round_trip_and_classify() {
        assert_eq!(ProspectStatus::CODES.len(), ProspectStatus::ALL.len());
        for (status, code) in ProspectStatus::ALL.into_iter().zip(ProspectStatus::CODES) {
            assert_eq!(status.as_str(), *code);
            assert_eq!(status.as_str().parse::<ProspectStatus>().unwrap(), status);
            assert!(!(status.is_callable() && status.is_settled()), "{status}");
        }
        assert!("claimed".parse::<ProspectStatus>().is_err());
        assert!(ProspectStatus::Returned.is_callable());
        assert!(!ProspectStatus::InCall.is_callable());
    }

    #[test]
    fn spread_is_even_within_rooms() {
        assert_eq!(spread(&[10, 10, 10], 7), vec![3, 2, 2]);
        assert_eq!(spread(&[1, 10, 10], 7), vec![1, 3, 3]);
        assert_eq!(spread(&[1, 1], 7), vec![1, 1]);
        assert_eq!(spread(&[], 7), Vec::<u32>::new());
        assert_eq!(spread(&[5, 5], 0), vec![0, 0]);
    }

    #[test]
    fn tiers_start_with_what_the_agent_holds_and_end_with_the_pool() {
        assert_eq!(Tier::ORDER.first(), Some(&Tier::Held));
        assert_eq!(Tier::ORDER.last(), Some(&Tier::Pool));
    }
}
