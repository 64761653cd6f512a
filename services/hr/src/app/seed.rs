//! Accounts made by the `tam` CLI: the first administrator, and a demo organisation.

use chrono::NaiveDate;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_db::DbPool;
use tam_kernel::{Program, Role, RoleScope, Site};
use uuid::Uuid;

use crate::crypto;
use crate::domain::employee::{EducationLevel, Username};
use crate::domain::password::Password;
use crate::domain::team::{NewTeam, Team, TeamName};
use crate::error::Error;
use crate::events::{self, EmployeeCreated, EmployeeRoster, TeamChange};
use crate::store::employees::NewEmployeeRow;
use crate::store::{credentials, employees, teams};

/// Creates an administrator whose password need not be changed (the CLI's first
/// account). Fails if the username is taken or the password breaks the policy.
pub async fn create_admin(pool: &DbPool, username: &str, password: &str) -> anyhow::Result<Uuid> {
    let username =
        Username::parse(username).map_err(|reason| anyhow::anyhow!("username {reason}"))?;
    let password = Password::new(password, username.as_str(), None)
        .map_err(|reason| anyhow::anyhow!("password {reason}"))?;
    let hash = crypto::hash_password(password.expose().to_owned()).await?;
    let id = tam_kernel::new_id();
    // A system account has no personnel number from HR; it gets one from its id's
    // creation time (milliseconds), which no HR-issued NIK of the usual length matches.
    let nik = tam_kernel::id_created_at(id)
        .map(|at| at.timestamp_millis().to_string())
        .unwrap_or_else(|| id.as_u128().to_string().chars().take(20).collect());
    let hire_date = tam_kernel::wib_date(chrono::Utc::now());
    let name = username.as_str().to_owned();
    let mut conn = pool.get().await.map_err(anyhow::Error::from)?;
    let result = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                let admin = employees::insert(
                    conn,
                    &NewEmployeeRow {
                        id,
                        nik: &nik,
                        full_name: "Administrator",
                        username: username.as_str(),
                        role: Role::Admin,
                        site: None,
                        program: None,
                        team_id: None,
                        birth_date: None,
                        education_level: None,
                        education_field: None,
                        hire_date,
                    },
                )
                .await?;
                credentials::insert(conn, admin.id, &hash, false).await?;
                events::PRODUCER
                    .publish(
                        conn,
                        None,
                        None,
                        &EmployeeCreated {
                            employee: EmployeeRoster::from(&admin),
                        },
                    )
                    .await?;
                Ok(admin.id)
            }
            .scope_boxed()
        })
        .await;
    match result {
        Ok(id) => Ok(id),
        Err(Error::Db(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _))) => {
            anyhow::bail!("an employee with username {name:?} already exists")
        }
        Err(err) => Err(err.into()),
    }
}

/// One account of the demo organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    pub username: String,
    pub role: Role,
    pub site: Option<Site>,
}

/// One employee of the demo organisation, before it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DemoSpec {
    username: String,
    role: Role,
    site: Option<Site>,
    program: Option<Program>,
}

/// The suffix that tells a site's second and third programs apart in usernames (the
/// first program at every site, add_on_consumer, has none).
fn program_tag(program: Program) -> &'static str {
    match program {
        Program::AddOnConsumer => "",
        Program::WifiAddonDigital => ".wifi",
        Program::Ct0Pranpc => ".ct0",
    }
}

/// The demo organisation: every all-site role once (`admin`, `manager`, ...); at every
/// site one of each site-bound role that is not tied to a program
/// (`supervisor_ops.bandung`, ...), and one team leader and one agent per program the
/// site runs (`team_leader.medan`, `agent.medan`, `agent.bandung.ct0`, ...). Team
/// leaders come before agents, so that teams can be made between them.
fn demo_specs() -> Vec<DemoSpec> {
    let mut specs = Vec::new();
    for &role in Role::ALL {
        if role.scope() == RoleScope::AllSites {
            specs.push(DemoSpec {
                username: role.as_str().to_owned(),
                role,
                site: None,
                program: None,
            });
        }
    }
    for &site in Site::ALL {
        for &role in Role::ALL {
            if role.is_site_bound() && !crate::domain::employee::needs_program(role) {
                specs.push(DemoSpec {
                    username: format!("{role}.{site}"),
                    role,
                    site: Some(site),
                    program: None,
                });
            }
        }
        for role in [Role::TeamLeader, Role::Agent] {
            for program in site.programs() {
                specs.push(DemoSpec {
                    username: format!("{role}.{site}{}", program_tag(program)),
                    role,
                    site: Some(site),
                    program: Some(program),
                });
            }
        }
    }
    specs
}

