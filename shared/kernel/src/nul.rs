//! Refusing the NUL character (U+0000) at the edge.
//!
//! U+0000 is valid UTF-8 and valid JSON (`"\u0000"`), so serde lets it through, but
//! PostgreSQL refuses it in every `text` and `jsonb` value: a name, note or reason
//! carrying one would fail its insert with a 500 (`invalid byte sequence for encoding
//! "UTF8": 0x00`). Rather than every text validator of every service remembering it,
//! one middleware ([`refuse_nul`], registered once by the runtime for every service)
//! refuses it in the query string, the path and any JSON body, with a 400 naming the
//! field, before a handler runs. Bodies that are not JSON (a DAPROS CSV) are the
//! handler's to check, with [`contains_nul`] and [`NUL_REASON`].
//!
//! The JSON body is checked as it streams to the extractor, without buffering it: a
//! NUL inside a string can only be written as the escape `\u0000` (a raw control
//! character is not valid JSON), so a small scanner over the bytes finds it, and ends
//! the body with an error that [`crate::Problem::from_json_error`] turns into the 400.

use std::io;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::dev::{Decompress, Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::mime;
use actix_web::{web, HttpMessage, ResponseError};
use futures::{Stream, StreamExt};

use crate::problem::{FieldError, Problem};

/// The reason given for a field holding U+0000.
pub const NUL_REASON: &str = "must not contain the NUL character (U+0000)";

/// Whether `text` holds U+0000, which PostgreSQL cannot store.
pub fn contains_nul(text: &str) -> bool {
    text.contains('\0')
}

/// A JSON body holding U+0000 in a string; `field` is the member it was found under
/// (`body` when it was not inside an object).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the JSON member `{field}` contains the NUL character (U+0000)")]
pub struct NulInBody {
    pub field: String,
}

impl NulInBody {
    /// The `NulInBody` carried by a payload error, if that is what ended the body.
    pub fn from_payload_error(err: &PayloadError) -> Option<&NulInBody> {
        match err {
            PayloadError::Io(io) => io.get_ref().and_then(|e| e.downcast_ref::<NulInBody>()),
            _ => None,
        }
    }

    /// The 400 validation problem naming the field.
    pub fn problem(&self) -> Problem {
        Problem::validation(vec![FieldError::new(&self.field, NUL_REASON)])
    }
}

/// The longest member name remembered to name the field (longer ones are cut).
const MAX_KEY: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Escape {
    #[default]
    None,
    /// After a backslash.
    Backslash,
    /// After `\u` and this many `0` digits.
    Unicode(u8),
}

/// Finds the escape `\u0000` inside the strings of a JSON text fed in chunks, and
/// remembers the last member name seen so the error can name the field.
#[derive(Debug, Default)]
pub struct JsonNulScanner {
    in_string: bool,
    escape: Escape,
    string: Vec<u8>,
    last_string: Option<Vec<u8>>,
    key: Option<String>,
}

impl JsonNulScanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Scans the next chunk of the body.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), NulInBody> {
        for &byte in chunk {
            if !self.in_string {
                match byte {
                    b'"' => {
                        self.in_string = true;
                        self.string.clear();
                    }
                    b':' => {
                        if let Some(name) = self.last_string.take() {
                            self.key = Some(String::from_utf8_lossy(&name).into_owned());
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match self.escape {
                Escape::None => match byte {
                    b'\\' => self.escape = Escape::Backslash,
                    b'"' => {
                        self.in_string = false;
                        self.last_string = Some(std::mem::take(&mut self.string));
                    }
                    _ => self.remember(byte),
                },
                Escape::Backslash => {
                    self.escape = if byte == b'u' {
                        Escape::Unicode(0)
                    } else {
                        Escape::None
                    };
                    self.remember(byte);
                }
                Escape::Unicode(zeros) => {
                    if byte == b'0' {
                        if zeros == 3 {
                            return Err(NulInBody {
                                field: self.key.clone().unwrap_or_else(|| "body".to_owned()),
                            });
                        }
                        self.escape = Escape::Unicode(zeros + 1);
                    } else {
                        self.escape = Escape::None;
                    }
                    self.remember(byte);
                }
            }
        }
        Ok(())
    }

    fn remember(&mut self, byte: u8) {
        if self.string.len() < MAX_KEY {
            self.string.push(byte);
        }
    }
}

/// Middleware refusing U+0000 in the query string (400 `invalid-query`), the path
/// (400 `invalid-path`) and a JSON body (400 `validation` naming the member, raised
/// by the JSON extractor). Register it with `actix_web::middleware::from_fn`.
pub async fn refuse_nul(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(problem) = nul_in_target(&req) {
        let problem = problem.with_instance(req.path());
        return Ok(req
            .into_response(problem.error_response())
            .map_into_right_body());
    }
    if is_json(&req) {
        // A compressed body is scanned as the extractor will read it: decoded here
        // (and its encoding header dropped, so that it is not decoded twice).
        let decoded = Decompress::from_headers(req.take_payload(), req.headers());
        req.headers_mut().remove(header::CONTENT_ENCODING);
        let mut scanner = JsonNulScanner::new();
        let body = decoded.map(move |chunk| {
            let bytes = chunk?;
            scanner
                .feed(&bytes)
                .map_err(|nul| PayloadError::Io(io::Error::new(io::ErrorKind::InvalidData, nul)))?;
            Ok(bytes)
        });
        let body: Pin<Box<dyn Stream<Item = Result<web::Bytes, PayloadError>>>> = Box::pin(body);
        req.set_payload(Payload::from(body));
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// The problem for a NUL in the path or the query string, if there is one. Both are
/// checked as the client sent them (percent-encoded), since that is what the
/// extractors decode.
fn nul_in_target(req: &ServiceRequest) -> Option<Problem> {
    if req.uri().path().contains("%00") {
        return Some(Problem::invalid_path(format!("the path {NUL_REASON}")));
    }
    let query = req.query_string();
    if query.contains("%00") {
        // The parameter's name, when the query string parses (else the handler's own
        // extractor reports what is wrong with it).
        let name = web::Query::<Vec<(String, String)>>::from_query(query)
            .ok()
            .and_then(|pairs| {
                pairs
                    .into_inner()
                    .into_iter()
                    .find(|(name, value)| contains_nul(name) || contains_nul(value))
                    .map(|(name, _)| name.replace('\0', ""))
            });
        let detail = match name {
            Some(name) => format!("the query parameter `{name}` {NUL_REASON}"),
            None => format!("the query string {NUL_REASON}"),
        };
        return Some(Problem::invalid_query(detail));
    }
    None
}

fn is_json(req: &ServiceRequest) -> bool {
    matches!(
        req.mime_type(),
        Ok(Some(mime)) if mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON)
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::problem::slug;
    use actix_web::http::StatusCode;
    use actix_web::middleware::from_fn;
    use actix_web::{test as actix_test, App, HttpResponse};
    use serde::Deserialize;

    fn scan(chunks: &[&str]) -> Result<(), NulInBody> {
        let mut scanner = JsonNulScanner::new();
        chunks.iter().try_for_each(|c| scanner.feed(c.as_bytes()))
    }

    fn field(chunks: &[&str]) -> String {
        scan(chunks).expect_err("a NUL").field
    }

    #[test]
    fn finds_the_escape_and_names_the_member() {
        assert_eq!(field(&[r#"{"name":"a\u0000b"}"#]), "name");
        assert_eq!(field(&[r#"{"a":1,"notes":"x\u0000"}"#]), "notes");
        assert_eq!(
            field(&[r#"{"offers":[{"step":1,"description":"\u0000"}]}"#]),
            "description"
        );
        assert_eq!(field(&[r#"["\u0000"]"#]), "body");
    }

    #[test]
    fn finds_the_escape_split_across_chunks() {
        assert_eq!(field(&[r#"{"notes":"a\"#, r#"u00"#, r#"00"}"#]), "notes");
        assert_eq!(
            field(&[r#"{"no"#, r#"tes": "#, r#""\u000"#, "0\"}"]),
            "notes"
        );
    }

    #[test]
    fn other_text_passes() {
        scan(&[r#"{"notes":"\\u0000 is how JSON writes NUL"}"#]).unwrap();
        scan(&[r#"{"a":"\u0001\u00000"}"#]).unwrap_err();
        scan(&[r#"{"a":"\u0010","b":"\"\u000a","u0000":0}"#]).unwrap();
        scan(&[r#"{"a":"\\"}"#, r#"u0000"#]).unwrap();
        scan(&["{\"name\":\"Asep Sunandar\",\"count\":1}"]).unwrap();
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
    }

    async fn create(body: web::Json<Body>) -> HttpResponse {
        HttpResponse::Created().body(body.into_inner().name)
    }

    async fn list(query: web::Query<Vec<(String, String)>>) -> HttpResponse {
        HttpResponse::Ok().body(format!("{:?}", query.into_inner()))
    }

    async fn upload(body: web::Bytes) -> HttpResponse {
        HttpResponse::Ok().body(body)
    }

    async fn call(req: actix_test::TestRequest) -> (StatusCode, web::Bytes) {
        let app = actix_test::init_service(
            App::new()
                .wrap(from_fn(refuse_nul))
                .app_data(crate::json_config())
                .app_data(crate::query_config())
                .route("/things", web::post().to(create))
                .route("/things", web::get().to(list))
                .route("/things/{id}", web::get().to(list))
                .route("/files", web::post().to(upload)),
        )
        .await;
        let response = actix_test::call_service(&app, req.to_request()).await;
        (response.status(), actix_test::read_body(response).await)
    }

    fn problem(body: &[u8]) -> Problem {
        serde_json::from_slice(body)
            .unwrap_or_else(|e| panic!("not a problem ({e}): {}", String::from_utf8_lossy(body)))
    }

    #[actix_web::test]
    async fn a_nul_in_a_json_member_is_a_400_naming_it() {
        let (status, body) = call(
            actix_test::TestRequest::post()
                .uri("/things")
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .set_payload(r#"{"name":"Asep\u0000"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let problem = problem(&body);
        assert!(problem.is(slug::VALIDATION), "{problem:?}");
        assert_eq!(problem.errors.len(), 1);
        assert_eq!(problem.errors[0].field, "name");
        assert_eq!(problem.errors[0].reason, NUL_REASON);

        let (status, body) = call(
            actix_test::TestRequest::post()
                .uri("/things")
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .set_payload(r#"{"name":"Asep"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(&body[..], b"Asep");
    }

    #[actix_web::test]
    async fn a_nul_in_the_query_or_path_is_a_400() {
        let (status, body) =
            call(actix_test::TestRequest::get().uri("/things?site=a&q=x%00y")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let problem = problem(&body);
        assert!(problem.is(slug::INVALID_QUERY), "{problem:?}");
        assert!(problem.detail.contains("`q`"), "{}", problem.detail);

        let (status, body) = call(actix_test::TestRequest::get().uri("/things/a%00b")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(problem_is(&body, slug::INVALID_PATH));

        let (status, _) = call(actix_test::TestRequest::get().uri("/things?q=x%01y")).await;
        assert_eq!(status, StatusCode::OK);
    }

    fn problem_is(body: &[u8], slug: &str) -> bool {
        problem(body).is(slug)
    }

    #[actix_web::test]
    async fn a_compressed_json_body_is_scanned_decoded() {
        use std::io::Write as _;
        let gzip = |text: &str| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(text.as_bytes()).unwrap();
            encoder.finish().unwrap()
        };
        let post = |body: Vec<u8>| {
            actix_test::TestRequest::post()
                .uri("/things")
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .insert_header((header::CONTENT_ENCODING, "gzip"))
                .set_payload(body)
        };
        let (status, body) = call(post(gzip(r#"{"name":"a\u0000"}"#))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(problem(&body).errors[0].field, "name");
        let (status, body) = call(post(gzip(r#"{"name":"Asep"}"#))).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(&body[..], b"Asep");
    }

    #[actix_web::test]
    async fn other_bodies_are_left_to_their_handler() {
        let (status, body) = call(
            actix_test::TestRequest::post()
                .uri("/files")
                .insert_header((header::CONTENT_TYPE, "text/csv"))
                .set_payload("a\\u0000b"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(&body[..], b"a\\u0000b");
    }
}
