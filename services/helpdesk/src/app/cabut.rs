//! QC Tier 2's CABUT survey: filing cancellation cases (by API or the client's CSV
//! lists), claiming one, the contact attempts, the reasons and the possible mis-sale
//! event, the taxonomy, and the monthly stats.
//!
//! A case of the `obc` channel is linked to its sale: the latest OBC ticket of the same
//! IndiHome number and product (its call, agent, team, site, program and quality's
//! verdict as the desk knows it). When no OBC ticket follows it, the case is accepted
//! and flagged `no_activation_known` (the client's list may be right and the desk's
//! view late, or the list wrong: a person decides). Other channels' sales are not in
//! this suite: their cases are never linked nor flagged.

use std::collections::HashMap;
use std::fmt::Display;

use bytes::Bytes;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures::Stream;
use tam_contracts::helpdesk_cabut::{CaseOpened, CaseSurveyed, MisSaleSuspected};
use tam_kernel::{Cursor, FieldError, Limit, Page, RoleScope};
use tam_runtime::csv_import::{self, body_channel, body_sha256, pump, BodyReader, Tally};
use uuid::Uuid;

use super::{Helpdesk, Request};
use crate::domain::cabut::{
    self, check_reasons, check_taxonomy, is_mis_sale, main_reason, unknown_reasons, AttemptOutcome,
    CaseFlag, GivenReason, ReasonDef, Taxonomy,
};
use crate::domain::cabut_csv::{CancellationRow, CancellationsReader, HeaderError};
use crate::domain::orders_csv::RowError;
use crate::domain::policy::Channel;
use crate::domain::{rules, unprocessable, Rejection};
use crate::error::{Error, Result};
use crate::events;
use crate::store::cabut::{
    self as store, Attempt, CabutImport, Case, CaseFilters, CreatedRow, DuplicateRow, GroupBy,
    GroupStats, ImportDetails, NewCase, StatsScope, Survey,
};

/// How long a claim holds a case: a survey call and its notes.
pub const LEASE_MINUTES: i64 = 30;
/// How many good rows one cancellation list may hold.
pub const MAX_ROWS: usize = 20_000;

/// A case filed by API.
#[derive(Debug, Clone)]
pub struct CaseInput {
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    pub channel: Channel,
    pub customer_name: Option<String>,
    pub contact_number: Option<String>,
    /// (Idempotency-Key, hash of the request).
    pub idempotency: Option<(String, String)>,
}

/// A case filed, or the one filed earlier with the same Idempotency-Key.
#[derive(Debug)]
pub struct Filed {
    pub case: Case,
    pub replayed: bool,
}

/// A case with its attempts and reasons.
#[derive(Debug)]
pub struct CaseDetail {
    pub case: Case,
    pub attempts: Vec<Attempt>,
    pub reasons: Vec<GivenReason>,
}

/// Refuses a channel the desk no longer uses or a product it does not know (422
/// `unknown-reference` naming the fields).
async fn check_references(
    conn: &mut AsyncPgConnection,
    channel: Channel,
    product_code: &str,
) -> Result<Vec<FieldError>> {
    use crate::store::references::{self, Known};
    let mut errors = Vec::new();
    match references::channel(conn, channel.as_str()).await? {
        Known::Active | Known::Inactive => {}
        Known::Unknown => errors.push(FieldError::new(
            "channel",
            format!("{channel} is not a channel of the desk"),
        )),
    }
    if !store::product_known(conn, product_code, channel).await? {
        errors.push(FieldError::new(
            "product_code",
            format!("{product_code} is not a product of the catalogue"),
        ));
    }
    Ok(errors)
}

