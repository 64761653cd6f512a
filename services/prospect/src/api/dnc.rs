//! `/api/v1/prospect/dnc`: the do-not-call list (suite-wide).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Cursor, Limit, Problem};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::ProblemBody;
use crate::app::{dnc, Prospect};
use crate::domain::dnc::{reason, DncEntry, DncEvent, NewDnc};
use crate::domain::phone::normalize_phone;
use crate::domain::{Fields, Rejection};
use tam_kernel::parse_page;

/// A number on the do-not-call list.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DncBody {
    pub id: Uuid,
    /// E.164, `+62…`.
    #[schema(example = "+6281234567890")]
    pub number: String,
    pub reason: String,
    /// The employee who added it.
    pub added_by: Uuid,
    pub added_at: DateTime<Utc>,
    /// The site of whoever added it (null: an all-site role); its operations supervisor
    /// (or an all-site role) may take the number off the list.
    #[schema(example = "medan")]
    pub site: Option<String>,
    /// Who took the number off the list (null while it is listed); it then excludes
    /// nothing.
    pub removed_by: Option<Uuid>,
    pub removed_at: Option<DateTime<Utc>>,
    pub removal_reason: Option<String>,
}

impl From<DncEntry> for DncBody {
    fn from(e: DncEntry) -> Self {
        let (removed_by, removed_at, removal_reason) = match e.removal {
            Some(r) => (Some(r.by), Some(r.at), Some(r.reason)),
            None => (None, None, None),
        };
        Self {
            id: e.id,
            number: e.number,
            reason: e.reason,
            added_by: e.added_by,
            added_at: e.added_at,
            site: e.site.map(|s| s.as_str().to_owned()),
            removed_by,
            removed_at,
            removal_reason,
        }
    }
}

/// One addition or removal of a number.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DncEventBody {
    /// `added` or `removed`.
    #[schema(example = "removed")]
    pub action: String,
    /// The employee who did it.
    pub by: Uuid,
    /// Their site (null: an all-site role).
    pub site: Option<String>,
    pub reason: String,
    pub at: DateTime<Utc>,
}

impl From<DncEvent> for DncEventBody {
    fn from(e: DncEvent) -> Self {
        Self {
            action: e.action.as_str().to_owned(),
            by: e.actor,
            site: e.site.map(|s| s.as_str().to_owned()),
            reason: e.reason,
            at: e.at,
        }
    }
}

/// An entry of the list (listed or taken off) with its history.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DncDetailBody {
    #[serde(flatten)]
    pub entry: DncBody,
    /// Every time the number was put on the list or taken off it, oldest first.
    pub history: Vec<DncEventBody>,
}

/// Why a number is taken off the list.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct RemoveDncRequest {
    /// Why (1 to 500 characters), e.g. the number now belongs to someone else.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"[^ \t\r\n]"
    )]
    pub reason: Option<String>,
}

/// A number from the path, in any written form, as stored (400 naming `number`).
fn path_number(number: &str) -> Result<String, Rejection> {
    normalize_phone(number).map_err(|reason| Rejection::field("number", reason))
}

/// One page of the list.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DncPage {
    pub items: Vec<DncBody>,
    pub next_cursor: Option<String>,
}

/// A number to put on the list.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct AddDncRequest {
    /// An Indonesian mobile (`08…`, `628…`, `+628…`) or landline with its area code
    /// (`021-1234567`, `+62 21 1234567`), spaces, dashes, dots and parentheses allowed;
    /// stored as E.164, the form DAPROS numbers are stored in.
    #[schema(required = true, nullable = false, example = "0812-3456-7890")]
    pub number: Option<String>,
    /// Why (1 to 500 characters), e.g. the customer asked not to be called.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"[^ \t\r\n]"
    )]
    pub reason: Option<String>,
}

impl TryFrom<AddDncRequest> for NewDnc {
    type Error = Rejection;

    fn try_from(r: AddDncRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let number = f.required("number", r.number.as_deref(), normalize_phone);
        let reason = f.required("reason", r.reason.as_deref(), reason);
        let new = (|| {
            Some(NewDnc {
                number: number?,
                reason: reason?,
            })
        })();
        f.finish(new)
    }
}

