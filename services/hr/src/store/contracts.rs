//! Employment contract rows.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::decode;
use super::schema::{contract_decisions, contract_notices, contracts, employees};
use crate::domain::contracts::{Contract, ContractDecision, ContractKind, ContractTerms};

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
    previous_id: Option<Uuid>,
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
            previous_id: row.previous_id,
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
            contracts::previous_id.eq(None::<Uuid>),
        ))
        .returning(ContractRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// Inserts a contract that continues `previous_id` (an extension or a conversion) or
/// stands alone (`None`: added by HR).
pub async fn insert_next(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    previous_id: Option<Uuid>,
    terms: &ContractTerms,
    by: Uuid,
) -> crate::Result<Contract> {
    let row: ContractRow = diesel::insert_into(contracts::table)
        .values((
            contracts::id.eq(tam_kernel::new_id()),
            contracts::employee_id.eq(employee_id),
            contracts::applicant_id.eq(None::<Uuid>),
            contracts::kind.eq(terms.kind.as_str()),
            contracts::starts_on.eq(terms.starts_on),
            contracts::ends_on.eq(terms.ends_on),
            contracts::created_by.eq(by),
            contracts::previous_id.eq(previous_id),
        ))
        .returning(ContractRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// Every contract of `employee_id`, first first.
pub async fn of_employee(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
) -> crate::Result<Vec<Contract>> {
    let rows: Vec<ContractRow> = contracts::table
        .filter(contracts::employee_id.eq(employee_id))
        .order((contracts::starts_on.asc(), contracts::id.asc()))
        .select(ContractRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|r| Ok(Contract::try_from(r)?))
        .collect()
}

/// The contract `id`, locked until the transaction ends.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<Contract>> {
    let row: Option<ContractRow> = contracts::table
        .filter(contracts::id.eq(id))
        .select(ContractRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Contract::try_from).transpose()?)
}

/// The contract `id`.
pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Option<Contract>> {
    let row: Option<ContractRow> = contracts::table
        .filter(contracts::id.eq(id))
        .select(ContractRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Contract::try_from).transpose()?)
}

#[derive(Debug, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = contract_decisions, check_for_backend(Pg), treat_none_as_null = true)]
struct DecisionRow {
    contract_id: Uuid,
    outcome: String,
    new_ends_on: Option<NaiveDate>,
    note: Option<String>,
    proposed_by: Uuid,
    proposed_at: DateTime<Utc>,
    confirmed_by: Option<Uuid>,
    confirmed_at: Option<DateTime<Utc>>,
    successor_id: Option<Uuid>,
    deactivated_at: Option<DateTime<Utc>>,
}

impl TryFrom<DecisionRow> for ContractDecision {
    type Error = anyhow::Error;

    fn try_from(r: DecisionRow) -> anyhow::Result<Self> {
        Ok(ContractDecision {
            contract_id: r.contract_id,
            outcome: decode("contract_decisions.outcome", &r.outcome)?,
            new_ends_on: r.new_ends_on,
            note: r.note,
            proposed_by: r.proposed_by,
            proposed_at: r.proposed_at,
            confirmed_by: r.confirmed_by,
            confirmed_at: r.confirmed_at,
            successor_id: r.successor_id,
            deactivated_at: r.deactivated_at,
        })
    }
}

impl From<&ContractDecision> for DecisionRow {
    fn from(d: &ContractDecision) -> Self {
        Self {
            contract_id: d.contract_id,
            outcome: d.outcome.as_str().to_owned(),
            new_ends_on: d.new_ends_on,
            note: d.note.clone(),
            proposed_by: d.proposed_by,
            proposed_at: d.proposed_at,
            confirmed_by: d.confirmed_by,
            confirmed_at: d.confirmed_at,
            successor_id: d.successor_id,
            deactivated_at: d.deactivated_at,
        }
    }
}

/// The decision on contract `id`, locked until the transaction ends.
pub async fn decision_for_update(
    conn: &mut AsyncPgConnection,
    contract_id: Uuid,
) -> crate::Result<Option<ContractDecision>> {
    let row: Option<DecisionRow> = contract_decisions::table
        .filter(contract_decisions::contract_id.eq(contract_id))
        .select(DecisionRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(ContractDecision::try_from).transpose()?)
}

/// The decisions on `contract_ids`.
pub async fn decisions_of(
    conn: &mut AsyncPgConnection,
    contract_ids: &[Uuid],
) -> crate::Result<Vec<ContractDecision>> {
    let rows: Vec<DecisionRow> = contract_decisions::table
        .filter(contract_decisions::contract_id.eq_any(contract_ids))
        .select(DecisionRow::as_select())
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|r| Ok(ContractDecision::try_from(r)?))
        .collect()
}