/// The case to file for a cancellation: linked to its OBC sale, or flagged.
async fn new_case(
    conn: &mut AsyncPgConnection,
    row: &CancellationRow,
    by: Uuid,
    at: DateTime<Utc>,
    import_id: Option<Uuid>,
) -> Result<NewCase> {
    let (sale, flag) = if row.channel == Channel::Obc {
        let sale = store::sale_of(conn, &row.indihome_number, &row.product_code).await?;
        let flag = sale.is_none().then_some(CaseFlag::NoActivationKnown);
        (sale, flag)
    } else {
        (None, None)
    };
    Ok(NewCase {
        indihome_number: row.indihome_number.clone(),
        product_code: row.product_code.clone(),
        cancelled_on: row.cancelled_on,
        channel: row.channel,
        customer_name: row.customer_name.clone(),
        contact_number: row.contact_number.clone(),
        sale,
        flag,
        import_id,
        created_by: by,
        created_at: at,
        idempotency_key: None,
        request_hash: None,
    })
}

/// Publishes `helpdesk.cabut.case_opened` for a case just filed, in the transaction that
/// filed it (reporting counts the cases and their CABUT rate from it).
async fn publish_opened(
    conn: &mut AsyncPgConnection,
    case: &Case,
    correlation_id: Option<&str>,
) -> Result<()> {
    let sale = case.sale.as_ref();
    events::PRODUCER
        .publish(
            conn,
            sale.map(|s| s.site),
            correlation_id,
            &CaseOpened {
                case_id: case.id,
                number: u64::try_from(case.number).unwrap_or_default(),
                channel: case.channel.as_str().to_owned(),
                indihome_number: case.indihome_number.clone(),
                product_code: case.product_code.clone(),
                cancelled_on: case.cancelled_on,
                ticket_id: sale.map(|s| s.ticket_id),
                call_id: sale.map(|s| s.call_id),
                agent_id: sale.map(|s| s.agent_id),
                team_id: sale.and_then(|s| s.team_id),
                site: sale.map(|s| s.site),
                program: sale.map(|s| s.program),
                opened_at: case.created_at,
            },
        )
        .await?;
    Ok(())
}

/// Files a case by API. 422 `unknown-reference` naming `product_code` or `channel`;
/// 409 when a case already follows the same cancellation; a date after today is 422
/// `cancelled-in-future` naming `cancelled_on`. The same Idempotency-Key and body answer the case filed
/// (replayed); another body is 422 `idempotency-key-reused`.
pub async fn file(h: &Helpdesk, request: &Request, input: CaseInput) -> Result<Filed> {
    let now = h.now();
    if input.cancelled_on > tam_kernel::wib_date(now) {
        return Err(unprocessable(
            cabut::rules::CANCELLED_IN_FUTURE,
            &[FieldError::new(
                "cancelled_on",
                format!("{} is after today", input.cancelled_on),
            )],
        )
        .into());
    }
    let by = request.actor.id;
    let correlation_id = request.correlation_id().map(str::to_owned);
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            if let Some((key, hash)) = &input.idempotency {
                if let Some((case, stored)) = store::by_idempotency_key(conn, by, key).await? {
                    if stored.as_deref() == Some(hash.as_str()) {
                        return Ok(Filed {
                            case,
                            replayed: true,
                        });
                    }
                    return Err(Rejection::rule(
                        rules::IDEMPOTENCY_KEY_REUSED,
                        "this Idempotency-Key filed another case: send that request again to see it, or use a new key",
                    )
                    .into());
                }
            }
            let errors = check_references(conn, input.channel, &input.product_code).await?;
            if !errors.is_empty() {
                return Err(unprocessable(rules::UNKNOWN_REFERENCE, &errors).into());
            }
            let row = CancellationRow {
                line: 0,
                indihome_number: input.indihome_number.clone(),
                product_code: input.product_code.clone(),
                cancelled_on: input.cancelled_on,
                channel: input.channel,
                customer_name: input.customer_name.clone(),
                contact_number: input.contact_number.clone(),
            };
            let mut new = new_case(conn, &row, by, now, None).await?;
            if let Some((key, hash)) = input.idempotency {
                new.idempotency_key = Some(key);
                new.request_hash = Some(hash);
            }
            match store::insert(conn, &new).await? {
                Some(case) => {
                    publish_opened(conn, &case, correlation_id.as_deref()).await?;
                    Ok(Filed {
                        case,
                        replayed: false,
                    })
                }
                None => {
                    let existing = store::of_cancellation(
                        conn,
                        &new.indihome_number,
                        &new.product_code,
                        new.cancelled_on,
                    )
                    .await?;
                    Err(Rejection::Conflict(format!(
                        "case {} already follows this cancellation (the same IndiHome number, product and day): /api/v1/helpdesk/cabut/cases/{}",
                        existing.as_ref().map_or(0, |c| c.number),
                        existing.map_or_else(Uuid::nil, |c| c.id),
                    ))
                    .into())
                }
            }
        }
        .scope_boxed()
    })
    .await
}

