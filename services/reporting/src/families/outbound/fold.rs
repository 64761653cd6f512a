//! The outbound rules, as plain functions: what a prospect's calls add up to (attempted,
//! settled, FOLLOW UP promises due, kept and answered), on which day and whose row.
//!
//! They read the whole set of a prospect's calls, never the order the events arrived
//! in: the store recomputes a prospect's facts from its calls each time one changes, so
//! the figures are the same whatever the arrival order.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use tam_kernel::{wib_date, Outcome};
use uuid::Uuid;

/// How far from the promised time a call back still keeps a FOLLOW UP, either side.
pub const KEPT_WINDOW_MINUTES: i64 = 15;

/// Whose figures a fact counts in: the row of `outbound_day` besides the day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dims {
    pub site: String,
    pub program: String,
    pub team_id: Option<Uuid>,
    pub agent_id: Uuid,
    pub work_order_id: Uuid,
}

/// One call of a prospect, as far as its events have told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub call_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub dims: Dims,
    /// Set once the call is completed (`calling.call.completed`).
    pub completion: Option<Completion>,
}

/// What a completed call recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completion {
    pub outcome: Outcome,
    /// The WIB day of the completion event: the day the call counts on.
    pub day: NaiveDate,
    /// The time a FOLLOW UP promised to call back.
    pub follow_up_at: Option<DateTime<Utc>>,
}

/// A derived counter of `outbound_day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKind {
    /// The prospect's first completed call.
    Attempted,
    /// The call that settled the prospect.
    Final,
    /// A FOLLOW UP promise, due on its promised time's WIB day.
    FollowUpDue,
    /// A FOLLOW UP promise called back in time.
    FollowUpKept,
    /// The next completed call after a FOLLOW UP.
    FollowUpAnswered,
    /// That call was an AGREE.
    FollowUpAnsweredAgree,
}

impl FactKind {
    pub const ALL: &'static [FactKind] = &[
        FactKind::Attempted,
        FactKind::Final,
        FactKind::FollowUpDue,
        FactKind::FollowUpKept,
        FactKind::FollowUpAnswered,
        FactKind::FollowUpAnsweredAgree,
    ];

    /// Its name in `outbound_facts.fact`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FactKind::Attempted => "attempted",
            FactKind::Final => "final",
            FactKind::FollowUpDue => "follow_up_due",
            FactKind::FollowUpKept => "follow_up_kept",
            FactKind::FollowUpAnswered => "follow_up_answered",
            FactKind::FollowUpAnsweredAgree => "follow_up_answered_agree",
        }
    }

    /// The `outbound_day` column it counts in.
    pub const fn column(self) -> &'static str {
        match self {
            FactKind::Attempted => "prospects_attempted",
            FactKind::Final => "prospects_final",
            other => other.as_str(),
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == name)
    }
}

/// One fact derived from a prospect's calls.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fact {
    pub kind: FactKind,
    /// The call it is about (see `outbound_facts` in the migration).
    pub call_id: Uuid,
    pub day: NaiveDate,
    pub dims: Dims,
    /// The call that kept a promise; the promise an answering call answered.
    pub related_call_id: Option<Uuid>,
    /// The promised time (due and kept facts).
    pub at: Option<DateTime<Utc>>,
}

/// Whether the completed call that is the prospect's `attempt`-th settles it: a final
/// outcome (AGREE, DECLINE, wrong number), or an unreached one once the work order's
/// attempt limit is reached (prospect's own rule: the prospect is exhausted). A FOLLOW
/// UP never settles: the customer asked to be called. An unknown limit (the work order's
/// creation not seen) exhausts nothing.
pub fn settles(outcome: Outcome, attempt: u32, max_attempts: Option<u32>) -> bool {
    outcome.is_final() || (outcome.is_unreached() && max_attempts.is_some_and(|m| attempt >= m))
}

/// Whether a call started at `call_started` keeps the promise made by a FOLLOW UP call
/// started at `promise_started` for `promised_at`: a later call, started within 15
/// minutes of the promised time, either side.
pub fn keeps(
    promise_started: DateTime<Utc>,
    promised_at: DateTime<Utc>,
    call_started: DateTime<Utc>,
) -> bool {
    let window = Duration::minutes(KEPT_WINDOW_MINUTES);
    call_started > promise_started
        && call_started >= promised_at - window
        && call_started <= promised_at + window
}

/// The day a FOLLOW UP promise is due: the WIB day of the promised time.
pub fn due_day(promised_at: DateTime<Utc>) -> NaiveDate {
    wib_date(promised_at)
}