/// Writes a decision (a new proposal, a replaced one, its confirmation).
pub async fn save_decision(
    conn: &mut AsyncPgConnection,
    decision: &ContractDecision,
) -> crate::Result<ContractDecision> {
    let row = DecisionRow::from(decision);
    let stored: DecisionRow = diesel::insert_into(contract_decisions::table)
        .values(&row)
        .on_conflict(contract_decisions::contract_id)
        .do_update()
        .set(&row)
        .returning(DecisionRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(stored.try_into()?)
}

/// A fixed-term contract not yet decided (no confirmed decision) of a working employee,
/// with the employee's site and name.
#[derive(Debug, Clone)]
pub struct Undecided {
    pub contract: Contract,
    pub full_name: String,
    pub site: Option<tam_kernel::Site>,
}

/// The fixed-term contracts ending on or before `until` (and on or after `from`; `None`:
/// including those already past their end) with no confirmed decision, of employees not deactivated, at `site`
/// (`None`: every site), soonest end first; at most `limit`.
pub async fn undecided_ending(
    conn: &mut AsyncPgConnection,
    from: Option<NaiveDate>,
    until: NaiveDate,
    site: Option<tam_kernel::Site>,
    limit: i64,
) -> crate::Result<Vec<Undecided>> {
    let mut query = contracts::table
        .inner_join(employees::table.on(employees::id.eq(contracts::employee_id)))
        .left_join(contract_decisions::table.on(contract_decisions::contract_id.eq(contracts::id)))
        .filter(contracts::kind.eq(ContractKind::Pkwt.as_str()))
        .filter(contracts::ends_on.le(until))
        .filter(contract_decisions::confirmed_at.is_null())
        .filter(employees::status.ne("deactivated"))
        .select((
            ContractRow::as_select(),
            employees::full_name,
            employees::site,
        ))
        .order((contracts::ends_on.asc(), contracts::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some(site) = site {
        query = query.filter(employees::site.eq(site.as_str()));
    }
    if let Some(from) = from {
        query = query.filter(contracts::ends_on.ge(from));
    }
    let rows: Vec<(ContractRow, String, Option<String>)> = query.load(conn).await?;
    rows.into_iter()
        .map(|(row, full_name, site)| {
            Ok(Undecided {
                contract: row.try_into()?,
                full_name,
                site: site.map(|s| decode("employees.site", &s)).transpose()?,
            })
        })
        .collect()
}

/// The thresholds already announced for each of `contract_ids`: (contract, threshold).
pub async fn notices_of(
    conn: &mut AsyncPgConnection,
    contract_ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, i32)>> {
    Ok(contract_notices::table
        .filter(contract_notices::contract_id.eq_any(contract_ids))
        .select((
            contract_notices::contract_id,
            contract_notices::threshold_days,
        ))
        .load(conn)
        .await?)
}

/// Records the notice of `threshold` for a contract: `true` when this call wrote it
/// (once per contract and threshold, whoever sweeps).
pub async fn insert_notice(
    conn: &mut AsyncPgConnection,
    contract: &Contract,
    ends_on: NaiveDate,
    threshold: u32,
    today: NaiveDate,
) -> crate::Result<bool> {
    let n = diesel::insert_into(contract_notices::table)
        .values((
            contract_notices::contract_id.eq(contract.id),
            contract_notices::threshold_days.eq(i32::try_from(threshold).unwrap_or(i32::MAX)),
            contract_notices::ends_on.eq(ends_on),
            contract_notices::noticed_on.eq(today),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(n == 1)
}

/// Up to `limit` confirmed `end` decisions whose contract ended before `today` and whose
/// employee is not yet deactivated by the sweep, locked (others' locked rows skipped):
/// (the decision's contract id, its employee, who confirmed it).
pub async fn due_ends(
    conn: &mut AsyncPgConnection,
    today: NaiveDate,
    limit: i64,
) -> crate::Result<Vec<(Uuid, Uuid, Uuid)>> {
    Ok(contract_decisions::table
        .inner_join(contracts::table.on(contracts::id.eq(contract_decisions::contract_id)))
        .filter(contract_decisions::outcome.eq("end"))
        .filter(contract_decisions::confirmed_at.is_not_null())
        .filter(contract_decisions::deactivated_at.is_null())
        .filter(contracts::ends_on.lt(today))
        .select((
            contract_decisions::contract_id,
            contracts::employee_id,
            contract_decisions::confirmed_by.assume_not_null(),
        ))
        .limit(limit)
        .for_update()
        .skip_locked()
        .load(conn)
        .await?)
}

/// Marks an `end` decision carried out at `at`.
pub async fn mark_deactivated(
    conn: &mut AsyncPgConnection,
    contract_id: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(
        contract_decisions::table.filter(contract_decisions::contract_id.eq(contract_id)),
    )
    .set(contract_decisions::deactivated_at.eq(at))
    .execute(conn)
    .await?;
    Ok(())
}

/// One monthly evaluation of an employee, as the contract review shows it.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct EvaluationLine {
    pub month: NaiveDate,
    pub validated_sales: i32,
    pub adjustment: i32,
    pub quality_score: Option<f64>,
    pub late_days: i32,
    pub tier: Option<String>,
    pub status: String,
}

/// The monthly evaluations of `employee_id` for the months from `from` to `to` (the
/// months containing them), oldest first.
pub async fn evaluations_between(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> crate::Result<Vec<EvaluationLine>> {
    use super::schema::evaluations as e;
    // Evaluations are keyed by the first day of their month.
    let first_month = crate::domain::evaluation::month_of(from);
    Ok(e::table
        .filter(e::employee_id.eq(employee_id))
        .filter(e::month.ge(first_month))
        .filter(e::month.le(to))
        .order(e::month.asc())
        .select((
            e::month,
            e::validated_sales,
            e::adjustment,
            e::quality_score,
            e::late_days,
            e::tier,
            e::status,
        ))
        .load(conn)
        .await?)
}
