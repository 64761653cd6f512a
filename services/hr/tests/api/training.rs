//! Training classes and certifications through hr's API: who runs and sees classes,
//! the bad input of the issue (overlapping sessions of one trainer, a score or pass
//! mark outside 0–100, enrolling twice) refused with nothing written, passing and
//! certification with its event, prior certifications, the expiring list, revocation,
//! the expiry poller, and hiring's `enroll_in_next_initial_class`.

use std::time::Duration as StdDuration;

use chrono::{Duration, NaiveDate, NaiveTime};
use serde_json::{json, Value};
use tam_hr::app::certification::ExpiryPoller;
use tam_hr::domain::employee::Employee;
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use crate::helpers::{Answer, Hr};

const CLASSES: &str = "/api/v1/hr/training/classes";
const CERTIFICATIONS: &str = "/api/v1/hr/certifications";

fn today(hr: &Hr) -> NaiveDate {
    tam_kernel::wib_date(hr.app.clock().now())
}

/// Puts the clock at 09:00 WIB of `day`.
fn nine_on(hr: &Hr, day: NaiveDate) {
    hr.app.clock().set(tam_kernel::wib_to_utc(
        day,
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    ));
}

fn session(day: NaiveDate, start: &str, end: &str) -> Value {
    json!({"date": day.to_string(), "start": start, "end": end})
}

async fn staff(hr: &Hr, role: Role, site: Site) -> (Employee, String) {
    let program = matches!(role, Role::Agent | Role::TeamLeader).then_some(Program::AddOnConsumer);
    let e = hr.insert_employee(role, Some(site), program, None).await;
    let token = hr.token_of(&e, None);
    (e, token)
}

async fn class(hr: &Hr, token: &str, body: Value) -> Answer {
    hr.post(CLASSES, Some(token), body).await
}

/// An initial class of Medan's add_on_consumer with a pass mark of 70.
fn initial(sessions: Value) -> Value {
    json!({"kind": "initial", "program": "add_on_consumer", "site": "medan",
           "title": "Initial AddOn Consumer", "pass_mark": 70, "sessions": sessions})
}

async fn classes_stored(hr: &Hr) -> i64 {
    hr.count("SELECT count(*) AS n FROM training_classes").await
}

