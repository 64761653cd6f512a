//! A running hr for one test, and shortcuts to call it and to look at its tables.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use reqwest::Method;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_hr::domain::employee::{EducationLevel, Employee};
use tam_hr::domain::team::{NewTeam, Team, TeamName};
use tam_hr::store::employees::NewEmployeeRow;
use tam_kernel::{Program, Role, Site};
use tam_runtime::ServiceName;
pub use tam_testkit::Answer;
use tam_testkit::TestService;
use uuid::Uuid;

/// A password that meets the policy.
pub const PASSWORD: &str = "correct-horse-battery";

/// hr alone. Its events are published all the same (every process declares every
/// consuming service's queue): a test reads them with `published`.
pub struct Hr {
    service: TestService,
}

impl Deref for Hr {
    type Target = TestService;

    fn deref(&self) -> &TestService {
        &self.service
    }
}

static NEXT_NIK: AtomicU64 = AtomicU64::new(1);

/// A NIK no other employee of this test process has.
pub fn nik() -> String {
    format!(
        "{}{:06}",
        std::process::id(),
        NEXT_NIK.fetch_add(1, Ordering::Relaxed)
    )
}

/// A username no other employee of this test process has.
pub fn username(prefix: &str) -> String {
    format!("{prefix}.{}", NEXT_NIK.fetch_add(1, Ordering::Relaxed))
}

/// The one-time activation code in the answer to a create (or a re-issue).
pub fn activation_code(answer: &Answer) -> String {
    let activation = answer.body.get("activation").unwrap_or(&answer.body);
    activation["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no activation code in {:?}", answer.body))
        .to_owned()
}

/// A valid body for `POST /api/v1/hr/employees`.
pub fn new_employee(
    username: &str,
    role: Role,
    site: Option<Site>,
    program: Option<Program>,
) -> Value {
    let mut body = json!({
        "nik": nik(),
        "full_name": "Siti Rahmawati",
        "username": username,
        "role": role,
        "birth_date": "1999-04-02",
        "education_level": "D3",
        "education_field": "Manajemen",
        "hire_date": "2025-01-06",
    });
    if let Some(site) = site {
        body["site"] = json!(site);
    }
    if let Some(program) = program {
        body["program"] = json!(program);
    }
    body
}

impl Hr {
    pub async fn start() -> Self {
        let service =
            TestService::start(ServiceName::Hr, &[tam_hr::service()], &HashMap::new()).await;
        Self { service }
    }

    pub async fn stop(self) {
        self.service.stop().await;
    }

    /// A token for an employee, with the team claim hr would give them.
    pub fn token_of(&self, employee: &Employee, team: Option<Uuid>) -> String {
        self.app.token_for(&Subject {
            id: employee.id,
            role: employee.role,
            site: employee.site,
            team: team.or(employee.team_id),
        })
    }

    /// A POST with or without a token: hr's public routes (login, activation, refresh)
    /// take none.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.call(Method::POST, path, token, Some(body)).await
    }

    /// An employee written straight to the table (no password, no event): for tests
    /// about reading and scope, where hashing would only cost time.
    pub async fn insert_employee(
        &self,
        role: Role,
        site: Option<Site>,
        program: Option<Program>,
        team_id: Option<Uuid>,
    ) -> Employee {
        let mut conn = self.pool.get().await.unwrap();
        let nik = nik();
        let username = username(role.as_str());
        tam_hr::store::employees::insert(
            &mut conn,
            &NewEmployeeRow {
                id: tam_kernel::new_id(),
                nik: &nik,
                full_name: "Budi Santoso",
                username: &username,
                role,
                site,
                program,
                team_id,
                birth_date: NaiveDate::from_ymd_opt(1998, 1, 1),
                education_level: Some(EducationLevel::D3),
                education_field: Some("Manajemen"),
                hire_date: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            },
        )
        .await
        .unwrap()
    }

    /// A team with a new leader, written straight to the tables.
    pub async fn insert_team(&self, site: Site, program: Program) -> (Team, Employee) {
        let leader = self
            .insert_employee(Role::TeamLeader, Some(site), Some(program), None)
            .await;
        let mut conn = self.pool.get().await.unwrap();
        let team = tam_hr::store::teams::insert(
            &mut conn,
            tam_kernel::new_id(),
            &NewTeam {
                name: TeamName::parse(&format!("Tim {}", leader.username)).unwrap(),
                site,
                program,
                team_leader_id: leader.id,
            },
        )
        .await
        .unwrap();
        (team, leader)
    }

    /// The employee as stored now.
    pub async fn stored(&self, id: Uuid) -> Employee {
        let mut conn = self.pool.get().await.unwrap();
        tam_hr::store::employees::find(&mut conn, tam_hr::domain::scope::Scope::All, id)
            .await
            .unwrap()
            .unwrap()
    }

    /// Hires an employee through the API (as an admin) and activates the account with
    /// the answer's code and [`PASSWORD`], so that they can log in.
    pub async fn hire_with_login(
        &self,
        role: Role,
        site: Option<Site>,
        program: Option<Program>,
        team_id: Option<Uuid>,
    ) -> (Uuid, String) {
        let username = username(role.as_str());
        let mut body = new_employee(&username, role, site, program);
        if let Some(team_id) = team_id {
            body["team_id"] = json!(team_id);
        }
        let admin = self.token(Role::Admin, None);
        let created = self.post("/api/v1/hr/employees", Some(&admin), body).await;
        assert_eq!(created.status, 201, "{:?}", created.body);
        let activated = self
            .activate(&username, &activation_code(&created), PASSWORD)
            .await;
        assert_eq!(activated.status, 204, "{:?}", activated.body);
        (created.id(), username)
    }

    /// `POST /api/v1/auth/activate`.
    pub async fn activate(&self, username: &str, code: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/activate",
            None,
            json!({ "username": username, "code": code, "new_password": password }),
        )
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/login",
            None,
            json!({ "username": username, "password": password }),
        )
        .await
    }
}
