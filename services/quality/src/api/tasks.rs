//! `/api/v1/quality/tasks`: tapping tasks, the claim and the QCO's verdict.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Cursor, Limit, Problem, Program, Role, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::parameters::ParameterSetBody;
use super::schema::{self, ProblemBody};
use super::{date, id};
use crate::app::tasks::{self as app, TaskDetail, VerdictInput};
use crate::app::Quality;
use crate::domain::task::{
    check_reason, ItemScore, Judgement, Task, TaskStatus, Verdict, VerdictRecord,
};
use crate::domain::{optional_text, parse_code, Fields, Rejection};
use crate::store::tasks::TaskFilter;
use tam_kernel::parse_page;

/// The longest reason, recommendation or note.
pub const MAX_TEXT: usize = 2000;

/// A tapping task.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TaskBody {
    pub id: Uuid,
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub product_code: Option<String>,
    pub negotiation_step: Option<i32>,
    pub call_started_at: DateTime<Utc>,
    pub call_ended_at: DateTime<Utc>,
    /// The WIB date of the call: the day (and month) it counts in.
    pub call_day: NaiveDate,
    /// The parameter version the task is scored against (in force when it was created).
    pub parameter_version_id: Uuid,
    /// The previous task of the same prospect (a re-called sale), if any.
    pub previous_task_id: Option<Uuid>,
    #[schema(schema_with = schema::task_status)]
    pub status: TaskStatus,
    pub claimed_by: Option<Uuid>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub lease_expires_at: Option<DateTime<Utc>>,
    /// The current verdict (latest revision); `null` before the QCO's.
    #[schema(schema_with = schema::nullable_verdict)]
    pub verdict: Option<Verdict>,
    /// The weighted share of passed items, 0–100.
    pub score: Option<f64>,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    pub judged_by: Option<Uuid>,
    pub judged_at: Option<DateTime<Utc>>,
    /// 0 before the verdict, 1 for the QCO's, +1 for each correction.
    pub revision: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Task> for TaskBody {
    fn from(t: Task) -> Self {
        Self {
            id: t.id,
            call_id: t.call_id,
            prospect_id: t.prospect_id,
            work_order_id: t.work_order_id,
            agent_id: t.agent_id,
            team_id: t.team_id,
            site: t.site,
            program: t.program,
            product_code: t.product_code,
            negotiation_step: t.negotiation_step,
            call_started_at: t.call_started_at,
            call_ended_at: t.call_ended_at,
            call_day: t.call_day,
            parameter_version_id: t.parameter_version_id,
            previous_task_id: t.previous_task_id,
            status: t.status,
            claimed_by: t.claimed_by,
            claimed_at: t.claimed_at,
            lease_expires_at: t.lease_expires_at,
            verdict: t.verdict,
            score: t.score,
            reason: t.reason,
            recommendation: t.recommendation,
            judged_by: t.judged_by,
            judged_at: t.judged_at,
            revision: t.revision,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// The QCO's score of one item.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ItemScoreBody {
    pub code: String,
    pub passed: bool,
    pub note: Option<String>,
}

impl From<ItemScore> for ItemScoreBody {
    fn from(s: ItemScore) -> Self {
        Self {
            code: s.code,
            passed: s.passed,
            note: s.note,
        }
    }
}

/// One verdict of a task.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct VerdictBody {
    pub revision: u32,
    #[schema(schema_with = schema::verdict)]
    pub verdict: Verdict,
    pub score: f64,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    pub decided_by: Uuid,
    /// `qc_officer` for revision 1, `supervisor_quality` for a correction.
    #[schema(schema_with = schema::role)]
    pub decided_role: Role,
    pub decided_at: DateTime<Utc>,
}

impl From<VerdictRecord> for VerdictBody {
    fn from(v: VerdictRecord) -> Self {
        Self {
            revision: v.revision,
            verdict: v.verdict,
            score: v.score,
            reason: v.reason,
            recommendation: v.recommendation,
            decided_by: v.decided_by,
            decided_role: v.decided_role,
            decided_at: v.decided_at,
        }
    }
}

/// An earlier task of the same prospect, with its verdicts.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct HistoryEntryBody {
    pub task: TaskBody,
    pub verdicts: Vec<VerdictBody>,
}

/// A task with its parameter version, scores, verdicts and the sale's history.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TaskDetailBody {
    pub task: TaskBody,
    pub parameters: ParameterSetBody,
    /// In the version's item order; empty before the verdict.
    pub scores: Vec<ItemScoreBody>,
    /// Revision order.
    pub verdicts: Vec<VerdictBody>,
    /// The earlier tasks of the same prospect, in call order (a RETURN, then its
    /// re-call, …).
    pub history: Vec<HistoryEntryBody>,
}