#[tokio::test]
async fn a_trainer_runs_a_class_at_their_site_and_bad_classes_write_nothing() {
    let hr = Hr::start().await;
    let day = today(&hr) + Duration::days(7);
    let (trainer, token) = staff(&hr, Role::Trainer, Site::Medan).await;
    let (_, bandung_trainer) = staff(&hr, Role::Trainer, Site::Bandung).await;
    let (supervisor, _) = staff(&hr, Role::SupervisorOps, Site::Medan).await;

    let made = class(
        &hr,
        &token,
        initial(json!([
            session(day, "08:00", "12:00"),
            session(day, "13:00", "16:00")
        ])),
    )
    .await;
    assert_eq!(made.status, 201, "{:?}", made.body);
    assert_eq!(
        made.body["trainer_id"],
        json!(trainer.id),
        "the caller by default"
    );
    assert_eq!(made.body["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(made.body["pass_mark"], 70);

    // Another site's trainer may not make Medan's classes.
    let elsewhere = class(
        &hr,
        &bandung_trainer,
        initial(json!([session(day + Duration::days(1), "08:00", "09:00")])),
    )
    .await;
    assert_eq!(elsewhere.status, 403, "{:?}", elsewhere.body);

    // The trainer named must be an active trainer of the site.
    let admin = hr.token(Role::Admin, None);
    let mut not_trainer = initial(json!([session(day + Duration::days(2), "08:00", "09:00")]));
    not_trainer["trainer_id"] = json!(supervisor.id);
    let refused = class(&hr, &admin, not_trainer).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.slug(), "invalid-trainer");

    // Overlapping the trainer's own class (the afternoon), and overlapping itself.
    let clash = class(
        &hr,
        &token,
        initial(json!([
            session(day, "16:30", "17:00"),
            session(day, "15:00", "16:30")
        ])),
    )
    .await;
    assert_eq!(clash.status, 422, "{:?}", clash.body);
    assert_eq!(clash.slug(), "trainer-sessions-overlap");
    // Sorted by time: the 15:00 session is sessions[0].
    assert!(
        clash.body["detail"]
            .as_str()
            .unwrap()
            .contains("sessions[0]"),
        "{:?}",
        clash.body
    );
    let itself = class(
        &hr,
        &token,
        initial(json!([
            session(day + Duration::days(3), "08:00", "10:00"),
            session(day + Duration::days(3), "09:00", "11:00")
        ])),
    )
    .await;
    assert_eq!(itself.slug(), "trainer-sessions-overlap");
    assert!(itself.body["detail"]
        .as_str()
        .unwrap()
        .contains("sessions[1]"));

    // A pass mark outside 0–100, a briefing with one, a session ending before it starts.
    let mut wild = initial(json!([session(day + Duration::days(4), "08:00", "09:00")]));
    wild["pass_mark"] = json!(101);
    let wild = class(&hr, &token, wild).await;
    assert_eq!(wild.status, 422, "{:?}", wild.body);
    assert_eq!(wild.slug(), "score-out-of-range");
    assert!(wild.body["detail"].as_str().unwrap().contains("pass_mark"));
    let mut briefing = initial(json!([session(day + Duration::days(4), "08:00", "09:00")]));
    briefing["kind"] = json!("product_briefing");
    let briefing = class(&hr, &token, briefing).await;
    assert_eq!(briefing.status, 422, "{:?}", briefing.body);
    assert!(briefing.body["detail"]
        .as_str()
        .unwrap()
        .contains("pass_mark"));
    let backwards = class(
        &hr,
        &token,
        initial(json!([session(day + Duration::days(4), "10:00", "09:00")])),
    )
    .await;
    assert_eq!(backwards.status, 422, "{:?}", backwards.body);
    assert!(backwards.body["detail"]
        .as_str()
        .unwrap()
        .contains("sessions[0].end"));
    assert_eq!(classes_stored(&hr).await, 1, "nothing half-written");
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM training_sessions")
            .await,
        2
    );

    // Readers: the site's supervisor and trainer, managers; not another site's.
    let id = made.id();
    let sup = hr.token_of(&supervisor, None);
    assert_eq!(hr.get(&format!("{CLASSES}/{id}"), &sup).await.status, 200);
    assert_eq!(
        hr.get(&format!("{CLASSES}/{id}"), &hr.token(Role::Manager, None))
            .await
            .status,
        200
    );
    assert_eq!(
        hr.get(&format!("{CLASSES}/{id}"), &bandung_trainer)
            .await
            .status,
        404
    );
    let listed = hr
        .get(&format!("{CLASSES}?site=medan&kind=initial"), &sup)
        .await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    // The supervisor reads but does not run classes.
    let enrolled = hr
        .post(
            &format!("{CLASSES}/{id}/enrollments"),
            Some(&sup),
            json!({"employee_id": trainer.id}),
        )
        .await;
    assert_eq!(enrolled.status, 403);
    hr.stop().await;
}

