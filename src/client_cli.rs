//! `tam client …`: a small command line on the typed client (`tam-client`) for scripts
//! and operations: log in, take the next customer, start a call, record its result,
//! import a DAPROS file with a progress bar, export a report. Every call goes through
//! `tam_client::Client`; a problem is printed with its field errors and exits 1.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::{Args, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tam_client::types::{calling, hr, prospect, reporting, Role, Site};
use tam_client::{Client, ClientError, Download, Upload};
use uuid::Uuid;

/// How long before the stored access token expires it is refreshed instead of used.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

#[derive(Args)]
pub struct ClientArgs {
    /// The session file (default `$XDG_CONFIG_HOME/tam/session.json`, else
    /// `~/.config/tam/session.json`); written with mode 0600.
    #[arg(long, global = true, env = "TAM_CLIENT_SESSION")]
    session: Option<PathBuf>,
    /// How answers are printed: aligned `table` columns for people, `json` for scripts.
    #[arg(long, global = true, value_enum, default_value_t = Output::Table)]
    output: Output,
    #[command(subcommand)]
    command: ClientCommand,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Json,
    Table,
}

#[derive(Subcommand)]
enum ClientCommand {
    /// Log in at the gateway and keep the session (tokens) in the session file. The
    /// password is read from TAM_CLIENT_PASSWORD, or from the first line of stdin.
    Login {
        /// The gateway, e.g. http://127.0.0.1:8080
        #[arg(long, env = "TAM_CLIENT_URL")]
        url: String,
        #[arg(long)]
        username: String,
    },
    /// Revoke the session's refresh tokens at the API and delete the session file.
    Logout,
    /// Claim the next customer to call (an agent).
    Next {
        /// The `claim_id` of the call you have just made: never handed back to you
        #[arg(long)]
        done_with: Option<Uuid>,
    },
    /// Start a call on the prospect `next` gave (its `prospect.id`).
    StartCall {
        prospect: Uuid,
        /// The `claim_ticket` of that `next` answer: the call starts at once (without
        /// it, calling waits up to 3 s for the claim's event)
        #[arg(long)]
        ticket: Option<String>,
    },
    /// Record a call's result.
    Result {
        call: Uuid,
        /// agree, decline, follow_up, no_answer, busy, unreachable, wrong_number, ...
        #[arg(long)]
        outcome: String,
        /// RFC 3339, for follow_up
        #[arg(long)]
        follow_up_at: Option<String>,
        /// The product code, for agree on a sales program
        #[arg(long)]
        product: Option<String>,
        /// The negotiation step, for agree on retention
        #[arg(long)]
        negotiation_step: Option<i64>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Upload a DAPROS file (CSV) into a work order, with a progress bar; prints the
    /// import report.
    Import { work_order: Uuid, file: PathBuf },
    /// Download a report family as CSV or XLSX into a file (streamed).
    Export {
        family: Family,
        /// The first WIB day, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// The last WIB day, inclusive
        #[arg(long)]
        to: String,
        /// total, agent, team, site, program or work_order
        #[arg(long)]
        group_by: Option<String>,
        /// day, week, month or range
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Family {
    Outbound,
    Quality,
    Activation,
    Disruptions,
    Workforce,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Xlsx,
}

/// What the session file holds: the gateway and the tokens of one login.
#[derive(Serialize, Deserialize)]
struct Stored {
    url: String,
    access_token: String,
    refresh_token: String,
    /// When the access token expires, in seconds since the epoch.
    expires_at: u64,
    role: Role,
    site: Option<Site>,
}

/// Why a command failed: the API's problem (printed with its field errors) or anything
/// else (a message).
enum Failure {
    Client(ClientError),
    Other(String),
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Self {
        Failure::Client(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Other(e.to_string())
    }
}

/// Runs a `tam client` command; the process exit code (0, or 1 on any failure).
pub async fn run(args: ClientArgs) -> i32 {
    let output = args.output;
    match execute(args).await {
        Ok(()) => 0,
        Err(failure) => {
            report_failure(output, &failure);
            1
        }
    }
}

async fn execute(args: ClientArgs) -> Result<(), Failure> {
    let path = match args.session {
        Some(path) => path,
        None => default_session_path()?,
    };
    let out = args.output;
    match args.command {
        ClientCommand::Login { url, username } => {
            let password = match std::env::var("TAM_CLIENT_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let client = Client::new(&url)?;
            let tokens = client.login(&username, &password).await?;
            save(&path, &stored(&url, &tokens))?;
            print(
                out,
                &serde_json::json!({
                    "username": username,
                    "role": tokens.role,
                    "site": tokens.site,
                    "session": path.display().to_string(),
                }),
            );
        }
        ClientCommand::Logout => {
            let Some(session) = load(&path)? else {
                return Err(Failure::Other("not logged in".to_owned()));
            };
            let client = Client::new(&session.url)?;
            client
                .auth_logout(&hr::auth::RefreshRequest {
                    refresh_token: session.refresh_token,
                })
                .await?;
            std::fs::remove_file(&path)?;
            print(out, &serde_json::json!({"logged_out": true}));
        }
        ClientCommand::Next { done_with } => {
            let client = resume(&path).await?;
            match client
                .prospects_next(&prospect::prospects::NextQuery { done_with })
                .await?
            {
                Some(next) => print(out, &to_value(&next)),
                None => print(
                    out,
                    &serde_json::json!({"next": null, "message": "no customer to call now"}),
                ),
            }
        }
        ClientCommand::StartCall { prospect, ticket } => {
            let client = resume(&path).await?;
            let call = client
                .calls_start(&calling::calls::StartCallRequest {
                    prospect_id: Some(prospect.to_string()),
                    claim_ticket: ticket,
                })
                .await?;
            print(out, &to_value(&call));
        }
        ClientCommand::Result {
            call,
            outcome,
            follow_up_at,
            product,
            negotiation_step,
            notes,
        } => {
            let client = resume(&path).await?;
            let body = calling::calls::RecordResultRequest {
                outcome: Some(outcome),
                product_code: product,
                negotiation_step,
                follow_up_at,
                notes,
            };
            let recorded = client.calls_record_result(call, &body).await?;
            print(out, &to_value(&recorded));
        }
        ClientCommand::Import { work_order, file } => {
            let client = resume(&path).await?;
            let opened = tokio::fs::File::open(&file).await?;
            let len = opened.metadata().await?.len();
            // Drawn on stderr, and only on a terminal: stdout stays the report.
            let bar = indicatif::ProgressBar::new(len);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec})",
                )
                .map_err(|e| Failure::Other(e.to_string()))?
                .progress_chars("=> "),
            );
            bar.set_message(format!("uploading {}", file.display()));
            let reader = bar.wrap_async_read(opened);
            let report = client
                .prospect_import(work_order, Upload::reader(reader, "text/csv", Some(len)))
                .await;
            bar.finish_and_clear();
            print(out, &to_value(&report?));
        }
        ClientCommand::Export {
            family,
            from,
            to,
            group_by,
            period,
            format,
            out: file,
        } => {
            let client = resume(&path).await?;
            let params = reporting::reports::ReportParams {
                from: Some(from),
                to: Some(to),
                group_by,
                period,
                format: Some(
                    match format {
                        ExportFormat::Csv => "csv",
                        ExportFormat::Xlsx => "xlsx",
                    }
                    .to_owned(),
                ),
                ..Default::default()
            };
            let download: Download = match family {
                Family::Outbound => client.reporting_outbound(&params).await?,
                Family::Quality => client.reporting_quality(&params).await?,
                Family::Activation => client.reporting_activation(&params).await?,
                Family::Disruptions => client.reporting_disruptions(&params).await?,
                Family::Workforce => client.reporting_workforce(&params).await?,
            };
            let content_type = download.content_type.clone();
            let bytes = download.save_to(&file).await?;
            print(
                out,
                &serde_json::json!({
                    "file": file.display().to_string(),
                    "bytes": bytes,
                    "content_type": content_type,
                }),
            );
        }
    }
    Ok(())
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn stored(url: &str, tokens: &hr::auth::TokenResponse) -> Stored {
    Stored {
        url: url.to_owned(),
        access_token: tokens.access_token.clone(),
        refresh_token: tokens.refresh_token.clone(),
        expires_at: now_secs() + tokens.expires_in,
        role: tokens.role,
        site: tokens.site,
    }
}

/// A client on the stored session: its access token while it has a minute left, else
/// the refresh token exchanged for new tokens (the session file rewritten with them).
async fn resume(path: &Path) -> Result<Client, Failure> {
    let Some(session) = load(path)? else {
        return Err(Failure::Other(
            "not logged in: run `tam client login --url <gateway> --username <name>`".to_owned(),
        ));
    };
    if session.expires_at > now_secs() + REFRESH_MARGIN.as_secs() {
        return Ok(Client::with_access_token(
            &session.url,
            session.access_token,
            session.role,
            session.site,
        )
        .await?);
    }
    let tokens = Client::new(&session.url)?
        .auth_refresh(&hr::auth::RefreshRequest {
            refresh_token: session.refresh_token,
        })
        .await?;
    let fresh = stored(&session.url, &tokens);
    save(path, &fresh)?;
    Ok(Client::with_access_token(&fresh.url, fresh.access_token, fresh.role, fresh.site).await?)
}

fn default_session_path() -> Result<PathBuf, Failure> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(home) => PathBuf::from(home).join(".config"),
            None => {
                return Err(Failure::Other(
                    "neither XDG_CONFIG_HOME nor HOME is set: give --session".to_owned(),
                ))
            }
        },
    };
    Ok(base.join("tam").join("session.json"))
}

