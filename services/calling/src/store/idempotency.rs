//! The first answer to each `Idempotency-Key` of a caller: the call as it was answered
//! (the api renders it, then and on every replay, so the replay is the first answer
//! exactly, whatever happened to the call since).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::idempotency_keys;
use crate::domain::call::Call;

/// The status column's value: every kept answer is a recorded result's 200 (the column
/// predates keeping the call itself).
const RECORDED: i16 = 200;

/// A kept answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// The hash of what the request asked.
    pub request_hash: String,
    /// The call as the first request's answer showed it.
    pub call: Call,
}

/// The answer kept for `key` of `agent_id`, if any.
pub async fn find(
    conn: &mut AsyncPgConnection,
    agent_id: Uuid,
    key: &str,
) -> crate::Result<Option<Kept>> {
    let row: Option<(String, serde_json::Value)> = idempotency_keys::table
        .filter(idempotency_keys::agent_id.eq(agent_id))
        .filter(idempotency_keys::key.eq(key))
        .select((idempotency_keys::request_hash, idempotency_keys::body))
        .first(conn)
        .await
        .optional()?;
    let Some((request_hash, body)) = row else {
        return Ok(None);
    };
    let call = serde_json::from_value(body)
        .map_err(|e| anyhow::anyhow!("idempotency_keys.body of {agent_id}/{key:?}: {e}"))?;
    Ok(Some(Kept { request_hash, call }))
}

/// Keeps the answer to `key` (in the transaction of the change it answered).
pub async fn keep(
    conn: &mut AsyncPgConnection,
    agent_id: Uuid,
    key: &str,
    kept: &Kept,
) -> crate::Result<()> {
    let body = serde_json::to_value(&kept.call)
        .map_err(|e| anyhow::anyhow!("call {} as an idempotent answer: {e}", kept.call.id))?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::agent_id.eq(agent_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(&kept.request_hash),
            idempotency_keys::status.eq(RECORDED),
            idempotency_keys::body.eq(&body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
