//! Work orders: the client's order for a campaign at one site and program, with its
//! offers, attempt limits and retry waits. Status moves draft → active → closed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tam_kernel::{Activity, FieldError, Program, Site};
use uuid::Uuid;

use super::{rules, Rejection};

/// Where a work order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkOrderStatus {
    /// Being prepared: editable, nothing is called.
    Draft,
    /// Its prospects are called.
    Active,
    /// Finished: nothing more is called, nothing changes.
    Closed,
}

impl WorkOrderStatus {
    pub const CODES: &'static [&'static str] = &["draft", "active", "closed"];

    pub const fn as_str(self) -> &'static str {
        match self {
            WorkOrderStatus::Draft => "draft",
            WorkOrderStatus::Active => "active",
            WorkOrderStatus::Closed => "closed",
        }
    }

    /// Checks the move from `self` to `to`: only draft → active and active → closed
    /// (409 otherwise).
    pub fn transition(self, to: WorkOrderStatus) -> Result<WorkOrderStatus, Rejection> {
        match (self, to) {
            (WorkOrderStatus::Draft, WorkOrderStatus::Active)
            | (WorkOrderStatus::Active, WorkOrderStatus::Closed) => Ok(to),
            _ => Err(Rejection::Conflict(format!(
                "a work order that is {} cannot become {}",
                self.as_str(),
                to.as_str()
            ))),
        }
    }
}

impl std::fmt::Display for WorkOrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for WorkOrderStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "draft" => Ok(WorkOrderStatus::Draft),
            "active" => Ok(WorkOrderStatus::Active),
            "closed" => Ok(WorkOrderStatus::Closed),
            _ => Err(format!(
                "must be one of: {}",
                WorkOrderStatus::CODES.join(", ")
            )),
        }
    }
}

/// A product a sales work order offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub product_code: String,
    pub product_name: String,
}

/// One step of a retention work order's negotiation, in the order the client allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegotiationStep {
    pub step: u32,
    pub description: String,
}

/// What a work order offers: products (sales programs) or negotiation steps
/// (retention). Serialized as the plain list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Offers {
    Products(Vec<Product>),
    Steps(Vec<NegotiationStep>),
}

/// The most offers one work order carries.
pub const MAX_OFFERS: usize = 100;

fn text(item: &Value, key: &str, max: usize) -> Result<String, String> {
    match item.get(key) {
        None | Some(Value::Null) => Err("is required".to_owned()),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.is_empty() || s.chars().count() > max {
                Err(format!("must be 1 to {max} characters"))
            } else {
                Ok(s.to_owned())
            }
        }
        Some(_) => Err("must be a string".to_owned()),
    }
}

impl Offers {
    /// Parses the `offers` of a request for a program of `activity`: a non-empty list of
    /// `{product_code, product_name}` (sales, codes unique) or of `{step, description}`
    /// numbered 1, 2, 3… in order (retention). Errors name `offers[i].field`.
    pub fn parse(activity: Activity, value: &Value) -> Result<Offers, Vec<FieldError>> {
        let Value::Array(items) = value else {
            return Err(vec![FieldError::new("offers", "must be a list")]);
        };
        if items.is_empty() || items.len() > MAX_OFFERS {
            return Err(vec![FieldError::new(
                "offers",
                format!("must list 1 to {MAX_OFFERS} offers"),
            )]);
        }
        let mut errors = Vec::new();
        let mut error = |i: usize, field: &str, reason: String| {
            errors.push(FieldError::new(format!("offers[{i}].{field}"), reason));
        };
        let offers = match activity {
            Activity::Sales => {
                let mut products: Vec<Product> = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let code = text(item, "product_code", 50);
                    let name = text(item, "product_name", 200);
                    match (code, name) {
                        (Ok(product_code), Ok(product_name)) => {
                            if products.iter().any(|p| p.product_code == product_code) {
                                error(i, "product_code", "is listed twice".to_owned());
                            }
                            products.push(Product {
                                product_code,
                                product_name,
                            });
                        }
                        (code, name) => {
                            if let Err(reason) = code {
                                error(i, "product_code", reason);
                            }
                            if let Err(reason) = name {
                                error(i, "product_name", reason);
                            }
                        }
                    }
                }
                Offers::Products(products)
            }
            Activity::Retention => {
                let mut steps = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let expected = i + 1;
                    let step = match item.get("step").and_then(Value::as_u64) {
                        Some(n) if usize::try_from(n).ok() == Some(expected) => {
                            u32::try_from(n).ok()
                        }
                        _ => {
                            error(
                                i,
                                "step",
                                format!("must be {expected}: steps are numbered 1, 2, 3… in order"),
                            );
                            None
                        }
                    };
                    let description = text(item, "description", 500);
                    if let Err(reason) = &description {
                        error(i, "description", reason.clone());
                    }
                    if let (Some(step), Ok(description)) = (step, description) {
                        steps.push(NegotiationStep { step, description });
                    }
                }
                Offers::Steps(steps)
            }
        };
        if errors.is_empty() {
            Ok(offers)
        } else {
            Err(errors)
        }
    }

    /// The offers as stored (the JSON list).
    pub fn to_json(&self) -> Value {
        match self {
            Offers::Products(p) => serde_json::to_value(p),
            Offers::Steps(s) => serde_json::to_value(s),
        }
        .unwrap_or(Value::Null)
    }

    /// Reads stored offers of a program of `activity`.
    pub fn from_stored(activity: Activity, value: Value) -> Result<Offers, serde_json::Error> {
        Ok(match activity {
            Activity::Sales => Offers::Products(serde_json::from_value(value)?),
            Activity::Retention => Offers::Steps(serde_json::from_value(value)?),
        })
    }
}

