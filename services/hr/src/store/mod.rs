//! hr's tables and queries. Every query takes `&mut AsyncPgConnection`, so the caller
//! decides what one transaction holds (a state change and its outbox rows).

pub mod activations;
pub mod credentials;
pub mod employees;
pub mod schema;
pub mod teams;

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
