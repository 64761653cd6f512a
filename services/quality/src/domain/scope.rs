//! Who sees which tasks, reviews and scores.
//!
//! Tasks and reviews belong to a site: all-site roles see every one, site roles those of
//! their own site. The score is scoped further: a team leader sees their team's calls,
//! an agent their own. Out of scope answers 404, like a missing object, because the
//! store filters by the scope in SQL.

use tam_kernel::{RoleScope, Site};
use uuid::Uuid;

pub use tam_kernel::Actor;

/// The sites whose tasks and reviews a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteScope {
    /// Every site (admin, manager, coordinator).
    All,
    /// One site.
    Site(Site),
    /// Nothing (a site-bound role whose token names no site).
    Nothing,
}

/// The site scope of `actor`: every role bound to a site sees their site's objects.
pub fn site_scope(actor: &Actor) -> SiteScope {
    match actor.role.scope() {
        RoleScope::AllSites => SiteScope::All,
        RoleScope::Site | RoleScope::Team | RoleScope::Own => {
            actor.site.map_or(SiteScope::Nothing, SiteScope::Site)
        }
    }
}

impl SiteScope {
    pub fn covers(&self, site: Site) -> bool {
        match self {
            SiteScope::All => true,
            SiteScope::Site(own) => *own == site,
            SiteScope::Nothing => false,
        }
    }

    /// The sites in scope, in the kernel's order.
    pub fn sites(&self) -> Vec<Site> {
        Site::ALL
            .iter()
            .copied()
            .filter(|s| self.covers(*s))
            .collect()
    }
}

/// The calls whose score a caller may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallScope {
    All,
    Site(Site),
    /// A team leader: their team at their site.
    Team(Site, Uuid),
    /// An agent: their own calls.
    Agent(Uuid),
    Nothing,
}

/// The call scope of `actor`, per the role's scope (DOMAIN.md).
pub fn call_scope(actor: &Actor) -> CallScope {
    match (actor.role.scope(), actor.site, actor.team) {
        (RoleScope::AllSites, _, _) => CallScope::All,
        (RoleScope::Site, Some(site), _) => CallScope::Site(site),
        (RoleScope::Team, Some(site), Some(team)) => CallScope::Team(site, team),
        (RoleScope::Own, _, _) => CallScope::Agent(actor.id),
        _ => CallScope::Nothing,
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
    fn site_scopes() {
        assert_eq!(site_scope(&actor(Role::Admin, None, None)), SiteScope::All);
        let qco = actor(Role::QcOfficer, Some(Site::Medan), None);
        assert_eq!(site_scope(&qco), SiteScope::Site(Site::Medan));
        assert_eq!(
            site_scope(&actor(Role::QaOfficer, None, None)),
            SiteScope::Nothing
        );
        assert!(SiteScope::Site(Site::Medan).covers(Site::Medan));
        assert!(!SiteScope::Site(Site::Medan).covers(Site::Bandung));
        assert_eq!(SiteScope::All.sites().len(), 6);
        assert_eq!(SiteScope::Site(Site::Bandung).sites(), vec![Site::Bandung]);
        assert!(SiteScope::Nothing.sites().is_empty());
    }

    #[test]
    fn call_scopes() {
        let team = Uuid::now_v7();
        assert_eq!(
            call_scope(&actor(Role::Manager, None, None)),
            CallScope::All
        );
        assert_eq!(
            call_scope(&actor(Role::SupervisorOps, Some(Site::Malang), None)),
            CallScope::Site(Site::Malang)
        );
        assert_eq!(
            call_scope(&actor(Role::TeamLeader, Some(Site::Malang), Some(team))),
            CallScope::Team(Site::Malang, team)
        );
        assert_eq!(
            call_scope(&actor(Role::TeamLeader, Some(Site::Malang), None)),
            CallScope::Nothing
        );
        let agent = actor(Role::Agent, Some(Site::Malang), Some(team));
        assert_eq!(call_scope(&agent), CallScope::Agent(agent.id));
    }
}