#[tokio::test]
async fn passing_certifies_once_with_its_event_and_absence_or_a_low_score_does_not() {
    let hr = Hr::start().await;
    let day = today(&hr);
    nine_on(&hr, day);
    let (_, token) = staff(&hr, Role::Trainer, Site::Medan).await;
    let (passer, passer_token) = staff(&hr, Role::Agent, Site::Medan).await;
    let (absentee, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let (low, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let (bandung_agent, _) = staff(&hr, Role::Agent, Site::Bandung).await;
    let made = class(
        &hr,
        &token,
        initial(json!([session(day, "08:00", "12:00")])),
    )
    .await;
    let id = made.id();
    let session_id = made.body["sessions"][0]["id"].clone();
    let enroll = format!("{CLASSES}/{id}/enrollments");
    for agent in [&passer, &absentee, &low] {
        let answer = hr
            .post(&enroll, Some(&token), json!({"employee_id": agent.id}))
            .await;
        assert_eq!(answer.status, 201, "{:?}", answer.body);
    }
    let twice = hr
        .post(&enroll, Some(&token), json!({"employee_id": passer.id}))
        .await;
    assert_eq!(twice.status, 409, "{:?}", twice.body);
    let other_site = hr
        .post(
            &enroll,
            Some(&token),
            json!({"employee_id": bandung_agent.id}),
        )
        .await;
    assert_eq!(other_site.status, 422);
    assert_eq!(other_site.slug(), "not-enrollable");
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM training_enrollments WHERE class_id = '{id}'"
        ))
        .await,
        3
    );

    let attendance = format!("{CLASSES}/{id}/attendance");
    let absent = hr
        .post(
            &attendance,
            Some(&token),
            json!({"session_id": session_id, "employee_id": absentee.id, "present": false}),
        )
        .await;
    assert_eq!(absent.status, 204, "{:?}", absent.body);
    let present = hr
        .post(
            &attendance,
            Some(&token),
            json!({"session_id": session_id, "employee_id": passer.id, "present": true}),
        )
        .await;
    assert_eq!(present.status, 204);
    let stranger = hr
        .post(
            &attendance,
            Some(&token),
            json!({"session_id": session_id, "employee_id": bandung_agent.id, "present": true}),
        )
        .await;
    assert_eq!(stranger.slug(), "training-mismatch");

    let scores = format!("{CLASSES}/{id}/scores");
    for bad in [-1, 101] {
        let refused = hr
            .post(
                &scores,
                Some(&token),
                json!({"employee_id": passer.id, "score": bad}),
            )
            .await;
        assert_eq!(refused.status, 422, "{bad}: {:?}", refused.body);
        assert_eq!(refused.slug(), "score-out-of-range");
    }
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM training_enrollments WHERE score IS NOT NULL")
            .await,
        0
    );

    let passed = hr
        .post(
            &scores,
            Some(&token),
            json!({"employee_id": passer.id, "score": 70}),
        )
        .await;
    assert_eq!(passed.status, 200, "{:?}", passed.body);
    assert_eq!(passed.body["enrollment"]["passed"], true);
    let cert = &passed.body["certification"];
    assert_eq!(cert["valid_from"], day.to_string());
    assert_eq!(
        cert["valid_until"],
        (day + Duration::days(364)).to_string(),
        "365 days"
    );
    assert_eq!(cert["source"], "class");
    assert_eq!(cert["class_id"], json!(id));
    let again = hr
        .post(
            &scores,
            Some(&token),
            json!({"employee_id": passer.id, "score": 90}),
        )
        .await;
    assert_eq!(again.status, 409);

    let absent_high = hr
        .post(
            &scores,
            Some(&token),
            json!({"employee_id": absentee.id, "score": 99}),
        )
        .await;
    assert_eq!(
        absent_high.body["enrollment"]["passed"], false,
        "absent from a session"
    );
    assert_eq!(absent_high.body["certification"], Value::Null);
    let below = hr
        .post(
            &scores,
            Some(&token),
            json!({"employee_id": low.id, "score": 69}),
        )
        .await;
    assert_eq!(below.body["enrollment"]["passed"], false);

    // One event, for the one who passed.
    let granted: Vec<Value> = hr
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "hr.certification.granted")
        .map(|(_, e)| e["payload"].clone())
        .collect();
    assert_eq!(granted.len(), 1, "{granted:?}");
    assert_eq!(granted[0]["employee_id"], json!(passer.id));
    assert_eq!(granted[0]["program"], "add_on_consumer");
    assert_eq!(granted[0]["valid_from"], day.to_string());
    assert_eq!(
        granted[0]["valid_until"],
        (day + Duration::days(364)).to_string()
    );

    // The agent sees their own training and certification, and no one else's.
    let mine = hr.get(CERTIFICATIONS, &passer_token).await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
    let seen = hr.get(&format!("{CLASSES}/{id}"), &passer_token).await;
    assert_eq!(seen.status, 200);
    let enrollments = seen.body["enrollments"].as_array().unwrap();
    assert_eq!(enrollments.len(), 1, "only their own");
    assert_eq!(enrollments[0]["score"], 70);
    assert_eq!(enrollments[0]["attended"], json!([session_id]));
    hr.stop().await;
}

