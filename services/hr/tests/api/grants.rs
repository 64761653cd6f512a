//! Who may give which role, through the API, against the grant table
//! (`tam_auth::GRANTS`): every granting role × every target role × create and edit ×
//! the granter's own site and another one; nobody changes their own record's role,
//! site, team, program or status; privileged grants are audited.

use reqwest::StatusCode;
use serde_json::{json, Value};
use tam_auth::{is_privileged, may_grant, GrantAction, Policy};
use tam_hr::domain::employee::needs_program;
use tam_kernel::{Program, Role, Site};

use crate::helpers::{new_employee, username, Hr};

/// Where the granters of site-bound roles work.
const OWN: Site = Site::Medan;
/// Another site (both run add_on_consumer, so agents and team leaders fit either).
const OTHER: Site = Site::Bandung;

fn granter_site(role: Role) -> Option<Site> {
    role.is_site_bound().then_some(OWN)
}

/// The places an employee of `role` may be: own and other site, or none (all-site).
fn places(role: Role) -> Vec<Option<Site>> {
    if role.is_site_bound() {
        vec![Some(OWN), Some(OTHER)]
    } else {
        vec![None]
    }
}

fn program_for(role: Role) -> Option<Program> {
    needs_program(role).then_some(Program::AddOnConsumer)
}

fn policy_allows(method: &str, path: &str, role: Role) -> bool {
    let policy = Policy::new([("hr", tam_hr::policy::ROUTES)]).unwrap();
    policy
        .find(method, path)
        .is_some_and(|row| row.route.access.allows(Some(role)))
}

/// Whether a granter of `role` sees employees at `site` at all (its scope; out of
/// scope is a 404). Only the roles that may edit matter here.
fn sees(granter: Role, site: Option<Site>) -> bool {
    !granter.is_site_bound() || site == granter_site(granter)
}

fn place(site: Option<Site>) -> String {
    site.map_or("all sites".to_owned(), |s| s.to_string())
}

async fn granted_events(hr: &Hr) -> Vec<Value> {
    hr.published()
        .await
        .into_iter()
        .filter(|(ty, _)| ty == "hr.role.granted")
        .map(|(_, envelope)| envelope)
        .collect()
}

#[tokio::test]
async fn create_follows_the_grant_table_for_every_granter_target_and_site() {
    let hr = Hr::start().await;
    let mut audited = 0;
    let mut created: i64 = 0;
    for &granter in Role::ALL {
        let token = hr.token(granter, granter_site(granter));
        let may_call = policy_allows("POST", "/api/v1/hr/employees", granter);
        for &target in Role::ALL {
            for site in places(target) {
                let body = new_employee(&username("g"), target, site, program_for(target));
                let answer = hr.post("/api/v1/hr/employees", Some(&token), body).await;
                let allowed = may_call
                    && may_grant(
                        granter,
                        granter_site(granter),
                        GrantAction::Create,
                        target,
                        site,
                    );
                let expected = if allowed {
                    StatusCode::CREATED
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    answer.status,
                    expected,
                    "{granter} at {} creates {target} at {}: {:?}",
                    place(granter_site(granter)),
                    place(site),
                    answer.body
                );
                if allowed {
                    created += 1;
                    audited += usize::from(is_privileged(target));
                }
            }
        }
    }
    // Admin 23 places (9 all-site roles, 7 site roles at 2), HR recruiter 9 roles (14 + 2
    // places), manager 7 site roles × 2.
    assert_eq!(created, 23 + 16 + 14);
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM employees").await,
        created
    );
    let events = granted_events(&hr).await;
    assert_eq!(events.len(), audited);
    assert!(events.iter().all(|e| e["payload"]["how"] == "created"));
    hr.stop().await;
}

/// The body that turns an agent into `role` at `site`.
fn becomes(role: Role, site: Option<Site>) -> Value {
    json!({
        "role": role,
        "site": site,
        "program": program_for(role),
        "team_id": null,
    })
}

#[tokio::test]
async fn edit_follows_the_grant_table_for_whom_and_what_at_every_site() {
    let hr = Hr::start().await;
    let mut audited = 0;
    for &granter in Role::ALL {
        let token = hr.token(granter, granter_site(granter));
        let may_call = policy_allows("PATCH", "/api/v1/hr/employees/x", granter);
        for &target in Role::ALL {
            for site in places(target) {
                // Whom: any change of an employee of `target` at `site` (here a rename).
                let them = hr
                    .insert_employee(target, site, program_for(target), None)
                    .await;
                let answer = hr
                    .patch(
                        &format!("/api/v1/hr/employees/{}", them.id),
                        &token,
                        json!({"full_name": "Nama Baru"}),
                    )
                    .await;
                let allowed = may_grant(
                    granter,
                    granter_site(granter),
                    GrantAction::Edit,
                    target,
                    site,
                );
                let expected = if !may_call {
                    StatusCode::FORBIDDEN
                } else if !sees(granter, site) {
                    StatusCode::NOT_FOUND
                } else if allowed {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    answer.status,
                    expected,
                    "{granter} at {} changes a {target} at {}: {:?}",
                    place(granter_site(granter)),
                    place(site),
                    answer.body
                );
                let unchanged = hr.stored(them.id).await;
                assert_eq!(
                    unchanged.full_name == "Nama Baru",
                    expected == StatusCode::OK,
                    "{granter} renamed a {target}"
                );

                // What: an agent of the granter's own site (whom every editor may
                // change) made `target` at `site`.
                let agent = hr
                    .insert_employee(Role::Agent, Some(OWN), Some(Program::AddOnConsumer), None)
                    .await;
                let answer = hr
                    .patch(
                        &format!("/api/v1/hr/employees/{}", agent.id),
                        &token,
                        becomes(target, site),
                    )
                    .await;
                let expected = if may_call && allowed {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    answer.status,
                    expected,
                    "{granter} at {} makes an agent a {target} at {}: {:?}",
                    place(granter_site(granter)),
                    place(site),
                    answer.body
                );
                let after = hr.stored(agent.id).await;
                if expected == StatusCode::OK {
                    assert_eq!((after.role, after.site), (target, site));
                    audited += usize::from(is_privileged(target));
                } else {
                    assert_eq!((after.role, after.site), (Role::Agent, Some(OWN)));
                }
            }
        }
    }
    let events = granted_events(&hr).await;
    assert_eq!(events.len(), audited);
    assert!(events
        .iter()
        .all(|e| e["payload"]["how"] == "edited" && e["payload"]["previous_role"] == "agent"));
    hr.stop().await;
}

