//! The CABUT survey's tables: the reason taxonomy's versions, the cases, their contact
//! attempts and reasons, the CSV imports of the client's cancellation lists, and the
//! monthly stats.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use tam_db::column::{decode, int, uint};
use tam_kernel::{Cursor, Limit, Program, Site};
use uuid::Uuid;

use super::schema::{
    cabut_attempts, cabut_case_reasons, cabut_cases, cabut_imports, cabut_reason_versions,
    sale_reversals, tickets,
};
use crate::domain::cabut::{
    AttemptOutcome, CaseFlag, CaseStatus, GivenReason, ReasonDef, Taxonomy,
};
use crate::domain::orders_csv::RowError;
use crate::domain::policy::Channel;

/// The OBC sale a cancellation cancels: its activation ticket and call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLink {
    pub ticket_id: Uuid,
    pub call_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    /// `valid`, or `returned` when quality took the sale back.
    pub quality_verdict: String,
}

/// A case to file.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    pub channel: Channel,
    pub customer_name: Option<String>,
    pub contact_number: Option<String>,
    pub sale: Option<SaleLink>,
    pub flag: Option<CaseFlag>,
    pub import_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub idempotency_key: Option<String>,
    pub request_hash: Option<String>,
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: Uuid,
    pub number: i64,
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    pub channel: Channel,
    pub customer_name: Option<String>,
    pub contact_number: Option<String>,
    pub sale: Option<SaleLink>,
    pub flag: Option<CaseFlag>,
    pub status: CaseStatus,
    pub claimed_by: Option<Uuid>,
    pub lease_expires_at: Option<DateTime<Utc>>,
    pub reason_version: Option<i32>,
    pub main_reason: Option<String>,
    pub survey_note: Option<String>,
    pub mis_sale: bool,
    pub surveyed_by: Option<Uuid>,
    pub surveyed_at: Option<DateTime<Utc>>,
    pub import_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl Case {
    /// Whether `who` holds the case's lease at `now`.
    pub fn held_by(&self, who: Uuid, now: DateTime<Utc>) -> bool {
        self.claimed_by == Some(who) && self.lease_expires_at.is_some_and(|until| until > now)
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = cabut_cases, check_for_backend(Pg))]
struct CaseRow {
    id: Uuid,
    number: i64,
    indihome_number: String,
    product_code: String,
    cancelled_on: NaiveDate,
    channel: String,
    customer_name: Option<String>,
    contact_number: Option<String>,
    ticket_id: Option<Uuid>,
    call_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    team_id: Option<Uuid>,
    site: Option<String>,
    program: Option<String>,
    quality_verdict: Option<String>,
    flag: Option<String>,
    status: String,
    claimed_by: Option<Uuid>,
    lease_expires_at: Option<DateTime<Utc>>,
    reason_version: Option<i32>,
    main_reason: Option<String>,
    survey_note: Option<String>,
    mis_sale: bool,
    surveyed_by: Option<Uuid>,
    surveyed_at: Option<DateTime<Utc>>,
    import_id: Option<Uuid>,
    created_by: Uuid,
    created_at: DateTime<Utc>,
}

fn case(r: CaseRow) -> crate::Result<Case> {
    let sale = match (r.ticket_id, r.call_id, r.agent_id, r.site, r.program) {
        (Some(ticket_id), Some(call_id), Some(agent_id), Some(site), Some(program)) => {
            Some(SaleLink {
                ticket_id,
                call_id,
                agent_id,
                team_id: r.team_id,
                site: decode("cabut_cases.site", &site)?,
                program: decode("cabut_cases.program", &program)?,
                quality_verdict: r.quality_verdict.unwrap_or_else(|| "valid".to_owned()),
            })
        }
        _ => None,
    };
    Ok(Case {
        id: r.id,
        number: r.number,
        indihome_number: r.indihome_number,
        product_code: r.product_code,
        cancelled_on: r.cancelled_on,
        channel: decode("cabut_cases.channel", &r.channel)?,
        customer_name: r.customer_name,
        contact_number: r.contact_number,
        sale,
        flag: r
            .flag
            .as_deref()
            .map(|f| decode("cabut_cases.flag", f))
            .transpose()?,
        status: decode("cabut_cases.status", &r.status)?,
        claimed_by: r.claimed_by,
        lease_expires_at: r.lease_expires_at,
        reason_version: r.reason_version,
        main_reason: r.main_reason,
        survey_note: r.survey_note,
        mis_sale: r.mis_sale,
        surveyed_by: r.surveyed_by,
        surveyed_at: r.surveyed_at,
        import_id: r.import_id,
        created_by: r.created_by,
        created_at: r.created_at,
    })
}

