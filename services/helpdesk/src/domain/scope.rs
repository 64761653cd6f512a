//! Who sees which tickets.
//!
//! The desk (HD Support, its supervisor, QC Tier 2) and the all-site roles see every
//! ticket; the people who made a sale follow its activation: a site supervisor their
//! site's tickets, a team leader their team's OBC sales, an agent their own sales. Out of
//! scope answers 404, like a missing ticket, because the store filters by the scope in
//! SQL.

use tam_kernel::{RoleScope, Site};
use uuid::Uuid;

pub use tam_kernel::Actor;

/// The tickets a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketScope {
    /// Every ticket.
    All,
    /// The tickets of one site (a ticket without a site is nobody's site).
    Site(Site),
    /// A team leader: their team's OBC sales at their site.
    Team(Site, Uuid),
    /// An agent: their own OBC sales.
    Agent(Uuid),
    /// Nothing (a site- or team-bound role whose token lacks its site or team).
    Nothing,
}

/// The ticket scope of `actor`, per the role's scope (DOMAIN.md).
pub fn ticket_scope(actor: &Actor) -> TicketScope {
    match (actor.role.scope(), actor.site, actor.team) {
        (RoleScope::AllSites, _, _) => TicketScope::All,
        (RoleScope::Site, Some(site), _) => TicketScope::Site(site),
        (RoleScope::Team, Some(site), Some(team)) => TicketScope::Team(site, team),
        (RoleScope::Own, _, _) => TicketScope::Agent(actor.id),
        _ => TicketScope::Nothing,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tam_kernel::Role;

    fn actor(role: Role, site: Option<Site>, team: Option<Uuid>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
            team,
        }
    }

    #[test]
    fn the_desk_sees_everything_the_sales_side_its_own() {
        for role in [
            Role::HdSupport,
            Role::SupervisorHd,
            Role::QcTier2,
            Role::Manager,
        ] {
            assert_eq!(ticket_scope(&actor(role, None, None)), TicketScope::All);
        }
        assert_eq!(
            ticket_scope(&actor(Role::SupervisorOps, Some(Site::Medan), None)),
            TicketScope::Site(Site::Medan)
        );
        let team = Uuid::now_v7();
        assert_eq!(
            ticket_scope(&actor(Role::TeamLeader, Some(Site::Medan), Some(team))),
            TicketScope::Team(Site::Medan, team)
        );
        assert_eq!(
            ticket_scope(&actor(Role::TeamLeader, Some(Site::Medan), None)),
            TicketScope::Nothing
        );
        let agent = actor(Role::Agent, Some(Site::Medan), None);
        assert_eq!(ticket_scope(&agent), TicketScope::Agent(agent.id));
        assert_eq!(
            ticket_scope(&actor(Role::SupervisorOps, None, None)),
            TicketScope::Nothing
        );
    }
}