#[tokio::test]
async fn nobody_changes_their_own_role_site_team_program_or_status() {
    let hr = Hr::start().await;
    let (team, _) = hr.insert_team(OWN, Program::AddOnConsumer).await;
    for role in [Role::Admin, Role::HrRecruiter, Role::SupervisorOps] {
        let me = hr
            .insert_employee(role, granter_site(role), None, None)
            .await;
        let token = hr.token_of(&me, None);
        let path = format!("/api/v1/hr/employees/{}", me.id);
        for change in [
            json!({"role": "manager", "site": null}),
            json!({"role": "agent", "site": "medan", "program": "add_on_consumer"}),
            json!({"site": "bandung"}),
            json!({"team_id": team.id}),
            json!({"program": "add_on_consumer"}),
            json!({"status": "suspended"}),
        ] {
            let answer = hr.patch(&path, &token, change.clone()).await;
            assert_eq!(answer.status, 403, "{role} {change}: {:?}", answer.body);
            assert!(
                answer.body["detail"]
                    .as_str()
                    .unwrap()
                    .starts_with("nobody changes their own"),
                "{:?}",
                answer.body
            );
        }
        let answer = hr
            .post(&format!("{path}/deactivate"), Some(&token), json!({}))
            .await;
        assert_eq!(answer.status, 403, "{role} deactivates themself");
        let stored = hr.stored(me.id).await;
        assert_eq!(stored, me, "{role}'s record changed");
    }
    // The hole: an HR recruiter making themself a manager.
    let recruiter = hr
        .insert_employee(Role::HrRecruiter, None, None, None)
        .await;
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", recruiter.id),
            &hr.token_of(&recruiter, None),
            json!({"role": "manager"}),
        )
        .await;
    assert_eq!(answer.status, 403);
    assert_eq!(hr.stored(recruiter.id).await.role, Role::HrRecruiter);
    assert!(granted_events(&hr).await.is_empty());
    hr.stop().await;
}

#[tokio::test]
async fn a_privileged_grant_is_audited_with_its_actor_in_the_same_transaction() {
    let hr = Hr::start().await;
    let admin = hr.insert_employee(Role::Admin, None, None, None).await;
    let token = hr.token_of(&admin, None);
    let name = username("sup");
    let created = hr
        .app
        .client
        .post(format!("{}/api/v1/hr/employees", hr.base))
        .bearer_auth(&token)
        .header("x-request-id", "req-grant-1")
        .json(&new_employee(
            &name,
            Role::SupervisorQuality,
            Some(OTHER),
            None,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    let events = granted_events(&hr).await;
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event["correlation_id"], "req-grant-1");
    assert_eq!(event["site"], "bandung");
    let payload = &event["payload"];
    assert_eq!(payload["employee_id"], body["id"]);
    assert_eq!(payload["username"], name.as_str());
    assert_eq!(payload["role"], "supervisor_quality");
    assert_eq!(payload["site"], "bandung");
    assert_eq!(payload["granted_by"], json!(admin.id));
    assert_eq!(payload["granted_by_role"], "admin");
    assert_eq!(payload["how"], "created");
    assert_eq!(payload["previous_role"], Value::Null);

    // Moved to another site: the supervisory role is given there.
    let id = body["id"].as_str().unwrap();
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{id}"),
            &token,
            json!({"site": "medan"}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let events = granted_events(&hr).await;
    assert_eq!(events.len(), 2);
    let payload = &events[1]["payload"];
    assert_eq!(payload["how"], "edited");
    assert_eq!(payload["site"], "medan");
    assert_eq!(payload["previous_role"], "supervisor_quality");
    assert_eq!(payload["previous_site"], "bandung");

    // A rename gives nothing; a refused grant writes nothing (nor the change).
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{id}"),
            &token,
            json!({"full_name": "Dewi"}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let recruiter = hr.token(Role::HrRecruiter, None);
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&recruiter),
            new_employee(&username("boss"), Role::Manager, None, None),
        )
        .await;
    assert_eq!(answer.status, 403);
    // A create that fails inside the transaction (a taken username) leaves no audit.
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&token),
            new_employee(&name, Role::Coordinator, None, None),
        )
        .await;
    assert_eq!(answer.status, 409);
    assert_eq!(granted_events(&hr).await.len(), 2);
    hr.stop().await;
}
