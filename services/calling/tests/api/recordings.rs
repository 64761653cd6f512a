//! Recordings: streamed in (wav, mpeg, ogg; size-limited), kept once, streamed back
//! with ranges to the agent, their team leader and the site's supervisors and quality.

use serde_json::json;
use sha2::{Digest, Sha256};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::Calling;

/// A small WAV-looking body: a RIFF header and `len` bytes of a pattern.
fn wav(len: usize) -> Vec<u8> {
    let mut bytes = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
    bytes.extend((0..len).map(|i| (i * 7 % 251) as u8));
    bytes
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[tokio::test]
async fn a_recording_is_stored_once_and_streamed_back_with_ranges() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (claim, started) = c.open_call(&agent).await;
    let call = started.id();
    let audio = wav(200_000);
    let size = audio.len();

    let put = c
        .put_recording(&agent.token, call, "audio/wav", audio.clone())
        .await;
    assert_eq!(put.status, 201, "{:?}", put.body);
    assert_eq!(put.body["content_type"], "audio/wav");
    assert_eq!(put.body["size_bytes"], size);
    assert_eq!(put.body["sha256"], sha256(&audio));
    assert_eq!(put.body["attached_at"], json!(c.now()));
    let files = c.stored_files();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(std::fs::read(&files[0]).unwrap(), audio);

    let events = c.events("calling.recording.attached").await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0]["payload"],
        json!({
            "call_id": call,
            "claim_id": claim.claim_id,
            "prospect_id": claim.prospect_id,
            "work_order_id": claim.work_order_id,
            "agent_id": agent.id(),
            "team_id": claim.team,
            "site": "medan",
            "program": "add_on_consumer",
            "content_type": "audio/wav",
            "size_bytes": size,
            "sha256": sha256(&audio),
            "attached_at": c.now(),
        })
    );

    // The whole recording.
    let (status, headers, body) = c.get_recording(&agent.token, call, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "audio/wav");
    assert_eq!(headers["content-length"], size.to_string().as_str());
    assert_eq!(headers["accept-ranges"], "bytes");
    assert_eq!(body, audio);

    // Ranges: a-b, a-, -n.
    let (status, headers, body) = c
        .get_recording(&agent.token, call, Some("bytes=100-199"))
        .await;
    assert_eq!(status, 206);
    assert_eq!(
        headers["content-range"],
        format!("bytes 100-199/{size}").as_str()
    );
    assert_eq!(headers["content-length"], "100");
    assert_eq!(body, audio[100..200]);
    let (status, headers, body) = c
        .get_recording(&agent.token, call, Some("bytes=199990-"))
        .await;
    assert_eq!(status, 206);
    assert_eq!(
        headers["content-range"],
        format!("bytes 199990-{}/{size}", size - 1).as_str()
    );
    assert_eq!(body, audio[199_990..]);
    let (status, _, body) = c.get_recording(&agent.token, call, Some("bytes=-16")).await;
    assert_eq!(status, 206);
    assert_eq!(body, audio[size - 16..]);
    // Nothing of it: 416.
    let (status, headers, _) = c
        .get_recording(&agent.token, call, Some(&format!("bytes={size}-")))
        .await;
    assert_eq!(status, 416);
    assert_eq!(headers["content-range"], format!("bytes */{size}").as_str());

    // Once only.
    let again = c
        .put_recording(&agent.token, call, "audio/wav", wav(10))
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    assert_eq!(c.stored_files().len(), 1);
    assert_eq!(c.events("calling.recording.attached").await.len(), 1);

    // The result after the recording says it has one.
    let done = c
        .result(&agent.token, call, json!({"outcome": "decline"}))
        .await;
    assert_eq!(done.status, 200);
    assert_eq!(done.body["has_recording"], true);
    assert_eq!(done.body["recording"]["sha256"], sha256(&audio));
    let completed = c.events("calling.call.completed").await;
    assert_eq!(completed[0]["payload"]["has_recording"], true);
    c.stop().await;
}