/// One case with its attempts and reasons (404 when there is none).
pub async fn get(h: &Helpdesk, id: Uuid) -> Result<CaseDetail> {
    let mut conn = h.pool.get().await?;
    let case = store::find(&mut conn, id, false)
        .await?
        .ok_or(Error::NotFound("case"))?;
    detail(&mut conn, case).await
}

async fn detail(conn: &mut AsyncPgConnection, case: Case) -> Result<CaseDetail> {
    let attempts = store::attempts(conn, case.id).await?;
    let reasons = store::reasons(conn, case.id).await?;
    Ok(CaseDetail {
        case,
        attempts,
        reasons,
    })
}

/// A page of cases, oldest first.
pub async fn list(
    h: &Helpdesk,
    filters: CaseFilters,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Case>> {
    let mut conn = h.pool.get().await?;
    let rows = store::list(&mut conn, filters, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |c| {
        Cursor::new(c.created_at, c.id)
    }))
}

/// QC Tier 2 claims the next case: the one they already hold, else the oldest open
/// case nobody holds (or whose lease expired), for [`LEASE_MINUTES`]. `None` when the
/// queue is empty.
pub async fn claim(h: &Helpdesk, request: &Request) -> Result<Option<CaseDetail>> {
    let who = request.actor.id;
    let now = h.now();
    let until = now + Duration::minutes(LEASE_MINUTES);
    let mut conn = h.pool.get().await?;
    let claimed = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                if let Some(held) = store::held_by(conn, who, now).await? {
                    return Ok(Some(held));
                }
                store::claim_next(conn, who, now, until).await
            }
            .scope_boxed()
        })
        .await?;
    match claimed {
        Some(case) => Ok(Some(detail(&mut conn, case).await?)),
        None => Ok(None),
    }
}

/// Records a contact attempt on a case the caller holds (409 otherwise); the lease is
/// extended.
pub async fn attempt(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    outcome: AttemptOutcome,
    note: Option<String>,
) -> Result<CaseDetail> {
    let who = request.actor.id;
    let now = h.now();
    let mut conn = h.pool.get().await?;
    let case = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                let case = store::find(conn, id, true)
                    .await?
                    .ok_or(Error::NotFound("case"))?;
                cabut::check_attempt(case.status, case.held_by(who, now))
                    .map_err(Rejection::Conflict)?;
                store::add_attempt(
                    conn,
                    id,
                    &Attempt {
                        at: now,
                        by: who,
                        outcome,
                        note,
                    },
                )
                .await?;
                store::extend_lease(conn, id, now + Duration::minutes(LEASE_MINUTES)).await?;
                store::find(conn, id, false)
                    .await?
                    .ok_or(Error::NotFound("case"))
            }
            .scope_boxed()
        })
        .await?;
    detail(&mut conn, case).await
}

/// What QC Tier 2 records at the end of a survey.
#[derive(Debug, Clone)]
pub struct SurveyInput {
    pub reasons: Vec<GivenReason>,
    pub note: Option<String>,
}