fn load(path: &Path) -> Result<Option<Stored>, Failure> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Failure::Other(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Writes the session with mode 0600 (the tokens are the user's credentials), through
/// a temporary file renamed over the old one so a crash never leaves half a session.
fn save(path: &Path, session: &Stored) -> Result<(), Failure> {
    use std::os::unix::fs::OpenOptionsExt as _;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let bytes = serde_json::to_vec_pretty(session).map_err(|e| Failure::Other(e.to_string()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

fn print(output: Output, value: &Value) {
    match output {
        Output::Json => println!("{value:#}"),
        Output::Table => print!("{}", table(value)),
    }
}

/// Two aligned columns, a row per leaf: nested members by dotted path, list items by
/// index (`errors[0].line`).
fn table(value: &Value) -> String {
    let mut rows = Vec::new();
    flatten("", value, &mut rows);
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(k, v)| format!("{k:<width$}  {v}\n"))
        .collect()
}

fn flatten(prefix: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, rows);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, rows);
            }
        }
        Value::String(s) => rows.push((prefix.to_owned(), s.clone())),
        Value::Null => rows.push((prefix.to_owned(), "-".to_owned())),
        other => rows.push((prefix.to_owned(), other.to_string())),
    }
}

fn report_failure(output: Output, failure: &Failure) {
    match failure {
        Failure::Client(ClientError::Problem(problem)) => {
            if output == Output::Json {
                println!("{:#}", to_value(problem));
                return;
            }
            eprintln!(
                "error: {} {}: {}",
                problem.status, problem.title, problem.detail
            );
            for e in &problem.errors {
                eprintln!("  {}: {}", e.field, e.reason);
            }
        }
        Failure::Client(e) => eprintln!("error: {e}"),
        Failure::Other(message) => eprintln!("error: {message}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_table_has_a_row_per_leaf_with_aligned_keys() {
        let v =
            serde_json::json!({"total": 3, "errors": [{"line": 2, "field": "name"}], "x": null});
        let mut lines: Vec<String> = table(&v).lines().map(str::to_owned).collect();
        lines.sort();
        assert_eq!(
            lines,
            [
                "errors[0].field  name",
                "errors[0].line   2",
                "total            3",
                "x                -",
            ]
        );
    }
}