#[tokio::test]
async fn a_recording_may_follow_the_result() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let done = c
        .result(
            &agent.token,
            call,
            json!({"outcome": "agree", "product_code": "MINIPACK"}),
        )
        .await;
    assert_eq!(done.body["has_recording"], false);
    let put = c
        .put_recording(&agent.token, call, "audio/ogg; codecs=opus", wav(1000))
        .await;
    assert_eq!(put.status, 201, "{:?}", put.body);
    assert_eq!(put.body["content_type"], "audio/ogg");
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &agent.token)
        .await;
    assert_eq!(read.body["has_recording"], true);
    c.stop().await;
}

#[tokio::test]
async fn wrong_types_other_agents_and_too_large_recordings_are_refused_and_nothing_kept() {
    let c = Calling::start_with(
        &[tam_calling::service()],
        &[("TAM_RECORDING_MAX_BYTES", "1000")],
    )
    .await;
    let agent = c.agent();
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();

    let text = c
        .put_recording(&agent.token, call, "text/plain", b"hello".to_vec())
        .await;
    assert_eq!(text.status, 415, "{:?}", text.body);
    let x_wav = c
        .put_recording(&agent.token, call, "audio/x-wav", wav(10))
        .await;
    assert_eq!(x_wav.status, 415);

    let colleague = c.person(Role::Agent, Some(Site::Medan), agent.subject.team);
    let theirs = c
        .put_recording(&colleague.token, call, "audio/wav", wav(10))
        .await;
    assert_eq!(theirs.status, 404);
    let unknown = c
        .put_recording(&agent.token, Uuid::now_v7(), "audio/wav", wav(10))
        .await;
    assert_eq!(unknown.status, 404);

    let empty = c
        .put_recording(&agent.token, call, "audio/wav", Vec::new())
        .await;
    assert_eq!(empty.status, 400, "{:?}", empty.body);
    let big = c
        .put_recording(&agent.token, call, "audio/mpeg", vec![7u8; 5000])
        .await;
    assert_eq!(big.status, 413, "{:?}", big.body);
    assert_eq!(c.count("SELECT count(*) AS n FROM recordings").await, 0);
    assert!(c.stored_files().is_empty(), "{:?}", c.stored_files());
    assert!(c.events("calling.recording.attached").await.is_empty());
    let (status, _, _) = c.get_recording(&agent.token, call, None).await;
    assert_eq!(status, 404);

    // Exactly the limit is fine.
    let fits = c
        .put_recording(&agent.token, call, "audio/mpeg", vec![7u8; 1000])
        .await;
    assert_eq!(fits.status, 201, "{:?}", fits.body);
    assert_eq!(fits.body["size_bytes"], 1000);
    c.stop().await;
}

#[tokio::test]
async fn only_the_agent_the_team_leader_and_the_sites_supervisors_and_quality_listen() {
    let c = Calling::start().await;
    let agent = c.agent();
    let team = agent.subject.team;
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let audio = wav(3000);
    assert_eq!(
        c.put_recording(&agent.token, call, "audio/wav", audio.clone())
            .await
            .status,
        201
    );
    let medan = Some(Site::Medan);
    let bandung = Some(Site::Bandung);
    let listeners = [
        c.person(Role::TeamLeader, medan, team),
        c.person(Role::SupervisorOps, medan, None),
        c.person(Role::SupervisorQuality, medan, None),
        c.person(Role::QcOfficer, medan, None),
        c.person(Role::QaOfficer, medan, None),
    ];
    for person in &listeners {
        let (status, _, body) = c.get_recording(&person.token, call, None).await;
        assert_eq!(status, 200, "{:?}", person.subject.role);
        assert_eq!(body, audio);
    }
    let outsiders = [
        c.person(Role::Agent, medan, team),
        c.person(Role::TeamLeader, medan, Some(Uuid::now_v7())),
        c.person(Role::QcOfficer, bandung, None),
        c.person(Role::SupervisorOps, bandung, None),
    ];
    for person in &outsiders {
        let (status, _, _) = c.get_recording(&person.token, call, None).await;
        assert_eq!(status, 404, "{:?}", person.subject);
    }
    // Managers are not listeners: the policy refuses their role outright.
    let manager = c.person(Role::Manager, None, None);
    let (status, _, _) = c.get_recording(&manager.token, call, None).await;
    assert_eq!(status, 403);
    // …though they may read the call itself.
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &manager.token)
        .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body["has_recording"], true);
    c.stop().await;
}
