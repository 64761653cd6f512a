//! Reading and writing column values the domain holds in other types: a code kept as
//! `text`, a count kept as `integer` or `bigint`. A value the domain would never write
//! is corrupt data, so reading one fails as an internal error naming the column, never
//! as the client's fault.

use std::fmt::Display;
use std::str::FromStr;

/// Parses a code read from `column`; a value the code does not know is corrupt data
/// (a 500), never the client's fault.
pub fn decode<T: FromStr>(column: &str, value: &str) -> anyhow::Result<T>
where
    T::Err: Display,
{
    value
        .parse()
        .map_err(|e| anyhow::anyhow!("{column} holds {value:?}: {e}"))
}

/// An `integer` column from a checked `u32` (the domain keeps every value far below
/// `i32::MAX`; a larger one is written as the maximum rather than wrapped).
pub fn int(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A checked `u32` from an `integer` column (the table's checks keep them non-negative).
pub fn uint(column: &str, value: i32) -> anyhow::Result<u32> {
    u32::try_from(value).map_err(|_| anyhow::anyhow!("{column} holds {value}"))
}

/// A count from SQL (`bigint`, never negative).
pub fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_code_the_type_does_not_know_names_the_column_and_the_value() {
        let parsed: u8 = decode("t.c", "7").unwrap();
        assert_eq!(parsed, 7);
        let err = decode::<u8>("calls.outcome", "maybe").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("calls.outcome holds \"maybe\": "));
    }

    #[test]
    fn integers_cross_the_column_types_without_wrapping() {
        assert_eq!(int(42), 42);
        assert_eq!(int(u32::MAX), i32::MAX);
        assert_eq!(uint("t.n", 42).unwrap(), 42);
        assert_eq!(uint("t.n", -1).unwrap_err().to_string(), "t.n holds -1");
        assert_eq!(count(3), 3);
        assert_eq!(count(-3), 0);
    }
}
