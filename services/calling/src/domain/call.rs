//! Claims and calls: when an agent may start a call, and what a call is.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tam_kernel::{wib_date, OperatingHours, Outcome, Program, Site, WIB};
use uuid::Uuid;

use super::scope::{Actor, CallOwner};
use crate::domain::Rejection;

/// A prospect's latest claim, as prospect announced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub prospect_id: Uuid,
    pub claim_id: Uuid,
    pub work_order_id: Uuid,
    pub wo_code: String,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    /// The work order's offers (checked when a result is recorded).
    pub offers: Value,
    pub attempt: u32,
    pub lease_expires_at: DateTime<Utc>,
    pub claimed_at: DateTime<Utc>,
    /// Why prospect withdrew it (`dnc`, `work_order_closed`), if it did.
    pub withdrawn_reason: Option<String>,
}

/// Why a claim does not let `agent` start a call now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// No claim of the prospect is known.
    Missing,
    /// Another agent holds it.
    OtherAgent,
    /// The lease ran out before a call started.
    Expired,
    /// Prospect withdrew it (the reason).
    Withdrawn(String),
    /// A call was already made on it (a claim is one attempt); the caller's next claim
    /// of the same prospect (a re-call) may not have arrived yet.
    Used,
}

impl Unusable {
    /// Whether waiting may change the answer: the claim event follows `next`'s answer by
    /// a few milliseconds, so a missing (or another agent's older, or expired older) claim
    /// may yet be replaced by the caller's new one. A withdrawal is newer news: final.
    pub fn may_change(&self) -> bool {
        !matches!(self, Unusable::Withdrawn(_))
    }
}

impl From<Unusable> for Rejection {
    fn from(why: Unusable) -> Self {
        Rejection::Conflict(match why {
            Unusable::Missing => {
                "the prospect is not claimed by you: take it with POST /api/v1/prospect/next first"
                    .to_owned()
            }
            Unusable::OtherAgent => "the prospect is claimed by another agent".to_owned(),
            Unusable::Expired => {
                "your claim on the prospect expired before a call started; take the next one"
                    .to_owned()
            }
            Unusable::Withdrawn(reason) => {
                format!("the prospect was withdrawn ({reason}) and may not be called")
            }
            Unusable::Used => {
                "a call was already made on this claim; take the next prospect".to_owned()
            }
        })
    }
}

/// Whether `claim` lets `caller` (an agent) start a call at `now`: theirs, its lease
/// not run out (`lease_expires_at` is the first instant it no longer holds), not
/// withdrawn, not `used` by a call already.
///
/// A claim at another site than the caller's is outside their scope and reads exactly
/// like no claim at all ([`Unusable::Missing`]), whoever holds it and whatever its state:
/// "claimed by another agent" or "withdrawn" would tell them the prospect exists and is
/// being worked.
pub fn check_claim(
    claim: Option<&Claim>,
    used: bool,
    caller: &Actor,
    now: DateTime<Utc>,
) -> Result<(), Unusable> {
    let Some(claim) = claim.filter(|claim| caller.site == Some(claim.site)) else {
        return Err(Unusable::Missing);
    };
    if let Some(reason) = &claim.withdrawn_reason {
        return Err(Unusable::Withdrawn(reason.clone()));
    }
    if claim.agent_id != caller.id {
        return Err(Unusable::OtherAgent);
    }
    if claim.lease_expires_at <= now {
        return Err(Unusable::Expired);
    }
    if used {
        return Err(Unusable::Used);
    }
    Ok(())
}

/// What calling has heard of a prospect when a call starts on a claim ticket: the
/// newest claim whose event arrived, and the withdrawals it knows (on that claim's row,
/// or kept for a claim whose event has not arrived), each with its time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heard {
    /// The claim calling knows: its id, holder and time.
    pub claim: Option<(Uuid, Uuid, DateTime<Utc>)>,
    /// Each withdrawal it knows: the reason and when prospect made it.
    pub withdrawals: Vec<(String, DateTime<Utc>)>,
}

