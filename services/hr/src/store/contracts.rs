//! Employment contract rows.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::decode;
use super::schema::contracts;
use crate::domain::contracts::{Contract, ContractTerms};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = contracts, check_for_backend(Pg))]
struct ContractRow {
    id: Uuid,
    employee_id: Uuid,
    applicant_id: Option<Uuid>,
    kind: String,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
}

impl TryFrom<ContractRow> for Contract {
    type Error = anyhow::Error;

    fn try_from(row: ContractRow) -> anyhow::Result<Self> {
        Ok(Contract {
            id: row.id,
            employee_id: row.employee_id,
            applicant_id: row.applicant_id,
            terms: ContractTerms {
                kind: decode("contracts.kind", &row.kind)?,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
            },
            created_at: row.created_at,
        })
    }
}

/// Inserts an employee's contract.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    applicant_id: Option<Uuid>,
    terms: &ContractTerms,
    by: Uuid,
) -> crate::Result<Contract> {
    let row: ContractRow = diesel::insert_into(contracts::table)
        .values((
            contracts::id.eq(tam_kernel::new_id()),
            contracts::employee_id.eq(employee_id),
            contracts::applicant_id.eq(applicant_id),
            contracts::kind.eq(terms.kind.as_str()),
            contracts::starts_on.eq(terms.starts_on),
            contracts::ends_on.eq(terms.ends_on),
            contracts::created_by.eq(by),
        ))
        .returning(ContractRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}