fn team_name(site: Site, program: Program) -> String {
    format!("{} {}", site.name(), program.name())
}

fn title(role: Role) -> String {
    role.as_str()
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Makes the demo organisation (see `demo_specs`): every account with `password`, which
/// need not be changed, one team per site and program led by that site's team leader of
/// the program, and the agents in their teams. Idempotent: existing usernames and teams
/// are left as they are. Returns every demo account.
///
/// The accounts share one password, so they share one hash (one argon2 run instead of
/// dozens); each real account gets its own salt.
pub async fn seed_demo(pool: &DbPool, password: &str) -> anyhow::Result<Vec<DemoUser>> {
    let password =
        Password::new(password, "", None).map_err(|reason| anyhow::anyhow!("password {reason}"))?;
    let hash = crypto::hash_password(password.expose().to_owned()).await?;
    let specs = demo_specs();
    let mut conn = pool.get().await.map_err(anyhow::Error::from)?;
    let specs_ref = &specs;
    let hash_ref = &hash;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            for (index, spec) in specs_ref.iter().enumerate() {
                let team_id = match (spec.role, spec.site, spec.program) {
                    (Role::Agent, Some(site), Some(program)) => {
                        demo_team(conn, site, program).await?.map(|team| team.id)
                    }
                    _ => None,
                };
                demo_employee(conn, index, spec, team_id, hash_ref).await?;
                if let (Role::TeamLeader, Some(site), Some(program)) =
                    (spec.role, spec.site, spec.program)
                {
                    ensure_team(conn, site, program, &spec.username).await?;
                }
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(specs
        .into_iter()
        .map(|spec| DemoUser {
            username: spec.username,
            role: spec.role,
            site: spec.site,
        })
        .collect())
}

/// Creates the demo employee unless the username exists.
async fn demo_employee(
    conn: &mut AsyncPgConnection,
    index: usize,
    spec: &DemoSpec,
    team_id: Option<Uuid>,
    hash: &str,
) -> crate::Result<()> {
    if employees::find_by_username(conn, &spec.username)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let nik = format!("99{index:06}");
    let full_name = match spec.site {
        Some(site) => format!("Demo {} {}", title(spec.role), site.name()),
        None => format!("Demo {}", title(spec.role)),
    };
    let created = employees::insert_if_absent(
        conn,
        &NewEmployeeRow {
            id: tam_kernel::new_id(),
            nik: &nik,
            full_name: &full_name,
            username: &spec.username,
            role: spec.role,
            site: spec.site,
            program: spec.program,
            team_id,
            birth_date: NaiveDate::from_ymd_opt(1996, 3, 15),
            education_level: Some(EducationLevel::S1),
            education_field: Some("Manajemen"),
            hire_date: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or_default(),
        },
    )
    .await?;
    let Some(employee) = created else {
        return Err(anyhow::anyhow!(
            "cannot create demo user {}: nik {nik} is taken by another employee",
            spec.username
        )
        .into());
    };
    credentials::insert(conn, employee.id, hash, false).await?;
    events::PRODUCER
        .publish(
            conn,
            employee.site,
            None,
            &EmployeeCreated {
                employee: EmployeeRoster::from(&employee),
            },
        )
        .await?;
    // The demo agents were trained before the suite: certified for their program from
    // today (WIB), so that they may call it (issue 14's gate).
    if let (Role::Agent, Some(program)) = (spec.role, spec.program) {
        crate::app::certification::certify_demo_agent(
            conn,
            employee.id,
            program,
            tam_kernel::wib_date(chrono::Utc::now()),
            crate::domain::training::DEFAULT_VALIDITY_DAYS,
        )
        .await?;
    }
    Ok(())
}

/// The demo team of a site and program, if it exists.
async fn demo_team(
    conn: &mut AsyncPgConnection,
    site: Site,
    program: Program,
) -> crate::Result<Option<Team>> {
    teams::find_by_name(conn, site, &team_name(site, program)).await
}

/// Creates the demo team of a site and program, led by `leader`, unless it exists or
/// the leader already leads a team.
async fn ensure_team(
    conn: &mut AsyncPgConnection,
    site: Site,
    program: Program,
    leader: &str,
) -> crate::Result<()> {
    if demo_team(conn, site, program).await?.is_some() {
        return Ok(());
    }
    let Some(leader) = employees::find_by_username(conn, leader).await? else {
        return Ok(());
    };
    if teams::led_by(conn, leader.id).await?.is_some() {
        return Ok(());
    }
    let new = NewTeam {
        name: TeamName::parse(&team_name(site, program)).map_err(anyhow::Error::msg)?,
        site,
        program,
        team_leader_id: leader.id,
    };
    if new.check_leader(Some(&leader)).is_err() {
        tracing::warn!(leader = %leader.username, "demo team leader is not a team leader of the site and program; team skipped");
        return Ok(());
    }
    let team = teams::insert(conn, tam_kernel::new_id(), &new).await?;
    events::PRODUCER
        .publish(
            conn,
            Some(site),
            None,
            &events::team_changed(&team, TeamChange::Created),
        )
        .await?;
    Ok(())
}

/// The accounts [`seed_demo`] makes, without touching a database.
pub fn demo_users() -> Vec<DemoUser> {
    demo_specs()
        .into_iter()
        .map(|spec| DemoUser {
            username: spec.username,
            role: spec.role,
            site: spec.site,
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::employee::Assignment;
    use std::collections::HashSet;

    #[test]
    fn one_user_per_role_per_site_it_applies_to() {
        let specs = demo_specs();
        let names: HashSet<&str> = specs.iter().map(|s| s.username.as_str()).collect();
        assert_eq!(names.len(), specs.len(), "usernames are unique");
        for name in [
            "admin",
            "manager",
            "hr_recruiter",
            "agent.medan",
            "team_leader.medan",
            "supervisor_ops.bandung",
            "agent.bandung.ct0",
            "team_leader.semarang.wifi",
            "agent.tangerang.wifi",
            "trainer.makassar",
        ] {
            assert!(names.contains(name), "{name}");
        }
        for &role in Role::ALL {
            let count = specs.iter().filter(|s| s.role == role).count();
            let expected = if !role.is_site_bound() {
                1
            } else if crate::domain::employee::needs_program(role) {
                Site::ALL.iter().map(|s| s.programs().len()).sum()
            } else {
                Site::ALL.len()
            };
            assert_eq!(count, expected, "{role}");
        }
    }

    #[test]
    fn every_demo_user_is_a_valid_employee() {
        for spec in demo_specs() {
            assert!(Username::parse(&spec.username).is_ok(), "{}", spec.username);
            let assignment = Assignment {
                role: spec.role,
                site: spec.site,
                program: spec.program,
                team_id: None,
            };
            assert_eq!(assignment.validate(), Ok(()), "{}", spec.username);
        }
        for &site in Site::ALL {
            for program in site.programs() {
                assert!(TeamName::parse(&team_name(site, program)).is_ok());
            }
        }
    }

    #[test]
    fn leaders_come_before_their_agents() {
        let specs = demo_specs();
        let position = |name: &str| specs.iter().position(|s| s.username == name).unwrap();
        assert!(position("team_leader.bandung.ct0") < position("agent.bandung.ct0"));
        assert!(position("team_leader.medan") < position("agent.medan"));
    }

    #[test]
    fn titles() {
        assert_eq!(title(Role::SupervisorOps), "Supervisor Ops");
        assert_eq!(title(Role::Admin), "Admin");
    }
}
