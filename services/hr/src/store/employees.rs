//! Employee rows. Every read takes the caller's [`Scope`] and filters by it in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Program, Role, Site};
use uuid::Uuid;

use super::decode;
use super::schema::{employees, teams};
use crate::domain::employee::{EducationLevel, Employee, EmployeeStatus};
use crate::domain::scope::Scope;

/// An employee as stored.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = employees, check_for_backend(Pg))]
pub struct EmployeeRow {
    id: Uuid,
    nik: String,
    full_name: String,
    username: String,
    role: String,
    site: Option<String>,
    program: Option<String>,
    team_id: Option<Uuid>,
    birth_date: Option<NaiveDate>,
    education_level: Option<String>,
    education_field: Option<String>,
    hire_date: NaiveDate,
    status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<EmployeeRow> for Employee {
    type Error = anyhow::Error;

    fn try_from(row: EmployeeRow) -> anyhow::Result<Self> {
        Ok(Employee {
            id: row.id,
            role: decode("employees.role", &row.role)?,
            site: row
                .site
                .as_deref()
                .map(|s| decode("employees.site", s))
                .transpose()?,
            program: row
                .program
                .as_deref()
                .map(|p| decode("employees.program", p))
                .transpose()?,
            education_level: row
                .education_level
                .as_deref()
                .map(|l| decode("employees.education_level", l))
                .transpose()?,
            status: decode("employees.status", &row.status)?,
            nik: row.nik,
            full_name: row.full_name,
            username: row.username,
            team_id: row.team_id,
            birth_date: row.birth_date,
            education_field: row.education_field,
            hire_date: row.hire_date,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn to_employees(rows: Vec<EmployeeRow>) -> anyhow::Result<Vec<Employee>> {
    rows.into_iter().map(Employee::try_from).collect()
}

/// A SQL condition on `employees`.
type Condition = Box<dyn BoxableExpression<employees::table, Pg, SqlType = Nullable<Bool>>>;

/// The employees `scope` sees, as a condition.
pub fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(employees::site.eq(site.as_str())),
        Scope::LedTeams { leader } => Box::new(
            employees::id
                .eq(leader)
                .nullable()
                .or(employees::team_id.eq_any(
                    teams::table
                        .filter(teams::team_leader_id.eq(leader))
                        .select(teams::id.nullable()),
                )),
        ),
        Scope::Own(id) => Box::new(employees::id.eq(id).nullable()),
        Scope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// What a new employee row holds.
#[derive(Debug, Clone)]
pub struct NewEmployeeRow<'a> {
    pub id: Uuid,
    pub nik: &'a str,
    pub full_name: &'a str,
    pub username: &'a str,
    pub role: Role,
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub team_id: Option<Uuid>,
    pub birth_date: Option<NaiveDate>,
    pub education_level: Option<EducationLevel>,
    pub education_field: Option<&'a str>,
    pub hire_date: NaiveDate,
}

#[derive(Insertable)]
#[diesel(table_name = employees)]
struct Insert<'a> {
    id: Uuid,
    nik: &'a str,
    full_name: &'a str,
    username: &'a str,
    role: &'static str,
    site: Option<&'static str>,
    program: Option<&'static str>,
    team_id: Option<Uuid>,
    birth_date: Option<NaiveDate>,
    education_level: Option<&'static str>,
    education_field: Option<&'a str>,
    hire_date: NaiveDate,
    status: &'static str,
}

impl<'a> From<&NewEmployeeRow<'a>> for Insert<'a> {
    fn from(new: &NewEmployeeRow<'a>) -> Self {
        Insert {
            id: new.id,
            nik: new.nik,
            full_name: new.full_name,
            username: new.username,
            role: new.role.as_str(),
            site: new.site.map(Site::as_str),
            program: new.program.map(Program::as_str),
            team_id: new.team_id,
            birth_date: new.birth_date,
            education_level: new.education_level.map(EducationLevel::as_str),
            education_field: new.education_field,
            hire_date: new.hire_date,
            status: EmployeeStatus::Active.as_str(),
        }
    }
}

/// Inserts an active employee. A taken nik or username is a unique violation
/// (`employees_nik_key`, `employees_username_key`).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewEmployeeRow<'_>,
) -> crate::Result<Employee> {
    let row: EmployeeRow = diesel::insert_into(employees::table)
        .values(Insert::from(new))
        .returning(EmployeeRow::as_returning())
        .get_result(conn)
        .await?;
    let employee: Employee = row.try_into()?;
    // Available from the hire date on (the SDM fulfilment reads this history).
    super::sdm::record_state(conn, &employee, new.hire_date, None).await?;
    Ok(employee)
}

/// Inserts an active employee unless the nik or username is taken; `None` then.
pub async fn insert_if_absent(
    conn: &mut AsyncPgConnection,
    new: &NewEmployeeRow<'_>,
) -> crate::Result<Option<Employee>> {
    let row: Option<EmployeeRow> = diesel::insert_into(employees::table)
        .values(Insert::from(new))
        .on_conflict_do_nothing()
        .returning(EmployeeRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    let employee = row.map(Employee::try_from).transpose()?;
    if let Some(employee) = &employee {
        super::sdm::record_state(conn, employee, new.hire_date, None).await?;
    }
    Ok(employee)
}

/// The employee `id` if `scope` sees it.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Employee>> {
    let row: Option<EmployeeRow> = employees::table
        .filter(employees::id.eq(id))
        .filter(in_scope(scope))
        .select(EmployeeRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Employee::try_from).transpose()?)
}