impl From<TaskDetail> for TaskDetailBody {
    fn from(d: TaskDetail) -> Self {
        Self {
            task: d.task.into(),
            parameters: d.parameters.into(),
            scores: d.scores.into_iter().map(Into::into).collect(),
            verdicts: d.verdicts.into_iter().map(Into::into).collect(),
            history: d
                .history
                .into_iter()
                .map(|(task, verdicts)| HistoryEntryBody {
                    task: task.into(),
                    verdicts: verdicts.into_iter().map(Into::into).collect(),
                })
                .collect(),
        }
    }
}

/// One page of tasks.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TaskPage {
    pub items: Vec<TaskBody>,
    pub next_cursor: Option<String>,
}

/// Filters and page of the task list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct TaskListQuery {
    /// Only this status.
    #[param(schema_with = schema::task_status)]
    pub status: Option<String>,
    /// Only calls of this WIB day, `YYYY-MM-DD`.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub day: Option<String>,
    /// Only this agent's calls.
    #[param(value_type = Option<uuid::Uuid>)]
    pub agent_id: Option<String>,
    /// Only this program.
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl TaskListQuery {
    fn parse(self) -> Result<(TaskFilter, Limit, Option<Cursor>), Rejection> {
        fn optional<T>(
            f: &mut Fields,
            field: &str,
            value: Option<&str>,
            parse: impl FnOnce(&str) -> Result<T, String>,
        ) -> Option<Option<T>> {
            match value {
                None => Some(None),
                Some(v) => f.check(field, parse(v)).map(Some),
            }
        }
        let mut f = Fields::new();
        let status = optional(&mut f, "status", self.status.as_deref(), str::parse);
        let day = optional(&mut f, "day", self.day.as_deref(), date);
        let agent_id = optional(&mut f, "agent_id", self.agent_id.as_deref(), id);
        let program = optional(&mut f, "program", self.program.as_deref(), |v| {
            parse_code(v, Program::CODES)
        });
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                TaskFilter {
                    status: status?,
                    day: day?,
                    agent_id: agent_id?,
                    program: program?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// The score of one item in a verdict.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ItemScoreRequest {
    /// An item code of the task's parameter version.
    #[schema(required = true, nullable = false)]
    pub code: Option<String>,
    #[schema(required = true, nullable = false)]
    pub passed: Option<bool>,
    /// Up to 2000 characters.
    pub note: Option<String>,
}

/// A QCO's verdict.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct VerdictRequest {
    /// Every item of the task's parameter version, exactly once.
    #[schema(required = true, nullable = false)]
    pub scores: Option<Vec<ItemScoreRequest>>,
    /// `valid` or `return`.
    #[schema(required = true, nullable = false, schema_with = schema::request_verdict)]
    pub verdict: Option<String>,
    /// Required for `return` (the agent reads it before the re-call); up to 2000
    /// characters.
    pub reason: Option<String>,
    /// What the agent should do differently; up to 2000 characters.
    pub recommendation: Option<String>,
}

/// A verdict (or a decision's) `verdict`, `reason` and `recommendation`.
pub(crate) fn judgement(
    f: &mut Fields,
    verdict: Option<&str>,
    reason: Option<&str>,
    recommendation: Option<&str>,
) -> Option<Judgement> {
    let verdict = f.required("verdict", verdict, Verdict::parse_request);
    let reason = f.check("reason", optional_text(reason, MAX_TEXT));
    let recommendation = f.check("recommendation", optional_text(recommendation, MAX_TEXT));
    if let (Some(verdict), Some(reason)) = (verdict, &reason) {
        f.check("reason", check_reason(verdict, reason.as_deref()));
    }
    Some(Judgement {
        verdict: verdict?,
        reason: reason?,
        recommendation: recommendation?,
    })
}

impl TryFrom<VerdictRequest> for VerdictInput {
    type Error = Rejection;

    fn try_from(r: VerdictRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let scores = match r.scores {
            None => {
                f.error("scores", "is required");
                None
            }
            Some(items) => {
                let mut scores = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, s) in items.into_iter().enumerate() {
                    let code = f.required(&format!("scores[{i}].code"), s.code.as_deref(), |c| {
                        let code = c.trim().to_uppercase();
                        if code.is_empty() {
                            Err("must not be empty".to_owned())
                        } else {
                            Ok(code)
                        }
                    });
                    let passed =
                        f.required(&format!("scores[{i}].passed"), s.passed, Ok::<_, String>);
                    let note = f.check(
                        &format!("scores[{i}].note"),
                        optional_text(s.note.as_deref(), MAX_TEXT),
                    );
                    match (code, passed, note) {
                        (Some(code), Some(passed), Some(note)) => {
                            scores.push(ItemScore { code, passed, note })
                        }
                        _ => ok = false,
                    }
                }
                ok.then_some(scores)
            }
        };
        let judgement = judgement(
            &mut f,
            r.verdict.as_deref(),
            r.reason.as_deref(),
            r.recommendation.as_deref(),
        );
        let input = (|| {
            Some(VerdictInput {
                scores: scores?,
                judgement: judgement?,
            })
        })();
        f.finish(input)
    }
}

