//! Which VALID verdicts QA verifies (every RETURN is verified).
//!
//! The rule is deterministic so that it can be tested and explained to a QCO: number a
//! QCO's VALID verdicts 1, 2, 3, … in the order given; with a sample of `p` percent the
//! n-th is sampled when ⌈n·p/100⌉ > ⌈(n−1)·p/100⌉. Over any first n VALIDs exactly
//! ⌈n·p/100⌉ are sampled, the very first VALID of every QCO among them (a new QCO's
//! work is checked at once); at 10% that is the 1st, 11th, 21st, …; at 0% none; at 100%
//! all. A QCO cannot tell which of their next verdicts will be verified without knowing
//! their own count, and the count is never reset.

/// Whether the `n`-th VALID (counting from 1) of a QCO is sampled at `percent`.
pub fn is_sampled(n: u64, percent: u8) -> bool {
    if n == 0 {
        return false;
    }
    let p = u64::from(percent.min(100));
    let ceil = |k: u64| (k * p).div_ceil(100);
    ceil(n) > ceil(n - 1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn sampled(percent: u8, upto: u64) -> Vec<u64> {
        (1..=upto).filter(|n| is_sampled(*n, percent)).collect()
    }

    #[test]
    fn ten_percent_is_the_first_of_every_ten() {
        assert_eq!(sampled(10, 30), [1, 11, 21]);
    }

    #[test]
    fn the_share_holds_over_any_prefix() {
        for percent in [0u8, 1, 7, 10, 25, 33, 50, 99, 100] {
            for n in 1..=300u64 {
                let count = sampled(percent, n).len() as u64;
                assert_eq!(
                    count,
                    (n * u64::from(percent)).div_ceil(100),
                    "{percent}% of {n}"
                );
            }
        }
    }

    #[test]
    fn edges() {
        assert!(sampled(0, 100).is_empty());
        assert_eq!(sampled(100, 5), [1, 2, 3, 4, 5]);
        assert!(!is_sampled(0, 100));
        assert_eq!(sampled(30, 10), [1, 4, 7]);
    }
}
