//! Who sees which employees and teams, and who may change what.
//!
//! [`Scope`] is what a caller sees; the store turns it into SQL filters so that an
//! object outside it is never loaded (it answers 404, exactly like a missing one). The
//! `check_*` functions are the finer rules on what a caller may do to an object in
//! their scope.

use tam_kernel::{Role, RoleScope, Site};
use uuid::Uuid;

use super::employee::{Employee, EmployeeStatus};
use super::Rejection;

/// The caller of a request, as the domain needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
    pub site: Option<Site>,
}

/// The employees and teams a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every site (admin, manager, coordinator, hr_recruiter, ...).
    All,
    /// One site: its employees and its teams (supervisors, trainers, QC/QA officers).
    Site(Site),
    /// A team leader: the teams they lead, those teams' members, and themself.
    LedTeams { leader: Uuid },
    /// An agent: themself (and the team they belong to).
    Own(Uuid),
    /// Nothing (a site-bound role whose token names no site).
    Nothing,
}

/// The scope of `actor`, from their role's scope (DOMAIN.md, "Roles").
pub fn scope_of(actor: &Actor) -> Scope {
    match actor.role.scope() {
        RoleScope::AllSites => Scope::All,
        RoleScope::Site => actor.site.map_or(Scope::Nothing, Scope::Site),
        RoleScope::Team => Scope::LedTeams { leader: actor.id },
        RoleScope::Own => Scope::Own(actor.id),
    }
}

impl Scope {
    /// Whether the scope covers everything at `site` (to create a team there).
    pub fn covers_site(&self, site: Site) -> bool {
        match self {
            Scope::All => true,
            Scope::Site(own) => *own == site,
            Scope::LedTeams { .. } | Scope::Own(_) | Scope::Nothing => false,
        }
    }
}

/// The roles a `supervisor_ops` manages at their site.
const SUPERVISED_ROLES: [Role; 2] = [Role::Agent, Role::TeamLeader];

/// Only an administrator creates administrators.
pub fn check_create(actor: &Actor, role: Role) -> Result<(), Rejection> {
    if role == Role::Admin && actor.role != Role::Admin {
        return Err(Rejection::Forbidden(
            "only an administrator may create an administrator".to_owned(),
        ));
    }
    Ok(())
}

/// Whether `actor` may turn `before` into `after` (both in the actor's scope already):
///
/// - only an administrator changes an administrator or grants the admin role;
/// - a `supervisor_ops` changes only agents and team leaders, may set the role only to
///   agent or team_leader, and may not move anyone to another site.
pub fn check_edit(actor: &Actor, before: &Employee, after: &Employee) -> Result<(), Rejection> {
    if (before.role == Role::Admin || after.role == Role::Admin) && actor.role != Role::Admin {
        return Err(Rejection::Forbidden(
            "only an administrator may change an administrator or grant the admin role".to_owned(),
        ));
    }
    if actor.role == Role::SupervisorOps {
        if !SUPERVISED_ROLES.contains(&before.role) {
            return Err(Rejection::Forbidden(
                "a supervisor_ops may only change agents and team leaders".to_owned(),
            ));
        }
        if !SUPERVISED_ROLES.contains(&after.role) {
            return Err(Rejection::Forbidden(
                "a supervisor_ops may only set the role to agent or team_leader".to_owned(),
            ));
        }
        if after.site != before.site {
            return Err(Rejection::Forbidden(
                "a supervisor_ops may not move an employee to another site".to_owned(),
            ));
        }
    }
    if before.status == EmployeeStatus::Deactivated {
        return Err(Rejection::Conflict(
            "the employee is deactivated; a deactivated record does not change".to_owned(),
        ));
    }
    Ok(())
}

