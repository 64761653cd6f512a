//! Who sees which work orders, and where a caller may create them.
//!
//! Work orders belong to a site: all-site roles see every one, site-bound roles (team
//! leaders included) those of their own site. Out of scope answers 404, like a missing
//! work order, because the store filters by the scope in SQL.

use tam_kernel::{Role, RoleScope, Site};
use uuid::Uuid;

pub use tam_kernel::Actor;

/// The work orders a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every site (admin, manager, coordinator).
    All,
    /// One site.
    Site(Site),
    /// Nothing (a site-bound role whose token names no site).
    Nothing,
}

/// The scope of `actor`: every role bound to a site or a team sees their site's.
pub fn scope_of(actor: &Actor) -> Scope {
    match actor.role.scope() {
        RoleScope::AllSites => Scope::All,
        RoleScope::Site | RoleScope::Team | RoleScope::Own => {
            actor.site.map_or(Scope::Nothing, Scope::Site)
        }
    }
}

impl Scope {
    /// Whether the scope covers `site` (to create a work order there).
    pub fn covers_site(&self, site: Site) -> bool {
        match self {
            Scope::All => true,
            Scope::Site(own) => *own == site,
            Scope::Nothing => false,
        }
    }
}

/// The prospects (and their attempts) a caller reads: narrower than the work orders,
/// because a prospect names a customer and its attempts carry the agents' notes. As in
/// calling: an agent their own, a team leader their team's, the other site roles their
/// site's, the all-site roles every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProspectScope {
    All,
    Site(Site),
    /// The prospects of one team at one site: given to the team, or held or called by
    /// one of its agents (the roster says who is on the team).
    Team {
        site: Site,
        team: Uuid,
    },
    /// The prospects one agent holds, was given or called.
    Own(Uuid),
    Nothing,
}

/// The prospects `actor` reads (list, detail, progress).
pub fn prospect_scope(actor: &Actor) -> ProspectScope {
    match actor.role {
        Role::Agent => ProspectScope::Own(actor.id),
        Role::TeamLeader => match (actor.site, actor.team) {
            (Some(site), Some(team)) => ProspectScope::Team { site, team },
            _ => ProspectScope::Nothing,
        },
        _ => match scope_of(actor) {
            Scope::All => ProspectScope::All,
            Scope::Site(site) => ProspectScope::Site(site),
            Scope::Nothing => ProspectScope::Nothing,
        },
    }
}

/// Whose attempts on a prospect a caller reads, once the prospect is in their scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptScope {
    /// Every attempt.
    All,
    /// The attempts of the agents of one team.
    Team(Uuid),
    /// One agent's own attempts.
    Own(Uuid),
}

impl ProspectScope {
    /// The attempts this scope reads on a prospect it reaches.
    pub fn attempts(&self) -> AttemptScope {
        match *self {
            ProspectScope::Team { team, .. } => AttemptScope::Team(team),
            ProspectScope::Own(agent) => AttemptScope::Own(agent),
            ProspectScope::All | ProspectScope::Site(_) | ProspectScope::Nothing => {
                AttemptScope::All
            }
        }
    }
}

impl AttemptScope {
    /// Whether an attempt by `agent`, on `agent_team` per the roster, is readable.
    pub fn covers(&self, agent: Uuid, agent_team: Option<Uuid>) -> bool {
        match *self {
            AttemptScope::All => true,
            AttemptScope::Team(team) => agent_team == Some(team),
            AttemptScope::Own(own) => agent == own,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn prospects_are_read_by_team_for_team_leaders_and_own_for_agents() {
        let team = Uuid::now_v7();
        let leader = Actor {
            team: Some(team),
            ..actor(Role::TeamLeader, Some(Site::Bandung))
        };
        assert_eq!(
            prospect_scope(&leader),
            ProspectScope::Team {
                site: Site::Bandung,
                team
            }
        );
        // A team leader without a team (or site) in the token reads nothing, not the site.
        assert_eq!(
            prospect_scope(&actor(Role::TeamLeader, Some(Site::Bandung))),
            ProspectScope::Nothing
        );
        let agent = Actor {
            team: Some(team),
            ..actor(Role::Agent, Some(Site::Bandung))
        };
        assert_eq!(prospect_scope(&agent), ProspectScope::Own(agent.id));
        for role in [
            Role::SupervisorOps,
            Role::SupervisorQuality,
            Role::QcOfficer,
            Role::QaOfficer,
        ] {
            assert_eq!(
                prospect_scope(&actor(role, Some(Site::Medan))),
                ProspectScope::Site(Site::Medan),
                "{role}"
            );
        }
        assert_eq!(
            prospect_scope(&actor(Role::Manager, None)),
            ProspectScope::All
        );
    }

    #[test]
    fn attempts_are_read_by_team_for_team_leaders_and_own_for_agents() {
        let team = Uuid::now_v7();
        let (mine, colleague, stranger) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let leader = ProspectScope::Team {
            site: Site::Bandung,
            team,
        }
        .attempts();
        assert!(leader.covers(mine, Some(team)));
        assert!(leader.covers(colleague, Some(team)));
        assert!(!leader.covers(stranger, Some(Uuid::now_v7())));
        assert!(!leader.covers(stranger, None));
        let own = ProspectScope::Own(mine).attempts();
        assert!(own.covers(mine, Some(team)));
        assert!(!own.covers(colleague, Some(team)));
        let site = ProspectScope::Site(Site::Bandung).attempts();
        assert!(site.covers(stranger, None));
    }

    fn actor(role: Role, site: Option<Site>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
            team: None,
        }
    }

    #[test]
    fn all_site_roles_see_everything() {
        for role in [Role::Admin, Role::Manager, Role::Coordinator] {
            assert_eq!(scope_of(&actor(role, None)), Scope::All, "{role}");
        }
    }

    #[test]
    fn site_and_team_roles_see_their_site() {
        for role in [
            Role::SupervisorOps,
            Role::SupervisorQuality,
            Role::TeamLeader,
            Role::QcOfficer,
            Role::QaOfficer,
        ] {
            assert_eq!(
                scope_of(&actor(role, Some(Site::Medan))),
                Scope::Site(Site::Medan),
                "{role}"
            );
            assert_eq!(scope_of(&actor(role, None)), Scope::Nothing, "{role}");
        }
    }

    #[test]
    fn covers_site() {
        assert!(Scope::All.covers_site(Site::Bandung));
        assert!(Scope::Site(Site::Medan).covers_site(Site::Medan));
        assert!(!Scope::Site(Site::Medan).covers_site(Site::Bandung));
        assert!(!Scope::Nothing.covers_site(Site::Medan));
    }
}
