//! The desk's reference lists as a ticket names them: channels, products, issue
//! categories. Each answers whether a code is known and in use.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{channels, issue_categories, products};

/// Whether a code is known, and if so whether it is still in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    Active,
    Inactive,
    Unknown,
}

fn known(active: Option<bool>) -> Known {
    match active {
        Some(true) => Known::Active,
        Some(false) => Known::Inactive,
        None => Known::Unknown,
    }
}

pub async fn channel(conn: &mut AsyncPgConnection, code: &str) -> crate::Result<Known> {
    let active = channels::table
        .find(code)
        .select(channels::active)
        .first(conn)
        .await
        .optional()?;
    Ok(known(active))
}

pub async fn product(conn: &mut AsyncPgConnection, code: &str) -> crate::Result<Known> {
    let active = products::table
        .find(code)
        .select(products::active)
        .first(conn)
        .await
        .optional()?;
    Ok(known(active))
}

/// Whether an issue category is known and in use, and whether it is an IT cause.
pub async fn category(
    conn: &mut AsyncPgConnection,
    code: &str,
) -> crate::Result<Option<(bool, bool)>> {
    Ok(issue_categories::table
        .find(code)
        .select((issue_categories::active, issue_categories::it_cause))
        .first(conn)
        .await
        .optional()?)
}
