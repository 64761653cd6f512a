//! `/api/v1/helpdesk/cabut/...`: QC Tier 2's CABUT survey of cancelled AddOns: the
//! cases (by API or the client's CSV lists), the claim, contact attempts and reasons,
//! the reason taxonomy, and the monthly stats.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_page, Cursor, FieldError, Fields, Limit, Problem, Program, Site};
use tam_runtime::csv_import::require_csv;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::tickets::IDEMPOTENT_REPLAYED;
use crate::app::cabut::{self as app, CaseDetail, CaseInput, SurveyInput};
use crate::app::Helpdesk;
use crate::domain::cabut::{
    self, AttemptOutcome, CaseFlag, CaseStatus, GivenReason, ReasonDef, Taxonomy, MAX_TEXT,
};
use crate::domain::cabut_csv::channel_of;
use crate::domain::policy::Channel;
use crate::domain::ticket::{optional_text, product_code, validate_contact_number, MAX_NAME};
use crate::domain::{rules, unprocessable, Rejection};
use crate::store::cabut::{Attempt, CabutImport, Case, CaseFilters, GroupBy, GroupStats};

fn channel_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(Channel::CODES, "sales channel code")
}

fn outcome_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(AttemptOutcome::CODES, "contact attempt outcome")
}

fn status_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(CaseStatus::CODES, "case status")
}

fn flag_code() -> utoipa::openapi::Object {
    tam_auth::openapi::nullable_codes(CaseFlag::CODES, "case flag")
}

fn group_code() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(&["channel", "program", "site", "agent"], "grouping")
}

/// The OBC sale a case cancels.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct SaleBody {
    /// Its activation ticket.
    pub ticket_id: Uuid,
    pub call_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    #[schema(schema_with = tam_auth::openapi::site)]
    pub site: Site,
    #[schema(schema_with = tam_auth::openapi::program)]
    pub program: Program,
    /// quality's verdict as the desk knows it: `valid`, or `returned` when quality took
    /// the sale back later.
    #[schema(pattern = "^(valid|returned)$")]
    pub quality_verdict: String,
}

/// One contact attempt.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AttemptBody {
    pub at: DateTime<Utc>,
    pub by: Uuid,
    #[schema(schema_with = outcome_code)]
    pub outcome: AttemptOutcome,
    pub note: Option<String>,
}

impl From<Attempt> for AttemptBody {
    fn from(a: Attempt) -> Self {
        Self {
            at: a.at,
            by: a.by,
            outcome: a.outcome,
            note: a.note,
        }
    }
}

/// One reason recorded on a case.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// A code of the taxonomy in force (422 naming `reasons[i].code` otherwise).
    #[schema(pattern = "^[a-z][a-z0-9_]{1,49}$")]
    pub code: String,
    /// Exactly one reason of a survey is the main one.
    #[serde(default)]
    pub main: bool,
    /// The customer's words: required for `other` and any reason that requires text.
    #[schema(max_length = 2000)]
    pub text: Option<String>,
}