/// Minutes to wait before calling a prospect again after each unreached outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryWaits {
    pub no_answer: u32,
    pub busy: u32,
    pub unreachable: u32,
    pub rejected: u32,
}

/// The longest retry wait: one week.
pub const MAX_RETRY_WAIT_MINUTES: i64 = 10_080;

/// A whole number in `min..=max`.
pub fn in_range(value: i64, min: i64, max: i64) -> Result<u32, String> {
    if (min..=max).contains(&value) {
        u32::try_from(value).map_err(|_| format!("must be between {min} and {max}"))
    } else {
        Err(format!("must be between {min} and {max}"))
    }
}

/// Parses the attempt limit (1 to 10).
pub fn max_attempts(value: i64) -> Result<u32, String> {
    in_range(value, 1, 10)
}

/// Parses the daily quota per agent (1 to 500).
pub fn daily_quota(value: i64) -> Result<u32, String> {
    in_range(value, 1, 500)
}

/// Parses one retry wait (0 to a week, in minutes).
pub fn retry_wait(value: i64) -> Result<u32, String> {
    in_range(value, 0, MAX_RETRY_WAIT_MINUTES)
}

/// Parses the client's work order code: 1 to 50 of letters, digits, `.`, `_`, `-`, `/`.
pub fn wo_code(value: &str) -> Result<String, String> {
    let value = value.trim();
    let ok = !value.is_empty()
        && value.len() <= 50
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b));
    if ok {
        Ok(value.to_owned())
    } else {
        Err("must be 1 to 50 letters, digits, '.', '_', '-' or '/'".to_owned())
    }
}

/// Parses a title: 1 to 200 characters.
pub fn title(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 200 {
        Err("must be 1 to 200 characters".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

/// Parses a date written `YYYY-MM-DD`.
pub use tam_kernel::parse_date as date;

/// The validity period must not end before it starts (reported on `valid_to`).
pub fn check_validity(valid_from: NaiveDate, valid_to: NaiveDate) -> Result<(), Rejection> {
    if valid_from > valid_to {
        return Err(Rejection::field(
            "valid_to",
            "must not be before valid_from",
        ));
    }
    Ok(())
}

/// What a work order asks for; all of it may change while it is a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkOrderTerms {
    pub wo_code: String,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub offers: Offers,
    pub max_attempts: u32,
    pub daily_quota_per_agent: u32,
    pub retry_wait_minutes: RetryWaits,
}

/// A checked request to create a work order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWorkOrder {
    pub site: Site,
    pub program: Program,
    pub terms: WorkOrderTerms,
}

impl NewWorkOrder {
    /// The program must run at the site (422 `program-not-at-site`).
    pub fn check_rules(&self) -> Result<(), Rejection> {
        check_program_at_site(self.program, self.site)
    }
}

/// 422 `program-not-at-site` unless `program` runs at `site` (DOMAIN.md's table).
pub fn check_program_at_site(program: Program, site: Site) -> Result<(), Rejection> {
    if program.runs_at(site) {
        Ok(())
    } else {
        Err(Rejection::rule(
            rules::PROGRAM_NOT_AT_SITE,
            format!("the program {program} does not run at {site}"),
        ))
    }
}

/// A stored work order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkOrder {
    pub id: Uuid,
    pub site: Site,
    pub program: Program,
    pub terms: WorkOrderTerms,
    pub status: WorkOrderStatus,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A checked change of a draft's terms; `offers` is checked against the work order's
/// program when applied (the request does not carry the program).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkOrderPatch {
    pub wo_code: Option<String>,
    pub title: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub offers: Option<Value>,
    pub max_attempts: Option<u32>,
    pub daily_quota_per_agent: Option<u32>,
    pub retry_wait_minutes: Option<RetryWaits>,
}

