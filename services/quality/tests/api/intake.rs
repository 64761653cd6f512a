//! Tapping tasks from calling's events: one per AGREE call, waiting for its recording,
//! whatever order the events arrive in, once however often they are delivered.

use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::{Call, Quality};

#[tokio::test]
async fn an_agree_with_a_recording_waits_and_other_outcomes_make_no_task() {
    let q = Quality::start().await;
    let mut decline = Call::agree(Site::Medan, q.now());
    decline.outcome = "decline";
    let declined = q.complete(&decline).await;
    let mut follow_up = Call::agree(Site::Medan, q.now());
    follow_up.outcome = "follow_up";
    let followed = q.complete(&follow_up).await;
    let agree = Call::agree(Site::Medan, q.now());
    q.complete(&agree).await;

    let id = q.wait_status(agree.call_id, "waiting").await;
    q.app
        .handled("quality", &[declined.id, followed.id])
        .await
        .unwrap();
    assert_eq!(q.count("SELECT count(*) AS n FROM tasks").await, 1);
    assert_eq!(q.task_of(decline.call_id).await, None);

    let qco = q.token(Role::QcOfficer, Some(Site::Medan));
    let task = q.get(&format!("/api/v1/quality/tasks/{id}"), &qco).await;
    assert_eq!(task.status, 200, "{:?}", task.body);
    let t = &task.body["task"];
    assert_eq!(t["status"], "waiting");
    assert_eq!(t["site"], "medan");
    assert_eq!(t["program"], "add_on_consumer");
    assert_eq!(t["prospect_id"], agree.prospect_id.to_string());
    assert_eq!(t["agent_id"], agree.agent_id.to_string());
    assert_eq!(t["product_code"], "MINIPACK");
    assert_eq!(t["revision"], 0);
    assert!(t["verdict"].is_null());
    assert_eq!(task.body["parameters"]["version"], 1);
    assert_eq!(
        task.body["parameters"]["items"].as_array().unwrap().len(),
        6
    );
    q.stop().await;
}

#[tokio::test]
async fn an_agree_without_a_recording_waits_for_it() {
    let q = Quality::start().await;
    let mut call = Call::agree(Site::Bandung, q.now());
    call.has_recording = false;
    q.complete(&call).await;
    q.wait_status(call.call_id, "awaiting_recording").await;

    // Not claimable while the recording is missing.
    let qco = q.token(Role::QcOfficer, Some(Site::Bandung));
    let none = q
        .post("/api/v1/quality/tasks/claim", &qco, serde_json::Value::Null)
        .await;
    assert_eq!(none.status, 204, "{:?}", none.body);

    q.attach(&call).await;
    let id = q.wait_status(call.call_id, "waiting").await;
    assert_eq!(q.claim(&qco).await, id);
    q.stop().await;
}

#[tokio::test]
async fn a_recording_announced_before_the_call_makes_the_task_wait_at_once() {
    let q = Quality::start().await;
    let mut call = Call::agree(Site::Malang, q.now());
    call.has_recording = false;
    q.attach(&call).await;
    q.wait_recording(call.call_id).await;
    assert_eq!(q.task_of(call.call_id).await, None);

    q.complete(&call).await;
    let id = q.wait_task(call.call_id).await;
    assert_eq!(q.task_of(call.call_id).await, Some((id, "waiting".into())));
    q.stop().await;
}

#[tokio::test]
async fn the_same_call_delivered_twice_makes_one_task() {
    let q = Quality::start().await;
    let call = Call::agree(Site::Medan, q.now());
    let envelope = tam_events::Envelope {
        id: Uuid::now_v7(),
        event_type: "calling.call.completed".into(),
        version: 1,
        occurred_at: chrono::Utc::now(),
        producer: "calling".into(),
        site: Some("medan".into()),
        correlation_id: None,
        payload: call.payload(),
    };
    q.app.emit_envelope(&envelope).await.unwrap();
    q.app.emit_envelope(&envelope).await.unwrap();
    // Another event for the same call (calling republished it): still one task.
    q.complete(&call).await;
    // A later call, to know the three before it were handled.
    let sentinel = Call::agree(Site::Medan, q.now());
    q.tapping_task(&sentinel).await;

    assert_eq!(
        q.count(&format!(
            "SELECT count(*) AS n FROM tasks WHERE call_id = '{}'",
            call.call_id
        ))
        .await,
        1
    );
    assert_eq!(q.count("SELECT count(*) AS n FROM tasks").await, 2);
    assert_eq!(
        q.count(&format!(
            "SELECT count(*) AS n FROM processed_events WHERE event_id = '{}'",
            envelope.id
        ))
        .await,
        1
    );
    q.stop().await;
}

#[tokio::test]
async fn a_recording_handled_beside_its_call_waits_for_it_and_releases_the_task() {
    // The consumer handles deliveries concurrently: the recording's event can be handled
    // while the call's transaction is still open.
    use diesel_async::SimpleAsyncConnection;
    use tam_quality::consume::{recording_news, to_tap};
    use tam_quality::store::tasks::{create_from_call, recording_attached};

    let q = Quality::start().await;
    let mut call = Call::agree(Site::Medan, q.now());
    call.has_recording = false;
    let completed = to_tap(serde_json::from_value(call.payload()).unwrap())
        .unwrap()
        .expect("an AGREE is tapped");
    let recorded =
        recording_news(serde_json::from_value(call.recording_payload()).unwrap()).unwrap();
    let mut completing = q.pool.get().await.unwrap();
    let mut recording = q.pool.get().await.unwrap();

    completing.batch_execute("BEGIN").await.unwrap();
    create_from_call(&mut completing, &completed, q.now())
        .await
        .unwrap();
    let now = q.now();
    let handled = tokio::spawn(async move {
        recording.batch_execute("BEGIN").await.unwrap();
        recording_attached(&mut recording, &recorded, now)
            .await
            .unwrap();
        recording.batch_execute("COMMIT").await.unwrap();
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !handled.is_finished(),
        "the recording did not wait for the call"
    );
    completing.batch_execute("COMMIT").await.unwrap();
    handled.await.unwrap();

    let (_, status) = q.task_of(call.call_id).await.unwrap();
    assert_eq!(status, "waiting");
    q.stop().await;
}