/// A cancellation case.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CaseBody {
    pub id: Uuid,
    /// What people say: "case 12".
    pub number: i64,
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    #[schema(schema_with = channel_code)]
    pub channel: Channel,
    pub customer_name: Option<String>,
    pub contact_number: Option<String>,
    /// The OBC sale of this suite it cancels, if it was one.
    pub sale: Option<SaleBody>,
    /// `no_activation_known`: an OBC cancellation no OBC ticket follows.
    #[schema(schema_with = flag_code)]
    pub flag: Option<CaseFlag>,
    #[schema(schema_with = status_code)]
    pub status: CaseStatus,
    pub claimed_by: Option<Uuid>,
    pub lease_expires_at: Option<DateTime<Utc>>,
    /// The taxonomy version the reasons were recorded with.
    pub reason_version: Option<i32>,
    pub main_reason: Option<String>,
    pub survey_note: Option<String>,
    /// A possible mis-sale (sent to quality).
    pub mis_sale: bool,
    pub surveyed_by: Option<Uuid>,
    pub surveyed_at: Option<DateTime<Utc>>,
    pub import_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<Case> for CaseBody {
    fn from(c: Case) -> Self {
        Self {
            id: c.id,
            number: c.number,
            indihome_number: c.indihome_number,
            product_code: c.product_code,
            cancelled_on: c.cancelled_on,
            channel: c.channel,
            customer_name: c.customer_name,
            contact_number: c.contact_number,
            sale: c.sale.map(|s| SaleBody {
                ticket_id: s.ticket_id,
                call_id: s.call_id,
                agent_id: s.agent_id,
                team_id: s.team_id,
                site: s.site,
                program: s.program,
                quality_verdict: s.quality_verdict,
            }),
            flag: c.flag,
            status: c.status,
            claimed_by: c.claimed_by,
            lease_expires_at: c.lease_expires_at,
            reason_version: c.reason_version,
            main_reason: c.main_reason,
            survey_note: c.survey_note,
            mis_sale: c.mis_sale,
            surveyed_by: c.surveyed_by,
            surveyed_at: c.surveyed_at,
            import_id: c.import_id,
            created_by: c.created_by,
            created_at: c.created_at,
        }
    }
}

/// A case with its contact attempts and reasons.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CaseDetailBody {
    pub case: CaseBody,
    pub attempts: Vec<AttemptBody>,
    /// Main first.
    pub reasons: Vec<ReasonBody>,
}

impl From<CaseDetail> for CaseDetailBody {
    fn from(d: CaseDetail) -> Self {
        Self {
            case: d.case.into(),
            attempts: d.attempts.into_iter().map(AttemptBody::from).collect(),
            reasons: d
                .reasons
                .into_iter()
                .map(|r| ReasonBody {
                    code: r.code,
                    main: r.main,
                    text: r.text,
                })
                .collect(),
        }
    }
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CasePage {
    pub items: Vec<CaseBody>,
    pub next_cursor: Option<String>,
}

/// A cancellation to survey.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseRequest {
    /// The customer's IndiHome number: 10 to 13 digits.
    #[schema(
        required = true,
        nullable = false,
        example = "122101234567",
        pattern = r"^[ \t\r\n]*[0-9]{10,13}[ \t\r\n]*$"
    )]
    pub indihome_number: Option<String>,
    /// The AddOn cancelled: a product of the catalogue (422 naming it otherwise).
    #[schema(
        required = true,
        nullable = false,
        example = "STB2",
        pattern = r"^[ \t\r\n]*[A-Za-z0-9_-]{1,50}[ \t\r\n]*$"
    )]
    pub product_code: Option<String>,
    /// The day the customer cancelled, not after today.
    #[schema(required = true, nullable = false, value_type = String, format = Date)]
    pub cancelled_on: Option<String>,
    /// The channel the AddOn was sold through (422 naming it when unknown).
    #[schema(required = true, nullable = false, schema_with = channel_code)]
    pub channel: Option<String>,
    #[schema(nullable = false, max_length = 200)]
    pub customer_name: Option<String>,
    /// An Indonesian number to call the customer on.
    #[schema(nullable = false, example = "081234567890", pattern = r"[0-9]")]
    pub contact_number: Option<String>,
}

