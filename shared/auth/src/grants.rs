//! The one table of who may give which role, beside the route [`crate::Policy`].
//!
//! hr's rows of the policy (`services/hr/src/policy.rs`) decide whether a role may call hr's create and edit routes
//! at all; [`GRANTS`] decides which roles that caller may give, where, and how:
//!
//! - **create**: the new employee's role at the new employee's site;
//! - **edit**: both the employee's role and site before the change (who may change
//!   whom) and after it (what the change gives), so that nobody edits an employee they
//!   could not have created there, nor turns one into something they could not create.
//!
//! Deny by default: a role, action or site not covered by a row is refused. Nobody
//! changes their own role, site, team, program or status, whatever the table says (hr
//! checks that before the table).
//!
//! The table is derived from DOMAIN.md's roles (docs/decisions.md has it as a table):
//! an administrator gives anything; HR gives the roles HR hires (DOMAIN.md, "Hiring
//! requirements") at every site; the operations manager staffs the sites; a site's
//! operations supervisor moves people between agent and team leader at their own site.

use tam_kernel::Role::{
    self, Admin, Agent, HdSupport, HrRecruiter, Manager, QaOfficer, QcOfficer, QcTier2,
    SupervisorOps, SupervisorQuality, TeamLeader, Trainer,
};
use tam_kernel::Site;

/// What the granter does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantAction {
    /// Creates an employee with the role.
    Create,
    /// Changes an employee (their role, site, or anything else about them).
    Edit,
}

impl GrantAction {
    pub const ALL: [GrantAction; 2] = [GrantAction::Create, GrantAction::Edit];

    pub const fn as_str(self) -> &'static str {
        match self {
            GrantAction::Create => "create",
            GrantAction::Edit => "edit",
        }
    }
}

/// Where a grant applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantScope {
    /// At every site, all-site roles included.
    AllSites,
    /// Only at the granter's own site (so only site-bound roles).
    OwnSite,
}

impl GrantScope {
    /// Whether a granter working at `granter_site` reaches an employee at
    /// `target_site` (`None`: an all-site role).
    pub fn covers(self, granter_site: Option<Site>, target_site: Option<Site>) -> bool {
        match self {
            GrantScope::AllSites => true,
            GrantScope::OwnSite => granter_site.is_some() && target_site == granter_site,
        }
    }
}

/// One row: `granter` may, on `action`, give any of `roles` within `scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub granter: Role,
    pub action: GrantAction,
    pub roles: &'static [Role],
    pub scope: GrantScope,
}

/// The roles HR recruits (DOMAIN.md's hiring table): not admin, manager, coordinator,
/// supervisor_hd, hr_recruiter, ioc or ioc_manager, which are appointed by an
/// administrator.
pub const HR_HIRED_ROLES: &[Role] = &[
    Agent,
    TeamLeader,
    SupervisorOps,
    QcOfficer,
    QaOfficer,
    SupervisorQuality,
    Trainer,
    QcTier2,
    HdSupport,
];

/// The roles that work at one site (DOMAIN.md's role table), which the operations
/// manager staffs.
pub const SITE_ROLES: &[Role] = &[
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    Agent,
    QcOfficer,
    QaOfficer,
    Trainer,
];

/// The roles a site's operations supervisor manages on their floor.
pub const FLOOR_ROLES: &[Role] = &[Agent, TeamLeader];

const fn grant(
    granter: Role,
    action: GrantAction,
    roles: &'static [Role],
    scope: GrantScope,
) -> Grant {
    Grant {
        granter,
        action,
        roles,
        scope,
    }
}

/// Who may give which role. A role that appears here as a granter for an action must
/// also be allowed by hr's policy rows on the route of that action (a unit test of hr's
/// keeps the two tables in step); a role missing here grants nothing.
pub const GRANTS: &[Grant] = &[
    grant(Admin, GrantAction::Create, Role::ALL, GrantScope::AllSites),
    grant(Admin, GrantAction::Edit, Role::ALL, GrantScope::AllSites),
    grant(
        HrRecruiter,
        GrantAction::Create,
        HR_HIRED_ROLES,
        GrantScope::AllSites,
    ),
    grant(
        HrRecruiter,
        GrantAction::Edit,
        HR_HIRED_ROLES,
        GrantScope::AllSites,
    ),
    grant(
        Manager,
        GrantAction::Create,
        SITE_ROLES,
        GrantScope::AllSites,
    ),
    grant(
        SupervisorOps,
        GrantAction::Edit,
        FLOOR_ROLES,
        GrantScope::OwnSite,
    ),
];

/// Whether `granter`, working at `granter_site` (`None` for an all-site role), may on
/// `action` give `role` at `site` (`None` for an all-site role).
pub fn may_grant(
    granter: Role,
    granter_site: Option<Site>,
    action: GrantAction,
    role: Role,
    site: Option<Site>,
) -> bool {
    GRANTS.iter().any(|row| {
        row.granter == granter
            && row.action == action
            && row.roles.contains(&role)
            && row.scope.covers(granter_site, site)
    })
}

/// The roles `granter` may give on `action` somewhere (for error messages).
pub fn grantable_roles(granter: Role, action: GrantAction) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|role| {
            GRANTS.iter().any(|row| {
                row.granter == granter && row.action == action && row.roles.contains(role)
            })
        })
        .collect()
}

