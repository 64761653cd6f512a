//! Who sees which calls, who may listen to their recordings, and who may close them
//! without a result.
//!
//! Reading: an agent sees their own calls, a team leader their team's (the token's
//! `team`), the site roles their site's, the all-site roles every call. Listening is
//! narrower: the agent who made the call, the team leader of the call's team, and the
//! site's supervisors (ops and quality), QC and QA officers; nobody else — not even a
//! manager (issue 4). Closing a stuck call is narrower still: the team leader of the
//! call's team and the site's operations supervisor, the people who run the floor.
//! Out of scope answers 404: the store filters by the scope in SQL.

use tam_kernel::{Role, Site};
use uuid::Uuid;

pub use tam_kernel::Actor;

/// The calls a caller reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every call.
    All,
    /// The calls of one site.
    Site(Site),
    /// The calls of one team (at one site).
    Team { site: Site, team: Uuid },
    /// The calls one agent made.
    Own(Uuid),
    /// Nothing.
    Nothing,
}

/// Whose call it is: what a scope is decided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallOwner {
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
}

/// The calls `actor` may read (list and detail).
pub fn read_scope(actor: &Actor) -> Scope {
    match actor.role {
        Role::Admin | Role::Manager | Role::Coordinator => Scope::All,
        Role::SupervisorOps | Role::SupervisorQuality | Role::QcOfficer | Role::QaOfficer => {
            actor.site.map_or(Scope::Nothing, Scope::Site)
        }
        Role::TeamLeader => team_scope(actor),
        Role::Agent => Scope::Own(actor.id),
        _ => Scope::Nothing,
    }
}

/// The calls whose recordings `actor` may listen to.
pub fn listen_scope(actor: &Actor) -> Scope {
    match actor.role {
        Role::SupervisorOps | Role::SupervisorQuality | Role::QcOfficer | Role::QaOfficer => {
            actor.site.map_or(Scope::Nothing, Scope::Site)
        }
        Role::TeamLeader => team_scope(actor),
        Role::Agent => Scope::Own(actor.id),
        _ => Scope::Nothing,
    }
}

/// The calls `actor` may close without a result (`domain::abandonment`).
pub fn close_scope(actor: &Actor) -> Scope {
    match actor.role {
        Role::SupervisorOps => actor.site.map_or(Scope::Nothing, Scope::Site),
        Role::TeamLeader => team_scope(actor),
        _ => Scope::Nothing,
    }
}

fn team_scope(actor: &Actor) -> Scope {
    match (actor.site, actor.team) {
        (Some(site), Some(team)) => Scope::Team { site, team },
        _ => Scope::Nothing,
    }
}

