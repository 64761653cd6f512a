//! The `Idempotency-Key` request header: a client's name for one request, so that a
//! retry of it is answered like the first try instead of being done twice. Each service
//! decides what a key covers and how long it is kept; the key's form is the suite's.

use actix_web::HttpRequest;

use crate::rejection::Rejection;

/// The header's name (lower case, as actix matches it).
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Why a key is refused, in the `errors[].reason` of the 400.
const KEY_FORM: &str = "must be 1 to 200 visible ASCII characters";

/// A checked key: 1 to 200 visible ASCII characters (the OpenAPI pattern
/// `^[!-~]{1,200}$`).
pub fn idempotency_key(value: &str) -> Result<String, String> {
    if (1..=200).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(value.to_owned())
    } else {
        Err(KEY_FORM.to_owned())
    }
}

/// The checked `Idempotency-Key` of `req`, if sent; a malformed one is a 400 naming the
/// header. Surrounding blanks are not part of the key.
pub fn idempotency_key_of(req: &HttpRequest) -> Result<Option<String>, Rejection> {
    let Some(value) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    value
        .to_str()
        .map_err(|_| KEY_FORM.to_owned())
        .and_then(|v| idempotency_key(v.trim()))
        .map(Some)
        .map_err(|reason| Rejection::field("Idempotency-Key", reason))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn a_key_is_1_to_200_visible_ascii_characters() {
        assert_eq!(idempotency_key("abc-123").unwrap(), "abc-123");
        assert!(idempotency_key("").is_err());
        assert!(idempotency_key("has space").is_err());
        assert!(idempotency_key("kunci-ü").is_err());
        assert!(idempotency_key(&"k".repeat(201)).is_err());
        assert!(idempotency_key(&"k".repeat(200)).is_ok());
    }

    #[test]
    fn the_header_is_optional_and_a_bad_one_names_the_header() {
        let none = TestRequest::default().to_http_request();
        assert_eq!(idempotency_key_of(&none).unwrap(), None);
        let good = TestRequest::default()
            .insert_header((IDEMPOTENCY_KEY, "k-1"))
            .to_http_request();
        assert_eq!(idempotency_key_of(&good).unwrap().as_deref(), Some("k-1"));
        let bad = TestRequest::default()
            .insert_header((IDEMPOTENCY_KEY, "has space"))
            .to_http_request();
        let Err(Rejection::Invalid(errors)) = idempotency_key_of(&bad) else {
            panic!("a key with a space is refused");
        };
        assert_eq!(errors[0].field, "Idempotency-Key");
        assert_eq!(errors[0].reason, KEY_FORM);
    }
}