/// Records the reasons of a case the caller holds, after a reached attempt (409
/// otherwise), against the taxonomy in force: an unknown reason is 422
/// `unknown-reference` naming `reasons[i].code`; no main or several, a reason twice, a
/// missing text are 422 `invalid-cabut-reasons` naming the field. A possible mis-sale ([`is_mis_sale`]) publishes
/// `helpdesk.cabut.mis_sale_suspected` in the same transaction.
pub async fn survey(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    input: SurveyInput,
) -> Result<CaseDetail> {
    let who = request.actor.id;
    let now = h.now();
    let correlation_id = request.correlation_id().map(str::to_owned);
    let mut conn = h.pool.get().await?;
    let case = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                let case = store::find(conn, id, true)
                    .await?
                    .ok_or(Error::NotFound("case"))?;
                let taxonomy = store::taxonomy(conn).await?;
                let unknown = unknown_reasons(&taxonomy, &input.reasons);
                if !unknown.is_empty() {
                    return Err(unprocessable(rules::UNKNOWN_REFERENCE, &unknown).into());
                }
                let errors = check_reasons(&taxonomy, &input.reasons);
                if !errors.is_empty() {
                    return Err(unprocessable(cabut::rules::INVALID_REASONS, &errors).into());
                }
                let attempts = store::attempts(conn, id).await?;
                let reached = attempts
                    .iter()
                    .any(|a| a.outcome == AttemptOutcome::Reached);
                cabut::check_survey(case.status, case.held_by(who, now), reached)
                    .map_err(Rejection::Conflict)?;
                let main = main_reason(&input.reasons)
                    .map(|r| r.code.clone())
                    .ok_or_else(|| {
                        Rejection::field("reasons", "exactly one reason must be the main one")
                    })?;
                let mis_sale = is_mis_sale(case.sale.is_some(), &input.reasons);
                let surveyed = store::record_survey(
                    conn,
                    id,
                    &Survey {
                        version: taxonomy.version,
                        reasons: &input.reasons,
                        main_reason: &main,
                        note: input.note.as_deref(),
                        mis_sale,
                        by: who,
                        at: now,
                    },
                )
                .await?;
                let mut reasons = vec![main.clone()];
                reasons.extend(
                    input
                        .reasons
                        .iter()
                        .filter(|r| !r.main)
                        .map(|r| r.code.clone()),
                );
                let sale = surveyed.sale.as_ref();
                events::PRODUCER
                    .publish(
                        conn,
                        sale.map(|s| s.site),
                        correlation_id.as_deref(),
                        &CaseSurveyed {
                            case_id: surveyed.id,
                            channel: surveyed.channel.as_str().to_owned(),
                            call_id: sale.map(|s| s.call_id),
                            agent_id: sale.map(|s| s.agent_id),
                            team_id: sale.and_then(|s| s.team_id),
                            site: sale.map(|s| s.site),
                            program: sale.map(|s| s.program),
                            main_reason: main.clone(),
                            reasons: reasons.clone(),
                            mis_sale,
                            surveyed_at: now,
                        },
                    )
                    .await?;
                if let (true, Some(sale)) = (mis_sale, &surveyed.sale) {
                    events::PRODUCER
                        .publish(
                            conn,
                            Some(sale.site),
                            correlation_id.as_deref(),
                            &MisSaleSuspected {
                                case_id: surveyed.id,
                                call_id: sale.call_id,
                                agent_id: sale.agent_id,
                                team_id: sale.team_id,
                                site: sale.site,
                                program: sale.program,
                                indihome_number: surveyed.indihome_number.clone(),
                                product_code: surveyed.product_code.clone(),
                                cancelled_on: surveyed.cancelled_on,
                                main_reason: main.clone(),
                                reasons,
                                note: input.note.clone(),
                                surveyed_at: now,
                            },
                        )
                        .await?;
                }
                Ok(surveyed)
            }
            .scope_boxed()
        })
        .await?;
    detail(&mut conn, case).await
}

/// The taxonomy in force.
pub async fn taxonomy(h: &Helpdesk) -> Result<Taxonomy> {
    let mut conn = h.pool.get().await?;
    store::taxonomy(&mut conn).await
}

/// The supervisor saves a new version of the taxonomy (in force at once; cases already
/// surveyed keep the version they were surveyed with). 422 `invalid-cabut-taxonomy`
/// naming the bad reasons.
pub async fn put_taxonomy(
    h: &Helpdesk,
    request: &Request,
    reasons: Vec<ReasonDef>,
) -> Result<Taxonomy> {
    let errors = check_taxonomy(&reasons);
    if !errors.is_empty() {
        return Err(unprocessable(cabut::rules::INVALID_TAXONOMY, &errors).into());
    }
    let by = request.actor.id;
    let now = h.now();
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move { store::add_taxonomy(conn, &reasons, by, now).await }.scope_boxed()
    })
    .await
}