/// Every fact a prospect's `calls` give, with its work order's attempt limit.
///
/// Calls are taken in the order they started (ties by id): the n-th completed call is
/// attempt n, as prospect counts them; abandoned calls are not attempts, but any call
/// started in the window keeps a promise (the agent did call back on time).
pub fn prospect_facts(calls: &[Call], max_attempts: Option<u32>) -> Vec<Fact> {
    let mut ordered: Vec<&Call> = calls.iter().collect();
    ordered.sort_by_key(|c| (c.started_at, c.call_id));
    let completed: Vec<(&Call, Completion)> = ordered
        .iter()
        .filter_map(|c| c.completion.map(|done| (*c, done)))
        .collect();

    let mut facts = Vec::new();
    let fact = |kind, call: &Call, day, related_call_id, at| Fact {
        kind,
        call_id: call.call_id,
        day,
        dims: call.dims.clone(),
        related_call_id,
        at,
    };

    if let Some((first, done)) = completed.first() {
        facts.push(fact(FactKind::Attempted, first, done.day, None, None));
    }
    let settled = completed
        .iter()
        .zip(1u32..)
        .find(|((_, done), attempt)| settles(done.outcome, *attempt, max_attempts));
    if let Some(((call, done), _)) = settled {
        facts.push(fact(FactKind::Final, call, done.day, None, None));
    }

    for (at, (promise, done)) in completed.iter().enumerate() {
        if done.outcome != Outcome::FollowUp {
            continue;
        }
        if let Some(promised_at) = done.follow_up_at {
            let day = due_day(promised_at);
            facts.push(fact(
                FactKind::FollowUpDue,
                promise,
                day,
                None,
                Some(promised_at),
            ));
            let keeper = ordered
                .iter()
                .find(|c| keeps(promise.started_at, promised_at, c.started_at));
            if let Some(keeper) = keeper {
                facts.push(fact(
                    FactKind::FollowUpKept,
                    promise,
                    day,
                    Some(keeper.call_id),
                    Some(promised_at),
                ));
            }
        }
        // The answer is the next completed call, whether or not a time was promised.
        if let Some((answer, answered)) = completed.get(at + 1) {
            let promise_id = Some(promise.call_id);
            facts.push(fact(
                FactKind::FollowUpAnswered,
                answer,
                answered.day,
                promise_id,
                None,
            ));
            if answered.outcome == Outcome::Agree {
                facts.push(fact(
                    FactKind::FollowUpAnsweredAgree,
                    answer,
                    answered.day,
                    promise_id,
                    None,
                ));
            }
        }
    }
    facts.sort();
    facts
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn dims(agent: u128) -> Dims {
        Dims {
            site: "medan".into(),
            program: "add_on_consumer".into(),
            team_id: None,
            agent_id: Uuid::from_u128(agent),
            work_order_id: Uuid::from_u128(99),
        }
    }

    /// 2026-12-02 at `h:m` UTC (WIB is +7: 10:00 UTC is 17:00 WIB the same day).
    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, h, m, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn call(id: u128, started: DateTime<Utc>, outcome: Option<Outcome>) -> Call {
        Call {
            call_id: Uuid::from_u128(id),
            started_at: started,
            dims: dims(1),
            completion: outcome.map(|outcome| Completion {
                outcome,
                day: wib_date(started),
                follow_up_at: None,
            }),
        }
    }

    fn follow_up(id: u128, started: DateTime<Utc>, promised: DateTime<Utc>) -> Call {
        let mut c = call(id, started, Some(Outcome::FollowUp));
        if let Some(done) = c.completion.as_mut() {
            done.follow_up_at = Some(promised);
        }
        c
    }

    fn kinds(facts: &[Fact], kind: FactKind) -> Vec<&Fact> {
        facts.iter().filter(|f| f.kind == kind).collect()
    }

    #[test]
    fn final_outcomes_settle_at_once_unreached_ones_at_the_limit_follow_up_never() {
        assert!(settles(Outcome::Agree, 1, Some(3)));
        assert!(settles(Outcome::Decline, 1, None));
        assert!(settles(Outcome::WrongNumber, 1, Some(3)));
        assert!(!settles(Outcome::NoAnswer, 2, Some(3)));
        assert!(settles(Outcome::NoAnswer, 3, Some(3)));
        assert!(settles(Outcome::Rejected, 4, Some(3)));
        assert!(
            !settles(Outcome::Busy, 9, None),
            "an unknown limit exhausts nothing"
        );
        assert!(!settles(Outcome::FollowUp, 5, Some(3)));
    }

    #[test]
    fn a_promise_is_kept_by_a_later_call_within_15_minutes_either_side() {
        let (made, promised) = (at(2, 0), at(7, 0));
        assert!(keeps(made, promised, at(6, 45)));
        assert!(keeps(made, promised, at(7, 15)));
        assert!(!keeps(made, promised, at(6, 44)));
        assert!(!keeps(made, promised, at(7, 16)));
        // The promising call itself, or an earlier one, keeps nothing.
        assert!(!keeps(at(7, 0), at(7, 5), at(7, 0)));
    }

    #[test]
    fn a_promise_is_due_on_the_wib_day_of_the_promised_time() {
        // 18:00 UTC on the 2nd is 01:00 WIB on the 3rd.
        assert_eq!(due_day(at(18, 0)), day(3));
        assert_eq!(due_day(at(16, 59)), day(2));
    }

    #[test]
    fn the_first_completed_call_attempts_and_the_limit_settles() {
        let calls = [
            call(3, at(5, 0), Some(Outcome::Busy)),
            call(1, at(3, 0), Some(Outcome::NoAnswer)),
            call(2, at(4, 0), None), // abandoned: not an attempt
            call(4, at(6, 0), Some(Outcome::Unreachable)),
        ];
        let facts = prospect_facts(&calls, Some(3));
        let attempted = kinds(&facts, FactKind::Attempted);
        assert_eq!(attempted.len(), 1);
        assert_eq!(attempted[0].call_id, Uuid::from_u128(1));
        let settled = kinds(&facts, FactKind::Final);
        assert_eq!(settled.len(), 1);
        assert_eq!(
            settled[0].call_id,
            Uuid::from_u128(4),
            "the third completed call"
        );
        // Without the limit nothing is settled.
        assert!(kinds(&prospect_facts(&calls, None), FactKind::Final).is_empty());
    }

    #[test]
    fn only_the_first_settling_call_counts() {
        let calls = [
            call(1, at(3, 0), Some(Outcome::Agree)),
            call(2, at(4, 0), Some(Outcome::Decline)),
        ];
        let facts = prospect_facts(&calls, Some(3));
        let settled = kinds(&facts, FactKind::Final);
        assert_eq!(settled.len(), 1);
        assert_eq!(settled[0].call_id, Uuid::from_u128(1));
    }

    #[test]
    fn a_kept_follow_up_is_due_kept_and_answered_and_the_answer_is_its_yield() {
        let calls = [
            follow_up(1, at(2, 0), at(7, 0)),
            call(2, at(7, 10), Some(Outcome::Agree)),
        ];
        let facts = prospect_facts(&calls, Some(3));
        let due = kinds(&facts, FactKind::FollowUpDue);
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].call_id, due[0].day), (Uuid::from_u128(1), day(2)));
        let kept = kinds(&facts, FactKind::FollowUpKept);
        assert_eq!(kept[0].related_call_id, Some(Uuid::from_u128(2)));
        let answered = kinds(&facts, FactKind::FollowUpAnswered);
        assert_eq!(answered[0].call_id, Uuid::from_u128(2));
        assert_eq!(answered[0].related_call_id, Some(Uuid::from_u128(1)));
        assert_eq!(kinds(&facts, FactKind::FollowUpAnsweredAgree).len(), 1);
    }

    #[test]
    fn a_late_call_back_answers_the_promise_without_keeping_it() {
        let calls = [
            follow_up(1, at(2, 0), at(7, 0)),
            call(2, at(9, 0), Some(Outcome::Decline)),
        ];
        let facts = prospect_facts(&calls, Some(3));
        assert_eq!(kinds(&facts, FactKind::FollowUpDue).len(), 1);
        assert!(kinds(&facts, FactKind::FollowUpKept).is_empty());
        assert_eq!(kinds(&facts, FactKind::FollowUpAnswered).len(), 1);
        assert!(kinds(&facts, FactKind::FollowUpAnsweredAgree).is_empty());
    }

    #[test]
    fn an_abandoned_call_on_time_keeps_the_promise_but_does_not_answer_it() {
        let calls = [follow_up(1, at(2, 0), at(7, 0)), call(2, at(7, 5), None)];
        let facts = prospect_facts(&calls, Some(3));
        assert_eq!(kinds(&facts, FactKind::FollowUpKept).len(), 1);
        assert!(kinds(&facts, FactKind::FollowUpAnswered).is_empty());
    }

    #[test]
    fn the_facts_do_not_depend_on_the_order_calls_are_given_in() {
        let mut calls = vec![
            follow_up(1, at(2, 0), at(7, 0)),
            call(2, at(7, 10), Some(Outcome::FollowUp)),
            call(3, at(8, 0), Some(Outcome::NoAnswer)),
            call(4, at(9, 0), Some(Outcome::Busy)),
        ];
        let forward = prospect_facts(&calls, Some(3));
        calls.reverse();
        assert_eq!(prospect_facts(&calls, Some(3)), forward);
        // Two FOLLOW UPs give one answer each; FOLLOW UPs never settle, the third
        // attempt (no answer, at the limit) does.
        assert_eq!(kinds(&forward, FactKind::FollowUpAnswered).len(), 2);
        assert_eq!(
            kinds(&forward, FactKind::Final)[0].call_id,
            Uuid::from_u128(3)
        );
    }

    #[test]
    fn fact_names_round_trip() {
        for &k in FactKind::ALL {
            assert_eq!(FactKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(FactKind::Attempted.column(), "prospects_attempted");
        assert_eq!(FactKind::FollowUpKept.column(), "follow_up_kept");
    }
}
