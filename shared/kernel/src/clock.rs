//! The time every business rule reads: "now" for operating hours, leases, retry waits
//! and follow-ups comes from a [`Clock`], never from `Utc::now()` or SQL `now()`
//! directly, so that tests can put the suite at 16:59 WIB or move it past a retry wait
//! without sleeping.
//!
//! Production uses [`Clock::system`]. [`Clock::manual`] holds a time that only moves
//! when told to ([`Clock::set`], [`Clock::advance`]); the testkit gives every test one.
//! Clones share the same time, so a test that moves its clock moves it for every
//! service it started.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};

/// Where "now" comes from. Cheap to clone; clones share the time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    manual: Option<Arc<RwLock<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { manual: None }
    }

    /// A clock stopped at `at` until it is set or advanced.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self {
            manual: Some(Arc::new(RwLock::new(at))),
        }
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.manual {
            None => Utc::now(),
            Some(at) => *at.read().unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }

    /// Whether this clock only moves when told to.
    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }

    /// Puts a manual clock at `at`; a system clock cannot be set (returns false).
    pub fn set(&self, at: DateTime<Utc>) -> bool {
        match &self.manual {
            None => false,
            Some(current) => {
                *current
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = at;
                true
            }
        }
    }

    /// Moves a manual clock forward by `by`; a system clock cannot be moved (false).
    pub fn advance(&self, by: Duration) -> bool {
        self.set(self.now() + by)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_moved_and_clones_share_it() {
        let start = Utc::now() - Duration::days(3);
        let clock = Clock::manual(start);
        let clone = clock.clone();
        assert_eq!(clock.now(), start);
        assert!(clone.advance(Duration::minutes(90)));
        assert_eq!(clock.now(), start + Duration::minutes(90));
        assert!(clock.set(start));
        assert_eq!(clone.now(), start);
    }

    #[test]
    fn the_system_clock_moves_and_cannot_be_set() {
        let clock = Clock::system();
        let before = Utc::now();
        assert!(clock.now() >= before);
        assert!(!clock.set(before - Duration::days(1)));
        assert!(!clock.is_manual());
    }
}
