//! Employment contracts (not event contracts): the terms an employee works under. Hiring
//! makes the first one; their lifecycle (extension, end) is the next HR issue's.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{code_enum, FieldError};
use uuid::Uuid;

code_enum! {
    /// The kind of an employment contract (Indonesian labour law).
    pub enum ContractKind as "contract kind" {
        /// PKWT, fixed term: it has an end date.
        Pkwt => "pkwt",
        /// PKWTT, permanent: no end date.
        Pkwtt => "pkwtt",
    }
}

/// A contract's terms: a fixed-term contract ends after it starts; a permanent one has
/// no end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractTerms {
    pub kind: ContractKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl ContractTerms {
    /// The terms, or the field errors (`contract.ends_on`).
    pub fn new(
        kind: ContractKind,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
    ) -> Result<Self, FieldError> {
        match (kind, ends_on) {
            (ContractKind::Pkwt, None) => Err(FieldError::new(
                "contract.ends_on",
                "is required for a fixed-term (pkwt) contract",
            )),
            (ContractKind::Pkwtt, Some(_)) => Err(FieldError::new(
                "contract.ends_on",
                "must be absent for a permanent (pkwtt) contract",
            )),
            (_, Some(end)) if end <= starts_on => Err(FieldError::new(
                "contract.ends_on",
                "must be after the hire date",
            )),
            _ => Ok(Self {
                kind,
                starts_on,
                ends_on,
            }),
        }
    }
}

/// A stored contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub applicant_id: Option<Uuid>,
    pub terms: ContractTerms,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_term_ends_after_it_starts_and_a_permanent_one_never() {
        let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        let end = NaiveDate::from_ymd_opt(2028, 1, 3).unwrap();
        assert!(ContractTerms::new(ContractKind::Pkwt, start, Some(end)).is_ok());
        assert!(ContractTerms::new(ContractKind::Pkwt, start, None).is_err());
        assert!(ContractTerms::new(ContractKind::Pkwt, start, Some(start)).is_err());
        assert!(ContractTerms::new(ContractKind::Pkwtt, start, None).is_ok());
        assert!(ContractTerms::new(ContractKind::Pkwtt, start, Some(end)).is_err());
    }
}
