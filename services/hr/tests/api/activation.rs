//! A new account's first password is set by its owner with a one-time code that
//! expires; whoever created the account never knows a working password.

use serde_json::json;
use tam_kernel::{Role, Site};

use crate::helpers::{activation_code, new_employee, username, Hr, PASSWORD};

async fn create(hr: &Hr, token: &str, role: Role, site: Option<Site>) -> (String, String, String) {
    let name = username("new");
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(token),
            new_employee(&name, role, site, None),
        )
        .await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    let id = answer.body["id"].as_str().unwrap().to_owned();
    (id, name, activation_code(&answer))
}

#[tokio::test]
async fn the_code_works_once_and_the_creator_cannot_log_in() {
    let hr = Hr::start().await;
    // The hole: a manager creating a quality supervisor.
    let manager = hr.token(Role::Manager, None);
    let (_, name, code) = create(&hr, &manager, Role::SupervisorQuality, Some(Site::Medan)).await;

    // Whatever the creator tries, nothing logs in until the owner has activated.
    for guess in [PASSWORD, "welcome-to-tam-2025", code.as_str(), ""] {
        assert_eq!(hr.login(&name, guess).await.status, 401, "{guess}");
    }
    assert_eq!(hr.count("SELECT count(*) AS n FROM credentials").await, 0);

    // A wrong code, or the right code for another username, opens nothing.
    let answer = hr.activate(&name, "x".repeat(43).as_str(), PASSWORD).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.slug(), "invalid-activation-code");
    assert_eq!(answer.headers["content-type"], "application/problem+json");
    assert_eq!(
        hr.activate("nobody.here", &code, PASSWORD).await.status,
        401
    );
    assert_eq!(hr.count("SELECT count(*) AS n FROM credentials").await, 0);

    // The owner activates (the username is matched like a login's).
    let answer = hr
        .activate(&name.to_uppercase(), &code, "chosen-by-the-owner")
        .await;
    assert_eq!(answer.status, 204, "{:?}", answer.body);
    assert_eq!(hr.login(&name, "chosen-by-the-owner").await.status, 200);

    // Once only: the code is gone, so a second use (the creator's, say) is refused and
    // the owner's password stays.
    let answer = hr.activate(&name, &code, PASSWORD).await;
    assert_eq!(answer.status, 401);
    assert_eq!(hr.login(&name, PASSWORD).await.status, 401);
    assert_eq!(hr.login(&name, "chosen-by-the-owner").await.status, 200);
    assert_eq!(hr.count("SELECT count(*) AS n FROM activations").await, 0);
    hr.stop().await;
}

#[tokio::test]
async fn an_expired_code_is_refused_and_a_new_one_replaces_it() {
    let hr = Hr::start().await;
    let recruiter = hr.token(Role::HrRecruiter, None);
    let (id, name, code) = create(&hr, &recruiter, Role::Trainer, Some(Site::Malang)).await;

    // Seven days by default: a second later it opens nothing.
    let clock = &hr.app.config.clock;
    clock.advance(chrono::Duration::days(7) + chrono::Duration::seconds(1));
    let answer = hr.activate(&name, &code, PASSWORD).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.slug(), "invalid-activation-code");

    // HR issues another; the first stops working for good.
    let path = format!("/api/v1/hr/employees/{id}/activation");
    let answer = hr.post(&path, Some(&recruiter), json!({})).await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    assert_eq!(answer.headers["cache-control"], "no-store");
    let fresh = activation_code(&answer);
    assert_ne!(fresh, code);
    clock.advance(chrono::Duration::days(-7));
    assert_eq!(hr.activate(&name, &code, PASSWORD).await.status, 401);
    assert_eq!(hr.activate(&name, &fresh, PASSWORD).await.status, 204);
    assert_eq!(hr.login(&name, PASSWORD).await.status, 200);

    // An activated account gets no new code: its owner changes the password.
    let answer = hr.post(&path, Some(&recruiter), json!({})).await;
    assert_eq!(answer.status, 409);
    hr.stop().await;
}

#[tokio::test]
async fn a_new_code_follows_the_grant_table_and_the_scope() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let (manager_id, _, _) = create(&hr, &admin, Role::Manager, None).await;
    let (trainer_id, _, _) = create(&hr, &admin, Role::Trainer, Some(Site::Medan)).await;

    // HR may not create a manager, so it may not hold a code to one either.
    let recruiter = hr.token(Role::HrRecruiter, None);
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{manager_id}/activation"),
            Some(&recruiter),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 403);
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{trainer_id}/activation"),
            Some(&recruiter),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 201);
    // Roles the policy does not list, unknown ids and deactivated accounts.
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{trainer_id}/activation"),
            Some(&hr.token(Role::SupervisorOps, Some(Site::Medan))),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 403);
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{}/activation", uuid::Uuid::now_v7()),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 404);
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{trainer_id}/deactivate"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{trainer_id}/activation"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 409);
    hr.stop().await;
}

#[tokio::test]
async fn a_deactivated_account_is_not_activated() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let (id, name, code) = create(&hr, &admin, Role::QcOfficer, Some(Site::Makassar)).await;
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{id}/deactivate"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(hr.activate(&name, &code, PASSWORD).await.status, 401);
    assert_eq!(hr.count("SELECT count(*) AS n FROM credentials").await, 0);
    hr.stop().await;
}