/// Like [`find`], locking the row until the transaction ends.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Employee>> {
    let row: Option<EmployeeRow> = employees::table
        .filter(employees::id.eq(id))
        .filter(in_scope(scope))
        .select(EmployeeRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Employee::try_from).transpose()?)
}

/// The employee with `username`, in any scope.
pub async fn find_by_username(
    conn: &mut AsyncPgConnection,
    username: &str,
) -> crate::Result<Option<Employee>> {
    let row: Option<EmployeeRow> = employees::table
        .filter(employees::username.eq(username))
        .select(EmployeeRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Employee::try_from).transpose()?)
}

/// The filters of the employee list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmployeeFilter {
    pub site: Option<Site>,
    pub role: Option<Role>,
    pub team_id: Option<Uuid>,
    pub status: Option<EmployeeStatus>,
}

/// One page of the employees `scope` sees, matching `filter`, in (created_at, id)
/// order after `after`; fetches `limit.fetch()` rows (one extra tells a next page).
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: EmployeeFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Employee>> {
    let mut query = employees::table
        .filter(in_scope(scope))
        .select(EmployeeRow::as_select())
        .into_boxed();
    if let Some(site) = filter.site {
        query = query.filter(employees::site.eq(site.as_str()));
    }
    if let Some(role) = filter.role {
        query = query.filter(employees::role.eq(role.as_str()));
    }
    if let Some(team_id) = filter.team_id {
        query = query.filter(employees::team_id.eq(team_id));
    }
    if let Some(status) = filter.status {
        query = query.filter(employees::status.eq(status.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            employees::created_at.gt(cursor.at).or(employees::created_at
                .eq(cursor.at)
                .and(employees::id.gt(cursor.id))),
        );
    }
    let rows: Vec<EmployeeRow> = query
        .order((employees::created_at.asc(), employees::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    Ok(to_employees(rows)?)
}

#[derive(AsChangeset)]
#[diesel(table_name = employees, treat_none_as_null = true)]
struct Update<'a> {
    full_name: &'a str,
    role: &'static str,
    site: Option<&'static str>,
    program: Option<&'static str>,
    team_id: Option<Uuid>,
    education_level: Option<&'static str>,
    education_field: Option<&'a str>,
    status: &'static str,
}

/// Writes the changeable fields of `employee` (full name, role, site, program, team,
/// education, status) and returns the stored row.
pub async fn update(conn: &mut AsyncPgConnection, employee: &Employee) -> crate::Result<Employee> {
    let row: EmployeeRow = diesel::update(employees::table.find(employee.id))
        .set((
            Update {
                full_name: &employee.full_name,
                role: employee.role.as_str(),
                site: employee.site.map(Site::as_str),
                program: employee.program.map(Program::as_str),
                team_id: employee.team_id,
                education_level: employee.education_level.map(EducationLevel::as_str),
                education_field: employee.education_field.as_deref(),
                status: employee.status.as_str(),
            },
            employees::updated_at.eq(diesel::dsl::now),
        ))
        .returning(EmployeeRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}