/// List the tapping tasks of the caller's site (all-site roles: every site), oldest
/// first.
#[utoipa::path(
    get,
    path = "/api/v1/quality/tasks",
    tag = "tasks",
    security(("bearer" = [])),
    params(TaskListQuery),
    responses(
        (status = 200, body = TaskPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    query: web::Query<TaskListQuery>,
) -> Result<web::Json<TaskPage>, Problem> {
    let request = super::request(&caller, &req);
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = app::list(&q, &request, filter, cursor, limit).await?;
    Ok(web::Json(TaskPage {
        items: page.items.into_iter().map(TaskBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One task with its parameter version, scores, verdicts and the earlier tasks of the
/// same prospect (404 outside the caller's site).
#[utoipa::path(
    get,
    path = "/api/v1/quality/tasks/{id}",
    tag = "tasks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "task id")),
    responses(
        (status = 200, body = TaskDetailBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<TaskDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let detail = app::get(&q, &request, id.into_inner()).await?;
    Ok(web::Json(detail.into()))
}

/// Claim a task: the one the caller already holds, else the oldest waiting task of
/// their site (or one whose lease expired), leased to them for `TAM_TAPPING_LEASE_SECS`.
/// Concurrent claims never get the same task. 204 when there is none.
#[utoipa::path(
    post,
    path = "/api/v1/quality/tasks/claim",
    tag = "tasks",
    security(("bearer" = [])),
    responses(
        (status = 200, body = TaskBody),
        (status = 204, description = "no task is waiting at the caller's site"),
    )
)]
pub async fn claim(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    Ok(match app::claim(&q, &request).await? {
        Some(task) => HttpResponse::Ok().json(TaskBody::from(task)),
        None => HttpResponse::NoContent().finish(),
    })
}

/// Give the verdict on the task the caller holds (lease unexpired; once).
///
/// Every item of the task's parameter version scored exactly once (400 names missing,
/// unknown and repeated codes); `return` needs a reason (400); `valid` with a failed
/// critical item is 422 `critical-item-failed`; 404 outside the caller's site; 409 when
/// the caller does not hold the task, the lease expired or it has a verdict already.
/// Stores the weighted score, queues the QA review (every RETURN and the sampled
/// VALIDs) and publishes `quality.call.validated` revision 1.
#[utoipa::path(
    post,
    path = "/api/v1/quality/tasks/{id}/verdict",
    tag = "tasks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "task id")),
    request_body = VerdictRequest,
    responses(
        (status = 200, body = TaskDetailBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn verdict(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<VerdictRequest>,
) -> Result<web::Json<TaskDetailBody>, Problem> {
    let request = super::request(&caller, &req);
    let input = VerdictInput::try_from(body.into_inner())?;
    let detail = app::judge(&q, &request, id.into_inner(), input).await?;
    Ok(web::Json(detail.into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: serde_json::Value) -> Result<VerdictInput, Rejection> {
        VerdictInput::try_from(serde_json::from_value::<VerdictRequest>(body).unwrap())
    }

    fn fields(r: Result<VerdictInput, Rejection>) -> Vec<String> {
        let Err(Rejection::Invalid(errors)) = r else {
            panic!("expected a 400");
        };
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_verdict_parses_with_upper_case_codes() {
        let input = parse(json!({
            "scores": [{"code": "greeting", "passed": true, "note": " fine "}],
            "verdict": "return", "reason": "no consent", "recommendation": "ask again",
        }))
        .unwrap();
        assert_eq!(input.scores[0].code, "GREETING");
        assert_eq!(input.scores[0].note.as_deref(), Some("fine"));
        assert_eq!(input.judgement.verdict, Verdict::Returned);
    }

    #[test]
    fn a_return_without_reason_and_bad_scores_are_named() {
        assert_eq!(
            fields(parse(json!({"scores": [], "verdict": "return"}))),
            ["reason"]
        );
        assert_eq!(
            fields(parse(
                json!({"scores": [], "verdict": "return", "reason": "  "})
            )),
            ["reason"]
        );
        assert_eq!(
            fields(parse(
                json!({"scores": [{"code": "A"}, {"passed": true}], "verdict": "x"})
            )),
            ["scores[0].passed", "scores[1].code", "verdict"]
        );
        assert_eq!(fields(parse(json!({"verdict": "valid"}))), ["scores"]);
    }

    #[test]
    fn list_queries() {
        let q = TaskListQuery {
            status: Some("waiting".into()),
            day: Some("2026-03-31".into()),
            ..Default::default()
        };
        let (filter, _, _) = q.parse().unwrap();
        assert_eq!(filter.status, Some(TaskStatus::Waiting));
        assert_eq!(filter.day, NaiveDate::from_ymd_opt(2026, 3, 31));
        let q = TaskListQuery {
            status: Some("open".into()),
            day: Some("31-03-2026".into()),
            agent_id: Some("x".into()),
            program: Some("y".into()),
            limit: Some("0".into()),
            cursor: None,
        };
        let Err(Rejection::Invalid(errors)) = q.parse() else {
            panic!("expected errors");
        };
        assert_eq!(errors.len(), 5);
    }
}