/// Whether the claim of a ticket prospect signed (`ticket`, verified) lets `caller`
/// start a call on `prospect_id` at `now`, given what calling has `heard`.
///
/// The ticket answers on its own what [`check_claim`] asks (the holder, the site, the
/// lease); calling's records add what happened since `next` signed it, as far as its
/// events have arrived: a newer claim of the prospect (this one's lease ran out and the
/// prospect went to someone else), a withdrawal made at or after this claim. A
/// withdrawal still in flight is not known, exactly as a withdrawal in flight was not
/// known when calls started on the claim event (the window is the event's delay either
/// way). "Used" is the unique call per claim (`calls_one_per_claim`), not a read.
pub fn check_ticket(
    ticket: &Claim,
    prospect_id: Uuid,
    heard: &Heard,
    caller: &Actor,
    now: DateTime<Utc>,
) -> Result<(), Unusable> {
    // Another prospect's ticket proves nothing about this one.
    let claim = Some(ticket).filter(|t| t.prospect_id == prospect_id);
    check_claim(claim, false, caller, now)?;
    if let Some((claim_id, holder, claimed_at)) = heard.claim {
        if (claimed_at, claim_id) > (ticket.claimed_at, ticket.claim_id) {
            return Err(if holder == caller.id {
                Unusable::Expired
            } else {
                Unusable::OtherAgent
            });
        }
    }
    if let Some((reason, _)) = heard
        .withdrawals
        .iter()
        .find(|(_, at)| *at >= ticket.claimed_at)
    {
        return Err(Unusable::Withdrawn(reason.clone()));
    }
    Ok(())
}

/// A call may only start inside the operating hours; outside them the 422 says when they
/// open next (WIB). The kernel's one refusal, shared with prospect's `next`.
pub fn check_hours(hours: &OperatingHours, now: DateTime<Utc>) -> Result<(), Rejection> {
    hours.check_open(now)
}

/// What an agent recorded for a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallResult {
    pub outcome: Outcome,
    pub product_code: Option<String>,
    pub negotiation_step: Option<u32>,
    pub follow_up_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
}

/// A call's recording, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recording {
    pub object_key: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub attached_at: DateTime<Utc>,
}

/// How a call was closed without a result (see [`super::abandonment`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abandonment {
    pub at: DateTime<Utc>,
    /// The team leader or operations supervisor who closed it.
    pub by: Uuid,
    pub reason: String,
}

impl Abandonment {
    /// Who closed the call, when (WIB) and why, for a refusal's detail.
    pub fn describe(&self) -> String {
        format!(
            "by {} at {}: {}",
            self.by,
            self.at.with_timezone(&WIB).format("%Y-%m-%d %H:%M WIB"),
            self.reason
        )
    }
}

/// Where a call is: open until it gets its result (completed) or is closed without one
/// (abandoned); either way only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    Open,
    Completed,
    Abandoned,
}

impl CallStatus {
    pub const CODES: &'static [&'static str] = &["open", "completed", "abandoned"];

    pub const fn as_str(self) -> &'static str {
        match self {
            CallStatus::Open => "open",
            CallStatus::Completed => "completed",
            CallStatus::Abandoned => "abandoned",
        }
    }
}

impl std::fmt::Display for CallStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CallStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "open" => Ok(CallStatus::Open),
            "completed" => Ok(CallStatus::Completed),
            "abandoned" => Ok(CallStatus::Abandoned),
            _ => Err(format!("must be one of: {}", CallStatus::CODES.join(", "))),
        }
    }
}

/// A completed call's result and when it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    pub result: CallResult,
    pub ended_at: DateTime<Utc>,
    /// Whole seconds from the start to `ended_at`.
    pub duration_seconds: u32,
}

impl Completion {
    /// `result` recorded at `now` on a call started at `started_at`.
    pub fn new(result: CallResult, started_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        Self {
            result,
            ended_at: now,
            duration_seconds: duration_seconds(started_at, now),
        }
    }
}

/// Where a call is, with what closed it. One of three, so a call cannot have a result
/// without its end, nor a result and an abandonment both (the table's checks say the
/// same of the rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CallState {
    Open,
    Completed(Completion),
    Abandoned(Abandonment),
}

/// One call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub id: Uuid,
    pub claim_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub wo_code: String,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub offers: Value,
    pub attempt: u32,
    pub masking_number: String,
    pub started_at: DateTime<Utc>,
    pub state: CallState,
    /// Attached whatever the state: a recording of what happened is evidence either way.
    pub recording: Option<Recording>,
}