fn cases(rows: Vec<CaseRow>) -> crate::Result<Vec<Case>> {
    rows.into_iter().map(case).collect()
}

// ---------------------------------------------------------------------------------
// The taxonomy.

/// The taxonomy in force: the highest version.
pub async fn taxonomy(conn: &mut AsyncPgConnection) -> crate::Result<Taxonomy> {
    let (version, reasons): (i32, serde_json::Value) = cabut_reason_versions::table
        .order(cabut_reason_versions::version.desc())
        .select((
            cabut_reason_versions::version,
            cabut_reason_versions::reasons,
        ))
        .first(conn)
        .await?;
    taxonomy_of(version, reasons)
}

fn taxonomy_of(version: i32, reasons: serde_json::Value) -> crate::Result<Taxonomy> {
    let reasons: Vec<ReasonDef> = serde_json::from_value(reasons)
        .map_err(|e| anyhow::anyhow!("cabut_reason_versions.reasons of {version}: {e}"))?;
    Ok(Taxonomy { version, reasons })
}

/// Adds the next version of the taxonomy (in force from now). The table is locked for
/// the transaction, so two supervisors saving at once get two versions in order.
pub async fn add_taxonomy(
    conn: &mut AsyncPgConnection,
    reasons: &[ReasonDef],
    by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<Taxonomy> {
    diesel::sql_query("LOCK TABLE cabut_reason_versions IN SHARE ROW EXCLUSIVE MODE")
        .execute(conn)
        .await?;
    let current: Option<i32> = cabut_reason_versions::table
        .select(diesel::dsl::max(cabut_reason_versions::version))
        .first(conn)
        .await?;
    let version = current.unwrap_or(0) + 1;
    let json = serde_json::to_value(reasons).map_err(anyhow::Error::from)?;
    diesel::insert_into(cabut_reason_versions::table)
        .values((
            cabut_reason_versions::version.eq(version),
            cabut_reason_versions::reasons.eq(&json),
            cabut_reason_versions::created_at.eq(at),
            cabut_reason_versions::created_by.eq(by),
        ))
        .execute(conn)
        .await?;
    Ok(Taxonomy {
        version,
        reasons: reasons.to_vec(),
    })
}

// ---------------------------------------------------------------------------------
// Cases.

/// Whether `code` is a product of the catalogue, or one an OBC ticket carries (OBC
/// sells what its work order offers, which the catalogue need not list).
pub async fn product_known(
    conn: &mut AsyncPgConnection,
    code: &str,
    channel: Channel,
) -> crate::Result<bool> {
    use super::references::{self, Known};
    if references::product(conn, code).await? != Known::Unknown {
        return Ok(true);
    }
    if channel != Channel::Obc {
        return Ok(false);
    }
    let found: Option<Uuid> = tickets::table
        .filter(tickets::channel.eq(Channel::Obc.as_str()))
        .filter(tickets::product_code.eq(code))
        .select(tickets::id)
        .first(conn)
        .await
        .optional()?;
    Ok(found.is_some())
}

/// The OBC sale of `indihome_number` and `product_code`: the latest OBC ticket that
/// followed it, with quality's verdict as the desk knows it.
pub async fn sale_of(
    conn: &mut AsyncPgConnection,
    indihome_number: &str,
    product_code: &str,
) -> crate::Result<Option<SaleLink>> {
    type Row = (
        Uuid,
        Option<Uuid>,
        Option<Uuid>,
        Option<Uuid>,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = tickets::table
        .filter(tickets::channel.eq(Channel::Obc.as_str()))
        .filter(tickets::indihome_number.eq(indihome_number))
        .filter(tickets::product_code.eq(product_code))
        .filter(tickets::call_id.is_not_null())
        .order((tickets::opened_at.desc(), tickets::id.desc()))
        .select((
            tickets::id,
            tickets::call_id,
            tickets::agent_id,
            tickets::team_id,
            tickets::site,
            tickets::program,
        ))
        .first(conn)
        .await
        .optional()?;
    let Some((ticket_id, Some(call_id), Some(agent_id), team_id, Some(site), Some(program))) = row
    else {
        return Ok(None);
    };
    let reverted: Option<Uuid> = sale_reversals::table
        .filter(sale_reversals::call_id.eq(call_id))
        .select(sale_reversals::call_id)
        .first(conn)
        .await
        .optional()?;
    Ok(Some(SaleLink {
        ticket_id,
        call_id,
        agent_id,
        team_id,
        site: decode("tickets.site", &site)?,
        program: decode("tickets.program", &program)?,
        quality_verdict: if reverted.is_some() {
            "returned"
        } else {
            "valid"
        }
        .to_owned(),
    }))
}

/// Files a case; `None` when a case already follows the same cancellation (the same
/// customer, AddOn and day).
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewCase) -> crate::Result<Option<Case>> {
    let sale = new.sale.as_ref();
    let row: Option<CaseRow> = diesel::insert_into(cabut_cases::table)
        .values((
            cabut_cases::id.eq(tam_kernel::new_id()),
            cabut_cases::indihome_number.eq(&new.indihome_number),
            cabut_cases::product_code.eq(&new.product_code),
            cabut_cases::cancelled_on.eq(new.cancelled_on),
            cabut_cases::channel.eq(new.channel.as_str()),
            cabut_cases::customer_name.eq(&new.customer_name),
            cabut_cases::contact_number.eq(&new.contact_number),
            cabut_cases::ticket_id.eq(sale.map(|s| s.ticket_id)),
            cabut_cases::call_id.eq(sale.map(|s| s.call_id)),
            cabut_cases::agent_id.eq(sale.map(|s| s.agent_id)),
            cabut_cases::team_id.eq(sale.and_then(|s| s.team_id)),
            cabut_cases::site.eq(sale.map(|s| s.site.as_str())),
            cabut_cases::program.eq(sale.map(|s| s.program.as_str())),
            cabut_cases::quality_verdict.eq(sale.map(|s| s.quality_verdict.as_str())),
            cabut_cases::flag.eq(new.flag.map(|f| f.as_str())),
            cabut_cases::status.eq(CaseStatus::Open.as_str()),
            cabut_cases::import_id.eq(new.import_id),
            cabut_cases::created_by.eq(new.created_by),
            cabut_cases::created_at.eq(new.created_at),
            cabut_cases::idempotency_key.eq(&new.idempotency_key),
            cabut_cases::request_hash.eq(&new.request_hash),
        ))
        .on_conflict((
            cabut_cases::indihome_number,
            cabut_cases::product_code,
            cabut_cases::cancelled_on,
        ))
        .do_nothing()
        .returning(CaseRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    row.map(case).transpose()
}

/// The case that follows a cancellation (customer, AddOn, day), if any.
pub async fn of_cancellation(
    conn: &mut AsyncPgConnection,
    indihome_number: &str,
    product_code: &str,
    cancelled_on: NaiveDate,
) -> crate::Result<Option<Case>> {
    cabut_cases::table
        .filter(cabut_cases::indihome_number.eq(indihome_number))
        .filter(cabut_cases::product_code.eq(product_code))
        .filter(cabut_cases::cancelled_on.eq(cancelled_on))
        .select(CaseRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(case)
        .transpose()
}

/// The case `by` filed with Idempotency-Key `key`, with the hash of that request.
pub async fn by_idempotency_key(
    conn: &mut AsyncPgConnection,
    by: Uuid,
    key: &str,
) -> crate::Result<Option<(Case, Option<String>)>> {
    let row: Option<(CaseRow, Option<String>)> = cabut_cases::table
        .filter(cabut_cases::created_by.eq(by))
        .filter(cabut_cases::idempotency_key.eq(key))
        .select((CaseRow::as_select(), cabut_cases::request_hash))
        .first(conn)
        .await
        .optional()?;
    row.map(|(r, hash)| Ok((case(r)?, hash))).transpose()
}

/// One case; `lock` takes it `FOR UPDATE`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<Case>> {
    let query = cabut_cases::table
        .filter(cabut_cases::id.eq(id))
        .select(CaseRow::as_select());
    let row: Option<CaseRow> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    row.map(case).transpose()
}

/// The list's filters.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseFilters {
    pub status: Option<CaseStatus>,
    pub channel: Option<Channel>,
    pub flagged: Option<bool>,
    pub mis_sale: Option<bool>,
}

/// One page of cases, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    f: CaseFilters,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Case>> {
    let mut query = cabut_cases::table.select(CaseRow::as_select()).into_boxed();
    if let Some(status) = f.status {
        query = query.filter(cabut_cases::status.eq(status.as_str()));
    }
    if let Some(channel) = f.channel {
        query = query.filter(cabut_cases::channel.eq(channel.as_str()));
    }
    match f.flagged {
        Some(true) => query = query.filter(cabut_cases::flag.is_not_null()),
        Some(false) => query = query.filter(cabut_cases::flag.is_null()),
        None => {}
    }
    if let Some(mis_sale) = f.mis_sale {
        query = query.filter(cabut_cases::mis_sale.eq(mis_sale));
    }
    if let Some(cursor) = after {
        query = query.filter(
            cabut_cases::created_at
                .gt(cursor.at)
                .or(cabut_cases::created_at
                    .eq(cursor.at)
                    .and(cabut_cases::id.gt(cursor.id))),
        );
    }
    let rows: Vec<CaseRow> = query
        .order((cabut_cases::created_at.asc(), cabut_cases::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    cases(rows)
}

/// The open case `who` holds under an unexpired lease, if any.
pub async fn held_by(
    conn: &mut AsyncPgConnection,
    who: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Option<Case>> {
    cabut_cases::table
        .filter(cabut_cases::status.eq(CaseStatus::Open.as_str()))
        .filter(cabut_cases::claimed_by.eq(who))
        .filter(cabut_cases::lease_expires_at.gt(now))
        .order((cabut_cases::created_at.asc(), cabut_cases::id.asc()))
        .select(CaseRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(case)
        .transpose()
}

/// Claims the oldest open case nobody holds (or whose lease expired) for `who` until
/// `until`; the candidate is locked `FOR UPDATE SKIP LOCKED`, so concurrent claims each
/// get another case (or none) instead of waiting for each other.
pub async fn claim_next(
    conn: &mut AsyncPgConnection,
    who: Uuid,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> crate::Result<Option<Case>> {
    let candidate: Option<Uuid> = cabut_cases::table
        .filter(cabut_cases::status.eq(CaseStatus::Open.as_str()))
        .filter(
            cabut_cases::lease_expires_at
                .is_null()
                .or(cabut_cases::lease_expires_at.le(now)),
        )
        .order((cabut_cases::created_at.asc(), cabut_cases::id.asc()))
        .select(cabut_cases::id)
        .for_update()
        .skip_locked()
        .first(conn)
        .await
        .optional()?;
    let Some(id) = candidate else {
        return Ok(None);
    };
    let row: CaseRow = diesel::update(cabut_cases::table.filter(cabut_cases::id.eq(id)))
        .set((
            cabut_cases::claimed_by.eq(who),
            cabut_cases::lease_expires_at.eq(until),
        ))
        .returning(CaseRow::as_returning())
        .get_result(conn)
        .await?;
    case(row).map(Some)
}

/// Extends the lease of a case its holder works on.
pub async fn extend_lease(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    until: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(cabut_cases::table.filter(cabut_cases::id.eq(id)))
        .set(cabut_cases::lease_expires_at.eq(until))
        .execute(conn)
        .await?;
    Ok(())
}

/// One contact attempt as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    pub by: Uuid,
    pub outcome: AttemptOutcome,
    pub note: Option<String>,
}

pub async fn add_attempt(
    conn: &mut AsyncPgConnection,
    case_id: Uuid,
    attempt: &Attempt,
) -> crate::Result<()> {
    diesel::insert_into(cabut_attempts::table)
        .values((
            cabut_attempts::case_id.eq(case_id),
            cabut_attempts::at.eq(attempt.at),
            cabut_attempts::by.eq(attempt.by),
            cabut_attempts::outcome.eq(attempt.outcome.as_str()),
            cabut_attempts::note.eq(&attempt.note),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// A case's attempts, in order.
pub async fn attempts(conn: &mut AsyncPgConnection, case_id: Uuid) -> crate::Result<Vec<Attempt>> {
    let rows: Vec<(DateTime<Utc>, Uuid, String, Option<String>)> = cabut_attempts::table
        .filter(cabut_attempts::case_id.eq(case_id))
        .order(cabut_attempts::id.asc())
        .select((
            cabut_attempts::at,
            cabut_attempts::by,
            cabut_attempts::outcome,
            cabut_attempts::note,
        ))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|(at, by, outcome, note)| {
            Ok(Attempt {
                at,
                by,
                outcome: decode("cabut_attempts.outcome", &outcome)?,
                note,
            })
        })
        .collect()
}

/// A case's reasons, main first.
pub async fn reasons(
    conn: &mut AsyncPgConnection,
    case_id: Uuid,
) -> crate::Result<Vec<GivenReason>> {
    let rows: Vec<(String, bool, Option<String>)> = cabut_case_reasons::table
        .filter(cabut_case_reasons::case_id.eq(case_id))
        .order((
            cabut_case_reasons::main.desc(),
            cabut_case_reasons::code.asc(),
        ))
        .select((
            cabut_case_reasons::code,
            cabut_case_reasons::main,
            cabut_case_reasons::text,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(code, main, text)| GivenReason { code, main, text })
        .collect())
}

/// What a survey records.
#[derive(Debug, Clone)]
pub struct Survey<'a> {
    pub version: i32,
    pub reasons: &'a [GivenReason],
    pub main_reason: &'a str,
    pub note: Option<&'a str>,
    pub mis_sale: bool,
    pub by: Uuid,
    pub at: DateTime<Utc>,
}

/// Records the survey's reasons; the case is `surveyed` and its lease released.
pub async fn record_survey(
    conn: &mut AsyncPgConnection,
    case_id: Uuid,
    survey: &Survey<'_>,
) -> crate::Result<Case> {
    let rows: Vec<_> = survey
        .reasons
        .iter()
        .map(|r| {
            (
                cabut_case_reasons::case_id.eq(case_id),
                cabut_case_reasons::code.eq(&r.code),
                cabut_case_reasons::main.eq(r.main),
                cabut_case_reasons::text.eq(&r.text),
            )
        })
        .collect();
    diesel::insert_into(cabut_case_reasons::table)
        .values(rows)
        .execute(conn)
        .await?;
    let row: CaseRow = diesel::update(cabut_cases::table.filter(cabut_cases::id.eq(case_id)))
        .set((
            cabut_cases::status.eq(CaseStatus::Surveyed.as_str()),
            cabut_cases::reason_version.eq(survey.version),
            cabut_cases::main_reason.eq(survey.main_reason),
            cabut_cases::survey_note.eq(survey.note),
            cabut_cases::mis_sale.eq(survey.mis_sale),
            cabut_cases::surveyed_by.eq(survey.by),
            cabut_cases::surveyed_at.eq(survey.at),
            cabut_cases::lease_expires_at.eq(None::<DateTime<Utc>>),
        ))
        .returning(CaseRow::as_returning())
        .get_result(conn)
        .await?;
    case(row)
}

// ---------------------------------------------------------------------------------
// Imports.

/// A row already followed by a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateRow {
    pub line: u64,
    pub case_id: Uuid,
    pub case_number: i64,
}

/// A case the import filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedRow {
    pub line: u64,
    pub case_id: Uuid,
    pub case_number: i64,
    /// Linked to an OBC sale of this suite.
    pub linked: bool,
    /// Flagged (`no_activation_known`).
    pub flagged: bool,
}

/// What a cancellation import's report lists besides its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportDetails {
    pub errors: Vec<RowError>,
    pub duplicates: Vec<DuplicateRow>,
    pub created: Vec<CreatedRow>,
    pub ignored_columns: Vec<String>,
}

/// One cancellation import as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CabutImport {
    pub id: Uuid,
    pub idempotency_key: Option<String>,
    pub sha256: String,
    pub total: u32,
    pub created: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub details: ImportDetails,
    pub imported_by: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = cabut_imports, check_for_backend(Pg))]
