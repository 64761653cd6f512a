//! Login throttling per account.
//!
//! Every failed password check of a username (an existing account or not, so that the
//! answers cannot tell which accounts exist) is recorded. After [`ThrottlePolicy::free_failures`]
//! consecutive failures the username is locked for a time that doubles with each further
//! failure, up to a cap; and no more than [`ThrottlePolicy::max_per_window`] failures are
//! evaluated per window. A successful login forgets the failures.

use chrono::{DateTime, Duration, Utc};

/// The numbers of the throttle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Consecutive failures allowed before the first lock.
    pub free_failures: u32,
    /// The longest lock, in seconds.
    pub max_lock_secs: i64,
    /// The window in which at most `max_per_window` failures are evaluated, in seconds.
    pub window_secs: i64,
    /// Failures evaluated per window at most.
    pub max_per_window: u32,
    /// Failures older than this (seconds) are forgotten.
    pub memory_secs: i64,
}

/// The policy in force: 5 free failures, then 1 s, 2 s, 4 s, ... up to 15 minutes;
/// at most 100 evaluated failures per hour; failures forgotten after a day.
pub const POLICY: ThrottlePolicy = ThrottlePolicy {
    free_failures: 5,
    max_lock_secs: 15 * 60,
    window_secs: 60 * 60,
    max_per_window: 100,
    memory_secs: 24 * 60 * 60,
};

/// What is known of a username's recent failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FailureHistory {
    /// Failures since the last successful login (within the memory).
    pub consecutive: u32,
    /// When the latest of them happened.
    pub last_failure_at: Option<DateTime<Utc>>,
    /// Failures within the window ending now.
    pub in_window: u32,
    /// The oldest failure within the window.
    pub oldest_in_window: Option<DateTime<Utc>>,
}

/// Whether a password may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Check it (and record a failure if it is wrong).
    Open,
    /// Refuse without checking; come back after this many seconds.
    Locked { retry_after_secs: u32 },
}

impl ThrottlePolicy {
    /// How long the username is locked after `consecutive` failures: nothing up to
    /// `free_failures - 1`, then 2^(n - free_failures) seconds, capped.
    pub fn lock_secs(&self, consecutive: u32) -> i64 {
        if consecutive < self.free_failures {
            return 0;
        }
        let exponent = consecutive - self.free_failures;
        // 2^62 is the largest power of two an i64 holds; far past any cap anyway.
        if exponent >= 62 {
            return self.max_lock_secs;
        }
        (1_i64 << exponent).min(self.max_lock_secs)
    }

    /// Whether a check may happen at `now` given `history`.
    pub fn gate(&self, history: &FailureHistory, now: DateTime<Utc>) -> Gate {
        let mut until: Option<DateTime<Utc>> = None;
        if let Some(last) = history.last_failure_at {
            let lock = self.lock_secs(history.consecutive);
            if lock > 0 {
                until = Some(last + Duration::seconds(lock));
            }
        }
        if history.in_window >= self.max_per_window {
            if let Some(oldest) = history.oldest_in_window {
                let window_frees = oldest + Duration::seconds(self.window_secs);
                until = Some(until.map_or(window_frees, |u| u.max(window_frees)));
            }
        }
        match until {
            Some(until) if until > now => Gate::Locked {
                retry_after_secs: retry_after(until - now),
            },
            _ => Gate::Open,
        }
    }

    /// The oldest failure still remembered at `now`.
    pub fn memory_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::seconds(self.memory_secs)
    }

    /// The start of the window ending at `now`.
    pub fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::seconds(self.window_secs)
    }
}

/// Whole seconds to wait, rounded up, at least 1 (a `Retry-After` of 0 invites a storm).
fn retry_after(wait: Duration) -> u32 {
    let millis = wait.num_milliseconds().max(0);
    let secs = (millis + 999) / 1000;
    u32::try_from(secs.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 1, 3, 0, 0).unwrap()
    }

    fn history(consecutive: u32, last_ago_secs: i64) -> FailureHistory {
        FailureHistory {
            consecutive,
            last_failure_at: Some(now() - Duration::seconds(last_ago_secs)),
            in_window: consecutive,
            oldest_in_window: Some(now() - Duration::seconds(last_ago_secs)),
        }
    }

    #[test]
    fn lock_doubles_after_five_failures_up_to_fifteen_minutes() {
        let locks: Vec<i64> = (0..=16).map(|n| POLICY.lock_secs(n)).collect();
        assert_eq!(
            locks,
            [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
        );
        assert_eq!(POLICY.lock_secs(u32::MAX), 900);
    }

    #[test]
    fn four_failures_do_not_lock() {
        assert_eq!(POLICY.gate(&history(4, 0), now()), Gate::Open);
        assert_eq!(POLICY.gate(&FailureHistory::default(), now()), Gate::Open);
    }

    #[test]
    fn the_fifth_failure_locks_for_a_second_then_it_opens() {
        assert_eq!(
            POLICY.gate(&history(5, 0), now()),
            Gate::Locked {
                retry_after_secs: 1
            }
        );
        assert_eq!(POLICY.gate(&history(5, 1), now()), Gate::Open);
    }

    #[test]
    fn retry_after_counts_the_remaining_lock_rounded_up() {
        // Ten failures: 32 s from the last one, which was 10.5 s ago.
        let mut h = history(10, 10);
        h.last_failure_at = Some(now() - Duration::milliseconds(10_500));
        assert_eq!(
            POLICY.gate(&h, now()),
            Gate::Locked {
                retry_after_secs: 22
            }
        );
        assert_eq!(
            POLICY.gate(&history(30, 0), now()),
            Gate::Locked {
                retry_after_secs: 900
            }
        );
    }

    #[test]
    fn at_most_a_hundred_failures_an_hour() {
        let h = FailureHistory {
            consecutive: 0,
            last_failure_at: None,
            in_window: 100,
            oldest_in_window: Some(now() - Duration::minutes(50)),
        };
        assert_eq!(
            POLICY.gate(&h, now()),
            Gate::Locked {
                retry_after_secs: 600
            }
        );
        let h = FailureHistory { in_window: 99, ..h };
        assert_eq!(POLICY.gate(&h, now()), Gate::Open);
    }

    #[test]
    fn windows() {
        assert_eq!(POLICY.window_start(now()), now() - Duration::hours(1));
        assert_eq!(POLICY.memory_start(now()), now() - Duration::days(1));
    }
}