impl Scope {
    /// Whether the scope reaches a call of `owner` (the SQL filter says the same).
    pub fn covers(&self, owner: &CallOwner) -> bool {
        match *self {
            Scope::All => true,
            Scope::Site(site) => owner.site == site,
            Scope::Team { site, team } => owner.site == site && owner.team_id == Some(team),
            Scope::Own(agent) => owner.agent_id == agent,
            Scope::Nothing => false,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn actor(role: Role, site: Option<Site>, team: Option<Uuid>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
            team,
        }
    }

    fn owner(agent: Uuid, team: Option<Uuid>, site: Site) -> CallOwner {
        CallOwner {
            agent_id: agent,
            team_id: team,
            site,
        }
    }

    #[test]
    fn readers() {
        let team = Uuid::now_v7();
        let agent = actor(Role::Agent, Some(Site::Medan), Some(team));
        let call = owner(agent.id, Some(team), Site::Medan);
        assert!(read_scope(&agent).covers(&call));
        assert!(!read_scope(&actor(Role::Agent, Some(Site::Medan), Some(team))).covers(&call));
        assert!(read_scope(&actor(Role::TeamLeader, Some(Site::Medan), Some(team))).covers(&call));
        assert!(!read_scope(&actor(
            Role::TeamLeader,
            Some(Site::Medan),
            Some(Uuid::now_v7())
        ))
        .covers(&call));
        assert!(!read_scope(&actor(Role::TeamLeader, Some(Site::Medan), None)).covers(&call));
        for role in [
            Role::SupervisorOps,
            Role::SupervisorQuality,
            Role::QcOfficer,
            Role::QaOfficer,
        ] {
            assert!(
                read_scope(&actor(role, Some(Site::Medan), None)).covers(&call),
                "{role}"
            );
            assert!(
                !read_scope(&actor(role, Some(Site::Bandung), None)).covers(&call),
                "{role}"
            );
        }
        for role in [Role::Admin, Role::Manager, Role::Coordinator] {
            assert_eq!(read_scope(&actor(role, None, None)), Scope::All, "{role}");
        }
        assert_eq!(
            read_scope(&actor(Role::Trainer, Some(Site::Medan), None)),
            Scope::Nothing
        );
    }

    #[test]
    fn listeners_are_the_agent_the_team_leader_and_the_sites_supervisors_and_quality() {
        let team = Uuid::now_v7();
        let agent = actor(Role::Agent, Some(Site::Medan), Some(team));
        let call = owner(agent.id, Some(team), Site::Medan);
        assert!(listen_scope(&agent).covers(&call));
        assert!(!listen_scope(&actor(Role::Agent, Some(Site::Medan), Some(team))).covers(&call));
        assert!(
            listen_scope(&actor(Role::TeamLeader, Some(Site::Medan), Some(team))).covers(&call)
        );
        assert!(!listen_scope(&actor(
            Role::TeamLeader,
            Some(Site::Medan),
            Some(Uuid::now_v7())
        ))
        .covers(&call));
        // The same team id at another site is not the call's team.
        assert!(
            !listen_scope(&actor(Role::TeamLeader, Some(Site::Bandung), Some(team))).covers(&call)
        );
        for role in [
            Role::SupervisorOps,
            Role::SupervisorQuality,
            Role::QcOfficer,
            Role::QaOfficer,
        ] {
            assert!(
                listen_scope(&actor(role, Some(Site::Medan), None)).covers(&call),
                "{role}"
            );
            assert!(
                !listen_scope(&actor(role, Some(Site::Makassar), None)).covers(&call),
                "{role}"
            );
        }
        for role in [
            Role::Admin,
            Role::Manager,
            Role::Coordinator,
            Role::Trainer,
            Role::QcTier2,
        ] {
            assert_eq!(
                listen_scope(&actor(role, Some(Site::Medan), None)),
                Scope::Nothing,
                "{role}"
            );
        }
    }

    #[test]
    fn closers_are_the_team_leader_and_the_sites_operations_supervisor() {
        let team = Uuid::now_v7();
        let agent = actor(Role::Agent, Some(Site::Medan), Some(team));
        let call = owner(agent.id, Some(team), Site::Medan);
        assert!(close_scope(&actor(Role::TeamLeader, Some(Site::Medan), Some(team))).covers(&call));
        assert!(!close_scope(&actor(
            Role::TeamLeader,
            Some(Site::Medan),
            Some(Uuid::now_v7())
        ))
        .covers(&call));
        assert!(
            !close_scope(&actor(Role::TeamLeader, Some(Site::Bandung), Some(team))).covers(&call)
        );
        assert!(close_scope(&actor(Role::SupervisorOps, Some(Site::Medan), None)).covers(&call));
        assert!(!close_scope(&actor(Role::SupervisorOps, Some(Site::Bandung), None)).covers(&call));
        // Not the agent (it is their call that is stuck), nor anyone off the floor.
        for role in [
            Role::Agent,
            Role::SupervisorQuality,
            Role::QcOfficer,
            Role::QaOfficer,
            Role::Admin,
            Role::Manager,
            Role::Coordinator,
        ] {
            assert_eq!(
                close_scope(&actor(role, Some(Site::Medan), Some(team))),
                Scope::Nothing,
                "{role}"
            );
        }
        assert_eq!(
            close_scope(&actor(Role::SupervisorOps, None, None)),
            Scope::Nothing
        );
    }

    #[test]
    fn a_call_without_team_is_no_team_leaders() {
        let call = owner(Uuid::now_v7(), None, Site::Medan);
        let leader = actor(Role::TeamLeader, Some(Site::Medan), Some(Uuid::now_v7()));
        assert!(!listen_scope(&leader).covers(&call));
        assert!(!read_scope(&leader).covers(&call));
        assert!(!close_scope(&leader).covers(&call));
    }
}
