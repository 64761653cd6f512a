//! Which recordings are accepted, and where they are kept.

use uuid::Uuid;

/// The audio types a recording may have (anything else is 415).
pub const CONTENT_TYPES: &[&str] = &["audio/wav", "audio/mpeg", "audio/ogg"];

/// The accepted audio type of a `Content-Type` value, parameters dropped
/// (`audio/ogg; codecs=opus` is `audio/ogg`), or why it is not one.
pub fn content_type(header: Option<&str>) -> Result<&'static str, String> {
    let Some(header) = header else {
        return Err(format!(
            "a recording needs a Content-Type, one of: {}",
            CONTENT_TYPES.join(", ")
        ));
    };
    let essence = header
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    CONTENT_TYPES
        .iter()
        .copied()
        .find(|t| *t == essence)
        .ok_or_else(|| {
            format!(
                "recordings must be one of {}, not {header}",
                CONTENT_TYPES.join(", ")
            )
        })
}

/// The object key of an upload of call `call_id`: each attempt its own object, so two
/// concurrent uploads never write over each other (the one whose row is inserted first
/// wins; the other's object is deleted).
pub fn object_key(call_id: Uuid, upload_id: Uuid) -> String {
    format!("calls/{call_id}/{upload_id}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn audio_types() {
        assert_eq!(content_type(Some("audio/wav")), Ok("audio/wav"));
        assert_eq!(content_type(Some("Audio/MPEG")), Ok("audio/mpeg"));
        assert_eq!(
            content_type(Some("audio/ogg; codecs=opus")),
            Ok("audio/ogg")
        );
        assert!(content_type(Some("audio/x-wav")).is_err());
        assert!(content_type(Some("application/octet-stream")).is_err());
        assert!(content_type(None).is_err());
    }

    #[test]
    fn keys_are_per_upload() {
        let call = Uuid::now_v7();
        assert_ne!(
            object_key(call, Uuid::now_v7()),
            object_key(call, Uuid::now_v7())
        );
        assert!(object_key(call, Uuid::nil()).starts_with(&format!("calls/{call}/")));
    }
}
