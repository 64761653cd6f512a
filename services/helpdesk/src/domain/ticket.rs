//! Activation tickets: what a ticket is, what opening one needs, its product key, and
//! who may move it.
//!
//! One ticket follows one AddOn activation of one customer: one open ticket per
//! (IndiHome number, product key) at a time, so two channels reporting the same order
//! meet on one ticket instead of two desks working it twice.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_kernel::{Actor, FieldError, Program, Role, Site};
use uuid::Uuid;

use super::policy::{Channel, Priority};
use super::sla::{Position, TicketStatus};
use super::Rejection;

/// The longest customer name, note, provisioning order number, … the desk keeps.
pub const MAX_NAME: usize = 200;
/// The longest free text (a note, an issue's description, a follow-up).
pub const MAX_TEXT: usize = 2000;
/// The longest provisioning order number of the client.
pub const MAX_ORDER_NUMBER: usize = 60;

/// The product key of every retention ticket: a customer has one retention case at a
/// time, whatever step of the negotiation they accepted.
pub const RETENTION_KEY: &str = "retention";

/// What was sold: an AddOn product (sales) or a negotiation step (retention).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    /// A product code (upper case, as in the catalogue and the work orders).
    Product(String),
    /// The negotiation step the customer accepted (1, 2, 3…).
    Step(u32),
}

impl Subject {
    /// The key of "one open ticket per (IndiHome number, product)".
    pub fn product_key(&self) -> String {
        match self {
            Subject::Product(code) => code.clone(),
            Subject::Step(_) => RETENTION_KEY.to_owned(),
        }
    }

    pub fn product_code(&self) -> Option<&str> {
        match self {
            Subject::Product(code) => Some(code),
            Subject::Step(_) => None,
        }
    }

    pub fn negotiation_step(&self) -> Option<u32> {
        match self {
            Subject::Product(_) => None,
            Subject::Step(step) => Some(*step),
        }
    }
}

/// The sale an OBC ticket follows (quality's VALID call); other channels have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    pub work_order_id: Uuid,
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
}

/// A ticket to open, checked for form by [`check_new_ticket`] (the store checks that
/// the channel, product and the one-open-ticket rule hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    pub channel: Channel,
    /// Digits only, 10 to 13 ([`validate_indihome_number`]).
    pub indihome_number: String,
    pub customer_name: String,
    pub contact_number: String,
    pub subject: Subject,
    pub priority: Priority,
    pub site: Option<Site>,
    pub program: Option<Program>,
    /// OBC: the sale; `None` for the other channels.
    pub sale: Option<Sale>,
    /// The client's provisioning order number, when the channel already has one.
    pub provisioning_order_number: Option<String>,
    /// A note kept on the opening entry of the history.
    pub note: Option<String>,
    /// When it was opened: now for a person, the event's time for a channel.
    pub opened_at: DateTime<Utc>,
    /// The Idempotency-Key of the request that opens it (API only), with the hash of
    /// what the request asked.
    pub idempotency: Option<Idempotency>,
    /// The correlation id of the request or event that opens it (on its event).
    pub correlation_id: Option<String>,
}

/// A request's Idempotency-Key and the hash of what it asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// Who opens a ticket or changes it: an employee (through the API) or a channel (a
/// consumed event, a CSV import made on a channel's behalf).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    Employee(Actor),
    Channel(Channel),
}

impl Opener {
    pub fn actor_id(&self) -> Option<Uuid> {
        match self {
            Opener::Employee(actor) => Some(actor.id),
            Opener::Channel(_) => None,
        }
    }

    pub fn actor_role(&self) -> Option<Role> {
        match self {
            Opener::Employee(actor) => Some(actor.role),
            Opener::Channel(_) => None,
        }
    }