fn parse_case(body: &CaseRequest) -> Result<CaseInput, Rejection> {
    let mut f = Fields::new();
    let indihome = f.required("indihome_number", body.indihome_number.as_deref(), |v| {
        tam_kernel::validate_indihome_number(v)
    });
    let product = f.required("product_code", body.product_code.as_deref(), product_code);
    let date = f.required("cancelled_on", body.cancelled_on.as_deref(), |v| {
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map_err(|_| format!("{v:?} is not a date (YYYY-MM-DD)"))
    });
    let name = f.check(
        "customer_name",
        optional_text(body.customer_name.as_deref(), MAX_NAME),
    );
    let channel_raw = match body.channel.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => Some(v.to_owned()),
        _ => {
            f.error("channel", "is required");
            None
        }
    };
    let parsed = (|| Some((indihome?, product?, date?, name?, channel_raw?)))();
    let (indihome_number, product_code, cancelled_on, customer_name, raw) = f.finish(parsed)?;
    let channel = channel_of(&raw).map_err(|reason| {
        unprocessable(
            rules::UNKNOWN_REFERENCE,
            &[FieldError::new("channel", reason)],
        )
    })?;
    // An Indonesian number's rules (prefixes, lengths) are code, not the pattern: a
    // number the schema lets through but the rules refuse is 422 naming it.
    let contact_number = match body.contact_number.as_deref() {
        Some(v) if !v.trim().is_empty() => Some(validate_contact_number(v).map_err(|reason| {
            unprocessable(
                cabut::rules::INVALID_CONTACT_NUMBER,
                &[FieldError::new("contact_number", reason)],
            )
        })?),
        _ => None,
    };
    Ok(CaseInput {
        indihome_number,
        product_code,
        cancelled_on,
        channel,
        customer_name,
        contact_number,
        idempotency: None,
    })
}

/// File a cancellation case.
///
/// An `obc` case is linked to its sale (the OBC ticket of the same IndiHome number and
/// product: call, agent, site, program, quality's verdict); without one it is accepted
/// and flagged `no_activation_known`. 400 names each missing or malformed field; 422
/// `unknown-reference` names an unknown `channel` or `product_code`; 409 when a case
/// already follows the same cancellation (IndiHome number, product, day); 422
/// `cancelled-in-future` for a day after today, `invalid-contact-number` for a number
/// that is not Indonesian.
/// `Idempotency-Key`: the same key and body answer the case filed (200,
/// `Idempotent-Replayed: true`); another body is 422 `idempotency-key-reused`.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/cabut/cases",
    tag = "cabut",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$",
            description = "a retry with the same key and body files nothing"),
    ),
    request_body = CaseRequest,
    responses(
        (status = 201, body = CaseDetailBody),
        (status = 200, body = CaseDetailBody, description = "the case filed earlier with this Idempotency-Key",
            headers(("Idempotent-Replayed" = String, description = "`true`"))),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn file(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    body: web::Json<CaseRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let key = tam_kernel::idempotency_key_of(&req)?;
    let mut input = parse_case(&body)?;
    if let Some(key) = key {
        let canonical = serde_json::to_string(&body).unwrap_or_default();
        input.idempotency = Some((key, format!("{:x}", Sha256::digest(canonical.as_bytes()))));
    }
    let filed = app::file(&h, &request, input).await?;
    let detail = app::get(&h, filed.case.id).await?;
    let body = CaseDetailBody::from(detail);
    Ok(if filed.replayed {
        HttpResponse::Ok()
            .insert_header((IDEMPOTENT_REPLAYED, "true"))
            .json(body)
    } else {
        HttpResponse::Created()
            .insert_header((
                "Location",
                format!("/api/v1/helpdesk/cabut/cases/{}", body.case.id),
            ))
            .json(body)
    })
}

/// Filters and page of the case list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct CaseListQuery {
    /// `open` or `surveyed`.
    #[param(schema_with = status_code)]
    pub status: Option<String>,
    #[param(schema_with = channel_code)]
    pub channel: Option<String>,
    /// Only flagged (`true`) or unflagged (`false`) cases.
    #[param(value_type = Option<bool>)]
    pub flagged: Option<String>,
    /// Only possible mis-sales (`true`) or the others.
    #[param(value_type = Option<bool>)]
    pub mis_sale: Option<String>,
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

fn boolean(v: &str) -> Result<bool, String> {
    match v.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!("{other:?} must be true or false")),
    }
}

