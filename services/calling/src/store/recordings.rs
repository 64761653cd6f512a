//! Recording rows (the audio itself is in the recordings store).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::recordings;
use crate::domain::call::Recording;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = recordings, check_for_backend(Pg))]
struct RecordingRow {
    call_id: Uuid,
    object_key: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
    attached_at: DateTime<Utc>,
}

impl TryFrom<RecordingRow> for Recording {
    type Error = anyhow::Error;

    fn try_from(r: RecordingRow) -> anyhow::Result<Self> {
        Ok(Recording {
            object_key: r.object_key,
            content_type: r.content_type,
            size_bytes: u64::try_from(r.size_bytes)
                .map_err(|_| anyhow::anyhow!("recordings.size_bytes holds {}", r.size_bytes))?,
            sha256: r.sha256,
            attached_at: r.attached_at,
        })
    }
}

/// Inserts the recording of `call_id`; a second one is `recordings_pkey` (409).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
    recording: &Recording,
    uploaded_by: Uuid,
) -> crate::Result<()> {
    diesel::insert_into(recordings::table)
        .values((
            recordings::call_id.eq(call_id),
            recordings::object_key.eq(&recording.object_key),
            recordings::content_type.eq(&recording.content_type),
            recordings::size_bytes.eq(i64::try_from(recording.size_bytes).unwrap_or(i64::MAX)),
            recordings::sha256.eq(&recording.sha256),
            recordings::uploaded_by.eq(uploaded_by),
            recordings::attached_at.eq(recording.attached_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The recordings of `call_ids`, by call.
pub async fn of_calls(
    conn: &mut AsyncPgConnection,
    call_ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, Recording>> {
    if call_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<RecordingRow> = recordings::table
        .filter(recordings::call_id.eq_any(call_ids))
        .select(RecordingRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|r| Ok((r.call_id, Recording::try_from(r)?)))
        .collect::<anyhow::Result<_>>()
        .map_err(Into::into)
}
