//! DAPROS imports: `POST /api/v1/prospect/work-orders/{id}/dapros` (a streamed CSV
//! body), the import reports and the download of every left-out line.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::Problem;
use tam_runtime::csv_import::require_csv;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::ProblemBody;
use crate::app::import;
use crate::app::Prospect;
use crate::domain::dapros::{ImportReport, ReportedError};
use crate::domain::Fields;
use crate::store::imports::LeftOutLine;
use tam_kernel::parse_page;

/// The response header of a replayed import.
pub use tam_runtime::csv_import::IDEMPOTENT_REPLAYED;

/// One error of a rejected row.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ImportErrorBody {
    /// The line in the file (the header is line 1) where the row starts.
    pub line: u64,
    /// The column, `record` when the line as a whole is broken (wrong number of fields).
    pub field: String,
    pub reason: String,
}

impl From<ReportedError> for ImportErrorBody {
    fn from(e: ReportedError) -> Self {
        Self {
            line: e.line,
            field: e.field,
            reason: e.reason,
        }
    }
}

/// The report of a DAPROS import.
///
/// `total` = data rows read (blank lines are not rows) = `accepted` + `rejected` +
/// `duplicates` + `dnc_excluded`, each row counted once, in that order of precedence.
/// `rejected`: rows with at least one bad field (a row may have several errors).
/// `duplicates`: rows whose IndiHome number is already in the work order or on an
/// earlier good line of the file. `dnc_excluded`: rows whose contact number is on the
/// do-not-call list (an alternative number on the list is dropped, the row kept).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ImportReportBody {
    pub id: Uuid,
    pub work_order_id: Uuid,
    pub idempotency_key: Option<String>,
    /// SHA-256 of the file as received, hex.
    pub sha256: String,
    pub total: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub dnc_excluded: u32,
    /// The errors of rejected rows, in file order, the first 1,000 (every left-out line
    /// is in `rejected_lines_url`).
    pub errors: Vec<ImportErrorBody>,
    pub imported_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// The CSV of every left-out line (rejected, duplicate, dnc).
    pub rejected_lines_url: String,
}

fn rejected_lines_url(id: Uuid) -> String {
    format!("/api/v1/prospect/imports/{id}/rejected")
}

impl From<ImportReport> for ImportReportBody {
    fn from(r: ImportReport) -> Self {
        Self {
            rejected_lines_url: rejected_lines_url(r.id),
            id: r.id,
            work_order_id: r.work_order_id,
            idempotency_key: r.idempotency_key,
            sha256: r.sha256,
            total: r.total,
            accepted: r.accepted,
            rejected: r.rejected,
            duplicates: r.duplicates,
            dnc_excluded: r.dnc_excluded,
            errors: r.errors.into_iter().map(ImportErrorBody::from).collect(),
            imported_by: r.imported_by,
            created_at: r.created_at,
        }
    }
}

/// An import in a list: the report without its errors (`GET /imports/{id}` has them).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ImportSummaryBody {
    pub id: Uuid,
    pub work_order_id: Uuid,
    pub idempotency_key: Option<String>,
    pub sha256: String,
    pub total: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub dnc_excluded: u32,
    pub imported_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub rejected_lines_url: String,
}

impl From<ImportReport> for ImportSummaryBody {
    fn from(r: ImportReport) -> Self {
        Self {
            rejected_lines_url: rejected_lines_url(r.id),
            id: r.id,
            work_order_id: r.work_order_id,
            idempotency_key: r.idempotency_key,
            sha256: r.sha256,
            total: r.total,
            accepted: r.accepted,
            rejected: r.rejected,
            duplicates: r.duplicates,
            dnc_excluded: r.dnc_excluded,
            imported_by: r.imported_by,
            created_at: r.created_at,
        }
    }
}

/// One page of a work order's imports, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ImportPage {
    pub items: Vec<ImportSummaryBody>,
    pub next_cursor: Option<String>,
}

/// The page of the import list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ImportListQuery {
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