/// The stats of the month `[from, to)` grouped by `group_by`, in the caller's scope:
/// the desk and all-site roles every case; a site's supervisors their site's OBC sales,
/// a team leader their team's, an agent their own.
pub async fn stats(
    h: &Helpdesk,
    request: &Request,
    from: NaiveDate,
    to: NaiveDate,
    group_by: GroupBy,
) -> Result<Vec<GroupStats>> {
    let actor = &request.actor;
    let scope = match (actor.role.scope(), actor.site, actor.team) {
        (RoleScope::AllSites, _, _) => StatsScope::All,
        (RoleScope::Site, Some(site), _) => StatsScope::Site(site),
        (RoleScope::Team, Some(_), Some(team)) => StatsScope::Team(team),
        (RoleScope::Own, _, _) => StatsScope::Agent(actor.id),
        _ => StatsScope::Nothing,
    };
    let mut conn = h.pool.get().await?;
    store::stats(&mut conn, from, to, group_by, scope).await
}

// ---------------------------------------------------------------------------------
// CSV import.

/// A new import (201) or the one made earlier with the same key and file (200).
pub type Imported = csv_import::Imported<CabutImport>;

/// Imports a cancellation list streamed in `body` (the order-list import's machinery
/// and rules: bad rows reported and left out, the file all or nothing, Idempotency-Key
/// replays the report of the same file).
pub async fn import<S, E>(
    h: &Helpdesk,
    request: &Request,
    key: Option<String>,
    body: S,
) -> Result<Imported>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: Display,
{
    if let Some(key) = key.as_deref() {
        let mut conn = h.pool.get().await?;
        if let Some(report) = store::import_by_key(&mut conn, key).await? {
            drop(conn);
            let sha256 = body_sha256(body).await.map_err(|e| upload_failed(&e))?;
            if sha256 != report.sha256 {
                return Err(Rejection::rule(
                    rules::IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for another file: send that file again to see its report, or use a new key",
                )
                .into());
            }
            return Ok(Imported::Replayed(report));
        }
    }
    let now = h.now();
    let today = tam_kernel::wib_date(now);
    let (chunk_tx, body_reader) = body_channel();
    let reader = tokio::task::spawn_blocking(move || read_file(body_reader, today));
    let ((), read) = futures::join!(pump(body, chunk_tx), reader);
    let file =
        read.map_err(|e| anyhow::anyhow!("the cancellation-list reader thread failed: {e}"))??;
    let import_id = Uuid::now_v7();
    let by = request.actor.id;
    let correlation_id = request.correlation_id().map(str::to_owned);
    let mut conn = h.pool.get().await?;
    let report = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                if !store::claim_import(conn, import_id, key.as_deref(), &file.sha256, by, now)
                    .await?
                {
                    return Err(Rejection::Conflict(
                        "another request with this Idempotency-Key imported a file meanwhile: repeat the request to get its report"
                            .to_owned(),
                    )
                    .into());
                }
                let (details, rejected) =
                    file_rows(conn, import_id, &file, by, now, correlation_id.as_deref()).await?;
                let created = u32::try_from(details.created.len()).unwrap_or(u32::MAX);
                let duplicates = u32::try_from(details.duplicates.len()).unwrap_or(u32::MAX);
                store::finish_import(
                    conn,
                    import_id,
                    [file.total, created, file.rejected + rejected, duplicates],
                    &details,
                )
                .await
            }
            .scope_boxed()
        })
        .await?;
    tracing::info!(import = %report.id, total = report.total, created = report.created, "cancellation list imported");
    Ok(Imported::Created(report))
}

/// One import's report.
pub async fn get_import(h: &Helpdesk, id: Uuid) -> Result<CabutImport> {
    let mut conn = h.pool.get().await?;
    store::find_import(&mut conn, id)
        .await?
        .ok_or(Error::NotFound("import"))
}

