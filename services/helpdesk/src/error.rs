//! helpdesk's one error type: the failures every service shares
//! ([`tam_runtime::ServiceError`]) and the desk's own: a second open ticket for the same
//! (IndiHome number, product).

use tam_kernel::Problem;
use tam_runtime::OwnError;
use uuid::Uuid;

/// What a helpdesk operation can fail with.
pub type Error = tam_runtime::ServiceError<Own>;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The address of a ticket in the API.
pub fn ticket_link(id: Uuid) -> String {
    format!("/api/v1/helpdesk/tickets/{id}")
}

/// helpdesk's own failures besides the common ones.
#[derive(Debug, thiserror::Error)]
pub enum Own {
    /// One open ticket per (IndiHome number, product): `existing` is the open one.
    #[error("ticket {existing} is already open for this IndiHome number and product")]
    AlreadyOpen { existing: Uuid },
}

impl OwnError for Own {
    fn problem(self) -> Problem {
        match self {
            // The link is in the detail and the instance, so a client that shows only
            // the detail still lets the user open the existing ticket.
            Own::AlreadyOpen { existing } => Problem::conflict(format!(
                "a ticket is already open for this IndiHome number and product: {}",
                ticket_link(existing)
            ))
            .with_instance(ticket_link(existing)),
        }
    }

    fn conflict_detail(constraint: &str) -> Option<&'static str> {
        Some(match constraint {
            "tickets_one_open" => {
                "another request opened a ticket for this IndiHome number and product at the same moment; search by IndiHome number to find it"
            }
            "tickets_call_id" => "a ticket already follows this sale",
            "tickets_idempotency_key" => {
                "another request with this Idempotency-Key opened a ticket meanwhile: repeat the request to get it"
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_open_ticket_links_the_first() {
        let id = Uuid::now_v7();
        let problem = Own::AlreadyOpen { existing: id }.problem().into_details();
        assert_eq!(problem.status, 409);
        assert!(problem.detail.contains(&ticket_link(id)));
        assert_eq!(problem.instance, Some(ticket_link(id)));
        assert!(Own::conflict_detail("tickets_one_open").is_some());
        assert_eq!(Own::conflict_detail("other"), None);
    }
}