struct ImportRow {
    id: Uuid,
    idempotency_key: Option<String>,
    sha256: String,
    total: i32,
    created: i32,
    rejected: i32,
    duplicates: i32,
    report: serde_json::Value,
    imported_by: Uuid,
    created_at: DateTime<Utc>,
}

fn import(r: ImportRow) -> crate::Result<CabutImport> {
    Ok(CabutImport {
        id: r.id,
        idempotency_key: r.idempotency_key,
        sha256: r.sha256,
        total: uint("cabut_imports.total", r.total)?,
        created: uint("cabut_imports.created", r.created)?,
        rejected: uint("cabut_imports.rejected", r.rejected)?,
        duplicates: uint("cabut_imports.duplicates", r.duplicates)?,
        details: serde_json::from_value(r.report)
            .map_err(|e| anyhow::anyhow!("cabut_imports.report of {}: {e}", r.id))?,
        imported_by: r.imported_by,
        created_at: r.created_at,
    })
}

pub async fn import_by_key(
    conn: &mut AsyncPgConnection,
    key: &str,
) -> crate::Result<Option<CabutImport>> {
    cabut_imports::table
        .filter(cabut_imports::idempotency_key.eq(key))
        .select(ImportRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(import)
        .transpose()
}

pub async fn find_import(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<CabutImport>> {
    cabut_imports::table
        .find(id)
        .select(ImportRow::as_select())
        .first(conn)
        .await
        .optional()?
        .map(import)
        .transpose()
}

/// Claims the import's row and key at the start of its transaction; false when a
/// concurrent import took the key first.
pub async fn claim_import(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    key: Option<&str>,
    sha256: &str,
    by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<bool> {
    let inserted = diesel::insert_into(cabut_imports::table)
        .values((
            cabut_imports::id.eq(id),
            cabut_imports::idempotency_key.eq(key),
            cabut_imports::sha256.eq(sha256),
            cabut_imports::imported_by.eq(by),
            cabut_imports::created_at.eq(at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Writes the counts ([total, created, rejected, duplicates]) and the report.
pub async fn finish_import(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    counts: [u32; 4],
    details: &ImportDetails,
) -> crate::Result<CabutImport> {
    let [total, created, rejected, duplicates] = counts;
    let report = serde_json::to_value(details).map_err(anyhow::Error::from)?;
    let row: ImportRow = diesel::update(cabut_imports::table.find(id))
        .set((
            cabut_imports::total.eq(int(total)),
            cabut_imports::created.eq(int(created)),
            cabut_imports::rejected.eq(int(rejected)),
            cabut_imports::duplicates.eq(int(duplicates)),
            cabut_imports::report.eq(report),
        ))
        .returning(ImportRow::as_returning())
        .get_result(conn)
        .await?;
    import(row)
}

// ---------------------------------------------------------------------------------
// Stats.

/// What the stats are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Channel,
    Program,
    Site,
    Agent,
}

impl GroupBy {
    fn column(self) -> &'static str {
        match self {
            GroupBy::Channel => "c.channel",
            GroupBy::Program => "c.program",
            GroupBy::Site => "c.site",
            GroupBy::Agent => "c.agent_id::text",
        }
    }
}

/// The cases a stats reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsScope {
    All,
    /// The OBC sales of one site.
    Site(Site),
    /// The OBC sales of one team.
    Team(Uuid),
    /// One agent's OBC sales.
    Agent(Uuid),
    Nothing,
}

/// One group's counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupStats {
    pub key: Option<String>,
    pub cancellations: u64,
    pub surveyed: u64,
    pub reached: u64,
    pub mis_sales: u64,
    /// (reason code, cases naming it, cases naming it main), by code.
    pub reasons: Vec<(String, u64, u64)>,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = BigInt)]
    cancellations: i64,
    #[diesel(sql_type = BigInt)]
    surveyed: i64,
    #[diesel(sql_type = BigInt)]
    reached: i64,
    #[diesel(sql_type = BigInt)]
    mis_sales: i64,
}

#[derive(QueryableByName)]
struct ReasonRow {
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Text)]
    code: String,
    #[diesel(sql_type = BigInt)]
    mentioned: i64,
    #[diesel(sql_type = BigInt)]
    main: i64,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The month's cases (by the day of the cancellation) in `scope`, grouped.
