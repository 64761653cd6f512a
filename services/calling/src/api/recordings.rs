//! `/api/v1/calling/calls/{id}/recording`: upload a call's recording, listen to it.

use actix_web::body::SizedStream;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use tam_auth::Caller;
use tam_kernel::Problem;
use uuid::Uuid;

use super::calls::RecordingBody;
use super::schema::ProblemBody;
use crate::app::recordings::{self as use_recordings, Listening, Upload};
use crate::app::Calling;
use crate::domain::range::Selection;

/// Upload the recording of the caller's call (once; before or after the result).
///
/// The body is the audio, `Content-Type` `audio/wav`, `audio/mpeg` or `audio/ogg` (415
/// otherwise), streamed to the recordings store; over the size limit 413 and nothing
/// is kept. 404 for anyone else's call, 409 when it has a recording. Publishes
/// `calling.recording.attached`.
#[utoipa::path(
    put,
    path = "/api/v1/calling/calls/{id}/recording",
    tag = "recordings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "call id")),
    request_body(content = Vec<u8>, content_type = "audio/wav"),
    responses(
        (status = 201, body = RecordingBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put(
    caller: Caller,
    c: web::Data<Calling>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Payload,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let headers = req.headers();
    let upload = Upload {
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        content_length: headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok()),
        body,
    };
    let call = use_recordings::attach(&c, &request, id.into_inner(), upload).await?;
    let recording = call
        .recording
        .as_ref()
        .map(RecordingBody::from)
        .ok_or_else(Problem::internal)?;
    Ok(HttpResponse::Created().json(recording))
}

/// Listen to a call's recording: the agent who made the call, the team leader of its
/// team, and the supervisors, QC and QA officers of its site (404 for anyone else).
///
/// Streams the audio with `Content-Length` and `Accept-Ranges: bytes`; one
/// `Range: bytes=a-b`, `a-` or `-n` is answered 206 with `Content-Range`, a range
/// beyond the end 416.
#[utoipa::path(
    get,
    path = "/api/v1/calling/calls/{id}/recording",
    tag = "recordings",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "call id"),
        ("Range" = Option<String>, Header, description = "bytes=a-b, bytes=a- or bytes=-n"),
    ),
    responses(
        (status = 200, description = "the whole recording", content_type = "audio/wav"),
        (status = 206, description = "the requested range", content_type = "audio/wav"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 416, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    c: web::Data<Calling>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let range = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok());
    match use_recordings::listen(&c, &request, id.into_inner(), range).await? {
        Listening::Unsatisfiable { size } => {
            let mut response = Problem::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range-not-satisfiable",
                "Range not satisfiable",
                format!("the recording has {size} bytes; no byte of the requested range exists"),
            )
            .error_response();
            if let Ok(value) = header::HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            Ok(response)
        }
        Listening::Bytes {
            recording,
            selection,
            body,
        } => {
            let size = recording.size_bytes;
            let mut response = match selection {
                Selection::Partial { start, end } => {
                    let mut r = HttpResponse::PartialContent();
                    r.insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}")));
                    r
                }
                _ => HttpResponse::Ok(),
            };
            Ok(response
                .insert_header((header::CONTENT_TYPE, recording.content_type.as_str()))
                .insert_header((header::ACCEPT_RANGES, "bytes"))
                .body(SizedStream::new(selection.len(size), body)))
        }
    }
}