impl WorkOrderPatch {
    /// The terms of `current` with this patch applied: only a draft changes (409), the
    /// offers must fit the program (400) and the period must not end before it starts.
    pub fn apply(self, current: &WorkOrder) -> Result<WorkOrderTerms, Rejection> {
        if current.status != WorkOrderStatus::Draft {
            return Err(Rejection::Conflict(format!(
                "only a draft work order changes; this one is {}",
                current.status
            )));
        }
        let old = &current.terms;
        let offers = match &self.offers {
            Some(value) => {
                Offers::parse(current.program.activity(), value).map_err(Rejection::Invalid)?
            }
            None => old.offers.clone(),
        };
        let terms = WorkOrderTerms {
            wo_code: self.wo_code.unwrap_or_else(|| old.wo_code.clone()),
            title: self.title.unwrap_or_else(|| old.title.clone()),
            valid_from: self.valid_from.unwrap_or(old.valid_from),
            valid_to: self.valid_to.unwrap_or(old.valid_to),
            offers,
            max_attempts: self.max_attempts.unwrap_or(old.max_attempts),
            daily_quota_per_agent: self
                .daily_quota_per_agent
                .unwrap_or(old.daily_quota_per_agent),
            retry_wait_minutes: self.retry_wait_minutes.unwrap_or(old.retry_wait_minutes),
        };
        check_validity(terms.valid_from, terms.valid_to)?;
        Ok(terms)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn terms() -> WorkOrderTerms {
        WorkOrderTerms {
            wo_code: "WO-1".into(),
            title: "Add-on Maret".into(),
            valid_from: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            valid_to: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            offers: Offers::Products(vec![Product {
                product_code: "MINIPACK".into(),
                product_name: "Minipack".into(),
            }]),
            max_attempts: 3,
            daily_quota_per_agent: 100,
            retry_wait_minutes: RetryWaits {
                no_answer: 60,
                busy: 30,
                unreachable: 120,
                rejected: 1440,
            },
        }
    }

    fn work_order(status: WorkOrderStatus) -> WorkOrder {
        WorkOrder {
            id: Uuid::now_v7(),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            terms: terms(),
            status,
            created_by: Uuid::now_v7(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn status_moves_forward_only() {
        use WorkOrderStatus::*;
        assert_eq!(Draft.transition(Active), Ok(Active));
        assert_eq!(Active.transition(Closed), Ok(Closed));
        for (from, to) in [
            (Draft, Closed),
            (Draft, Draft),
            (Active, Active),
            (Active, Draft),
            (Closed, Active),
            (Closed, Closed),
        ] {
            assert!(
                matches!(from.transition(to), Err(Rejection::Conflict(_))),
                "{from} → {to}"
            );
        }
        assert_eq!("active".parse(), Ok(Active));
        assert!("open".parse::<WorkOrderStatus>().is_err());
    }

    #[test]
    fn sales_offers_are_products_with_unique_codes() {
        let ok = json!([{"product_code": "A", "product_name": "Alpha"}]);
        assert!(matches!(
            Offers::parse(Activity::Sales, &ok),
            Ok(Offers::Products(p)) if p.len() == 1
        ));
        let bad = json!([
            {"product_code": "A", "product_name": "Alpha"},
            {"product_code": "A", "product_name": "Again"},
            {"product_name": ""},
        ]);
        let errors = Offers::parse(Activity::Sales, &bad).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "offers[1].product_code",
                "offers[2].product_code",
                "offers[2].product_name"
            ]
        );
        assert!(Offers::parse(Activity::Sales, &json!([])).is_err());
        assert!(Offers::parse(Activity::Sales, &json!("A")).is_err());
    }

    #[test]
    fn retention_offers_are_steps_in_order() {
        let ok = json!([
            {"step": 1, "description": "discount 20%"},
            {"step": 2, "description": "free speed upgrade"},
        ]);
        let Ok(Offers::Steps(steps)) = Offers::parse(Activity::Retention, &ok) else {
            panic!("expected steps");
        };
        assert_eq!(steps[1].step, 2);
        let skipped = json!([
            {"step": 1, "description": "a"},
            {"step": 3, "description": "b"},
        ]);
        let errors = Offers::parse(Activity::Retention, &skipped).unwrap_err();
        assert_eq!(errors[0].field, "offers[1].step");
        // Products are not steps.
        let products = json!([{"product_code": "A", "product_name": "Alpha"}]);
        assert!(Offers::parse(Activity::Retention, &products).is_err());
    }

    #[test]
    fn stored_offers_read_back() {
        let offers = terms().offers;
        let back = Offers::from_stored(Activity::Sales, offers.to_json()).unwrap();
        assert_eq!(back, offers);
    }

    #[test]
    fn ranges() {
        assert!(max_attempts(0).is_err());
        assert_eq!(max_attempts(10), Ok(10));
        assert!(max_attempts(11).is_err());
        assert!(daily_quota(0).is_err());
        assert_eq!(daily_quota(500), Ok(500));
        assert!(daily_quota(501).is_err());
        assert_eq!(retry_wait(0), Ok(0));
        assert_eq!(retry_wait(10_080), Ok(10_080));
        assert!(retry_wait(10_081).is_err());
        assert!(retry_wait(-1).is_err());
    }

    #[test]
    fn codes_titles_and_dates() {
        assert_eq!(wo_code(" WO/2026-03.A_1 "), Ok("WO/2026-03.A_1".into()));
        assert!(wo_code("").is_err());
        assert!(wo_code("WO 1").is_err());
        assert!(title("  ").is_err());
        assert!(date("2026-02-30").is_err());
        assert!(date("2026-03-01").is_ok());
        let d = |day| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        assert!(check_validity(d(1), d(1)).is_ok());
        assert!(
            matches!(check_validity(d(2), d(1)), Err(Rejection::Invalid(e)) if e[0].field == "valid_to")
        );
    }

    #[test]
    fn the_program_must_run_at_the_site() {
        let mut new = NewWorkOrder {
            site: Site::Medan,
            program: Program::Ct0Pranpc,
            terms: terms(),
        };
        assert!(matches!(
            new.check_rules(),
            Err(Rejection::Rule {
                rule: rules::PROGRAM_NOT_AT_SITE,
                ..
            })
        ));
        new.site = Site::Bandung;
        assert_eq!(new.check_rules(), Ok(()));
    }

    #[test]
    fn only_drafts_are_patched() {
        let patch = WorkOrderPatch {
            title: Some("New".into()),
            ..Default::default()
        };
        let terms = patch
            .clone()
            .apply(&work_order(WorkOrderStatus::Draft))
            .unwrap();
        assert_eq!(terms.title, "New");
        assert_eq!(terms.wo_code, "WO-1");
        assert!(matches!(
            patch.apply(&work_order(WorkOrderStatus::Active)),
            Err(Rejection::Conflict(_))
        ));
        let backwards = WorkOrderPatch {
            valid_to: NaiveDate::from_ymd_opt(2026, 2, 1),
            ..Default::default()
        };
        assert!(matches!(
            backwards.apply(&work_order(WorkOrderStatus::Draft)),
            Err(Rejection::Invalid(_))
        ));
        let steps_for_sales = WorkOrderPatch {
            offers: Some(json!([{"step": 1, "description": "x"}])),
            ..Default::default()
        };
        assert!(steps_for_sales
            .apply(&work_order(WorkOrderStatus::Draft))
            .is_err());
    }
}
