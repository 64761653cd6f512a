//! How a service's domain refuses a request, and the collector that parses a request
//! body reporting every bad field at once. The mapping to a problem lives here too, so
//! every service answers a refusal the same way.

use crate::problem::{FieldError, Problem};

/// Why the domain refuses a request. The api maps each kind to its status in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Fields are missing or malformed (400, `errors` names each one).
    Invalid(Vec<FieldError>),
    /// The request is well formed but breaks a business rule (422); `rule` is the
    /// rule's stable slug.
    Rule { rule: &'static str, detail: String },
    /// The caller's role may not do this to this object (403).
    Forbidden(String),
    /// The object's state does not allow it (409).
    Conflict(String),
}

impl Rejection {
    /// A 422 for `rule`.
    pub fn rule(rule: &'static str, detail: impl Into<String>) -> Self {
        Rejection::Rule {
            rule,
            detail: detail.into(),
        }
    }

    /// A 400 for one field.
    pub fn field(field: &str, reason: impl Into<String>) -> Self {
        Rejection::Invalid(vec![FieldError::new(field, reason)])
    }
}

impl From<Rejection> for Problem {
    fn from(rejection: Rejection) -> Self {
        match rejection {
            Rejection::Invalid(errors) => Problem::validation(errors),
            Rejection::Rule { rule, detail } => Problem::unprocessable(rule, detail),
            Rejection::Forbidden(detail) => Problem::forbidden().with_detail(detail),
            Rejection::Conflict(detail) => Problem::conflict(detail),
        }
    }
}

/// Collects field errors while parsing a request, so that every bad field is reported
/// at once.
#[derive(Debug, Default)]
pub struct Fields {
    errors: Vec<FieldError>,
}

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a bad field.
    pub fn error(&mut self, field: &str, reason: impl Into<String>) {
        self.errors.push(FieldError::new(field, reason));
    }

    /// The value of `result`, or `None` after recording its error under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(reason) => {
                self.error(field, reason);
                None
            }
        }
    }

    /// A required value: `None` records "is required"; otherwise it is parsed.
    pub fn required<S, T>(
        &mut self,
        field: &str,
        value: Option<S>,
        parse: impl FnOnce(S) -> Result<T, String>,
    ) -> Option<T> {
        match value {
            Some(value) => self.check(field, parse(value)),
            None => {
                self.error(field, "is required");
                None
            }
        }
    }

    /// Adds errors found by a whole-value check.
    pub fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        self.errors.extend(errors);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` when no error was recorded, else the 400 with every error.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Rejection> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ if self.errors.is_empty() => Err(Rejection::Invalid(vec![FieldError::new(
                "body",
                "is invalid",
            )])),
            _ => Err(Rejection::Invalid(self.errors)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn fields_collect_every_error() {
        let mut fields = Fields::new();
        let a: Option<u32> =
            fields.required("a", None::<&str>, |s| s.parse().map_err(|_| "x".to_owned()));
        let b = fields.check("b", "7".parse::<u32>().map_err(|e| e.to_string()));
        let c = fields.check("c", "z".parse::<u32>().map_err(|_| "bad".to_owned()));
        assert_eq!(a, None);
        assert_eq!(b, Some(7));
        assert_eq!(c, None);
        let Err(Rejection::Invalid(errors)) = fields.finish(Some(())) else {
            panic!("expected errors");
        };
        let names: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(errors[0].reason, "is required");
    }

    #[test]
    fn fields_without_errors_yield_the_value() {
        assert_eq!(Fields::new().finish(Some(3)), Ok(3));
    }
}
