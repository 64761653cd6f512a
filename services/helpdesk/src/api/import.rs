//! Order-list imports: `POST /api/v1/helpdesk/imports?channel=…` (a streamed CSV body)
//! and the reports of past imports.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{FieldError, Problem};
use tam_runtime::csv_import::require_csv;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::import;
use crate::app::Helpdesk;
use crate::domain::policy::Channel;
use crate::domain::{rules, unprocessable, Rejection};
use crate::error::ticket_link;
use crate::store::imports::ImportReport;

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

/// A row whose order an open ticket already follows.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ImportDuplicateBody {
    pub line: u64,
    pub indihome_number: String,
    pub product_code: String,
    /// The open ticket that follows it (opened before, or from an earlier line).
    pub ticket_id: Uuid,
    pub ticket_number: i64,
    pub ticket_url: String,
}

/// A ticket the import opened.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ImportOpenedBody {
    pub line: u64,
    pub ticket_id: Uuid,
    pub ticket_number: i64,
}

/// The report of an order-list import.
///
/// `total` = data rows read (blank lines are not rows) = `opened` + `rejected` +
/// `duplicates`, each row counted once, in that order of precedence. `rejected`: rows
/// with a bad field (a row may have several errors), including a product outside the
/// catalogue. `duplicates`: rows whose (IndiHome number, product) already has an open
/// ticket, or repeat an earlier line of the file.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ImportReportBody {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub channel: Channel,
    pub idempotency_key: Option<String>,
    /// SHA-256 of the file as received, hex.
    pub sha256: String,
    pub total: u32,
    pub opened: u32,
    pub rejected: u32,
    pub duplicates: u32,
    /// The errors of rejected rows in file order (the first 1,000).
    pub errors: Vec<ImportErrorBody>,
    pub duplicate_rows: Vec<ImportDuplicateBody>,
    pub opened_tickets: Vec<ImportOpenedBody>,
    /// Header columns the desk does not read.
    pub ignored_columns: Vec<String>,
    pub imported_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<ImportReport> for ImportReportBody {
    fn from(r: ImportReport) -> Self {
        Self {
            id: r.id,
            channel: r.channel,
            idempotency_key: r.idempotency_key,
            sha256: r.sha256,
            total: r.total,
            opened: r.opened,
            rejected: r.rejected,
            duplicates: r.duplicates,
            errors: r
                .details
                .errors
                .into_iter()
                .map(|e| ImportErrorBody {
                    line: e.line,
                    field: e.field,
                    reason: e.reason,
                })
                .collect(),
            duplicate_rows: r
                .details
                .duplicates
                .into_iter()
                .map(|d| ImportDuplicateBody {
                    ticket_url: ticket_link(d.ticket_id),
                    line: d.line,
                    indihome_number: d.indihome_number,
                    product_code: d.product_code,
                    ticket_id: d.ticket_id,
                    ticket_number: d.ticket_number,
                })
                .collect(),
            opened_tickets: r
                .details
                .opened
                .into_iter()
                .map(|o| ImportOpenedBody {
                    line: o.line,
                    ticket_id: o.ticket_id,
                    ticket_number: o.ticket_number,
                })
                .collect(),
            ignored_columns: r.details.ignored_columns,
            imported_by: r.imported_by,
            created_at: r.created_at,
        }
    }
}

/// The channel whose orders the file lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `call_center_147`, `plasa`, `myindihome`, `web` or `sales_force` (not `obc`: its
    /// tickets come from quality's verdicts).
    #[param(required = true, schema_with = channel_code)]
    pub channel: Option<String>,
}

fn channel_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Channel::CODES, "sales channel code")
}

/// The channel of the query: 400 when absent, 422 naming it when unknown.
fn channel_of(query: &ImportQuery) -> Result<Channel, Rejection> {
    let Some(raw) = query
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return Err(Rejection::field(
            "channel",
            "is required (?channel=call_center_147, …)",
        ));
    };
    raw.parse::<Channel>().map_err(|_| {
        unprocessable(
            rules::UNKNOWN_REFERENCE,
            &[FieldError::new(
                "channel",
                format!("{raw:?} is not a channel of the desk"),
            )],
        )
    })
}

/// Import a channel's list of AddOn orders.
///
/// The body is the CSV file itself (`text/csv`; else 415), streamed: a header row
/// naming `indihome_number`, `customer_name`, `contact_number`, `product_code`,
/// `order_date` (`YYYY-MM-DD` or `DD/MM/YYYY`) and optionally `site`,
/// `provisioning_order_number` (any order and case; other columns are ignored), `;` or
/// `,` between fields, UTF-8 with or without BOM, at most 20,000 rows. Each new order
/// opens a ticket in `validation` on the channel.
///
/// Bad rows do not stop the file (DAPROS's rule): a row with a bad field (an IndiHome
/// number that is not one, a product outside the catalogue, a date after today…) is
/// reported with its line and field and left out, the good rows are imported; a row
/// whose order already has an open ticket, or repeats an earlier line, is reported as a
/// duplicate with that ticket. The file as a whole is all or nothing: an upload that
/// breaks off leaves no trace (400 naming `body`), a header that cannot be read is 400
/// naming `header`.
///
/// `Idempotency-Key`: the same key on the same channel answers the stored report again
/// (200, `Idempotent-Replayed: true`) and opens nothing, provided the file is the same
/// (422 `idempotency-key-reused` otherwise).
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/imports",
    tag = "imports",
    security(("bearer" = [])),
    params(
        ImportQuery,
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$",
            description = "1 to 200 visible ASCII characters; the same key on the same channel imports once"),
    ),
    request_body(content = String, content_type = "text/csv", description = "the order list"),
    responses(
        (status = 201, body = ImportReportBody, description = "imported"),
        (status = 200, body = ImportReportBody,
            description = "the report of the earlier import with this Idempotency-Key",
            headers(("Idempotent-Replayed" = String, description = "`true`"))),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn import(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    body: web::Payload,
) -> Result<HttpResponse, Problem> {
    let channel = channel_of(&query)?;
    require_csv(&req, "the body must be the order list as text/csv")?;
    let key = tam_kernel::idempotency_key_of(&req)?;
    let request = super::request(&caller, &req);
    let imported = import::import(&h, &request, channel, key, body).await?;
    Ok(imported.respond(
        |report| format!("/api/v1/helpdesk/imports/{}", report.id),
        ImportReportBody::from,
    ))
}

/// One import report.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/imports/{id}",
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "import id")),
    responses(
        (status = 200, body = ImportReportBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ImportReportBody>, Problem> {
    let report = import::get(&h, id.into_inner()).await?;
    Ok(web::Json(report.into()))
}
