//! `/api/v1/quality/mis-sale-reviews`: the reviews of calls whose cancelled sale the
//! customer says they never ordered or did not understand (helpdesk's CABUT survey),
//! and the quality supervisor's decision.

use actix_web::{web, HttpRequest};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::codes;
use tam_auth::Caller;
use tam_kernel::{parse_page, Cursor, Limit, Problem, Program, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use super::tasks::MAX_TEXT;
use crate::app::{mis_sales as app, Quality};
use crate::domain::mis_sale::{Finding, MisSaleDecision, MisSaleReview, MisSaleStatus};
use crate::domain::{optional_text, Fields, Rejection};

fn status_code() -> utoipa::openapi::Object {
    codes(MisSaleStatus::CODES, "mis-sale review status")
}

fn finding_code() -> utoipa::openapi::Object {
    codes(Finding::CODES, "mis-sale finding")
}

fn nullable_finding_code() -> utoipa::openapi::Object {
    tam_auth::openapi::nullable_codes(Finding::CODES, "mis-sale finding, null while pending")
}

/// A review of a possible mis-sale.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct MisSaleReviewBody {
    pub id: Uuid,
    /// `mis_sale`: the review kind (QA's verification reviews are under `/reviews`).
    #[schema(pattern = "^mis_sale$")]
    pub kind: String,
    /// helpdesk's CABUT case.
    pub case_id: Uuid,
    pub call_id: Uuid,
    /// The call's tapping task, when quality has it.
    pub task_id: Option<Uuid>,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    /// `never_ordered` or `did_not_understand_offer`.
    pub main_reason: String,
    /// Every reason the customer gave, main first.
    pub reasons: Vec<String>,
    pub survey_note: Option<String>,
    pub surveyed_at: DateTime<Utc>,
    #[schema(schema_with = status_code)]
    pub status: MisSaleStatus,
    #[schema(schema_with = nullable_finding_code)]
    pub finding: Option<Finding>,
    pub decision_note: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<MisSaleReview> for MisSaleReviewBody {
    fn from(r: MisSaleReview) -> Self {
        Self {
            id: r.id,
            kind: "mis_sale".to_owned(),
            case_id: r.case_id,
            call_id: r.call_id,
            task_id: r.task_id,
            agent_id: r.agent_id,
            team_id: r.team_id,
            site: r.site,
            program: r.program,
            indihome_number: r.indihome_number,
            product_code: r.product_code,
            cancelled_on: r.cancelled_on,
            main_reason: r.main_reason,
            reasons: r.reasons,
            survey_note: r.survey_note,
            surveyed_at: r.surveyed_at,
            status: r.status,
            finding: r.finding,
            decision_note: r.decision_note,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            created_at: r.created_at,
        }
    }
}

/// One page of mis-sale reviews.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct MisSaleReviewPage {
    pub items: Vec<MisSaleReviewBody>,
    pub next_cursor: Option<String>,
}

/// Filter and page of the list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct MisSaleListQuery {
    /// `pending` or `decided`.
    #[param(schema_with = status_code)]
    pub status: Option<String>,
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl MisSaleListQuery {
    fn parse(self) -> Result<(Option<MisSaleStatus>, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let status = match self.status.as_deref() {
            None => Some(None),
            Some(v) => f.check("status", v.parse()).map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((status?, limit, cursor))
        })();
        f.finish(parsed)
    }
}

/// The quality supervisor's decision on a mis-sale review.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct MisSaleDecisionRequest {
    /// `mis_sale` or `not_mis_sale`.
    #[schema(required = true, nullable = false, schema_with = finding_code)]
    pub finding: Option<String>,
    /// Why: what the recording shows; 1 to 2000 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 2000,
        pattern = r"\S"
    )]
    pub note: Option<String>,
}

impl TryFrom<MisSaleDecisionRequest> for MisSaleDecision {
    type Error = Rejection;

    fn try_from(r: MisSaleDecisionRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let finding = f.required("finding", r.finding.as_deref(), |v| v.parse::<Finding>());
        let note = f
            .check("note", optional_text(r.note.as_deref(), MAX_TEXT))
            .and_then(|n| {
                if n.is_none() {
                    f.error("note", "is required: what the recording shows");
                }
                n
            });
        f.finish((|| {
            Some(MisSaleDecision {
                finding: finding?,
                note: note?,
            })
        })())
    }
}

/// List the mis-sale reviews of the caller's site, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/quality/mis-sale-reviews",
    tag = "reviews",
    security(("bearer" = [])),
    params(MisSaleListQuery),
    responses(
        (status = 200, body = MisSaleReviewPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    query: web::Query<MisSaleListQuery>,
) -> Result<web::Json<MisSaleReviewPage>, Problem> {
    let request = super::request(&caller, &req);
    let (status, limit, cursor) = query.into_inner().parse()?;
    let page = app::list(&q, &request, status, cursor, limit).await?;
    Ok(web::Json(MisSaleReviewPage {
        items: page
            .items
            .into_iter()
            .map(MisSaleReviewBody::from)
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// Decide a mis-sale review (final; 409 once decided; 404 outside the caller's site).
#[utoipa::path(
    post,
    path = "/api/v1/quality/mis-sale-reviews/{id}/decision",
    tag = "reviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "mis-sale review id")),
    request_body = MisSaleDecisionRequest,
    responses(
        (status = 200, body = MisSaleReviewBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn decision(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<MisSaleDecisionRequest>,
) -> Result<web::Json<MisSaleReviewBody>, Problem> {
    let request = super::request(&caller, &req);
    let decision = MisSaleDecision::try_from(body.into_inner())?;
    let review = app::decide(&q, &request, id.into_inner(), decision).await?;
    Ok(web::Json(review.into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_needs_a_finding_and_a_note() {
        let Err(Rejection::Invalid(errors)) = MisSaleDecision::try_from(MisSaleDecisionRequest {
            finding: Some("mis_sale".into()),
            note: Some("  ".into()),
        }) else {
            panic!("expected a 400");
        };
        assert_eq!(errors[0].field, "note");
        assert!(MisSaleDecision::try_from(MisSaleDecisionRequest {
            finding: Some("perhaps".into()),
            note: Some("x".into()),
        })
        .is_err());
        let d = MisSaleDecision::try_from(MisSaleDecisionRequest {
            finding: Some("not_mis_sale".into()),
            note: Some("the offer was read in full at 01:20".into()),
        })
        .unwrap();
        assert_eq!(d.finding, Finding::NotMisSale);
    }
}