impl CaseListQuery {
    fn parse(self) -> Result<(CaseFilters, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let status = match self.status.as_deref() {
            None => Some(None),
            Some(v) => f
                .check(
                    "status",
                    tam_kernel::parse_code(v.trim(), CaseStatus::CODES),
                )
                .map(Some),
        };
        let channel = match self.channel.as_deref() {
            None => Some(None),
            Some(v) => f.check("channel", channel_of(v)).map(Some),
        };
        let flagged = match self.flagged.as_deref() {
            None => Some(None),
            Some(v) => f.check("flagged", boolean(v)).map(Some),
        };
        let mis_sale = match self.mis_sale.as_deref() {
            None => Some(None),
            Some(v) => f.check("mis_sale", boolean(v)).map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                CaseFilters {
                    status: status?,
                    channel: channel?,
                    flagged: flagged?,
                    mis_sale: mis_sale?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// List the cases, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/cabut/cases",
    tag = "cabut",
    security(("bearer" = [])),
    params(CaseListQuery),
    responses(
        (status = 200, body = CasePage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    query: web::Query<CaseListQuery>,
) -> Result<web::Json<CasePage>, Problem> {
    let (filters, limit, cursor) = query.into_inner().parse()?;
    let page = app::list(&h, filters, cursor, limit).await?;
    Ok(web::Json(CasePage {
        items: page.items.into_iter().map(CaseBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One case with its attempts and reasons.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/cabut/cases/{id}",
    tag = "cabut",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "case id")),
    responses(
        (status = 200, body = CaseDetailBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CaseDetailBody>, Problem> {
    Ok(web::Json(app::get(&h, id.into_inner()).await?.into()))
}

/// Claim the next case to survey: the one the caller already holds, else the oldest
/// open case nobody holds (lease 30 minutes, `FOR UPDATE SKIP LOCKED`). 204 when the
/// queue is empty.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/cabut/cases/claim",
    tag = "cabut",
    security(("bearer" = [])),
    responses(
        (status = 200, body = CaseDetailBody),
        (status = 204, description = "no case is waiting"),
    )
)]
pub async fn claim(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    Ok(match app::claim(&h, &request).await? {
        Some(detail) => HttpResponse::Ok().json(CaseDetailBody::from(detail)),
        None => HttpResponse::NoContent().finish(),
    })
}

/// A call to the customer.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct AttemptRequest {
    /// `reached`, or calling's unreached outcomes: `no_answer`, `busy`, `unreachable`,
    /// `rejected`.
    #[schema(required = true, nullable = false, schema_with = outcome_code)]
    pub outcome: Option<String>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Record a contact attempt on a case the caller holds (409 otherwise; 404 for no
/// case). An unknown outcome is 422 naming `outcome`.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/cabut/cases/{id}/attempts",
    tag = "cabut",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "case id")),
    request_body = AttemptRequest,
    responses(
        (status = 200, body = CaseDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn attempt(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<AttemptRequest>,
) -> Result<web::Json<CaseDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let raw = f.required("outcome", body.outcome.as_deref(), |v| {
        if v.trim().is_empty() {
            Err("is required".to_owned())
        } else {
            Ok(v.trim().to_owned())
        }
    });
    let note = f.check("note", optional_text(body.note.as_deref(), MAX_TEXT));
    let (raw, note) = f.finish((|| Some((raw?, note?)))())?;
    let outcome = raw.parse::<AttemptOutcome>().map_err(|_| {
        unprocessable(
            rules::UNKNOWN_REFERENCE,
            &[FieldError::new(
                "outcome",
                format!(
                    "{raw:?} is not a contact attempt outcome ({})",
                    AttemptOutcome::CODES.join(", ")
                ),
            )],
        )
    })?;
    let detail = app::attempt(&h, &request, id.into_inner(), outcome, note).await?;
    Ok(web::Json(detail.into()))
}

/// The survey's result.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct SurveyRequest {
    /// Several reasons, exactly one `main`.
    #[schema(required = true, nullable = false, min_items = 1, max_items = 20)]
    pub reasons: Option<Vec<ReasonBody>>,
    /// What the customer said, up to 2000 characters.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Record the reasons of a case the caller holds, after a reached attempt (409
/// otherwise). An unknown reason is 422 `unknown-reference` naming `reasons[i].code`;
/// no main reason or several, a reason twice, `other` without text are 422
/// `invalid-cabut-reasons` naming the field. A main
/// reason `never_ordered` or `did_not_understand_offer` on a case linked to an OBC sale
/// is a possible mis-sale: `helpdesk.cabut.mis_sale_suspected` is published and quality
/// opens a review of the call.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/cabut/cases/{id}/survey",
    tag = "cabut",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "case id")),
    request_body = SurveyRequest,
    responses(
        (status = 200, body = CaseDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn survey(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<SurveyRequest>,
) -> Result<web::Json<CaseDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let reasons = f.required("reasons", body.reasons, |list: Vec<ReasonBody>| {
        Ok::<_, String>(list)
    });
    let note = f.check("note", optional_text(body.note.as_deref(), MAX_TEXT));
    let mut given = Vec::new();
    for (i, r) in reasons.iter().flatten().enumerate() {
        let text = f.check(
            &format!("reasons[{i}].text"),
            optional_text(r.text.as_deref(), MAX_TEXT),
        );
        given.push(GivenReason {
            code: r.code.trim().to_owned(),
            main: r.main,
            text: text.flatten(),
        });
    }
    let note = f.finish(reasons.and(note))?;
    let detail = app::survey(
        &h,
        &request,
        id.into_inner(),
        SurveyInput {
            reasons: given,
            note,
        },
    )
    .await?;
    Ok(web::Json(detail.into()))
}

/// One reason of the taxonomy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonDefBody {
    #[schema(pattern = "^[a-z][a-z0-9_]{1,49}$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// The customer's words are required (`other` always).
    #[serde(default)]
    pub requires_text: bool,
}

/// The reason taxonomy in force.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TaxonomyBody {
    pub version: i32,
    pub reasons: Vec<ReasonDefBody>,
}

impl From<Taxonomy> for TaxonomyBody {
    fn from(t: Taxonomy) -> Self {
        Self {
            version: t.version,
            reasons: t
                .reasons
                .into_iter()
                .map(|r| ReasonDefBody {
                    code: r.code,
                    name: r.name,
                    requires_text: r.requires_text,
                })
                .collect(),
        }
    }
}

/// A new version of the taxonomy.
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct TaxonomyRequest {
    #[schema(min_items = 1)]
    pub reasons: Vec<ReasonDefBody>,
}

/// The reason taxonomy in force.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/cabut/reasons",
    tag = "cabut",
    security(("bearer" = [])),
    responses((status = 200, body = TaxonomyBody))
)]
pub async fn reasons(
    _caller: Caller,
    h: web::Data<Helpdesk>,
) -> Result<web::Json<TaxonomyBody>, Problem> {
    Ok(web::Json(app::taxonomy(&h).await?.into()))
}

/// Save a new version of the taxonomy (in force at once; surveyed cases keep theirs).
/// 422 `invalid-cabut-taxonomy` names each bad reason (`reasons[i].code`…); `never_ordered` and
/// `did_not_understand_offer` must stay (the mis-sale rule reads them), `other` must
/// require text.
#[utoipa::path(
    put,
    path = "/api/v1/helpdesk/cabut/reasons",
    tag = "cabut",
    security(("bearer" = [])),
    request_body = TaxonomyRequest,
    responses(
        (status = 200, body = TaxonomyBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put_reasons(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    body: web::Json<TaxonomyRequest>,
) -> Result<web::Json<TaxonomyBody>, Problem> {
    let request = super::request(&caller, &req);
    let reasons = body
        .into_inner()
        .reasons
        .into_iter()
        .map(|r| ReasonDef {
            code: r.code.trim().to_owned(),
            name: r.name.trim().to_owned(),
            requires_text: r.requires_text,
        })
        .collect();
    Ok(web::Json(
        app::put_taxonomy(&h, &request, reasons).await?.into(),
    ))
}

/// An error of a rejected row.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CabutImportErrorBody {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

/// A row whose cancellation a case already follows.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CabutImportDuplicateBody {
    pub line: u64,
    pub case_id: Uuid,
    pub case_number: i64,
}

/// A case the import filed.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CabutImportCreatedBody {
    pub line: u64,
    pub case_id: Uuid,
    pub case_number: i64,
    /// Linked to an OBC sale of this suite.
    pub linked: bool,
    /// Flagged `no_activation_known`.
    pub flagged: bool,
}

/// The report of a cancellation-list import: `total` = `created` + `rejected` +
/// `duplicates`.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CabutImportBody {
    pub id: Uuid,
    pub idempotency_key: Option<String>,
    pub sha256: String,
    pub total: u32,
    pub created: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub errors: Vec<CabutImportErrorBody>,
    pub duplicate_rows: Vec<CabutImportDuplicateBody>,
    pub created_cases: Vec<CabutImportCreatedBody>,
    pub ignored_columns: Vec<String>,
    pub imported_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<CabutImport> for CabutImportBody {
    fn from(r: CabutImport) -> Self {
        Self {
            id: r.id,
            idempotency_key: r.idempotency_key,
            sha256: r.sha256,
            total: r.total,
            created: r.created,
            rejected: r.rejected,
            duplicates: r.duplicates,
            errors: r
                .details
                .errors
                .into_iter()
                .map(|e| CabutImportErrorBody {
                    line: e.line,
                    field: e.field,
                    reason: e.reason,
                })
                .collect(),
            duplicate_rows: r
                .details
                .duplicates
                .into_iter()
                .map(|d| CabutImportDuplicateBody {
                    line: d.line,
                    case_id: d.case_id,
                    case_number: d.case_number,
                })
                .collect(),
            created_cases: r
                .details
                .created
                .into_iter()
                .map(|c| CabutImportCreatedBody {
                    line: c.line,
                    case_id: c.case_id,
                    case_number: c.case_number,
                    linked: c.linked,
                    flagged: c.flagged,
                })
                .collect(),
            ignored_columns: r.details.ignored_columns,
            imported_by: r.imported_by,
            created_at: r.created_at,
        }
    }
}

/// Import the client's cancellation list.
///
/// The body is the CSV file (`text/csv`; else 415), streamed: a header naming
/// `indihome_number`, `product_code`, `cancelled_on` (`YYYY-MM-DD` or `DD/MM/YYYY`),
/// `channel` and optionally `customer_name`, `contact_number`. Bad rows (an unknown
/// channel or product, a date after today…) are reported with their line and field and
/// left out; a cancellation a case already follows is a duplicate; the good rows are
/// filed (OBC rows linked to their sale or flagged). The file is all or nothing: an
/// upload that breaks off is 400 naming `body`, an unreadable header 400 naming
/// `header`. `Idempotency-Key`: the same key and file answer the stored report (200,
/// `Idempotent-Replayed: true`); another file is 422 `idempotency-key-reused`.
#[utoipa::path(
    post,
    path = "/api/v1/helpdesk/cabut/imports",
    tag = "cabut",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$",
            description = "the same key imports once"),
    ),
    request_body(content = String, content_type = "text/csv", description = "the cancellation list"),
    responses(
        (status = 201, body = CabutImportBody, description = "imported"),
        (status = 200, body = CabutImportBody,
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
    body: web::Payload,
) -> Result<HttpResponse, Problem> {
    require_csv(&req, "the body must be the cancellation list as text/csv")?;
    let key = tam_kernel::idempotency_key_of(&req)?;
    let request = super::request(&caller, &req);
    let imported = app::import(&h, &request, key, body).await?;
    Ok(imported.respond(
        |report| format!("/api/v1/helpdesk/cabut/imports/{}", report.id),
        CabutImportBody::from,
    ))
}

/// One cancellation-list import's report.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/cabut/imports/{id}",
    tag = "cabut",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "import id")),
    responses(
        (status = 200, body = CabutImportBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get_import(
    _caller: Caller,
    h: web::Data<Helpdesk>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CabutImportBody>, Problem> {
    Ok(web::Json(
        app::get_import(&h, id.into_inner()).await?.into(),
    ))
}

/// The month and grouping of the stats.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// `YYYY-MM`: the cases cancelled that month.
    #[param(required = true, value_type = String, pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    /// `channel` (default), `program`, `site` or `agent`.
    #[param(schema_with = group_code)]
    pub group_by: Option<String>,
}

/// A month's first day and the next month's.
fn month_of(v: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", v.trim()), "%Y-%m-%d")
        .map_err(|_| "must be a month, YYYY-MM".to_owned())?;
    let next = crate::domain::next_month(first).ok_or_else(|| "is out of range".to_owned())?;
    Ok((first, next))
}

fn group_of(v: &str) -> Result<GroupBy, String> {
    Ok(match v.trim() {
        "channel" => GroupBy::Channel,
        "program" => GroupBy::Program,
        "site" => GroupBy::Site,
        "agent" => GroupBy::Agent,
        other => {
            return Err(format!(
                "{other:?} is not a grouping (channel, program, site, agent)"
            ))
        }
    })
}

/// One reason's count in a group.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ReasonCountBody {
    pub code: String,
    /// Cases naming it.
    pub cases: u64,
    /// Cases naming it main.
    pub main: u64,
}

/// One group's counts.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct StatsGroupBody {
    /// The channel, program, site or agent id; `null` for cases without one (a program,
    /// site or agent is known only for OBC sales of this suite).
    pub key: Option<String>,
    pub cancellations: u64,
    pub surveyed: u64,
    /// Cases with a reached contact attempt.
    pub reached: u64,
    pub mis_sales: u64,
    pub reasons: Vec<ReasonCountBody>,
}

