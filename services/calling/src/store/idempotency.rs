//! The first answer to each `Idempotency-Key` of a caller.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use super::schema::idempotency_keys;

/// A kept answer.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Kept {
    pub request_hash: String,
    pub status: i16,
    pub body: Value,
}

/// The answer kept for `key` of `agent_id`, if any.
pub async fn find(
    conn: &mut AsyncPgConnection,
    agent_id: Uuid,
    key: &str,
) -> crate::Result<Option<Kept>> {
    Ok(idempotency_keys::table
        .filter(idempotency_keys::agent_id.eq(agent_id))
        .filter(idempotency_keys::key.eq(key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::body,
        ))
        .first(conn)
        .await
        .optional()?)
}

/// Keeps the answer to `key` (in the transaction of the change it answered).
pub async fn keep(
    conn: &mut AsyncPgConnection,
    agent_id: Uuid,
    key: &str,
    kept: &Kept,
) -> crate::Result<()> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::agent_id.eq(agent_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(&kept.request_hash),
            idempotency_keys::status.eq(kept.status),
            idempotency_keys::body.eq(&kept.body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
