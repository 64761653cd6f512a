//! Every kind of bad access token is refused with 401, at the gateway and again at the
//! service behind it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use tam_kernel::Role;
use tam_runtime::ServiceName;
use tam_testkit::{test_keys_dir, TestApp, TEST_KID};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn claims(app: &TestApp) -> Value {
    json!({
        "sub": uuid::Uuid::now_v7(),
        "role": "admin",
        "iss": app.config.jwt_issuer,
        "aud": app.config.jwt_audience,
        "iat": now(),
        "nbf": now(),
        "exp": now() + 600,
    })
}

fn header(kid: &str) -> Header {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.to_owned());
    header.typ = Some("at+jwt".to_owned());
    header
}

/// The PKCS#8 key `tam keys generate` wrote, as jsonwebtoken takes it.
fn private_key(dir: &std::path::Path, kid: &str) -> EncodingKey {
    let pem = std::fs::read(dir.join(format!("{kid}.key.pem"))).unwrap();
    EncodingKey::from_ed_der(pem::parse(pem).unwrap().contents())
}

/// Signed with the real test key, whatever the claims say.
fn signed(claims: &Value, kid: &str) -> String {
    encode(
        &header(kid),
        claims,
        &private_key(test_keys_dir().unwrap(), TEST_KID),
    )
    .unwrap()
}

fn with_claim(mut claims: Value, name: &str, value: Value) -> Value {
    claims[name] = value;
    claims
}

fn bad_tokens(app: &TestApp) -> Vec<(&'static str, Option<String>)> {
    let good = claims(app);
    let b64 = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());

    let alg_none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "at+jwt", "kid": TEST_KID})),
        b64(&good)
    );
    let public_pem =
        std::fs::read(test_keys_dir().unwrap().join(format!("{TEST_KID}.pub.pem"))).unwrap();
    let mut hs_header = Header::new(Algorithm::HS256);
    hs_header.kid = Some(TEST_KID.to_owned());
    let hs256 = encode(&hs_header, &good, &EncodingKey::from_secret(&public_pem)).unwrap();

    let other_dir =
        std::env::temp_dir().join(format!("tam-test-keys-other-{}", uuid::Uuid::now_v7()));
    tam_auth::generate_key_pair(&other_dir, TEST_KID).unwrap();
    let wrong_key = encode(&header(TEST_KID), &good, &private_key(&other_dir, TEST_KID)).unwrap();
    let _ = std::fs::remove_dir_all(&other_dir);

    let mut missing_exp = good.clone();
    missing_exp.as_object_mut().unwrap().remove("exp");

    let valid = signed(&with_claim(good.clone(), "role", json!("agent")), TEST_KID);
    let mut parts: Vec<&str> = valid.split('.').collect();
    let tampered_payload = b64(&with_claim(good.clone(), "role", json!("admin")));
    parts[1] = &tampered_payload;
    let tampered = parts.join(".");

    vec![
        ("no token", None),
        ("garbage", Some("not-a-jwt".to_owned())),
        ("alg none", Some(alg_none)),
        ("HS256 keyed with the public key", Some(hs256)),
        ("signed by another key", Some(wrong_key)),
        ("unknown kid", Some(signed(&good, "k-unknown"))),
        (
            "wrong iss",
            Some(signed(
                &with_claim(good.clone(), "iss", json!("someone-else")),
                TEST_KID,
            )),
        ),
        (
            "wrong aud",
            Some(signed(
                &with_claim(good.clone(), "aud", json!("another-api")),
                TEST_KID,
            )),
        ),
        (
            "expired",
            Some(signed(
                &with_claim(good.clone(), "exp", json!(now() - 3600)),
                TEST_KID,
            )),
        ),
        (
            "nbf in the future",
            Some(signed(
                &with_claim(good.clone(), "nbf", json!(now() + 3600)),
                TEST_KID,
            )),
        ),
        ("missing exp", Some(signed(&missing_exp, TEST_KID))),
        ("tampered payload", Some(tampered)),
    ]
}

#[tokio::test]
async fn every_bad_token_gets_401_at_the_gateway_and_at_the_service() {
    let app = TestApp::start(&[
        tam::service(ServiceName::Hr).unwrap(),
        tam::service(ServiceName::Gateway).unwrap(),
    ])
    .await
    .unwrap();
    let gateway = app.url(ServiceName::Gateway).unwrap();
    let hr = app.url(ServiceName::Hr).unwrap();
    let mut failures = Vec::new();
    for (name, token) in bad_tokens(&app) {
        for base in [&gateway, &hr] {
            let mut request = app.client.get(format!("{base}/api/v1/hr/employees"));
            if let Some(token) = &token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            if status != 401 || content_type != "application/problem+json" {
                failures.push(format!("{name} at {base}: {status} {content_type}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The same request with a good token gets through both.
    let token = app.token(Role::Admin, None, None);
    for base in [&gateway, &hr] {
        let response = app
            .client
            .get(format!("{base}/api/v1/hr/employees"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{base}");
    }
    app.stop().await.unwrap();
}
