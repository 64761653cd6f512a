//! Waking the relay when an event has been committed, from inside the process that
//! committed it.
//!
//! A `NOTIFY` in the producer's transaction (the first design: a trigger on `outbox`)
//! makes PostgreSQL take one database-wide lock from the notifying transaction's commit
//! record until its end, so producers committing events take turns at the WAL flush
//! instead of sharing it: 8 writers committing one event per transaction ran at about a
//! third of their rate without the trigger. Instead the producer's own connection tells
//! this process's relays once its transaction has committed (see
//! [`wake_after_commit`]); every relay also polls every `TAM_RELAY_POLL_INTERVAL_MS`,
//! which picks up what no relay of its process was told about: a process without a relay
//! (`tam seed`), a replica that died or lost the broker between its commit and its
//! relay's round.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel_async::{AsyncConnection, AsyncPgConnection, TransactionManager};
use tokio::sync::Notify;

/// The relays running in this process (one per service's bus: several in tests).
static RELAYS: Mutex<Vec<Weak<Notify>>> = Mutex::new(Vec::new());

/// A relay's wake-up, registered for [`committed`]; it is forgotten once dropped.
pub(crate) fn register() -> Arc<Notify> {
    let wake = Arc::new(Notify::new());
    let mut relays = RELAYS.lock().unwrap_or_else(PoisonError::into_inner);
    relays.retain(|r| r.strong_count() > 0);
    relays.push(Arc::downgrade(&wake));
    wake
}

/// Wakes every relay of this process: call it after committing outbox rows written
/// without [`crate::Producer::publish`] or [`wake_after_commit`] on a diesel connection
/// (e.g. after a `tokio_postgres` transaction's commit). A relay busy with a batch keeps
/// the wake-up and goes round once more; a spurious one costs one empty claim query.
pub fn committed() {
    let relays = RELAYS.lock().unwrap_or_else(PoisonError::into_inner);
    for relay in relays.iter().filter_map(Weak::upgrade) {
        relay.notify_one();
    }
}

/// Wakes this process's relays once the transaction open on `conn` commits (at once when
/// `conn` is in no transaction: the outbox row is committed already). `publish` calls it
/// after its insert; call it yourself after writing outbox rows with your own SQL (e.g. a
/// statement that claims and writes its event at once). A rollback wakes no one.
///
/// It watches the connection through diesel's instrumentation, which it replaces: no
/// other instrumentation may be set on a connection that writes events.
pub fn wake_after_commit(conn: &mut AsyncPgConnection) {
    let depth =
        <AsyncPgConnection as AsyncConnection>::TransactionManager::transaction_manager_status_mut(
            conn,
        )
        .transaction_depth();
    match depth {
        Ok(Some(_)) => conn.set_instrumentation(CommitWatch::Armed),
        // Autocommit: the row is already committed. (A broken transaction manager has
        // no commit coming: the poll finds whatever did commit.)
        Ok(None) => committed(),
        Err(_) => {}
    }
}

/// Follows one transaction's end on its connection: armed when it wrote an event,
/// waiting for the `COMMIT` statement once diesel commits the outermost level, and spent
/// after the commit (waking the relays) or a rollback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommitWatch {
    Armed,
    Committing,
    Spent,
}

/// What of diesel's instrumentation events the watch needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// diesel is about to commit the outermost level (not a savepoint).
    Commit,
    /// A statement finished, e.g. the `COMMIT`.
    Finished {
        ok: bool,
    },
    /// diesel is about to roll the outermost level back.
    Rollback,
    Other,
}

impl Step {
    fn of(event: &InstrumentationEvent<'_>) -> Self {
        const OUTERMOST: NonZeroU32 = NonZeroU32::MIN;
        match event {
            InstrumentationEvent::CommitTransaction { depth, .. } if *depth == OUTERMOST => {
                Step::Commit
            }
            InstrumentationEvent::RollbackTransaction { depth, .. } if *depth == OUTERMOST => {
                Step::Rollback
            }
            InstrumentationEvent::FinishQuery { error, .. } => Step::Finished {
                ok: error.is_none(),
            },
            _ => Step::Other,
        }
    }
}

impl CommitWatch {
    /// The next state; `true` when the transaction has just committed.
    fn next(self, step: Step) -> (Self, bool) {
        match (self, step) {
            (CommitWatch::Armed, Step::Commit) => (CommitWatch::Committing, false),
            (CommitWatch::Committing, Step::Finished { ok }) => (CommitWatch::Spent, ok),
            (CommitWatch::Armed | CommitWatch::Committing, Step::Rollback) => {
                (CommitWatch::Spent, false)
            }
            (state, _) => (state, false),
        }
    }
}

impl Instrumentation for CommitWatch {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        let (next, committed_now) = self.next(Step::of(&event));
        *self = next;
        if committed_now {
            committed();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;

    use super::*;

    fn run(steps: &[Step]) -> (CommitWatch, usize) {
        let mut state = CommitWatch::Armed;
        let mut wakes = 0;
        for step in steps {
            let (next, woke) = state.next(*step);
            state = next;
            wakes += usize::from(woke);
        }
        (state, wakes)
    }

    #[test]
    fn the_outermost_commit_that_succeeds_wakes_once() {
        let (state, wakes) = run(&[
            // The transaction's own statements, then its COMMIT.
            Step::Finished { ok: true },
            Step::Commit,
            Step::Other,
            Step::Finished { ok: true },
            // The connection's next transactions wake no one.
            Step::Other,
            Step::Commit,
            Step::Finished { ok: true },
        ]);
        assert_eq!((state, wakes), (CommitWatch::Spent, 1));
    }

    #[test]
    fn a_savepoint_released_is_not_the_commit() {
        // A savepoint's commit is `Other`: only the outermost level is `Commit`.
        let (state, wakes) = run(&[Step::Other, Step::Finished { ok: true }]);
        assert_eq!((state, wakes), (CommitWatch::Armed, 0));
    }

    #[test]
    fn a_rollback_or_a_failed_commit_wakes_no_one() {
        assert_eq!(run(&[Step::Rollback]), (CommitWatch::Spent, 0));
        assert_eq!(
            run(&[Step::Commit, Step::Finished { ok: false }, Step::Rollback]),
            (CommitWatch::Spent, 0)
        );
    }

    #[test]
    fn committed_wakes_every_registered_relay_and_forgets_dropped_ones() {
        let a = register();
        let b = register();
        drop(register());
        committed();
        // Each holds a permit: `notified()` completes at once.
        let waker = futures::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        for wake in [&a, &b] {
            let notified = std::pin::pin!(wake.notified());
            assert!(notified.poll(&mut cx).is_ready());
        }
    }
}
