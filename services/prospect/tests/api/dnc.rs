//! The do-not-call list: add (idempotent), list, remove; numbers normalised to E.164.

use serde_json::json;
use tam_kernel::{Role, Site};

use crate::helpers::Prospect;

const DNC: &str = "/api/v1/prospect/dnc";

#[tokio::test]
async fn a_number_is_added_once_in_e164_and_again_answers_the_existing_entry() {
    let p = Prospect::start().await;
    let sup = p.token(Role::SupervisorOps, Some(Site::Medan));
    let first = p
        .post(
            DNC,
            &sup,
            json!({"number": "0812-3456-7890", "reason": "customer asked not to be called"}),
        )
        .await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    assert_eq!(first.body["number"], "+6281234567890");
    assert_eq!(first.body["reason"], "customer asked not to be called");
    assert!(first.body["added_by"].is_string());
    assert!(first.body["added_at"].is_string());

    // Another form of the same number, by someone else: the existing entry, unchanged.
    let manager = p.token(Role::Manager, None);
    let again = p
        .post(
            DNC,
            &manager,
            json!({"number": "6281234567890", "reason": "again"}),
        )
        .await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.body, first.body);
    assert_eq!(p.count("SELECT count(*) AS n FROM dnc_numbers").await, 1);

    // A landline, as DAPROS files list them, in the same E.164 form.
    let landline = p
        .post(
            DNC,
            &sup,
            json!({"number": "(022) 1234567", "reason": "asked"}),
        )
        .await;
    assert_eq!(landline.status, 201, "{:?}", landline.body);
    assert_eq!(landline.body["number"], "+62221234567");
    p.stop().await;
}

#[tokio::test]
async fn numbers_that_cannot_be_called_are_refused_naming_number() {
    let p = Prospect::start().await;
    let admin = p.token(Role::Admin, None);
    for number in ["0800 1234567", "12345", "+6581234567", "08123abc890"] {
        let refused = p
            .post(DNC, &admin, json!({"number": number, "reason": "x"}))
            .await;
        assert_eq!(refused.status, 400, "{number}: {:?}", refused.body);
        assert_eq!(refused.fields(), ["number"], "{number}");
    }
    let refused = p.post(DNC, &admin, json!({})).await;
    assert_eq!(refused.fields(), ["number", "reason"]);
    assert_eq!(p.count("SELECT count(*) AS n FROM dnc_numbers").await, 0);
    p.stop().await;
}

#[tokio::test]
async fn numbers_are_listed_in_pages_and_removed() {
    let p = Prospect::start().await;
    let coordinator = p.token(Role::Coordinator, None);
    for n in ["081200000001", "081200000002", "081200000003"] {
        let added = p
            .post(DNC, &coordinator, json!({"number": n, "reason": "asked"}))
            .await;
        assert_eq!(added.status, 201);
    }
    let first = p.get(&format!("{DNC}?limit=2"), &coordinator).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = p
        .get(&format!("{DNC}?limit=2&cursor={cursor}"), &coordinator)
        .await;
    assert_eq!(second.body["items"][0]["number"], "+6281200000003");
    assert!(second.body["next_cursor"].is_null());

    // Any written form of the number removes it; twice is 404.
    let removed = p.delete(&format!("{DNC}/081200000002"), &coordinator).await;
    assert_eq!(removed.status, 204, "{:?}", removed.body);
    let again = p
        .delete(&format!("{DNC}/+6281200000002"), &coordinator)
        .await;
    assert_eq!(again.status, 404);
    let bad = p.delete(&format!("{DNC}/12345"), &coordinator).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["number"]);
    let all = p.get(DNC, &coordinator).await;
    let numbers: Vec<_> = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(numbers, ["+6281200000001", "+6281200000003"]);
    p.stop().await;
}

#[tokio::test]
async fn only_the_keepers_of_the_list_touch_it() {
    let p = Prospect::start().await;
    for role in [Role::TeamLeader, Role::QcOfficer, Role::SupervisorQuality] {
        let token = p.token(role, Some(Site::Medan));
        let refused = p
            .post(
                DNC,
                &token,
                json!({"number": "081234567890", "reason": "x"}),
            )
            .await;
        assert_eq!(refused.status, 403, "{role}");
        assert_eq!(p.get(DNC, &token).await.status, 403, "{role}");
    }
    p.stop().await;
}