#[derive(Debug)]
struct ReadFile {
    rows: Vec<CancellationRow>,
    total: u32,
    rejected: u32,
    errors: Vec<RowError>,
    ignored_columns: Vec<String>,
    sha256: String,
}

/// Files a case per good row in file order; an unknown product is a rejected row, a
/// cancellation already followed a duplicate. Returns the details and the rows refused
/// here.
async fn file_rows(
    conn: &mut AsyncPgConnection,
    import_id: Uuid,
    file: &ReadFile,
    by: Uuid,
    now: DateTime<Utc>,
    correlation_id: Option<&str>,
) -> Result<(ImportDetails, u32)> {
    let mut details = ImportDetails {
        errors: file.errors.clone(),
        ignored_columns: file.ignored_columns.clone(),
        ..ImportDetails::default()
    };
    let mut rejected = 0;
    let mut known: HashMap<(String, Channel), bool> = HashMap::new();
    for row in &file.rows {
        let k = (row.product_code.clone(), row.channel);
        let product_ok = match known.get(&k) {
            Some(ok) => *ok,
            None => {
                let ok = store::product_known(conn, &row.product_code, row.channel).await?;
                known.insert(k, ok);
                ok
            }
        };
        if !product_ok {
            rejected += 1;
            if details.errors.len() < csv_import::REPORTED_ERRORS {
                details.errors.push(RowError::new(
                    row.line,
                    "product_code",
                    format!("{} is not a product of the catalogue", row.product_code),
                ));
            }
            continue;
        }
        let new = new_case(conn, row, by, now, Some(import_id)).await?;
        match store::insert(conn, &new).await? {
            Some(case) => {
                publish_opened(conn, &case, correlation_id).await?;
                details.created.push(CreatedRow {
                    line: row.line,
                    case_id: case.id,
                    case_number: case.number,
                    linked: case.sale.is_some(),
                    flagged: case.flag.is_some(),
                });
            }
            None => {
                if let Some(existing) = store::of_cancellation(
                    conn,
                    &row.indihome_number,
                    &row.product_code,
                    row.cancelled_on,
                )
                .await?
                {
                    details.duplicates.push(DuplicateRow {
                        line: row.line,
                        case_id: existing.id,
                        case_number: existing.number,
                    });
                }
            }
        }
    }
    details.errors.sort_by_key(|e| e.line);
    Ok((details, rejected))
}

fn read_file(mut source: BodyReader, today: NaiveDate) -> Result<ReadFile> {
    let outcome = (|| {
        let mut reader =
            CancellationsReader::new(&mut source, today).map_err(|e| header_rejection(&e))?;
        let ignored_columns = reader.ignored_columns().to_vec();
        let mut rows = Vec::new();
        let mut tally = Tally::default();
        for item in reader.by_ref() {
            match item {
                Ok(_) if rows.len() >= MAX_ROWS => {
                    return Err(Rejection::field(
                        "body",
                        format!("the file has more than {MAX_ROWS} rows: split it; nothing was imported"),
                    )
                    .into());
                }
                Err(errors) if errors.iter().any(|e| e.field == "file") => {
                    let reason = errors.first().map(|e| e.reason.clone()).unwrap_or_default();
                    return Err(upload_failed(&reason));
                }
                item => {
                    tally.count(&item);
                    if let Ok(row) = item {
                        rows.push(row);
                    }
                }
            }
        }
        if reader.failed() {
            return Err(upload_failed(&"the file could not be read to its end"));
        }
        Ok(ReadFile {
            rows,
            total: u32::try_from(tally.total).unwrap_or(u32::MAX),
            rejected: u32::try_from(tally.rejected).unwrap_or(u32::MAX),
            errors: tally.errors.iter().map(RowError::from).collect(),
            ignored_columns,
            sha256: String::new(),
        })
    })();
    let mut file = outcome?;
    file.sha256 = source.finish().map_err(|e| upload_failed(&e))?;
    Ok(file)
}

fn header_rejection(e: &HeaderError) -> Error {
    Rejection::field(e.field(), e.to_string()).into()
}

fn upload_failed(reason: &dyn Display) -> Error {
    Rejection::field("body", csv_import::upload_failed(reason)).into()
}