#[tokio::test]
async fn a_briefing_records_attendance_only() {
    let hr = Hr::start().await;
    let day = today(&hr) + Duration::days(3);
    let (_, token) = staff(&hr, Role::Trainer, Site::Medan).await;
    let (agent, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let made = class(
        &hr,
        &token,
        json!({"kind": "product_briefing", "program": "add_on_consumer", "site": "medan",
               "title": "Briefing Minipack", "sessions": [session(day, "08:00", "09:00")]}),
    )
    .await;
    assert_eq!(made.status, 201, "{:?}", made.body);
    assert_eq!(made.body["pass_mark"], Value::Null);
    let id = made.id();
    hr.post(
        &format!("{CLASSES}/{id}/enrollments"),
        Some(&token),
        json!({"employee_id": agent.id}),
    )
    .await;
    let attended = hr
        .post(
            &format!("{CLASSES}/{id}/attendance"),
            Some(&token),
            json!({"session_id": made.body["sessions"][0]["id"], "employee_id": agent.id,
                   "present": true}),
        )
        .await;
    assert_eq!(attended.status, 204);
    let scored = hr
        .post(
            &format!("{CLASSES}/{id}/scores"),
            Some(&token),
            json!({"employee_id": agent.id, "score": 80}),
        )
        .await;
    assert_eq!(scored.status, 422);
    assert_eq!(scored.slug(), "training-mismatch");
    let detail = hr.get(&format!("{CLASSES}/{id}"), &token).await;
    assert_eq!(
        detail.body["enrollments"][0]["attended"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    hr.stop().await;
}

#[tokio::test]
async fn prior_certifications_the_expiring_list_and_revocation() {
    let hr = Hr::start().await;
    let day = today(&hr);
    nine_on(&hr, day);
    let (_, trainer) = staff(&hr, Role::Trainer, Site::Medan).await;
    let (_, bandung_trainer) = staff(&hr, Role::Trainer, Site::Bandung).await;
    let (_, bandung_supervisor) = staff(&hr, Role::SupervisorOps, Site::Bandung).await;
    let (_, medan_supervisor) = staff(&hr, Role::SupervisorOps, Site::Medan).await;
    let (soon, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let (later, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let (renewed, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let prior = |who: Uuid, from: NaiveDate, until: Option<NaiveDate>| {
        let mut b = json!({"employee_id": who, "program": "add_on_consumer",
                           "valid_from": from.to_string(), "reason": "trained in 2025 at Medan"});
        if let Some(until) = until {
            b["valid_until"] = json!(until.to_string());
        }
        b
    };

    let recorded = hr
        .post(
            CERTIFICATIONS,
            Some(&trainer),
            prior(
                soon.id,
                day - Duration::days(300),
                Some(day + Duration::days(10)),
            ),
        )
        .await;
    assert_eq!(recorded.status, 201, "{:?}", recorded.body);
    assert_eq!(recorded.body["source"], "prior");
    assert_eq!(recorded.body["reason"], "trained in 2025 at Medan");
    let defaulted = hr
        .post(CERTIFICATIONS, Some(&trainer), prior(later.id, day, None))
        .await;
    assert_eq!(
        defaulted.body["valid_until"],
        (day + Duration::days(364)).to_string()
    );
    for until in [day + Duration::days(5), day + Duration::days(200)] {
        let r = hr
            .post(
                CERTIFICATIONS,
                Some(&trainer),
                prior(renewed.id, day - Duration::days(100), Some(until)),
            )
            .await;
        assert_eq!(r.status, 201);
    }
    let other_site = hr
        .post(
            CERTIFICATIONS,
            Some(&bandung_trainer),
            prior(soon.id, day, None),
        )
        .await;
    assert_eq!(other_site.status, 403, "{:?}", other_site.body);
    let backwards = hr
        .post(
            CERTIFICATIONS,
            Some(&trainer),
            prior(soon.id, day, Some(day - Duration::days(1))),
        )
        .await;
    assert_eq!(backwards.status, 422);
    assert_eq!(backwards.slug(), "invalid-validity");
    let no_reason = hr
        .post(CERTIFICATIONS, Some(&trainer), json!({"employee_id": soon.id, "program": "add_on_consumer", "valid_from": day.to_string()}))
        .await;
    assert_eq!(no_reason.status, 400);
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM certifications").await,
        4
    );

    // Expiring within 30 days, not renewed: only `soon` (`renewed`'s 5-day one has a
    // later one; `later`'s ends in a year). Bandung's supervisor sees none of Medan.
    let expiring = hr
        .get(&format!("{CERTIFICATIONS}/expiring"), &medan_supervisor)
        .await;
    assert_eq!(expiring.status, 200, "{:?}", expiring.body);
    let who: Vec<&Value> = expiring.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["employee_id"])
        .collect();
    assert_eq!(who, [&json!(soon.id)]);
    assert_eq!(expiring.body["from"], day.to_string());
    assert_eq!(
        expiring.body["until"],
        (day + Duration::days(30)).to_string()
    );
    let theirs = hr
        .get(&format!("{CERTIFICATIONS}/expiring"), &bandung_supervisor)
        .await;
    assert!(theirs.body["items"].as_array().unwrap().is_empty());
    let valid_today = hr
        .get(
            &format!("{CERTIFICATIONS}?valid_on={day}&employee_id={}", renewed.id),
            &medan_supervisor,
        )
        .await;
    assert_eq!(valid_today.body["items"].as_array().unwrap().len(), 2);

    // Revocation: once, by the site's trainer, with its event.
    let id = recorded.id();
    let path = format!("{CERTIFICATIONS}/{id}/revoke");
    let revoked = hr
        .post(&path, Some(&trainer), json!({"reason": "failed the audit"}))
        .await;
    assert_eq!(revoked.status, 200, "{:?}", revoked.body);
    assert!(revoked.body["revoked_at"].is_string());
    assert_eq!(
        hr.post(&path, Some(&trainer), json!({"reason": "again"}))
            .await
            .status,
        409
    );
    let kinds: Vec<String> = hr.published().await.into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|t| *t == "hr.certification.granted")
            .count(),
        4
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|t| *t == "hr.certification.revoked")
            .count(),
        1
    );
    hr.stop().await;
}

#[tokio::test]
async fn the_expiry_poller_publishes_once_and_not_for_a_renewed_certification() {
    let hr = Hr::start().await;
    let day = today(&hr);
    nine_on(&hr, day);
    let (_, trainer) = staff(&hr, Role::Trainer, Site::Medan).await;
    let (lapsed, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let (renewed, _) = staff(&hr, Role::Agent, Site::Medan).await;
    for (who, from, until) in [
        (lapsed.id, day - Duration::days(30), day + Duration::days(1)),
        (
            renewed.id,
            day - Duration::days(30),
            day + Duration::days(1),
        ),
        (renewed.id, day, day + Duration::days(300)),
    ] {
        let r = hr
            .post(
                CERTIFICATIONS,
                Some(&trainer),
                json!({"employee_id": who, "program": "add_on_consumer", "reason": "prior",
                         "valid_from": from.to_string(), "valid_until": until.to_string()}),
            )
            .await;
        assert_eq!(r.status, 201, "{:?}", r.body);
    }
    let poller = ExpiryPoller {
        pool: hr.pool.clone(),
        clock: hr.app.clock().clone(),
        interval: StdDuration::from_secs(3600),
    };
    assert_eq!(poller.sweep_once().await.unwrap(), 0, "nothing ended yet");
    nine_on(&hr, day + Duration::days(2));
    assert_eq!(
        poller.sweep_once().await.unwrap(),
        2,
        "both ended yesterday"
    );
    assert_eq!(poller.sweep_once().await.unwrap(), 0, "once");
    let expired: Vec<Value> = hr
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "hr.certification.expired")
        .map(|(_, e)| e["payload"].clone())
        .collect();
    assert_eq!(expired.len(), 1, "not the renewed one: {expired:?}");
    assert_eq!(expired[0]["employee_id"], json!(lapsed.id));
    assert_eq!(
        expired[0]["valid_until"],
        (day + Duration::days(1)).to_string()
    );
    assert_eq!(
        expired[0]["expired_on"],
        (day + Duration::days(2)).to_string()
    );
    hr.stop().await;
}

#[tokio::test]
async fn hiring_enrolls_in_the_next_initial_class_of_the_program_at_the_site() {
    let hr = Hr::start().await;
    let day = today(&hr) + Duration::days(10);
    let (_, token) = staff(&hr, Role::Trainer, Site::Medan).await;
    let make = |kind: &'static str, program: &'static str, start: NaiveDate| {
        let mut b = json!({"kind": kind, "program": program, "site": "medan",
                           "title": "Kelas", "sessions": [session(start, "08:00", "09:00")]});
        if kind != "product_briefing" {
            b["pass_mark"] = json!(70);
        }
        b
    };
    let late = class(
        &hr,
        &token,
        make("initial", "add_on_consumer", day + Duration::days(20)),
    )
    .await
    .id();
    let soon = class(
        &hr,
        &token,
        make("initial", "add_on_consumer", day + Duration::days(5)),
    )
    .await
    .id();
    let _past = class(
        &hr,
        &token,
        make("initial", "add_on_consumer", day - Duration::days(1)),
    )
    .await
    .id();
    let _refresh = class(
        &hr,
        &token,
        make("refreshment", "add_on_consumer", day + Duration::days(1)),
    )
    .await
    .id();
    let _other = class(
        &hr,
        &token,
        make("initial", "ct0_pranpc", day + Duration::days(2)),
    )
    .await
    .id();
    let (agent, _) = staff(&hr, Role::Agent, Site::Medan).await;
    let mut conn = hr.pool.get().await.unwrap();
    let got = tam_hr::store::training::enroll_in_next_initial_class(
        &mut conn,
        agent.id,
        Site::Medan,
        Program::AddOnConsumer,
        day,
    )
    .await
    .unwrap();
    assert_eq!(got, Some(soon));
    let after = tam_hr::store::training::enroll_in_next_initial_class(
        &mut conn,
        agent.id,
        Site::Medan,
        Program::AddOnConsumer,
        day + Duration::days(6),
    )
    .await
    .unwrap();
    assert_eq!(after, Some(late));
    let none = tam_hr::store::training::enroll_in_next_initial_class(
        &mut conn,
        agent.id,
        Site::Bandung,
        Program::AddOnConsumer,
        day,
    )
    .await
    .unwrap();
    assert_eq!(none, None);
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM training_enrollments WHERE employee_id = '{}'",
            agent.id
        ))
        .await,
        2
    );
    hr.stop().await;
}

#[tokio::test]
async fn the_demo_agents_are_certified_for_their_program_once() {
    let hr = Hr::start().await;
    let users = tam_hr::seed_demo(&hr.pool, crate::helpers::PASSWORD)
        .await
        .unwrap();
    tam_hr::seed_demo(&hr.pool, crate::helpers::PASSWORD)
        .await
        .unwrap();
    let agents = users.iter().filter(|u| u.role == Role::Agent).count();
    assert!(agents > 0);
    let today = tam_kernel::wib_date(chrono::Utc::now());
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM certifications c JOIN employees e ON e.id = c.employee_id \
             WHERE e.role = 'agent' AND c.program = e.program AND c.source = 'prior' \
             AND c.valid_from <= '{today}' AND c.valid_until >= '{today}'"
        ))
        .await,
        i64::try_from(agents).unwrap(),
        "one each, not again on the second seed"
    );
    hr.stop().await;
}