/// Import a DAPROS file into a work order.
///
/// The body is the CSV file itself (`text/csv`; else 415), streamed: a header row
/// naming `indihome_number`, `customer_name`, `contact_number` and optionally
/// `alt_contact_number`, `region`, `notes` (any order and case; other columns are
/// ignored), `;` or `,` between fields, UTF-8 with or without BOM. The work order must
/// be draft or active (409 when closed). All or nothing: a file whose upload breaks off
/// leaves no trace (400 naming `body`); a header that cannot be read is 400 naming
/// `header`. Publishes `prospect.dapros.imported`.
///
/// `Idempotency-Key`: the same key on the same work order answers the stored report
/// again (200, `Idempotent-Replayed: true`) and imports nothing, provided the body is
/// the same file (422 `idempotency-key-reused` otherwise); a request that loses a race
/// for its key to a concurrent one gets 409 and, repeated, the replay.
#[utoipa::path(
    post,
    path = "/api/v1/prospect/work-orders/{id}/dapros",
    tag = "imports",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "work order id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$",
            description = "1 to 200 visible ASCII characters; the same key on the same work order imports once"),
    ),
    request_body(content = String, content_type = "text/csv",
        description = "the DAPROS file"),
    responses(
        (status = 201, body = ImportReportBody, description = "imported"),
        (status = 200, body = ImportReportBody,
            description = "the report of the earlier import with this Idempotency-Key",
            headers(("Idempotent-Replayed" = String, description = "`true`"))),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn import(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Payload,
) -> Result<HttpResponse, Problem> {
    require_csv(&req, "the body must be the DAPROS file as text/csv")?;
    let key = tam_kernel::idempotency_key_of(&req)?;
    let request = super::request(&caller, &req);
    let imported = import::import(&p, &request, id.into_inner(), key, body).await?;
    Ok(imported.respond(
        |report| format!("/api/v1/prospect/imports/{}", report.id),
        ImportReportBody::from,
    ))
}

/// A work order's imports, newest first (404 outside the caller's site).
#[utoipa::path(
    get,
    path = "/api/v1/prospect/work-orders/{id}/imports",
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "work order id"), ImportListQuery),
    responses(
        (status = 200, body = ImportPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    query: web::Query<ImportListQuery>,
) -> Result<web::Json<ImportPage>, Problem> {
    let request = super::request(&caller, &req);
    let query = query.into_inner();
    let mut f = Fields::new();
    let page = parse_page(&mut f, query.limit.as_deref(), query.cursor);
    let (limit, cursor) = f.finish(page)?;
    let page = import::list(&p, &request, id.into_inner(), cursor, limit).await?;
    Ok(web::Json(ImportPage {
        items: page
            .items
            .into_iter()
            .map(ImportSummaryBody::from)
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One import report (404 outside the caller's site).
#[utoipa::path(
    get,
    path = "/api/v1/prospect/imports/{id}",
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "import id")),
    responses(
        (status = 200, body = ImportReportBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<ImportReportBody>, Problem> {
    let request = super::request(&caller, &req);
    let report = import::get(&p, &request, id.into_inner()).await?;
    Ok(web::Json(report.into()))
}

/// Every line of an import that was left out, as CSV: `line,kind,field,reason`, in
/// line order, one row per error (a rejected line with two bad fields is two rows);
/// `kind` is `rejected`, `duplicate` or `dnc`. Streamed page by page from the database.
#[utoipa::path(
    get,
    path = "/api/v1/prospect/imports/{id}/rejected",
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "import id")),
    responses(
        (status = 200, body = String, content_type = "text/csv",
            description = "`line,kind,field,reason`, with a Content-Disposition file name"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn rejected(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let id = id.into_inner();
    let pages = import::left_out(&p, &request, id).await?;
    let head = futures::stream::once(async { Ok(web::Bytes::from_static(CSV_HEAD)) });
    let body = head.chain(
        pages.map(|page| match page.and_then(|lines| csv_rows(&lines)) {
            Ok(bytes) => Ok(bytes),
            Err(e) => {
                tracing::error!(error = %e, "the left-out lines download broke off");
                Err(e)
            }
        }),
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"dapros-import-{id}-left-out.csv\""),
        ))
        .streaming(body))
}

const CSV_HEAD: &[u8] = b"line,kind,field,reason\r\n";

/// CSV rows (RFC 4180: CRLF, quoted where needed) of left-out lines.
fn csv_rows(lines: &[LeftOutLine]) -> crate::Result<web::Bytes> {
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(lines.len() * 80));
    for l in lines {
        csv.write_record([l.line.to_string().as_str(), &l.kind, &l.field, &l.reason])
            .map_err(|e| crate::Error::Internal(e.into()))?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| crate::Error::Internal(anyhow::anyhow!("{e}")))?;
    Ok(web::Bytes::from(bytes))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn left_out_lines_are_quoted_csv() {
        let lines = vec![LeftOutLine {
            line: 7,
            field: "contact_number".into(),
            kind: "rejected".into(),
            reason: "\"0812,3\" contains ','".into(),
        }];
        assert_eq!(
            csv_rows(&lines).unwrap(),
            web::Bytes::from_static(
                b"7,rejected,contact_number,\"\"\"0812,3\"\" contains ','\"\r\n"
            )
        );
    }
}