/// The month's stats.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct StatsBody {
    pub month: String,
    #[schema(pattern = "^(channel|program|site|agent)$")]
    pub group_by: String,
    pub groups: Vec<StatsGroupBody>,
}

impl From<GroupStats> for StatsGroupBody {
    fn from(g: GroupStats) -> Self {
        Self {
            key: g.key,
            cancellations: g.cancellations,
            surveyed: g.surveyed,
            reached: g.reached,
            mis_sales: g.mis_sales,
            reasons: g
                .reasons
                .into_iter()
                .map(|(code, cases, main)| ReasonCountBody { code, cases, main })
                .collect(),
        }
    }
}

/// The CABUT stats of a month (cases by the day of cancellation) per channel, program,
/// site or agent: cancellations, surveyed, reached, the reason distribution, the
/// possible mis-sales. Scoped: the desk and all-site roles every case; a site's
/// supervisors their site's OBC sales, a team leader their team's, an agent their own.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/cabut/stats",
    tag = "cabut",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, body = StatsBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn stats(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    query: web::Query<StatsQuery>,
) -> Result<web::Json<StatsBody>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let month = f.required("month", q.month.as_deref(), month_of);
    let group = match q.group_by.as_deref() {
        None => Some(GroupBy::Channel),
        Some(v) => f.check("group_by", group_of(v)),
    };
    let ((from, to), group) = f.finish((|| Some((month?, group?)))())?;
    let groups = app::stats(&h, &request, from, to, group).await?;
    Ok(web::Json(StatsBody {
        month: from.format("%Y-%m").to_string(),
        group_by: q
            .group_by
            .unwrap_or_else(|| "channel".to_owned())
            .trim()
            .to_owned(),
        groups: groups.into_iter().map(StatsGroupBody::from).collect(),
    }))
}
