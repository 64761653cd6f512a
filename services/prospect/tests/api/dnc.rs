//! The do-not-call list: add (idempotent), list, remove; numbers normalised to E.164.

use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::{new_work_order, Prospect};

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

    // Any written form of the number takes it off the list, with a reason; a second
    // time is a conflict, an unknown number 404, a bad one 400.
    let removed = p
        .post(
            &format!("{DNC}/081200000002/remove"),
            &coordinator,
            json!({"reason": "the number was reassigned"}),
        )
        .await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.body["removal_reason"], "the number was reassigned");
    let again = p
        .post(
            &format!("{DNC}/+6281200000002/remove"),
            &coordinator,
            json!({"reason": "again"}),
        )
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    let unknown = p
        .post(
            &format!("{DNC}/081299999999/remove"),
            &coordinator,
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(unknown.status, 404);
    let bad = p
        .post(&format!("{DNC}/12345/remove"), &coordinator, json!({}))
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["number", "reason"]);
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
async fn only_an_all_site_role_or_the_adding_sites_supervisor_takes_a_number_off_and_it_keeps_its_history(
) {
    let p = Prospect::start().await;
    let medan = p.app.token_for(&tam_auth::Subject {
        id: Uuid::now_v7(),
        role: Role::SupervisorOps,
        site: Some(Site::Medan),
        team: None,
    });
    let bandung = p.token(Role::SupervisorOps, Some(Site::Bandung));
    let manager_id = Uuid::now_v7();
    let manager = p.app.token_for(&tam_auth::Subject {
        id: manager_id,
        role: Role::Manager,
        site: None,
        team: None,
    });
    let added = p
        .post(
            DNC,
            &medan,
            json!({"number": "081234567890", "reason": "customer asked"}),
        )
        .await;
    assert_eq!(added.status, 201, "{:?}", added.body);
    assert_eq!(added.body["site"], "medan");
    let remove = format!("{DNC}/081234567890/remove");

    // Reason required; another site's supervisor may read the entry but not remove it.
    let no_reason = p.post(&remove, &medan, json!({"reason": " "})).await;
    assert_eq!(no_reason.status, 400);
    assert_eq!(no_reason.fields(), ["reason"]);
    let refused = p
        .post(&remove, &bandung, json!({"reason": "not ours"}))
        .await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert_eq!(
        p.get(&format!("{DNC}/+6281234567890"), &bandung).await.body["removed_at"],
        Value::Null
    );

    // Listed, it keeps the number out of an import.
    let wo = p.create_work_order(new_work_order("WO-DNC")).await;
    let csv = "indihome_number;customer_name;contact_number\n\
               111111111101;Asep;081234567890\n";
    assert_eq!(import(&p, wo, "one", csv).await["dnc_excluded"], 1);

    // The manager takes it off: a removal, kept with who, when and why.
    let removed = p
        .post(
            &remove,
            &manager,
            json!({"reason": "number reassigned to a new customer"}),
        )
        .await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.body["removed_by"], json!(manager_id));
    assert!(removed.body["removed_at"].is_string());
    assert_eq!(
        p.count("SELECT count(*) AS n FROM dnc_numbers WHERE removed_at IS NOT NULL")
            .await,
        1
    );
    let listed = p.get(DNC, &manager).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 0);

    // No longer excluded: the same customer imports now.
    let report = import(&p, wo, "two", csv).await;
    assert_eq!(report["dnc_excluded"], 0, "{report:?}");
    assert_eq!(report["accepted"], 1, "{report:?}");

    // Listed again later, by Bandung this time: the same entry, its whole history.
    let relisted = p
        .post(
            DNC,
            &bandung,
            json!({"number": "+6281234567890", "reason": "asked again"}),
        )
        .await;
    assert_eq!(relisted.status, 201, "{:?}", relisted.body);
    assert_eq!(relisted.body["id"], added.body["id"]);
    assert_eq!(relisted.body["site"], "bandung");
    assert_eq!(relisted.body["removed_at"], Value::Null);
    let detail = p.get(&format!("{DNC}/0812-3456-7890"), &medan).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    let history: Vec<(String, String)> = detail.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap().to_owned(),
                h["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("added".to_owned(), "customer asked".to_owned()),
            (
                "removed".to_owned(),
                "number reassigned to a new customer".to_owned()
            ),
            ("added".to_owned(), "asked again".to_owned()),
        ]
    );
    assert_eq!(detail.body["history"][1]["by"], json!(manager_id));
    assert_eq!(detail.body["history"][1]["site"], Value::Null);
    // Medan's supervisor no longer may: Bandung listed it this time.
    assert_eq!(
        p.post(&remove, &medan, json!({"reason": "x"})).await.status,
        403
    );
    assert_eq!(
        p.get(&format!("{DNC}/081299999999"), &medan).await.status,
        404
    );
    p.stop().await;
}

async fn import(p: &Prospect, work_order: Uuid, key: &str, csv: &str) -> Value {
    let manager = p.token(Role::Manager, None);
    let response = p
        .app
        .client
        .post(format!(
            "{}/api/v1/prospect/work-orders/{work_order}/dapros",
            p.base
        ))
        .bearer_auth(manager)
        .header("content-type", "text/csv")
        .header("idempotency-key", key)
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    let answer = crate::helpers::Answer::read(response).await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    answer.body
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

/// PostgreSQL stores no U+0000 in text: a JSON string carrying one is a 400 naming the
/// member before anything is written (it was a 500 from the insert), and so is one in
/// the query string or the path.
#[tokio::test]
async fn a_nul_in_a_reason_is_a_400_naming_it_and_nothing_is_stored() {
    let p = Prospect::start().await;
    let sup = p.token(Role::SupervisorOps, Some(Site::Medan));
    let refused = p
        .post(
            DNC,
            &sup,
            json!({"number": "081234567890", "reason": "asked\u{0}not to be called"}),
        )
        .await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(refused.fields(), ["reason"]);
    assert_eq!(p.count("SELECT count(*) AS n FROM dnc_numbers").await, 0);
    assert_eq!(p.count("SELECT count(*) AS n FROM dnc_history").await, 0);

    let added = p
        .post(
            DNC,
            &sup,
            json!({"number": "081234567890", "reason": "asked"}),
        )
        .await;
    assert_eq!(added.status, 201, "{:?}", added.body);
    let refused = p
        .post(
            &format!("{DNC}/081234567890/remove"),
            &sup,
            json!({"reason": "\u{0}"}),
        )
        .await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(refused.fields(), ["reason"]);
    assert_eq!(
        p.count("SELECT count(*) AS n FROM dnc_numbers WHERE removed_at IS NULL")
            .await,
        1
    );

    let query = p.get(&format!("{DNC}?cursor=a%00b"), &sup).await;
    assert_eq!(query.status, 400, "{:?}", query.body);
    assert_eq!(query.slug(), "invalid-query");
    let path = p.get(&format!("{DNC}/0812%0034567890"), &sup).await;
    assert_eq!(path.status, 400, "{:?}", path.body);
    assert_eq!(path.slug(), "invalid-path");
    p.stop().await;
}