/// The page of the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct DncListQuery {
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl DncListQuery {
    fn parse(self) -> Result<(Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        f.finish(page)
    }
}

/// Put a number on the do-not-call list.
///
/// 201 with the new entry; 200 with the existing entry (unchanged: its reason, who and
/// when) when the number is listed already. 400 names `number` when it is not an
/// Indonesian mobile number.
#[utoipa::path(
    post,
    path = "/api/v1/prospect/dnc",
    tag = "dnc",
    security(("bearer" = [])),
    request_body = AddDncRequest,
    responses(
        (status = 201, body = DncBody),
        (status = 200, body = DncBody, description = "the number was listed already"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn add(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    body: web::Json<AddDncRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewDnc::try_from(body.into_inner())?;
    let (entry, added) = dnc::add(&p, &request, new).await?;
    let location = format!("/api/v1/prospect/dnc/{}", entry.number);
    let mut response = if added {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(response
        .insert_header((header::LOCATION, location))
        .json(DncBody::from(entry)))
}

/// The do-not-call list, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/prospect/dnc",
    tag = "dnc",
    security(("bearer" = [])),
    params(DncListQuery),
    responses(
        (status = 200, body = DncPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    p: web::Data<Prospect>,
    _caller: Caller,
    query: web::Query<DncListQuery>,
) -> Result<web::Json<DncPage>, Problem> {
    let (limit, cursor) = query.into_inner().parse()?;
    let page = dnc::list(&p, cursor, limit).await?;
    Ok(web::Json(DncPage {
        items: page.items.into_iter().map(DncBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One number's entry, listed or taken off the list, with its history: who added it
/// and removed it, when and why (any written form of the number; 404 when it was never
/// listed, 400 when it is not a number).
#[utoipa::path(
    get,
    path = "/api/v1/prospect/dnc/{number}",
    tag = "dnc",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "the number, e.g. +6281234567890 or 081234567890")),
    responses(
        (status = 200, body = DncDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    p: web::Data<Prospect>,
    _caller: Caller,
    number: web::Path<String>,
) -> Result<web::Json<DncDetailBody>, Problem> {
    let number = path_number(&number)?;
    let (entry, history) = dnc::history(&p, &number).await?;
    Ok(web::Json(DncDetailBody {
        entry: entry.into(),
        history: history.into_iter().map(DncEventBody::from).collect(),
    }))
}

/// Take a number off the list, saying why: the entry and its history stay, and the
/// number excludes nothing from then on (customers already withdrawn for it stay
/// withdrawn). Only an all-site role or the operations supervisor of the site that put
/// it on the list may (403 otherwise); 404 when it was never listed, 409 when it was
/// taken off already.
#[utoipa::path(
    post,
    path = "/api/v1/prospect/dnc/{number}/remove",
    tag = "dnc",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "the number, e.g. +6281234567890 or 081234567890")),
    request_body = RemoveDncRequest,
    responses(
        (status = 200, body = DncBody, description = "taken off the list"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn remove(
    caller: Caller,
    p: web::Data<Prospect>,
    req: HttpRequest,
    number: web::Path<String>,
    body: web::Json<RemoveDncRequest>,
) -> Result<web::Json<DncBody>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let number = f.check("number", normalize_phone(&number));
    let why = f.required("reason", body.into_inner().reason.as_deref(), reason);
    let (number, why) = f.finish(number.zip(why))?;
    let entry = dnc::remove(&p, &request, &number, &why).await?;
    Ok(web::Json(entry.into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_normalised_and_bad_fields_named() {
        let new = NewDnc::try_from(AddDncRequest {
            number: Some("0812 3456 7890".into()),
            reason: Some("asked".into()),
        })
        .unwrap();
        assert_eq!(new.number, "+6281234567890");
        let landline = NewDnc::try_from(AddDncRequest {
            number: Some("(022) 1234567".into()),
            reason: Some("asked".into()),
        })
        .unwrap();
        assert_eq!(landline.number, "+62221234567");
        let Err(Rejection::Invalid(errors)) = NewDnc::try_from(AddDncRequest {
            number: Some("0800 1234567".into()),
            reason: None,
        }) else {
            panic!("expected errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["number", "reason"]);
    }
}