impl Call {
    pub fn owner(&self) -> CallOwner {
        CallOwner {
            agent_id: self.agent_id,
            team_id: self.team_id,
            site: self.site,
        }
    }

    /// Open, completed or abandoned.
    pub fn status(&self) -> CallStatus {
        match self.state {
            CallState::Open => CallStatus::Open,
            CallState::Completed(_) => CallStatus::Completed,
            CallState::Abandoned(_) => CallStatus::Abandoned,
        }
    }

    /// The result and end of a completed call.
    pub fn completion(&self) -> Option<&Completion> {
        match &self.state {
            CallState::Completed(done) => Some(done),
            _ => None,
        }
    }

    /// How the call was closed without a result, if it was.
    pub fn abandonment(&self) -> Option<&Abandonment> {
        match &self.state {
            CallState::Abandoned(done) => Some(done),
            _ => None,
        }
    }

    /// The business day (WIB) the call was made on.
    pub fn day(&self) -> chrono::NaiveDate {
        wib_date(self.started_at)
    }
}

/// Whole seconds from `started` to `ended`; never negative (a clock set back).
pub fn duration_seconds(started: DateTime<Utc>, ended: DateTime<Utc>) -> u32 {
    u32::try_from((ended - started).num_seconds().max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use chrono::Duration;
    use serde_json::json;

    pub(crate) fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// An open call, started at 10:00 WIB.
    pub(crate) fn open_call() -> Call {
        Call {
            id: Uuid::now_v7(),
            claim_id: Uuid::now_v7(),
            prospect_id: Uuid::now_v7(),
            work_order_id: Uuid::now_v7(),
            wo_code: "WO-1".into(),
            agent_id: Uuid::now_v7(),
            team_id: Some(Uuid::now_v7()),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            offers: json!([]),
            attempt: 1,
            masking_number: "1500755".into(),
            started_at: utc("2026-03-02T10:00:00+07:00"),
            state: CallState::Open,
            recording: None,
        }
    }

    /// `call` with a NO ANSWER result.
    pub(crate) fn completed(mut call: Call) -> Call {
        call.state = CallState::Completed(Completion {
            result: CallResult {
                outcome: Outcome::NoAnswer,
                product_code: None,
                negotiation_step: None,
                follow_up_at: None,
                notes: None,
            },
            ended_at: call.started_at,
            duration_seconds: 0,
        });
        call
    }

    /// `call` closed without a result by `by` at `at`.
    pub(crate) fn abandoned(mut call: Call, by: Uuid, at: DateTime<Utc>) -> Call {
        call.state = CallState::Abandoned(Abandonment {
            at,
            by,
            reason: "softphone crashed, agent went home".into(),
        });
        call
    }

    #[test]
    fn call_statuses_read_and_write_their_codes() {
        for code in CallStatus::CODES {
            assert_eq!(code.parse::<CallStatus>().unwrap().as_str(), *code);
        }
        assert_eq!(" open ".parse::<CallStatus>(), Ok(CallStatus::Open));
        assert!("stuck".parse::<CallStatus>().is_err());
        assert_eq!(
            serde_json::to_value(CallStatus::Abandoned).unwrap(),
            "abandoned"
        );
    }

    fn claim(agent: Uuid, lease: DateTime<Utc>) -> Claim {
        Claim {
            prospect_id: Uuid::now_v7(),
            claim_id: Uuid::now_v7(),
            work_order_id: Uuid::now_v7(),
            wo_code: "WO-1".into(),
            agent_id: agent,
            team_id: None,
            site: Site::Medan,
            program: Program::AddOnConsumer,
            offers: json!([]),
            attempt: 1,
            lease_expires_at: lease,
            claimed_at: lease - Duration::minutes(5),
            withdrawn_reason: None,
        }
    }

    fn agent_at(id: Uuid, site: Site) -> Actor {
        Actor {
            id,
            role: tam_kernel::Role::Agent,
            site: Some(site),
            team: None,
        }
    }

    #[test]
    fn only_the_holder_may_call_before_the_lease_ends() {
        let now = utc("2026-03-02T10:00:00+07:00");
        let id = Uuid::now_v7();
        let agent = &agent_at(id, Site::Medan);
        let c = claim(id, now + Duration::seconds(1));
        assert_eq!(check_claim(Some(&c), false, agent, now), Ok(()));
        assert_eq!(
            check_claim(Some(&c), false, &agent_at(Uuid::now_v7(), Site::Medan), now),
            Err(Unusable::OtherAgent)
        );
        assert_eq!(
            check_claim(Some(&c), false, agent, now + Duration::seconds(1)),
            Err(Unusable::Expired)
        );
        assert_eq!(check_claim(None, false, agent, now), Err(Unusable::Missing));
        let mut withdrawn = c.clone();
        withdrawn.withdrawn_reason = Some("dnc".into());
        assert_eq!(
            check_claim(Some(&withdrawn), false, agent, now),
            Err(Unusable::Withdrawn("dnc".into()))
        );
        assert_eq!(
            check_claim(Some(&c), true, agent, now),
            Err(Unusable::Used),
            "a claim is one attempt"
        );
        assert!(
            Unusable::Used.may_change(),
            "the re-call's claim may be on its way"
        );
        assert!(!Unusable::Withdrawn("dnc".into()).may_change());
        assert!(Unusable::Missing.may_change());
        assert!(matches!(
            Rejection::from(Unusable::Expired),
            Rejection::Conflict(_)
        ));
    }

    #[test]
    fn a_ticket_holds_on_its_own_until_news_says_otherwise() {
        let now = utc("2026-03-02T10:00:00+07:00");
        let id = Uuid::now_v7();
        let agent = &agent_at(id, Site::Medan);
        let mut t = claim(id, now + Duration::seconds(60));
        t.claimed_at = now - Duration::seconds(1);
        let nothing = Heard::default();
        assert_eq!(
            check_ticket(&t, t.prospect_id, &nothing, agent, now),
            Ok(())
        );
        // The holder, the site, the lease: the ticket's own word.
        assert_eq!(
            check_ticket(&t, Uuid::now_v7(), &nothing, agent, now),
            Err(Unusable::Missing),
            "another prospect's ticket"
        );
        assert_eq!(
            check_ticket(
                &t,
                t.prospect_id,
                &nothing,
                &agent_at(Uuid::now_v7(), Site::Medan),
                now
            ),
            Err(Unusable::OtherAgent)
        );
        assert_eq!(
            check_ticket(
                &t,
                t.prospect_id,
                &nothing,
                &agent_at(id, Site::Bandung),
                now
            ),
            Err(Unusable::Missing)
        );
        assert_eq!(
            check_ticket(
                &t,
                t.prospect_id,
                &nothing,
                agent,
                now + Duration::seconds(60)
            ),
            Err(Unusable::Expired)
        );
        // The claim event itself, or an older claim: nothing new.
        let same = Heard {
            claim: Some((t.claim_id, id, t.claimed_at)),
            withdrawals: vec![],
        };
        assert_eq!(check_ticket(&t, t.prospect_id, &same, agent, now), Ok(()));
        let older = Heard {
            claim: Some((
                Uuid::now_v7(),
                Uuid::now_v7(),
                t.claimed_at - Duration::minutes(9),
            )),
            withdrawals: vec![("dnc".into(), t.claimed_at - Duration::minutes(8))],
        };
        assert_eq!(
            check_ticket(&t, t.prospect_id, &older, agent, now),
            Ok(()),
            "a withdrawal before this claim concerned an older one"
        );
        // A newer claim: this one is over.
        let newer = |holder| Heard {
            claim: Some((Uuid::now_v7(), holder, now)),
            withdrawals: vec![],
        };
        assert_eq!(
            check_ticket(&t, t.prospect_id, &newer(Uuid::now_v7()), agent, now),
            Err(Unusable::OtherAgent)
        );
        assert_eq!(
            check_ticket(&t, t.prospect_id, &newer(id), agent, now),
            Err(Unusable::Expired)
        );
        // A withdrawal at or after the claim, on its row or kept for it.
        let withdrawn = Heard {
            claim: None,
            withdrawals: vec![("work_order_closed".into(), t.claimed_at)],
        };
        assert_eq!(
            check_ticket(&t, t.prospect_id, &withdrawn, agent, now),
            Err(Unusable::Withdrawn("work_order_closed".into()))
        );
    }

    #[test]
    fn another_sites_claim_reads_like_no_claim() {
        let now = utc("2026-03-02T10:00:00+07:00");
        let holder = Uuid::now_v7();
        let outsider = &agent_at(Uuid::now_v7(), Site::Bandung);
        let c = claim(holder, now + Duration::seconds(1));
        assert_eq!(
            check_claim(Some(&c), false, outsider, now),
            Err(Unusable::Missing)
        );
        let mut withdrawn = c.clone();
        withdrawn.withdrawn_reason = Some("dnc".into());
        assert_eq!(
            check_claim(Some(&withdrawn), true, outsider, now),
            Err(Unusable::Missing)
        );
        // Even the holder's own id with another site's token.
        assert_eq!(
            check_claim(Some(&c), false, &agent_at(holder, Site::Bandung), now),
            Err(Unusable::Missing)
        );
        let mut siteless = agent_at(holder, Site::Medan);
        siteless.site = None;
        assert_eq!(
            check_claim(Some(&c), false, &siteless, now),
            Err(Unusable::Missing)
        );
    }

    #[test]
    fn calls_start_only_inside_the_hours_and_the_refusal_says_when_they_open() {
        let hours = OperatingHours::default();
        assert!(check_hours(&hours, utc("2026-03-02T08:00:00+07:00")).is_ok());
        assert!(check_hours(&hours, utc("2026-03-02T16:59:59+07:00")).is_ok());
        let Err(Rejection::Rule { rule, detail }) =
            check_hours(&hours, utc("2026-03-02T17:00:00+07:00"))
        else {
            panic!("17:00 is closed");
        };
        assert_eq!(rule, super::super::rules::OUTSIDE_OPERATING_HOURS);
        assert!(detail.contains("2026-03-03 08:00 WIB"), "{detail}");
        let Err(Rejection::Rule { detail, .. }) =
            check_hours(&hours, utc("2026-03-02T07:59:00+07:00"))
        else {
            panic!("07:59 is closed");
        };
        assert!(detail.contains("2026-03-02 08:00 WIB"), "{detail}");
    }

    #[test]
    fn a_call_kept_as_json_reads_back_the_same() {
        // What an Idempotency-Key replay renders: the call as the first answer showed it.
        let mut call = completed(open_call());
        call.recording = Some(Recording {
            object_key: "calls/x".into(),
            content_type: "audio/wav".into(),
            size_bytes: 12,
            sha256: "ab".into(),
            attached_at: call.started_at,
        });
        let leader = Uuid::now_v7();
        for call in [
            open_call(),
            call,
            abandoned(open_call(), leader, utc("2026-03-02T16:30:00+07:00")),
        ] {
            let json = serde_json::to_value(&call).unwrap();
            assert_eq!(serde_json::from_value::<Call>(json).unwrap(), call);
        }
    }

    #[test]
    fn the_state_says_the_status_and_holds_what_closed_the_call() {
        let open = open_call();
        assert_eq!(open.status(), CallStatus::Open);
        assert!(open.completion().is_none() && open.abandonment().is_none());
        let done = completed(open_call());
        assert_eq!(done.status(), CallStatus::Completed);
        assert_eq!(done.completion().unwrap().duration_seconds, 0);
        assert!(done.abandonment().is_none());
        let closed = abandoned(open_call(), Uuid::now_v7(), open.started_at);
        assert_eq!(closed.status(), CallStatus::Abandoned);
        assert!(closed.completion().is_none());
        let at = utc("2026-03-02T10:01:30.500+07:00");
        let completion = Completion::new(
            done.completion().unwrap().result.clone(),
            open.started_at,
            at,
        );
        assert_eq!((completion.ended_at, completion.duration_seconds), (at, 90));
    }

    #[test]
    fn durations_are_whole_non_negative_seconds() {
        let t = utc("2026-03-02T10:00:00Z");
        assert_eq!(duration_seconds(t, t + Duration::milliseconds(90_500)), 90);
        assert_eq!(duration_seconds(t, t - Duration::seconds(5)), 0);
    }
}
