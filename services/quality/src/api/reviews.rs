//! `/api/v1/quality/reviews`: QA verification of QC verdicts and the supervisor's
//! decision on a disagreement.

use actix_web::{web, HttpRequest};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Cursor, Limit, Problem, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use super::tasks::{judgement, MAX_TEXT};
use crate::app::{reviews as app, Quality};
use crate::domain::review::{check_note, Decision, Opinion, QueuedFor, Review, ReviewStatus};
use crate::domain::task::Verdict;
use crate::domain::{optional_text, Fields, Rejection};
use tam_kernel::parse_page;

/// A review of a QCO verdict.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ReviewBody {
    pub id: Uuid,
    pub task_id: Uuid,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::queued_for)]
    pub queued_for: QueuedFor,
    pub qco_id: Uuid,
    #[schema(schema_with = schema::verdict)]
    pub qco_verdict: Verdict,
    #[schema(schema_with = schema::review_status)]
    pub status: ReviewStatus,
    pub qa_id: Option<Uuid>,
    pub qa_agree: Option<bool>,
    pub qa_note: Option<String>,
    pub qa_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    #[schema(schema_with = schema::verdict)]
    pub decision_verdict: Option<Verdict>,
    pub decision_reason: Option<String>,
    pub decision_recommendation: Option<String>,
    pub decision_note: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<Review> for ReviewBody {
    fn from(r: Review) -> Self {
        Self {
            id: r.id,
            task_id: r.task_id,
            site: r.site,
            queued_for: r.queued_for,
            qco_id: r.qco_id,
            qco_verdict: r.qco_verdict,
            status: r.status,
            qa_id: r.qa_id,
            qa_agree: r.qa_agree,
            qa_note: r.qa_note,
            qa_at: r.qa_at,
            decided_by: r.decided_by,
            decision_verdict: r.decision_verdict,
            decision_reason: r.decision_reason,
            decision_recommendation: r.decision_recommendation,
            decision_note: r.decision_note,
            decided_at: r.decided_at,
            created_at: r.created_at,
        }
    }
}

/// One page of reviews.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ReviewPage {
    pub items: Vec<ReviewBody>,
    pub next_cursor: Option<String>,
}

/// Filter and page of the review list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ReviewListQuery {
    /// Only this status: `pending`, `agreed`, `disputed`, `decided`.
    #[param(schema_with = schema::review_status)]
    pub status: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl ReviewListQuery {
    fn parse(self) -> Result<(Option<ReviewStatus>, Limit, Option<Cursor>), Rejection> {
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

/// A QA officer's opinion of the QCO verdict.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct OpinionRequest {
    #[schema(required = true, nullable = false)]
    pub agree: Option<bool>,
    /// Required when disagreeing; up to 2000 characters.
    pub note: Option<String>,
}

impl TryFrom<OpinionRequest> for Opinion {
    type Error = Rejection;

    fn try_from(r: OpinionRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let agree = f.required("agree", r.agree, Ok::<_, String>);
        let note = f.check("note", optional_text(r.note.as_deref(), MAX_TEXT));
        if let (Some(agree), Some(note)) = (agree, &note) {
            f.check("note", check_note(agree, note.as_deref()));
        }
        let opinion = (|| {
            Some(Opinion {
                agree: agree?,
                note: note?,
            })
        })();
        f.finish(opinion)
    }
}

/// A quality supervisor's final decision on a disputed review.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `valid` or `return`.
    #[schema(required = true, nullable = false, schema_with = schema::request_verdict)]
    pub verdict: Option<String>,
    /// Required for `return`; up to 2000 characters.
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    /// Why; up to 2000 characters.
    pub note: Option<String>,
}

impl TryFrom<DecisionRequest> for Decision {
    type Error = Rejection;

    fn try_from(r: DecisionRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let judgement = judgement(
            &mut f,
            r.verdict.as_deref(),
            r.reason.as_deref(),
            r.recommendation.as_deref(),
        );
        let note = f.check("note", optional_text(r.note.as_deref(), MAX_TEXT));
        let decision = (|| {
            Some(Decision {
                judgement: judgement?,
                note: note?,
            })
        })();
        f.finish(decision)
    }
}

/// List the reviews of the caller's site, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/quality/reviews",
    tag = "reviews",
    security(("bearer" = [])),
    params(ReviewListQuery),
    responses(
        (status = 200, body = ReviewPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    query: web::Query<ReviewListQuery>,
) -> Result<web::Json<ReviewPage>, Problem> {
    let request = super::request(&caller, &req);
    let (status, limit, cursor) = query.into_inner().parse()?;
    let page = app::list(&q, &request, status, cursor, limit).await?;
    Ok(web::Json(ReviewPage {
        items: page.items.into_iter().map(ReviewBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// Agree or disagree with the QCO verdict of a pending review (once: 409 after; a note
/// is required when disagreeing; 404 outside the caller's site). A disagreement goes
/// to the site's quality supervisor.
#[utoipa::path(
    post,
    path = "/api/v1/quality/reviews/{id}/opinion",
    tag = "reviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "review id")),
    request_body = OpinionRequest,
    responses(
        (status = 200, body = ReviewBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn opinion(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<OpinionRequest>,
) -> Result<web::Json<ReviewBody>, Problem> {
    let request = super::request(&caller, &req);
    let opinion = Opinion::try_from(body.into_inner())?;
    let review = app::give_opinion(&q, &request, id.into_inner(), opinion).await?;
    Ok(web::Json(review.into()))
}

/// Decide a disputed review (final; 409 for any other status; 404 outside the caller's
/// site). A decision that changes the verdict corrects the task and publishes
/// `quality.call.validated` with the next revision.
#[utoipa::path(
    post,
    path = "/api/v1/quality/reviews/{id}/decision",
    tag = "reviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "review id")),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = ReviewBody),
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
    body: web::Json<DecisionRequest>,
) -> Result<web::Json<ReviewBody>, Problem> {
    let request = super::request(&caller, &req);
    let decision = Decision::try_from(body.into_inner())?;
    let review = app::decide(&q, &request, id.into_inner(), decision).await?;
    Ok(web::Json(review.into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_disagreement_needs_a_note() {
        let Err(Rejection::Invalid(errors)) = Opinion::try_from(OpinionRequest {
            agree: Some(false),
            note: None,
        }) else {
            panic!("expected a 400");
        };
        assert_eq!(errors[0].field, "note");
        assert!(Opinion::try_from(OpinionRequest {
            agree: Some(true),
            note: None
        })
        .is_ok());
        assert!(Opinion::try_from(OpinionRequest::default()).is_err());
    }

    #[test]
    fn a_decision_to_return_needs_a_reason() {
        assert!(Decision::try_from(DecisionRequest {
            verdict: Some("return".into()),
            ..Default::default()
        })
        .is_err());
        let d = Decision::try_from(DecisionRequest {
            verdict: Some("valid".into()),
            note: Some("consent is clear at 02:10".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(d.judgement.verdict, Verdict::Valid);
    }
}
