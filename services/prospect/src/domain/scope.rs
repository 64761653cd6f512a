//! Who sees which work orders, and where a caller may create them.
//!
//! Work orders belong to a site: all-site roles see every one, site-bound roles (team
//! leaders included) those of their own site. Out of scope answers 404, like a missing
//! work order, because the store filters by the scope in SQL.

use tam_kernel::{Role, RoleScope, Site};
use uuid::Uuid;

/// The caller of a request, as the domain needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
    pub site: Option<Site>,
    /// The team named in the token (team leaders and agents).
    pub team: Option<Uuid>,
}

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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

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