    pub fn channel(&self) -> Option<Channel> {
        match self {
            Opener::Employee(_) => None,
            Opener::Channel(channel) => Some(*channel),
        }
    }
}

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: Uuid,
    pub number: i64,
    pub channel: Channel,
    pub indihome_number: String,
    pub customer_name: String,
    pub contact_number: String,
    pub product_code: Option<String>,
    pub negotiation_step: Option<u32>,
    pub product_key: String,
    pub priority: Priority,
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub work_order_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub prospect_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub status: TicketStatus,
    pub stage: TicketStatus,
    pub provisioning_order_number: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub opened_at: DateTime<Utc>,
    pub opened_by: Option<Uuid>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub flag_reason: Option<String>,
    pub next_escalation_at: Option<DateTime<Utc>>,
    pub first_responded_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl Ticket {
    pub fn position(&self) -> Position {
        Position {
            status: self.status,
            stage: self.stage,
        }
    }

    /// The product code, or the product key for retention (what the SLA policies name).
    pub fn policy_product(&self) -> &str {
        self.product_code.as_deref().unwrap_or(&self.product_key)
    }
}

/// The IndiHome number rule is the suite's (prospect's DAPROS reader uses the same).
pub use tam_kernel::validate_indihome_number;

/// A contact number as the desk dials it: `+62`, `62` or `0` then 7 to 13 digits;
/// spaces, dashes, dots and parentheses are dropped. The desk calls back customers of
/// every channel, so a number it cannot dial is refused at the opening.
pub fn validate_contact_number(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("is required".to_owned());
    }
    let (plus, rest) = match value.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(format!("{value:?} contains {c:?}: not a phone number")),
        }
    }
    let nsn = if plus {
        digits.strip_prefix("62")
    } else {
        digits
            .strip_prefix("62")
            .or_else(|| digits.strip_prefix('0'))
    };
    match nsn {
        Some(nsn) if (7..=13).contains(&nsn.len()) && !nsn.starts_with('0') => {
            Ok(format!("+62{nsn}"))
        }
        _ => Err(format!(
            "{value:?} is not an Indonesian number (+62…, 62… or 0… then 7 to 13 digits)"
        )),
    }
}

/// A required text of at most `max` characters, trimmed.
pub fn required_text(raw: &str, max: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        Err("is required".to_owned())
    } else if value.chars().count() > max {
        Err(format!("must be at most {max} characters"))
    } else {
        Ok(value.to_owned())
    }
}

/// An optional text of at most `max` characters, trimmed; blank is absent.
pub fn optional_text(raw: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) if value.chars().count() > max => {
            Err(format!("must be at most {max} characters"))
        }
        Some(value) => Ok(Some(value.to_owned())),
    }
}

/// A product code as the catalogue writes it: trimmed, upper case, 1 to 50 of
/// `A-Z 0-9 _ -`.
pub fn product_code(raw: &str) -> Result<String, String> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        return Err("is required".to_owned());
    }
    if code.len() > 50
        || !code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        return Err(format!(
            "{raw:?} is not a product code (1 to 50 of A-Z, 0-9, _ and -)"
        ));
    }
    Ok(code)
}

/// Every problem of a ticket's form, each naming its field (the store then checks the
/// references). OBC tickets come with their sale; the other channels' never carry one.
pub fn check_new_ticket(ticket: &NewTicket) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(reason) = validate_indihome_number(&ticket.indihome_number) {
        errors.push(FieldError::new("indihome_number", reason));
    }
    if let Err(reason) = required_text(&ticket.customer_name, MAX_NAME) {
        errors.push(FieldError::new("customer_name", reason));
    }
    if let Err(reason) = validate_contact_number(&ticket.contact_number) {
        errors.push(FieldError::new("contact_number", reason));
    }
    match &ticket.subject {
        Subject::Product(code) => {
            if let Err(reason) = product_code(code) {
                errors.push(FieldError::new("product_code", reason));
            }
        }
        Subject::Step(0) => errors.push(FieldError::new(
            "negotiation_step",
            "must be 1 or more (steps are numbered 1, 2, 3…)",
        )),
        Subject::Step(_) => {}
    }
    match (ticket.channel, ticket.sale.is_some()) {
        (Channel::Obc, false) => errors.push(FieldError::new(
            "channel",
            "obc tickets are opened from quality's VALID sales, not by hand",
        )),
        (channel, true) if channel != Channel::Obc => errors.push(FieldError::new(
            "channel",
            "only obc tickets follow a sale of this suite",
        )),
        _ => {}
    }
    if let Some(number) = &ticket.provisioning_order_number {
        if let Err(reason) = required_text(number, MAX_ORDER_NUMBER) {
            errors.push(FieldError::new("provisioning_order_number", reason));
        }
    }
    errors
}