/// Whether `actor` may deactivate `target`: not an administrator unless the actor is
/// one, and not twice.
pub fn check_deactivate(actor: &Actor, target: &Employee) -> Result<(), Rejection> {
    if target.role == Role::Admin && actor.role != Role::Admin {
        return Err(Rejection::Forbidden(
            "only an administrator may deactivate an administrator".to_owned(),
        ));
    }
    if target.status == EmployeeStatus::Deactivated {
        return Err(Rejection::Conflict(
            "the employee is already deactivated".to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::employee::tests::employee;
    use tam_kernel::Program;

    fn actor(role: Role, site: Option<Site>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
        }
    }

    #[test]
    fn all_site_roles_see_everything() {
        for role in [
            Role::Admin,
            Role::Manager,
            Role::Coordinator,
            Role::HrRecruiter,
        ] {
            assert_eq!(scope_of(&actor(role, None)), Scope::All, "{role}");
        }
    }

    #[test]
    fn site_roles_see_their_site() {
        for role in [Role::SupervisorOps, Role::SupervisorQuality, Role::Trainer] {
            assert_eq!(
                scope_of(&actor(role, Some(Site::Bandung))),
                Scope::Site(Site::Bandung),
                "{role}"
            );
            // A site-bound token without a site sees nothing rather than everything.
            assert_eq!(scope_of(&actor(role, None)), Scope::Nothing, "{role}");
        }
    }

    #[test]
    fn team_leaders_see_their_teams_agents_themselves() {
        let leader = actor(Role::TeamLeader, Some(Site::Medan));
        assert_eq!(scope_of(&leader), Scope::LedTeams { leader: leader.id });
        let agent = actor(Role::Agent, Some(Site::Medan));
        assert_eq!(scope_of(&agent), Scope::Own(agent.id));
    }

    #[test]
    fn covers_site() {
        assert!(Scope::All.covers_site(Site::Medan));
        assert!(Scope::Site(Site::Medan).covers_site(Site::Medan));
        assert!(!Scope::Site(Site::Bandung).covers_site(Site::Medan));
        assert!(!Scope::Own(Uuid::nil()).covers_site(Site::Medan));
        assert!(!Scope::Nothing.covers_site(Site::Medan));
    }

    #[test]
    fn only_admins_make_or_change_admins() {
        let hr = actor(Role::HrRecruiter, None);
        let admin = actor(Role::Admin, None);
        assert!(matches!(
            check_create(&hr, Role::Admin),
            Err(Rejection::Forbidden(_))
        ));
        assert_eq!(check_create(&admin, Role::Admin), Ok(()));
        assert_eq!(check_create(&hr, Role::Agent), Ok(()));

        let target = employee(Role::Manager, None, None);
        let mut promoted = target.clone();
        promoted.role = Role::Admin;
        assert!(matches!(
            check_edit(&hr, &target, &promoted),
            Err(Rejection::Forbidden(_))
        ));
        assert_eq!(check_edit(&admin, &target, &promoted), Ok(()));
        let an_admin = employee(Role::Admin, None, None);
        assert!(check_deactivate(&hr, &an_admin).is_err());
        assert_eq!(check_deactivate(&admin, &an_admin), Ok(()));
    }

    #[test]
    fn supervisor_ops_manage_agents_and_team_leaders_at_their_site() {
        let sup = actor(Role::SupervisorOps, Some(Site::Medan));
        let agent = employee(Role::Agent, Some(Site::Medan), Some(Program::AddOnConsumer));

        let mut promoted = agent.clone();
        promoted.role = Role::TeamLeader;
        assert_eq!(check_edit(&sup, &agent, &promoted), Ok(()));

        let mut qc = agent.clone();
        qc.role = Role::QcOfficer;
        assert!(matches!(
            check_edit(&sup, &agent, &qc),
            Err(Rejection::Forbidden(_))
        ));

        let mut moved = agent.clone();
        moved.site = Some(Site::Bandung);
        assert!(matches!(
            check_edit(&sup, &agent, &moved),
            Err(Rejection::Forbidden(_))
        ));

        let trainer = employee(Role::Trainer, Some(Site::Medan), None);
        assert!(matches!(
            check_edit(&sup, &trainer, &trainer),
            Err(Rejection::Forbidden(_))
        ));

        // HR may do what the supervisor may not.
        let hr = actor(Role::HrRecruiter, None);
        assert_eq!(check_edit(&hr, &agent, &qc), Ok(()));
        assert_eq!(check_edit(&hr, &agent, &moved), Ok(()));
    }

    #[test]
    fn deactivated_records_do_not_change() {
        let hr = actor(Role::HrRecruiter, None);
        let mut gone = employee(Role::Agent, Some(Site::Medan), Some(Program::AddOnConsumer));
        gone.status = EmployeeStatus::Deactivated;
        assert!(matches!(
            check_edit(&hr, &gone, &gone),
            Err(Rejection::Conflict(_))
        ));
        assert!(matches!(
            check_deactivate(&hr, &gone),
            Err(Rejection::Conflict(_))
        ));
    }
}
