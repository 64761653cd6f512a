//! Who a user is: the roles of the contact center (DOMAIN.md, "Roles") and how far each
//! one sees.
//!
//! The role travels in the JWT `role` claim and in the auth crate's route policy table;
//! its scope decides which rows a service's queries return to the caller (an object
//! outside the caller's scope answers 404).

use crate::code::code_enum;

code_enum! {
    /// A user's role. One per employee; the codes are the manual's roles (§2.2).
    pub enum Role as "role" {
        /// System administrator.
        Admin => "admin",
        /// Manager Operasional (and VP Operational CRM).
        Manager => "manager",
        /// Koordinator Department.
        Coordinator => "coordinator",
        /// Supervisor Operational: resources, targets, agent mapping at one site.
        SupervisorOps => "supervisor_ops",
        /// Supervisor Quality: owns the assessment parameters at one site.
        SupervisorQuality => "supervisor_quality",
        /// Team Leader: briefs, coaches and reports on one team.
        TeamLeader => "team_leader",
        /// Agent OBC / TAM: calls the customers they were given.
        Agent => "agent",
        /// Quality Control Officer (QCO): taps and validates AGREE calls.
        QcOfficer => "qc_officer",
        /// Quality Assurance Officer: verifies QCO validations.
        QaOfficer => "qa_officer",
        /// Trainer: initial and refreshment training, product briefings.
        Trainer => "trainer",
        /// HD Support: follows AddOn activations from every sales channel.
        HdSupport => "hd_support",
        /// QC Tier 2: validates activations from all channels, surveys cancellations.
        QcTier2 => "qc_tier2",
        /// Supervisor of the HD Support team.
        SupervisorHd => "supervisor_hd",
        /// HR Rekrutasi: recruitment.
        HrRecruiter => "hr_recruiter",
        /// Infomedia Operation Center: IT operations, where disruptions are escalated.
        Ioc => "ioc",
        /// Manager of the Infomedia Operation Center: where IOC's SLA breaches escalate.
        IocManager => "ioc_manager",
    }
}

code_enum! {
    /// How much of the data a role sees, from widest to narrowest.
    pub enum RoleScope as "role scope" {
        /// Every site (no `site` claim in the token).
        AllSites => "all_sites",
        /// Everything at the user's own site.
        Site => "site",
        /// The user's own team at their site.
        Team => "team",
        /// Only the user's own records (own calls, own prospects).
        Own => "own",
    }
}

impl Role {
    /// The scope of the role, per DOMAIN.md's role table.
    pub const fn scope(self) -> RoleScope {
        match self {
            Role::Admin
            | Role::Manager
            | Role::Coordinator
            | Role::HdSupport
            | Role::QcTier2
            | Role::SupervisorHd
            | Role::HrRecruiter
            | Role::Ioc
            | Role::IocManager => RoleScope::AllSites,
            Role::SupervisorOps
            | Role::SupervisorQuality
            | Role::QcOfficer
            | Role::QaOfficer
            | Role::Trainer => RoleScope::Site,
            Role::TeamLeader => RoleScope::Team,
            Role::Agent => RoleScope::Own,
        }
    }

    /// Whether a user with this role belongs to exactly one site, so their token carries
    /// a `site` claim and every query is limited to it.
    pub const fn is_site_bound(self) -> bool {
        !matches!(self.scope(), RoleScope::AllSites)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn there_are_sixteen_roles_with_distinct_codes() {
        assert_eq!(Role::ALL.len(), 16);
        assert_eq!(Role::CODES.len(), 16);
        let mut codes = Role::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 16);
    }

    #[test]
    fn codes_match_the_domain_table() {
        assert_eq!(
            Role::CODES,
            &[
                "admin",
                "manager",
                "coordinator",
                "supervisor_ops",
                "supervisor_quality",
                "team_leader",
                "agent",
                "qc_officer",
                "qa_officer",
                "trainer",
                "hd_support",
                "qc_tier2",
                "supervisor_hd",
                "hr_recruiter",
                "ioc",
                "ioc_manager",
            ]
        );
    }

    #[test]
    fn display_from_str_and_serde_agree_for_every_role() {
        for &role in Role::ALL {
            let code = role.to_string();
            assert_eq!(code, role.as_str());
            assert_eq!(code.parse::<Role>().unwrap(), role);
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
    }

    #[test]
    fn unknown_role_error_names_the_value_and_lists_valid_codes() {
        let err = "Agent".parse::<Role>().unwrap_err();
        assert_eq!(err.value(), "Agent");
        let msg = err.to_string();
        assert!(msg.contains("`Agent`"), "{msg}");
        assert!(msg.contains("team_leader"), "{msg}");
        assert!(msg.contains("ioc"), "{msg}");
    }

    #[test]
    fn unknown_role_in_json_is_a_deserialization_error_listing_codes() {
        let err = serde_json::from_str::<Role>("\"boss\"").unwrap_err();
        assert!(err.to_string().contains("unknown role `boss`"), "{err}");
        assert!(serde_json::from_str::<Role>("3").is_err());
    }

    #[test]
    fn scopes_follow_the_domain_table() {
        use RoleScope::*;
        let expected = [
            (Role::Admin, AllSites),
            (Role::Manager, AllSites),
            (Role::Coordinator, AllSites),
            (Role::SupervisorOps, Site),
            (Role::SupervisorQuality, Site),
            (Role::TeamLeader, Team),
            (Role::Agent, Own),
            (Role::QcOfficer, Site),
            (Role::QaOfficer, Site),
            (Role::Trainer, Site),
            (Role::HdSupport, AllSites),
            (Role::QcTier2, AllSites),
            (Role::SupervisorHd, AllSites),
            (Role::HrRecruiter, AllSites),
            (Role::Ioc, AllSites),
            (Role::IocManager, AllSites),
        ];
        assert_eq!(expected.len(), Role::ALL.len());
        for (role, scope) in expected {
            assert_eq!(role.scope(), scope, "{role}");
        }
    }

    #[test]
    fn site_bound_means_not_all_sites() {
        for &role in Role::ALL {
            assert_eq!(role.is_site_bound(), role.scope() != RoleScope::AllSites);
        }
        assert!(Role::Agent.is_site_bound());
        assert!(Role::TeamLeader.is_site_bound());
        assert!(Role::Trainer.is_site_bound());
        assert!(!Role::HdSupport.is_site_bound());
        assert!(!Role::Admin.is_site_bound());
    }

    #[test]
    fn role_scope_codes_round_trip() {
        for &scope in RoleScope::ALL {
            assert_eq!(scope.as_str().parse::<RoleScope>().unwrap(), scope);
        }
        assert_eq!(RoleScope::AllSites.to_string(), "all_sites");
    }
}