/// A ticket that passed [`check_new_ticket`] in the one form the desk stores: numbers
/// trimmed, the contact number in E.164, the product code upper case, texts trimmed (so
/// that the one-open-ticket rule compares like with like).
pub fn normalized(mut new: NewTicket) -> NewTicket {
    if let Ok(number) = validate_indihome_number(&new.indihome_number) {
        new.indihome_number = number;
    }
    if let Ok(contact) = validate_contact_number(&new.contact_number) {
        new.contact_number = contact;
    }
    new.customer_name = new.customer_name.trim().to_owned();
    if let Subject::Product(code) = &new.subject {
        if let Ok(code) = product_code(code) {
            new.subject = Subject::Product(code);
        }
    }
    new.provisioning_order_number = new.provisioning_order_number.map(|n| n.trim().to_owned());
    new
}

/// Whether `opener` may move a ticket held by `assignee` from `position` to `to` (the
/// transition itself is checked by [`super::sla::check_transition`]):
///
/// - a channel (OBC's verdict correction, an import) may make any allowed change;
/// - `supervisor_hd` may change any ticket;
/// - `hd_support` may change a ticket nobody holds or one they hold: another's ticket
///   is theirs to work, and a second pair of hands changing it unannounced is how a
///   desk loses track (the supervisor reassigns it);
/// - `qc_tier2` validates activations: they move a ticket still in its validation
///   stage (forward, into a pause, to failed), never cancel or reopen one;
/// - nobody else.
pub fn check_status_change(
    opener: &Opener,
    assignee: Option<Uuid>,
    position: Position,
    to: TicketStatus,
) -> Result<(), Rejection> {
    let actor = match opener {
        Opener::Channel(_) => return Ok(()),
        Opener::Employee(actor) => actor,
    };
    match actor.role {
        Role::SupervisorHd => Ok(()),
        Role::HdSupport => match assignee {
            Some(holder) if holder != actor.id => Err(Rejection::Forbidden(
                "the ticket is assigned to someone else; supervisor_hd reassigns it".into(),
            )),
            _ => Ok(()),
        },
        Role::QcTier2 => {
            let validating =
                position.stage == TicketStatus::Validation && !position.status.is_resolved();
            let allowed = matches!(
                to,
                TicketStatus::Validation
                    | TicketStatus::ProvisioningIssued
                    | TicketStatus::Failed
                    | TicketStatus::WaitingCustomer
                    | TicketStatus::WaitingProvider
            );
            if validating && allowed {
                Ok(())
            } else {
                Err(Rejection::Forbidden(
                    "qc_tier2 moves tickets in their validation stage only (forward, into a pause, to failed)".into(),
                ))
            }
        }
        role => Err(Rejection::Forbidden(format!(
            "{role} may not change a ticket's status"
        ))),
    }
}

/// Whether a change by `opener` counts as the desk's first response to the customer:
/// a person acting on the ticket (a status change, an issue, a follow-up) does; a
/// channel's automatic change does not.
pub fn is_response(opener: &Opener) -> bool {
    matches!(opener, Opener::Employee(_))
}

tam_kernel::code_enum! {
    /// What a ticket history entry records.
    pub enum HistoryKind as "history kind" {
        /// The ticket was opened (status `validation`).
        Opened => "opened",
        /// Its status changed.
        Status => "status",
        /// `supervisor_hd` assigned (or reassigned) it.
        Assigned => "assigned",
        /// `hd_support` claimed it.
        Claimed => "claimed",
        /// An escalation level fired. Details: `{"clock": "resolution", "level":
        /// "breach", "breach": true, "recipients": ["supervisor_hd", "manager"]}`
        /// (`breach` true for a level at or past 100%: the overdue queue reads it).
        Escalated => "escalated",
        /// It needs HD Support's attention (details: the reason).
        Flagged => "flagged",
        /// A note without a change.
        Note => "note",
        /// A kendala was opened (details: issue id, category).
        Issue => "issue",
        /// A follow-up of a kendala (details: issue id).
        Followup => "followup",
        /// A kendala was resolved (details: issue id).
        IssueResolved => "issue_resolved",
    }
}

