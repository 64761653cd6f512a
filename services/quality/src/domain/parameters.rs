//! Assessment parameters ("parameter penilaian", manual §1.3.16): per program, a set of
//! items each with a code, a description, a weight and whether it is critical (a failed
//! critical item fails the call). A change replaces the whole set and makes a new
//! version; versions are never edited, so a task scored against one keeps its meaning.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_kernel::{FieldError, Program};
use uuid::Uuid;

/// The most items a set may have.
pub const MAX_ITEMS: usize = 50;
/// The largest weight of one item.
pub const MAX_WEIGHT: i64 = 1000;

/// One item of a parameter set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterItem {
    pub code: String,
    pub description: String,
    pub weight: u32,
    pub critical: bool,
}

/// One version of a program's parameter set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterVersion {
    pub id: Uuid,
    pub program: Program,
    pub version: u32,
    /// `None` for the version seeded by the migration.
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// In the order they were given.
    pub items: Vec<ParameterItem>,
}

impl ParameterVersion {
    pub fn item(&self, code: &str) -> Option<&ParameterItem> {
        self.items.iter().find(|i| i.code == code)
    }
}

/// An item as a request gives it, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemInput {
    pub code: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub critical: Option<bool>,
}

/// An item code: 1 to 40 of `A-Z`, `0-9`, `_`, `-` (upper-cased, so `greeting` and
/// `GREETING` are the same item).
pub fn item_code(value: &str) -> Result<String, String> {
    let code = value.trim().to_uppercase();
    let ok = (1..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(code)
    } else {
        Err("must be 1 to 40 of letters, digits, `_` and `-`".into())
    }
}

fn description(value: &str) -> Result<String, String> {
    let text = value.trim();
    match text.chars().count() {
        0 => Err("must not be empty".into()),
        n if n > 500 => Err("must be at most 500 characters".into()),
        _ => Ok(text.to_owned()),
    }
}

fn weight(value: i64) -> Result<u32, String> {
    if (1..=MAX_WEIGHT).contains(&value) {
        u32::try_from(value).map_err(|_| "is out of range".into())
    } else {
        Err(format!("must be a whole number from 1 to {MAX_WEIGHT}"))
    }
}

/// A whole new set: at least one item, at most [`MAX_ITEMS`], codes unique, weights
/// positive. Every bad field is named (`items[2].weight`).
pub fn parse_items(items: Option<Vec<ItemInput>>) -> Result<Vec<ParameterItem>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(items) = items else {
        return Err(vec![FieldError::new("items", "is required")]);
    };
    if items.is_empty() {
        errors.push(FieldError::new("items", "must have at least one item"));
    }
    if items.len() > MAX_ITEMS {
        errors.push(FieldError::new(
            "items",
            format!("must have at most {MAX_ITEMS} items"),
        ));
    }
    let mut parsed = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for (i, item) in items.into_iter().enumerate() {
        fn check<T>(
            errors: &mut Vec<FieldError>,
            i: usize,
            field: &str,
            result: Result<T, String>,
        ) -> Option<T> {
            result
                .map_err(|reason| {
                    errors.push(FieldError::new(format!("items[{i}].{field}"), reason))
                })
                .ok()
        }
        let required = || "is required".to_owned();
        let code = check(
            &mut errors,
            i,
            "code",
            item.code.as_deref().map_or(Err(required()), item_code),
        );
        let desc = check(
            &mut errors,
            i,
            "description",
            item.description
                .as_deref()
                .map_or(Err(required()), description),
        );
        let w = check(
            &mut errors,
            i,
            "weight",
            item.weight.map_or(Err(required()), weight),
        );
        let critical = check(
            &mut errors,
            i,
            "critical",
            item.critical.ok_or_else(required),
        );
        if let Some(code) = &code {
            if !seen.insert(code.clone()) {
                errors.push(FieldError::new(
                    format!("items[{i}].code"),
                    format!("{code} appears more than once"),
                ));
            }
        }
        if let (Some(code), Some(description), Some(weight), Some(critical)) =
            (code, desc, w, critical)
        {
            parsed.push(ParameterItem {
                code,
                description,
                weight,
                critical,
            });
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn input(code: &str, weight: i64) -> ItemInput {
        ItemInput {
            code: Some(code.into()),
            description: Some("Something to check".into()),
            weight: Some(weight),
            critical: Some(false),
        }
    }

    #[test]
    fn a_valid_set_parses_with_upper_case_codes() {
        let items = parse_items(Some(vec![input("greeting", 10), input("CONSENT", 90)])).unwrap();
        assert_eq!(items[0].code, "GREETING");
        assert_eq!(items[1].weight, 90);
    }

    #[test]
    fn every_bad_item_field_is_named() {
        let errors = parse_items(Some(vec![
            input("A", 0),
            input("a", 5),
            ItemInput {
                code: Some("bad code".into()),
                description: Some(" ".into()),
                weight: None,
                critical: None,
            },
        ]))
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "items[0].weight",
                "items[1].code",
                "items[2].code",
                "items[2].description",
                "items[2].weight",
                "items[2].critical",
            ]
        );
        assert!(errors[1].reason.contains("more than once"));
    }

    #[test]
    fn a_set_needs_an_item() {
        assert_eq!(parse_items(Some(vec![])).unwrap_err()[0].field, "items");
        assert_eq!(parse_items(None).unwrap_err()[0].reason, "is required");
        assert!(parse_items(Some(vec![input("A", 1); MAX_ITEMS + 1])).is_err());
    }
}
