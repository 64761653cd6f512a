//! Who sees which employees and teams, and who may change what.
//!
//! [`Scope`] is what a caller sees; the store turns it into SQL filters so that an
//! object outside it is never loaded (it answers 404, exactly like a missing one). The
//! `check_*` functions are the finer rules on what a caller may do to an object in
//! their scope.

use tam_auth::{grantable_roles, is_privileged, may_grant, GrantAction};
use tam_kernel::{Role, RoleScope, Site};
use uuid::Uuid;

use super::employee::{roster_changes, Assignment, Employee, EmployeeStatus};
use super::Rejection;

pub use tam_kernel::Actor;

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

/// The place of a role: its site, or "every site".
fn place(site: Option<Site>) -> String {
    site.map_or_else(|| "every site".to_owned(), |site| format!("site {site}"))
}

/// Whether `actor` may create an employee with `assignment` (its role at its site), by
/// the grant table ([`tam_auth::GRANTS`]).
pub fn check_create(actor: &Actor, assignment: &Assignment) -> Result<(), Rejection> {
    let (role, site) = (assignment.role, assignment.site);
    if may_grant(actor.role, actor.site, GrantAction::Create, role, site) {
        return Ok(());
    }
    Err(Rejection::Forbidden(format!(
        "a {} may not create a {role} at {} (may create: {})",
        actor.role,
        place(site),
        roles_list(&grantable_roles(actor.role, GrantAction::Create)),
    )))
}

