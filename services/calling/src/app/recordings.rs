//! Attaching a call's recording, and reading it back.

use actix_web::web::Bytes;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use futures::stream::BoxStream;
use futures::Stream;
use uuid::Uuid;

use super::{Calling, Request};
use crate::domain::call::{Call, Recording};
use crate::domain::range::{select, Selection};
use crate::domain::recording::{self, object_key};
use crate::domain::scope::{listen_scope, Scope};
use crate::domain::Rejection;
use crate::error::{Error, Own, Result};
use crate::events;
use crate::store::{calls, recordings};

/// An upload as the client sent it.
pub struct Upload<S> {
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Content-Length` header, when given.
    pub content_length: Option<u64>,
    pub body: S,
}

/// Stores the recording of the caller's call `id` and, after the upload finished, its
/// row with `calling.recording.attached` in one transaction. Whether the call is open,
/// has its result or was closed without one: a recording of what happened is evidence
/// either way.
///
/// 415 for a type other than wav, mpeg or ogg; 413 over `recording_max_bytes` (at once
/// when `Content-Length` says so, else when the count passes it), nothing kept; 404 for
/// anyone else's call; 409 when the call has a recording (checked before the upload and
/// again by the row's key, so of two concurrent uploads one wins and the other's object
/// is removed).
pub async fn attach<S, E>(
    c: &Calling,
    request: &Request,
    id: Uuid,
    upload: Upload<S>,
) -> Result<Call>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let content_type =
        recording::content_type(upload.content_type.as_deref()).map_err(Own::UnsupportedMedia)?;
    let max = c.settings.recording_max_bytes;
    if upload.content_length.is_some_and(|length| length > max) {
        return Err(Own::TooLarge(max).into());
    }
    let agent = request.actor.id;
    {
        let mut conn = c.pool.get().await?;
        let call = calls::find(&mut conn, Scope::Own(agent), id, false)
            .await?
            .ok_or(Error::NotFound("call"))?;
        if call.recording.is_some() {
            return Err(already_recorded().into());
        }
    }
    let key = object_key(id, tam_kernel::new_id());
    let stored = c.recordings.upload(&key, upload.body, max).await?;
    let recording = Recording {
        object_key: key.clone(),
        content_type: content_type.to_owned(),
        size_bytes: stored.size_bytes,
        sha256: stored.sha256,
        attached_at: c.now(),
    };
    let mut conn = c.pool.get().await?;
    let saved = conn
        .transaction::<_, Error, _>(|conn| {
            let recording = recording.clone();
            async move {
                let mut call = calls::find(conn, Scope::Own(agent), id, true)
                    .await?
                    .ok_or(Error::NotFound("call"))?;
                if call.recording.is_some() {
                    return Err(already_recorded().into());
                }
                recordings::insert(conn, id, &recording, agent).await?;
                events::PRODUCER
                    .publish(
                        conn,
                        call.site,
                        request.correlation_id(),
                        &events::recording_attached(&call, &recording),
                    )
                    .await?;
                call.recording = Some(recording);
                Ok(call)
            }
            .scope_boxed()
        })
        .await;
    if saved.is_err() {
        c.recordings.remove(&key).await;
    }
    saved
}

fn already_recorded() -> Rejection {
    Rejection::Conflict("the call already has a recording".to_owned())
}

/// What to send for a recording request.
pub enum Listening {
    /// The selected bytes.
    Bytes {
        recording: Recording,
        selection: Selection,
        body: BoxStream<'static, object_store::Result<Bytes>>,
    },
    /// The range selects nothing (416); the recording's size.
    Unsatisfiable { size: u64 },
}

/// The recording of call `id` for a listener (404 for anyone else, and when the call
/// has none), the part `range` selects.
pub async fn listen(
    c: &Calling,
    request: &Request,
    id: Uuid,
    range: Option<&str>,
) -> Result<Listening> {
    let recording = {
        let mut conn = c.pool.get().await?;
        calls::find(&mut conn, listen_scope(&request.actor), id, false)
            .await?
            .ok_or(Error::NotFound("call"))?
            .recording
            .ok_or(Error::NotFound("recording"))?
    };
    let selection = select(range, recording.size_bytes);
    let bytes = match selection {
        Selection::Unsatisfiable => {
            return Ok(Listening::Unsatisfiable {
                size: recording.size_bytes,
            })
        }
        Selection::Full => None,
        Selection::Partial { start, end } => Some(start..end + 1),
    };
    let body = if recording.size_bytes == 0 {
        Box::pin(futures::stream::empty()) as BoxStream<'static, _>
    } else {
        c.recordings.read(&recording.object_key, bytes).await?
    };
    Ok(Listening::Bytes {
        recording,
        selection,
        body,
    })
}
