//! Teams: agents of one site and program under one team leader.

use chrono::{DateTime, Utc};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use super::employee::{Employee, EmployeeStatus};
use super::{rules, Rejection};

/// A team's name: 1 to 100 characters, trimmed; unique within its site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamName(String);

impl TeamName {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        let len = value.chars().count();
        if len == 0 || len > 100 || value.chars().any(char::is_control) {
            return Err("must be 1 to 100 characters".to_owned());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A valid team to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTeam {
    pub name: TeamName,
    pub site: Site,
    pub program: Program,
    pub team_leader_id: Uuid,
}

impl NewTeam {
    /// The program must run at the site (422).
    pub fn check_rules(&self) -> Result<(), Rejection> {
        if !self.program.runs_at(self.site) {
            return Err(Rejection::rule(
                rules::PROGRAM_NOT_AT_SITE,
                format!(
                    "program {} does not run at site {}",
                    self.program, self.site
                ),
            ));
        }
        Ok(())
    }

    /// The leader must be an active team leader of the team's site and program (422);
    /// `leader` is `None` when no such employee is in the caller's scope.
    pub fn check_leader(&self, leader: Option<&Employee>) -> Result<(), Rejection> {
        let fits = leader.is_some_and(|leader| {
            leader.role == Role::TeamLeader
                && leader.status == EmployeeStatus::Active
                && leader.site == Some(self.site)
                && leader.program == Some(self.program)
        });
        if fits {
            Ok(())
        } else {
            Err(Rejection::rule(
                rules::INVALID_TEAM_LEADER,
                format!(
                    "team_leader_id must name an active team_leader of site {} and program {}",
                    self.site, self.program
                ),
            ))
        }
    }
}

/// A stored team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub site: Site,
    pub program: Program,
    pub team_leader_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::employee::tests::employee;

    fn team(site: Site, program: Program, leader: Uuid) -> NewTeam {
        NewTeam {
            name: TeamName::parse("Tim Merah").unwrap(),
            site,
            program,
            team_leader_id: leader,
        }
    }

    #[test]
    fn names() {
        assert_eq!(TeamName::parse(" Tim 1 ").unwrap().as_str(), "Tim 1");
        assert!(TeamName::parse("").is_err());
        assert!(TeamName::parse(&"x".repeat(101)).is_err());
    }

    #[test]
    fn the_program_must_run_at_the_site() {
        let leader = Uuid::now_v7();
        assert_eq!(
            team(Site::Bandung, Program::Ct0Pranpc, leader).check_rules(),
            Ok(())
        );
        assert!(team(Site::Medan, Program::Ct0Pranpc, leader)
            .check_rules()
            .is_err());
    }

    #[test]
    fn the_leader_is_an_active_team_leader_of_the_site_and_program() {
        let leader = employee(
            Role::TeamLeader,
            Some(Site::Tangerang),
            Some(Program::WifiAddonDigital),
        );
        let new = team(Site::Tangerang, Program::WifiAddonDigital, leader.id);
        assert_eq!(new.check_leader(Some(&leader)), Ok(()));
        assert!(new.check_leader(None).is_err());

        let other_program = team(Site::Tangerang, Program::AddOnConsumer, leader.id);
        assert!(other_program.check_leader(Some(&leader)).is_err());

        let mut agent = leader.clone();
        agent.role = Role::Agent;
        assert!(new.check_leader(Some(&agent)).is_err());

        let mut suspended = leader.clone();
        suspended.status = EmployeeStatus::Suspended;
        let Err(Rejection::Rule { rule, .. }) = new.check_leader(Some(&suspended)) else {
            panic!("expected a rule violation");
        };
        assert_eq!(rule, rules::INVALID_TEAM_LEADER);
    }
}
