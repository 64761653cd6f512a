//! The password policy.

use std::fmt;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;
/// The longest password accepted (hashing cost stays bounded).
pub const MAX_LENGTH: usize = 128;

/// A password that meets the policy. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// A new password for `username`: 12 to 128 characters, not the username, not
    /// `current` (the password it replaces, when there is one).
    pub fn new(value: &str, username: &str, current: Option<&str>) -> Result<Self, String> {
        let len = value.chars().count();
        if len < MIN_LENGTH {
            return Err(format!("must be at least {MIN_LENGTH} characters"));
        }
        if len > MAX_LENGTH {
            return Err(format!("must be at most {MAX_LENGTH} characters"));
        }
        if value.trim().to_lowercase() == username.trim().to_lowercase() {
            return Err("must not be the username".to_owned());
        }
        if current == Some(value) {
            return Err("must differ from the current password".to_owned());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn at_least_twelve_characters() {
        assert!(Password::new("short-pass1", "budi", None).is_err());
        assert!(Password::new("long-enough-1", "budi", None).is_ok());
        // Characters, not bytes.
        assert!(Password::new("ééééééééééé", "budi", None).is_err());
        assert!(Password::new(&"x".repeat(129), "budi", None).is_err());
    }

    #[test]
    fn not_the_username_nor_the_current_password() {
        assert_eq!(
            Password::new("Agent.Medan.01", "agent.medan.01", None).unwrap_err(),
            "must not be the username"
        );
        assert_eq!(
            Password::new("same-old-password", "budi", Some("same-old-password")).unwrap_err(),
            "must differ from the current password"
        );
        assert!(Password::new("a-new-password", "budi", Some("same-old-password")).is_ok());
    }

    #[test]
    fn debug_hides_the_password() {
        let password = Password::new("secret-password-1", "budi", None).unwrap();
        assert!(!format!("{password:?}").contains("secret"));
        assert_eq!(password.expose(), "secret-password-1");
    }
}