/// One entry of a ticket's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: HistoryKind,
    pub status: Option<TicketStatus>,
    pub note: Option<String>,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<Role>,
    pub channel: Option<Channel>,
    pub details: Option<serde_json::Value>,
}

/// Where a ticket is after moving from `from` to `to` (allowed): a pause keeps the
/// stage it interrupts, any other status is its own stage.
pub fn position_after(from: Position, to: TicketStatus) -> Position {
    Position {
        status: to,
        stage: if to.is_pause() { from.stage } else { to },
    }
}

/// The calendar a ticket's clocks run on: the policy's, in the ticket's site's time
/// zone. SLA calendars follow the site's own clock (DOMAIN.md): a policy naming a
/// `…-wib` calendar runs a Makassar ticket on its `…-wita` twin when there is one, so
/// one set of policies serves every site.
pub fn calendar_for(
    policy_calendar: &str,
    site: Option<Site>,
    exists: impl Fn(&str) -> bool,
) -> String {
    if site.is_some_and(|s| super::site_time_zone(s) == chrono_tz::Asia::Makassar) {
        if let Some(stem) = policy_calendar.strip_suffix("-wib") {
            let twin = format!("{stem}-wita");
            if exists(&twin) {
                return twin;
            }
        }
    }
    policy_calendar.to_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn new_ticket() -> NewTicket {
        NewTicket {
            channel: Channel::Plasa,
            indihome_number: "122101234567".into(),
            customer_name: "Budi".into(),
            contact_number: "0812-3456-7890".into(),
            subject: Subject::Product("MINIPACK".into()),
            priority: Priority::Normal,
            site: None,
            program: None,
            sale: None,
            provisioning_order_number: None,
            note: None,
            opened_at: Utc::now(),
            idempotency: None,
            correlation_id: None,
        }
    }

    fn employee(role: Role) -> (Opener, Uuid) {
        let id = Uuid::now_v7();
        (
            Opener::Employee(Actor {
                id,
                role,
                site: None,
                team: None,
            }),
            id,
        )
    }

    fn pos(status: TicketStatus, stage: TicketStatus) -> Position {
        Position { status, stage }
    }

    #[test]
    fn retention_tickets_share_one_key_per_customer() {
        assert_eq!(
            Subject::Product("MINIPACK".into()).product_key(),
            "MINIPACK"
        );
        assert_eq!(
            Subject::Step(1).product_key(),
            Subject::Step(3).product_key()
        );
        assert_ne!(Subject::Step(1).product_key(), "MINIPACK");
    }

    #[test]
    fn contact_numbers_are_indonesian() {
        assert_eq!(
            validate_contact_number("0812-3456-7890").unwrap(),
            "+6281234567890"
        );
        assert_eq!(
            validate_contact_number("+62 22 7654321").unwrap(),
            "+62227654321"
        );
        assert!(validate_contact_number("+1 555 0100").is_err());
        assert!(validate_contact_number("0812x").is_err());
        assert!(validate_contact_number("00812345678").is_err());
    }

    #[test]
    fn a_good_ticket_passes_and_a_bad_one_names_each_field() {
        assert!(check_new_ticket(&new_ticket()).is_empty());
        let mut bad = new_ticket();
        bad.indihome_number = "12".into();
        bad.customer_name = " ".into();
        bad.contact_number = "abc".into();
        bad.subject = Subject::Step(0);
        bad.provisioning_order_number = Some(String::new());
        let fields: Vec<String> = check_new_ticket(&bad)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "indihome_number",
                "customer_name",
                "contact_number",
                "negotiation_step",
                "provisioning_order_number"
            ]
        );
    }

    #[test]
    fn a_ticket_is_stored_in_one_form() {
        let mut new = new_ticket();
        new.indihome_number = " 122101234567 ".into();
        new.customer_name = " Budi ".into();
        new.subject = Subject::Product(" minipack".into());
        let new = normalized(new);
        assert_eq!(new.indihome_number, "122101234567");
        assert_eq!(new.contact_number, "+6281234567890");
        assert_eq!(new.customer_name, "Budi");
        assert_eq!(new.subject, Subject::Product("MINIPACK".into()));
    }

    #[test]
    fn obc_tickets_come_with_their_sale_only() {
        let mut obc = new_ticket();
        obc.channel = Channel::Obc;
        assert_eq!(check_new_ticket(&obc)[0].field, "channel");
        let sale = Sale {
            work_order_id: Uuid::nil(),
            call_id: Uuid::nil(),
            prospect_id: Uuid::nil(),
            agent_id: Uuid::nil(),
            team_id: None,
        };
        obc.sale = Some(sale);
        assert!(check_new_ticket(&obc).is_empty());
        let mut plasa = new_ticket();
        plasa.sale = Some(sale);
        assert_eq!(check_new_ticket(&plasa)[0].field, "channel");
    }

    #[test]
    fn hd_support_changes_unheld_or_own_tickets_only() {
        let (hd, me) = employee(Role::HdSupport);
        let v = pos(TicketStatus::Validation, TicketStatus::Validation);
        assert!(check_status_change(&hd, None, v, TicketStatus::ProvisioningIssued).is_ok());
        assert!(check_status_change(&hd, Some(me), v, TicketStatus::Cancelled).is_ok());
        assert!(matches!(
            check_status_change(&hd, Some(Uuid::now_v7()), v, TicketStatus::Cancelled),
            Err(Rejection::Forbidden(_))
        ));
        let (sup, _) = employee(Role::SupervisorHd);
        assert!(
            check_status_change(&sup, Some(Uuid::now_v7()), v, TicketStatus::Cancelled).is_ok()
        );
        assert!(check_status_change(
            &Opener::Channel(Channel::Obc),
            Some(me),
            v,
            TicketStatus::Cancelled
        )
        .is_ok());
    }

    #[test]
    fn qc_tier2_works_the_validation_stage_only() {
        let (qc, _) = employee(Role::QcTier2);
        let v = pos(TicketStatus::Validation, TicketStatus::Validation);
        assert!(check_status_change(&qc, None, v, TicketStatus::ProvisioningIssued).is_ok());
        assert!(check_status_change(&qc, None, v, TicketStatus::Failed).is_ok());
        assert!(check_status_change(&qc, None, v, TicketStatus::Cancelled).is_err());
        let p = pos(
            TicketStatus::ProvisioningIssued,
            TicketStatus::ProvisioningIssued,
        );
        assert!(check_status_change(&qc, None, p, TicketStatus::Activated).is_err());
        let failed = pos(TicketStatus::Failed, TicketStatus::Failed);
        assert!(check_status_change(&qc, None, failed, TicketStatus::Validation).is_err());
        let (agent, _) = employee(Role::Agent);
        assert!(check_status_change(&agent, None, v, TicketStatus::Failed).is_err());
    }

    #[test]
    fn makassar_tickets_run_on_the_wita_twin() {
        let exists = |c: &str| ["office-wib", "office-wita", "always"].contains(&c);
        assert_eq!(
            calendar_for("office-wib", Some(Site::Makassar), exists),
            "office-wita"
        );
        assert_eq!(
            calendar_for("office-wib", Some(Site::Medan), exists),
            "office-wib"
        );
        assert_eq!(calendar_for("office-wib", None, exists), "office-wib");
        assert_eq!(
            calendar_for("always", Some(Site::Makassar), exists),
            "always"
        );
        assert_eq!(
            calendar_for("night-wib", Some(Site::Makassar), exists),
            "night-wib"
        );
    }

    #[test]
    fn only_people_respond() {
        assert!(is_response(&employee(Role::HdSupport).0));
        assert!(!is_response(&Opener::Channel(Channel::Plasa)));
    }
}