fn roles_list(roles: &[Role]) -> String {
    if roles.is_empty() {
        return "nobody".to_owned();
    }
    roles
        .iter()
        .map(|role| role.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fields of their own record nobody changes, whatever their role: every roster
/// field but the name.
fn own_fields_changed(before: &Employee, after: &Employee) -> Vec<&'static str> {
    roster_changes(before, after)
        .into_iter()
        .filter(|field| *field != "full_name")
        .collect()
}

/// Whether `actor` may turn `before` into `after` (both in the actor's scope already):
///
/// - nobody changes their own role, site, team, program or status (an administrator
///   neither: another administrator does it, so that every grant has two people);
/// - the grant table must let the actor edit an employee of `before`'s role at its site
///   (who may change whom) and give `after`'s role at its site (what the change gives);
/// - a deactivated record does not change.
pub fn check_edit(actor: &Actor, before: &Employee, after: &Employee) -> Result<(), Rejection> {
    if actor.id == before.id {
        let changed = own_fields_changed(before, after);
        if !changed.is_empty() {
            return Err(Rejection::Forbidden(format!(
                "nobody changes their own {}; another authorised person must",
                changed.join(", ")
            )));
        }
    }
    if !may_grant(
        actor.role,
        actor.site,
        GrantAction::Edit,
        before.role,
        before.site,
    ) {
        return Err(Rejection::Forbidden(format!(
            "a {} may not change a {} at {} (may change: {})",
            actor.role,
            before.role,
            place(before.site),
            roles_list(&grantable_roles(actor.role, GrantAction::Edit)),
        )));
    }
    if !may_grant(
        actor.role,
        actor.site,
        GrantAction::Edit,
        after.role,
        after.site,
    ) {
        return Err(Rejection::Forbidden(format!(
            "a {} may not make anyone a {} at {}",
            actor.role,
            after.role,
            place(after.site),
        )));
    }
    if before.status == EmployeeStatus::Deactivated {
        return Err(Rejection::Conflict(
            "the employee is deactivated; a deactivated record does not change".to_owned(),
        ));
    }
    Ok(())
}

/// Whether `actor` may deactivate `target`: not themself, only someone the grant table
/// lets them change (so an HR recruiter does not deactivate a manager or an
/// administrator), and not twice.
pub fn check_deactivate(actor: &Actor, target: &Employee) -> Result<(), Rejection> {
    if actor.id == target.id {
        return Err(Rejection::Forbidden(
            "nobody deactivates themself; another authorised person must".to_owned(),
        ));
    }
    if !may_grant(
        actor.role,
        actor.site,
        GrantAction::Edit,
        target.role,
        target.site,
    ) {
        return Err(Rejection::Forbidden(format!(
            "a {} may not deactivate a {} at {}",
            actor.role,
            target.role,
            place(target.site),
        )));
    }
    if target.status == EmployeeStatus::Deactivated {
        return Err(Rejection::Conflict(
            "the employee is already deactivated".to_owned(),
        ));
    }
    Ok(())
}

/// Whether a create or an edit that made `after` out of `before` (`None`: created)
/// gives a privileged role ([`tam_auth::is_privileged`]) and must be audited: a new
/// employee with such a role, or an existing one given it or moved to another site
/// with it.
pub fn grants_privilege(before: Option<&Employee>, after: &Employee) -> bool {
    is_privileged(after.role)
        && before.is_none_or(|before| before.role != after.role || before.site != after.site)
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
            team: None,
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

    fn assignment(role: Role, site: Option<Site>) -> Assignment {
        Assignment {
            role,
            site,
            program: crate::domain::employee::needs_program(role).then_some(Program::AddOnConsumer),
            team_id: None,
        }
    }

    #[test]
    fn create_follows_the_grant_table() {
        let hr = actor(Role::HrRecruiter, None);
        let admin = actor(Role::Admin, None);
        let manager = actor(Role::Manager, None);
        let forbidden = |r: Result<(), Rejection>| matches!(r, Err(Rejection::Forbidden(_)));
        assert!(forbidden(check_create(&hr, &assignment(Role::Admin, None))));
        assert!(forbidden(check_create(
            &hr,
            &assignment(Role::Manager, None)
        )));
        assert_eq!(check_create(&admin, &assignment(Role::Admin, None)), Ok(()));
        assert_eq!(
            check_create(&hr, &assignment(Role::Agent, Some(Site::Medan))),
            Ok(())
        );
        assert_eq!(check_create(&hr, &assignment(Role::QcTier2, None)), Ok(()));
        assert!(forbidden(check_create(
            &manager,
            &assignment(Role::HrRecruiter, None)
        )));
        assert_eq!(
            check_create(
                &manager,
                &assignment(Role::SupervisorQuality, Some(Site::Malang))
            ),
            Ok(())
        );
        let sup = actor(Role::SupervisorOps, Some(Site::Medan));
        let Err(Rejection::Forbidden(why)) =
            check_create(&sup, &assignment(Role::Agent, Some(Site::Medan)))
        else {
            panic!("a supervisor_ops creates nobody");
        };
        assert!(why.contains("may create: nobody"), "{why}");
    }

    #[test]
    fn only_admins_change_admins_or_give_the_admin_role() {
        let hr = actor(Role::HrRecruiter, None);
        let admin = actor(Role::Admin, None);
        let target = employee(Role::QcTier2, None, None);
        let mut promoted = target.clone();
        promoted.role = Role::Admin;
        assert!(matches!(
            check_edit(&hr, &target, &promoted),
            Err(Rejection::Forbidden(_))
        ));
        assert_eq!(check_edit(&admin, &target, &promoted), Ok(()));
        let an_admin = employee(Role::Admin, None, None);
        let mut renamed = an_admin.clone();
        renamed.full_name = "Root".into();
        assert!(check_edit(&hr, &an_admin, &renamed).is_err());
        assert!(check_deactivate(&hr, &an_admin).is_err());
        assert_eq!(check_deactivate(&admin, &an_admin), Ok(()));
    }

    #[test]
    fn an_hr_recruiter_neither_changes_nor_makes_a_manager() {
        let hr = actor(Role::HrRecruiter, None);
        let manager = employee(Role::Manager, None, None);
        let mut suspended = manager.clone();
        suspended.status = EmployeeStatus::Suspended;
        assert!(matches!(
            check_edit(&hr, &manager, &suspended),
            Err(Rejection::Forbidden(_))
        ));
        assert!(check_deactivate(&hr, &manager).is_err());
        let agent = employee(Role::Agent, Some(Site::Medan), Some(Program::AddOnConsumer));
        let mut promoted = agent.clone();
        promoted.role = Role::Manager;
        promoted.site = None;
        promoted.program = None;
        let Err(Rejection::Forbidden(why)) = check_edit(&hr, &agent, &promoted) else {
            panic!("HR may not make a manager");
        };
        assert!(why.contains("manager"), "{why}");
    }

    #[test]
    fn nobody_changes_their_own_role_site_team_program_or_status() {
        for (role, site, program) in [
            (Role::Admin, None, None),
            (Role::HrRecruiter, None, None),
            (Role::SupervisorOps, Some(Site::Medan), None),
        ] {
            let me = employee(role, site, program);
            let actor = Actor {
                id: me.id,
                role,
                site,
                team: None,
            };
            let changes: [fn(&mut Employee); 5] = [
                |e| e.role = Role::Agent,
                |e| e.site = Some(Site::Malang),
                |e| e.team_id = Some(Uuid::now_v7()),
                |e| e.program = Some(Program::AddOnConsumer),
                |e| e.status = EmployeeStatus::Suspended,
            ];
            for change in changes {
                let mut after = me.clone();
                change(&mut after);
                let Err(Rejection::Forbidden(why)) = check_edit(&actor, &me, &after) else {
                    panic!("{role} changed their own record: {after:?}");
                };
                assert!(why.starts_with("nobody changes their own"), "{why}");
            }
            // Their name is not one of those fields, but the table still decides who
            // changes whom: only an administrator changes administrators.
            let mut renamed = me.clone();
            renamed.full_name = "Budi S.".into();
            assert_eq!(
                check_edit(&actor, &me, &renamed).is_ok(),
                role == Role::Admin,
                "{role}"
            );
            assert!(matches!(
                check_deactivate(&actor, &me),
                Err(Rejection::Forbidden(_))
            ));
        }
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

    #[test]
    fn privileged_grants_are_new_privileged_roles_or_their_moves() {
        let agent = employee(Role::Agent, Some(Site::Medan), Some(Program::AddOnConsumer));
        assert!(!grants_privilege(None, &agent));
        let sup = employee(Role::SupervisorOps, Some(Site::Medan), None);
        assert!(grants_privilege(None, &sup));
        assert!(grants_privilege(Some(&agent), &sup));
        let mut renamed = sup.clone();
        renamed.full_name = "Budi S.".into();
        assert!(!grants_privilege(Some(&sup), &renamed));
        let mut moved = sup.clone();
        moved.site = Some(Site::Bandung);
        assert!(grants_privilege(Some(&sup), &moved));
        let mut demoted = sup.clone();
        demoted.role = Role::Trainer;
        assert!(!grants_privilege(Some(&sup), &demoted));
        let manager = employee(Role::Manager, None, None);
        assert!(grants_privilege(None, &manager));
    }
}