pub async fn stats(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
    group_by: GroupBy,
    scope: StatsScope,
) -> crate::Result<Vec<GroupStats>> {
    let (nothing, site, team, agent) = match scope {
        StatsScope::All => (false, None, None, None),
        StatsScope::Site(site) => (false, Some(site.as_str()), None, None),
        StatsScope::Team(team) => (false, None, Some(team), None),
        StatsScope::Agent(agent) => (false, None, None, Some(agent)),
        StatsScope::Nothing => (true, None, None, None),
    };
    if nothing {
        return Ok(Vec::new());
    }
    let key = group_by.column();
    let filter = "c.cancelled_on >= $1 AND c.cancelled_on < $2
           AND ($3::text IS NULL OR c.site = $3)
           AND ($4::uuid IS NULL OR c.team_id = $4)
           AND ($5::uuid IS NULL OR c.agent_id = $5)";
    let counts: Vec<CountRow> = diesel::sql_query(format!(
        "SELECT {key} AS key,
                count(*) AS cancellations,
                count(*) FILTER (WHERE c.status = 'surveyed') AS surveyed,
                count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM cabut_attempts a
                    WHERE a.case_id = c.id AND a.outcome = 'reached')) AS reached,
                count(*) FILTER (WHERE c.mis_sale) AS mis_sales
         FROM cabut_cases c
         WHERE {filter}
         GROUP BY 1 ORDER BY 1 NULLS LAST"
    ))
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Text>, _>(site)
    .bind::<Nullable<SqlUuid>, _>(team)
    .bind::<Nullable<SqlUuid>, _>(agent)
    .load(conn)
    .await?;
    let reasons: Vec<ReasonRow> = diesel::sql_query(format!(
        "SELECT {key} AS key, r.code AS code,
                count(*) AS mentioned,
                count(*) FILTER (WHERE r.main) AS main
         FROM cabut_cases c JOIN cabut_case_reasons r ON r.case_id = c.id
         WHERE {filter}
         GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2"
    ))
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Text>, _>(site)
    .bind::<Nullable<SqlUuid>, _>(team)
    .bind::<Nullable<SqlUuid>, _>(agent)
    .load(conn)
    .await?;
    Ok(counts
        .into_iter()
        .map(|c| GroupStats {
            reasons: reasons
                .iter()
                .filter(|r| r.key == c.key)
                .map(|r| (r.code.clone(), count(r.mentioned), count(r.main)))
                .collect(),
            key: c.key,
            cancellations: count(c.cancellations),
            surveyed: count(c.surveyed),
            reached: count(c.reached),
            mis_sales: count(c.mis_sales),
        })
        .collect())
}