/// Whether giving `role` is audited (`hr.role.granted`): the roles that see every site
/// and the site supervisors, who manage other people's work and data.
pub const fn is_privileged(role: Role) -> bool {
    !role.is_site_bound() || matches!(role, SupervisorOps | SupervisorQuality)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tam_kernel::Role::{Coordinator, Ioc, IocManager, SupervisorHd};

    fn all_site(role: Role) -> bool {
        !role.is_site_bound()
    }

    /// The table written out the other way: for each granter and action, the roles it
    /// gives and where. Any change of [`GRANTS`] must change this too.
    fn expected(
        granter: Role,
        granter_site: Option<Site>,
        action: GrantAction,
        role: Role,
        site: Option<Site>,
    ) -> bool {
        let own_site = granter_site.is_some() && site == granter_site;
        match (granter, action) {
            (Admin, _) => true,
            (HrRecruiter, _) => !matches!(
                role,
                Admin | Manager | Coordinator | SupervisorHd | HrRecruiter | Ioc | IocManager
            ),
            (Manager, GrantAction::Create) => role.is_site_bound(),
            (SupervisorOps, GrantAction::Edit) => matches!(role, Agent | TeamLeader) && own_site,
            _ => false,
        }
    }

    /// Where an employee of `role` can be: nowhere in particular for all-site roles,
    /// otherwise each site.
    fn sites_of(role: Role) -> Vec<Option<Site>> {
        if all_site(role) {
            vec![None]
        } else {
            Site::ALL.iter().copied().map(Some).collect()
        }
    }

    #[test]
    fn every_granter_target_action_and_site_matches_the_written_out_table() {
        let mut checked = 0;
        for &granter in Role::ALL {
            for granter_site in sites_of(granter) {
                for action in GrantAction::ALL {
                    for &role in Role::ALL {
                        for site in sites_of(role) {
                            assert_eq!(
                                may_grant(granter, granter_site, action, role, site),
                                expected(granter, granter_site, action, role, site),
                                "{granter}@{granter_site:?} {} {role}@{site:?}",
                                action.as_str()
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 51 * 2 * 51);
    }

    #[test]
    fn the_holes_of_issue_10_are_closed() {
        // An HR recruiter cannot make anyone (themself included) a manager or an admin.
        for role in [
            Admin,
            Manager,
            Coordinator,
            HrRecruiter,
            SupervisorHd,
            Ioc,
            IocManager,
        ] {
            for action in GrantAction::ALL {
                assert!(!may_grant(HrRecruiter, None, action, role, None), "{role}");
            }
        }
        // A manager cannot make an HR recruiter (nor an administrator).
        assert!(!may_grant(
            Manager,
            None,
            GrantAction::Create,
            HrRecruiter,
            None
        ));
        assert!(!may_grant(Manager, None, GrantAction::Create, Admin, None));
        // A site supervisor stays on their site and floor.
        let bandung = Some(Site::Bandung);
        assert!(may_grant(
            SupervisorOps,
            bandung,
            GrantAction::Edit,
            TeamLeader,
            bandung
        ));
        assert!(!may_grant(
            SupervisorOps,
            bandung,
            GrantAction::Edit,
            TeamLeader,
            Some(Site::Medan)
        ));
        assert!(!may_grant(
            SupervisorOps,
            bandung,
            GrantAction::Edit,
            QcOfficer,
            bandung
        ));
        assert!(!may_grant(
            SupervisorOps,
            None,
            GrantAction::Edit,
            Agent,
            None
        ));
        assert!(!may_grant(
            SupervisorOps,
            bandung,
            GrantAction::Create,
            Agent,
            bandung
        ));
    }

    #[test]
    fn hr_hires_what_domain_md_lists_and_managers_staff_the_site_roles() {
        for &role in HR_HIRED_ROLES {
            for site in sites_of(role) {
                assert!(
                    may_grant(HrRecruiter, None, GrantAction::Create, role, site),
                    "{role}"
                );
            }
        }
        for &role in Role::ALL {
            assert_eq!(SITE_ROLES.contains(&role), role.is_site_bound(), "{role}");
        }
    }

    #[test]
    fn privileged_roles_are_the_all_site_and_supervisory_ones() {
        let privileged: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(|r| is_privileged(*r))
            .collect();
        assert_eq!(
            privileged,
            [
                Admin,
                Manager,
                Coordinator,
                SupervisorOps,
                SupervisorQuality,
                HdSupport,
                QcTier2,
                SupervisorHd,
                HrRecruiter,
                Ioc,
                IocManager
            ]
        );
    }

    #[test]
    fn scopes() {
        assert!(GrantScope::AllSites.covers(None, Some(Site::Medan)));
        assert!(GrantScope::AllSites.covers(None, None));
        assert!(GrantScope::OwnSite.covers(Some(Site::Medan), Some(Site::Medan)));
        assert!(!GrantScope::OwnSite.covers(Some(Site::Medan), Some(Site::Malang)));
        assert!(!GrantScope::OwnSite.covers(Some(Site::Medan), None));
        assert!(!GrantScope::OwnSite.covers(None, None));
    }
}
