//! quality's tables and queries. Every query takes `&mut AsyncPgConnection`, so the
//! caller decides what one transaction holds (a state change and its outbox rows).

pub mod parameters;
pub mod reviews;
pub mod schema;
pub mod stats;
pub mod tasks;

use std::fmt::Display;
use std::str::FromStr;

/// Parses a code read from a column; a value the code does not know is corrupt data
/// (a 500), never the client's fault.
fn decode<T: FromStr>(column: &str, value: &str) -> anyhow::Result<T>
where
    T::Err: Display,
{
    value
        .parse()
        .map_err(|e| anyhow::anyhow!("{column} holds {value:?}: {e}"))
}

/// An `i32` column from a checked `u32` (the domain keeps every value far below).
fn int(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A checked `u32` from an `i32` column (the table's checks keep them positive).
fn uint(column: &str, value: i32) -> anyhow::Result<u32> {
    u32::try_from(value).map_err(|_| anyhow::anyhow!("{column} holds {value}"))
}

/// A count from SQL (`bigint`, never negative).
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}
