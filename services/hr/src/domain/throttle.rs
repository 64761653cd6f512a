//! Login throttling per account and client address.
//!
//! Every failed password check of a username (an existing account or not, so that the
//! answers cannot tell which accounts exist) is recorded with the client address it
//! came from. After [`ThrottlePolicy::free_failures`] consecutive failures from one
//! address, the username is locked *for that address* for a time that doubles with each
//! further failure, up to a cap: an attacker at one address cannot lock the owner out at
//! another. Across all addresses no more than [`ThrottlePolicy::max_per_window`]
//! failures are evaluated per window (ASVS 2.2.1); once the account reaches that
//! ceiling only the addresses it has logged in from before may still try, each under its
//! own lock. A successful login forgets that address's failures.

use std::net::IpAddr;

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
    /// An address the account logged in from stays known this long (seconds).
    pub known_client_secs: i64,
}

/// The policy in force: 5 free failures, then 1 s, 2 s, 4 s, ... up to 15 minutes;
/// per address; at most 100 evaluated failures per hour per account; failures forgotten
/// after a day; an address the account logged in from known for 30 days.
pub const POLICY: ThrottlePolicy = ThrottlePolicy {
    free_failures: 5,
    max_lock_secs: 15 * 60,
    window_secs: 60 * 60,
    max_per_window: 100,
    memory_secs: 24 * 60 * 60,
    known_client_secs: 30 * 24 * 60 * 60,
};

/// What is known of a username's recent failures, seen from one client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FailureHistory {
    /// Failures from this address since its last successful login (within the memory).
    pub consecutive: u32,
    /// When the latest of them happened.
    pub last_failure_at: Option<DateTime<Utc>>,
    /// Failures of the username from every address within the window ending now.
    pub in_window: u32,
    /// The oldest of those.
    pub oldest_in_window: Option<DateTime<Utc>>,
    /// Whether the account has logged in from this address before (within the memory of
    /// known addresses): such an address is not shut out by the account-wide ceiling.
    pub known_client: bool,
}

/// The key failures are counted under for a client address: the address itself, an
/// IPv6 client by its /64 (one host usually holds the whole prefix, so counting single
/// addresses would give it 2^64 fresh locks). The gateway limits requests by the same
/// key.
pub fn client_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
        v4 => v4.to_string(),
    }
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
        if history.in_window >= self.max_per_window && !history.known_client {
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

    /// The oldest successful login that still makes its address known at `now`.
    pub fn known_client_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::seconds(self.known_client_secs)
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
            known_client: false,
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
            known_client: false,
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
    fn another_address_is_not_locked_by_an_attackers_failures() {
        // The attacker's address: 150 failures' worth of lock on it.
        assert!(matches!(
            POLICY.gate(&history(150, 0), now()),
            Gate::Locked { .. }
        ));
        // The owner's address has no failures of its own; the account's window holds
        // the attacker's evaluated failures, below the ceiling (one address cannot
        // reach it within the hour: its own lock grows too fast).
        let owner = FailureHistory {
            consecutive: 0,
            last_failure_at: None,
            in_window: 20,
            oldest_in_window: Some(now() - Duration::minutes(30)),
            known_client: false,
        };
        assert_eq!(POLICY.gate(&owner, now()), Gate::Open);
    }

    #[test]
    fn one_address_cannot_reach_the_hourly_ceiling() {
        // Each failure waits out the lock of the one before: how many fit in an hour.
        let mut elapsed = 0;
        let mut failures = 0;
        while elapsed <= POLICY.window_secs {
            failures += 1;
            elapsed += POLICY.lock_secs(failures).max(1);
        }
        assert!(failures < POLICY.max_per_window / 4, "{failures}");
    }

    #[test]
    fn at_the_ceiling_only_known_addresses_may_try() {
        let h = FailureHistory {
            consecutive: 0,
            last_failure_at: None,
            in_window: 100,
            oldest_in_window: Some(now() - Duration::minutes(50)),
            known_client: true,
        };
        assert_eq!(POLICY.gate(&h, now()), Gate::Open);
        // Still under its own lock.
        let h = FailureHistory {
            consecutive: 5,
            last_failure_at: Some(now()),
            ..h
        };
        assert!(matches!(POLICY.gate(&h, now()), Gate::Locked { .. }));
    }

    #[test]
    fn ipv6_clients_count_by_their_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_eq!(client_key(a), "2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(client_key(mapped), "10.1.2.3");
        assert_ne!(
            client_key("10.1.2.3".parse().unwrap()),
            client_key("10.1.2.4".parse().unwrap())
        );
    }

    #[test]
    fn windows() {
        assert_eq!(POLICY.window_start(now()), now() - Duration::hours(1));
        assert_eq!(POLICY.memory_start(now()), now() - Duration::days(1));
        assert_eq!(POLICY.known_client_start(now()), now() - Duration::days(30));
    }
}
