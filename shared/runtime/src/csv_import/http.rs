//! The HTTP ends of a CSV import: the body must be CSV, and the answer is 201 for a new
//! import or 200 for the replay of an Idempotency-Key.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use tam_kernel::Problem;

/// The response header of a replayed import.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// What an import request came to.
#[derive(Debug)]
pub enum Imported<R> {
    /// A new import (201).
    Created(R),
    /// The import made earlier with the same Idempotency-Key and the same file (200).
    Replayed(R),
}

impl<R> Imported<R> {
    /// 201 with the report's `Location`, or 200 with `Idempotent-Replayed: true`; the
    /// report as `body` makes it.
    pub fn respond<B: Serialize>(
        self,
        location: impl FnOnce(&R) -> String,
        body: impl FnOnce(R) -> B,
    ) -> HttpResponse {
        match self {
            Imported::Created(report) => HttpResponse::Created()
                .insert_header((header::LOCATION, location(&report)))
                .json(body(report)),
            Imported::Replayed(report) => HttpResponse::Ok()
                .insert_header((IDEMPOTENT_REPLAYED, "true"))
                .json(body(report)),
        }
    }
}

/// 415 with `detail` unless the `Content-Type` is CSV (`text/csv`, any parameters).
pub fn require_csv(req: &HttpRequest, detail: &str) -> Result<(), Problem> {
    let csv = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/csv"));
    if csv {
        Ok(())
    } else {
        Err(Problem::unsupported_media_type(detail))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn only_text_csv_is_accepted() {
        let with = |content_type: &str| {
            let req = TestRequest::default()
                .insert_header((header::CONTENT_TYPE, content_type))
                .to_http_request();
            require_csv(&req, "send CSV")
        };
        assert!(with("text/csv").is_ok());
        assert!(with("Text/CSV; charset=utf-8").is_ok());
        assert!(with("text/csvx").is_err());
        let refused = with("application/json").unwrap_err();
        assert_eq!(refused.status_code(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(require_csv(&TestRequest::default().to_http_request(), "send CSV").is_err());
    }

    #[test]
    fn a_new_import_is_201_with_its_location_and_a_replay_200_marked() {
        let created = Imported::Created(7).respond(|id| format!("/imports/{id}"), |id| id);
        assert_eq!(created.status(), StatusCode::CREATED);
        assert_eq!(
            created.headers().get(header::LOCATION).unwrap(),
            "/imports/7"
        );
        assert!(created.headers().get(IDEMPOTENT_REPLAYED).is_none());
        let replayed = Imported::Replayed(7).respond(|id| format!("/imports/{id}"), |id| id);
        assert_eq!(replayed.status(), StatusCode::OK);
        assert_eq!(replayed.headers().get(IDEMPOTENT_REPLAYED).unwrap(), "true");
        assert!(replayed.headers().get(header::LOCATION).is_none());
    }
}
