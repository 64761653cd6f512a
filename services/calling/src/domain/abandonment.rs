//! Closing a stuck call without a result.
//!
//! A call whose agent will never record its result (their softphone or browser died,
//! they went home) would stay open for ever, and prospect would keep its prospect
//! `in_call`: never called again. The agent's team leader or the site's operations
//! supervisor (`scope::close_scope`) closes it with a reason. Only an open call can be
//! closed, and a closed one takes no result: a call is closed once, one way or the
//! other. A person does it rather than a timer, because only a person knows whether the
//! agent is still on the line.

use super::call::{Call, CallState};
use super::Rejection;

/// The longest reason accepted, in characters.
pub const REASON_MAX: usize = 500;

/// The reason for closing a call: trimmed, not empty, at most [`REASON_MAX`] characters
/// (it is what the agent and the reports will read).
pub fn reason(value: &str) -> Result<String, String> {
    let reason = value.trim();
    if reason.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if reason.chars().count() > REASON_MAX {
        return Err(format!("must be at most {REASON_MAX} characters"));
    }
    Ok(reason.to_owned())
}

/// Whether `call` may be closed without a result: only while it is open (409 once it
/// has a result or was already closed).
pub fn check_abandon(call: &Call) -> Result<(), Rejection> {
    match &call.state {
        CallState::Open => Ok(()),
        CallState::Completed(_) => Err(Rejection::Conflict(
            "the call already has a result".to_owned(),
        )),
        CallState::Abandoned(done) => Err(Rejection::Conflict(format!(
            "the call was already closed without a result {}",
            done.describe()
        ))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::call::tests::{abandoned, completed, open_call, utc};
    use crate::domain::call::CallStatus;
    use uuid::Uuid;

    fn conflict(r: Result<(), Rejection>) -> String {
        match r {
            Err(Rejection::Conflict(detail)) => detail,
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn only_an_open_call_is_closed_without_a_result() {
        let open = open_call();
        assert_eq!(open.status(), CallStatus::Open);
        assert_eq!(check_abandon(&open), Ok(()));

        let completed = completed(open_call());
        assert_eq!(completed.status(), CallStatus::Completed);
        assert_eq!(
            conflict(check_abandon(&completed)),
            "the call already has a result"
        );

        let leader = Uuid::now_v7();
        let abandoned = abandoned(open_call(), leader, utc("2026-03-02T16:30:00+07:00"));
        assert_eq!(abandoned.status(), CallStatus::Abandoned);
        assert_eq!(
            conflict(check_abandon(&abandoned)),
            format!(
                "the call was already closed without a result by {leader} at 2026-03-02 \
                 16:30 WIB: softphone crashed, agent went home"
            )
        );
    }

    #[test]
    fn a_reason_is_trimmed_not_empty_and_bounded() {
        assert_eq!(reason("  browser died  "), Ok("browser died".into()));
        assert_eq!(reason(""), Err("must not be empty".into()));
        assert_eq!(reason(" \t\n "), Err("must not be empty".into()));
        assert_eq!(reason(&"é".repeat(REASON_MAX)), Ok("é".repeat(REASON_MAX)));
        assert_eq!(
            reason(&"x".repeat(REASON_MAX + 1)),
            Err(format!("must be at most {REASON_MAX} characters"))
        );
    }
}
