//! What the reference says of a payload's types: each field's JSON Schema, how the
//! Markdown names its type, whether it may be absent. Written by hand rather than with a
//! schema crate: the payloads use a dozen types, and the field docs come from the same
//! macro that declares the field, so the reference cannot drift from the type.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

/// One field of a payload, as the reference documents it.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: &'static str,
    /// The field's doc comment, on one line (empty when it has none).
    pub doc: &'static str,
    /// The type as the Markdown reference names it (`uuid`, `site`, `u32 | null`, ...).
    pub type_name: String,
    /// The JSON Schema of the field's value.
    pub schema: Value,
    /// Whether every payload carries the field (optional fields are `Option`s: a consumer
    /// reads a payload without them).
    pub required: bool,
}

impl Field {
    /// The field `name` of type `T`, documented by `doc`.
    pub fn of<T: Describe>(name: &'static str, doc: &'static str) -> Self {
        let mut schema = T::schema();
        let doc = doc.trim();
        if !doc.is_empty() {
            if let Some(object) = schema.as_object_mut() {
                object.insert("description".into(), Value::String(doc.to_owned()));
            }
        }
        Self {
            name,
            doc,
            type_name: T::type_name(),
            schema,
            required: !T::OPTIONAL,
        }
    }
}

/// A type a payload field may have.
pub trait Describe {
    /// Whether a payload may leave the field out (`Option`).
    const OPTIONAL: bool = false;

    /// The JSON Schema of a value of the type.
    fn schema() -> Value;

    /// How the Markdown reference names the type.
    fn type_name() -> String;

    /// For a payload struct (including one flattened into another): its fields, in order.
    fn fields() -> Vec<Field> {
        Vec::new()
    }
}

/// The JSON Schema of an object with `fields`, as a payload is sent.
pub fn object_schema(fields: &[Field]) -> Value {
    let properties: serde_json::Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.to_owned(), f.schema.clone()))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({ "type": "object", "properties": properties, "required": required })
}

macro_rules! describe_scalar {
    ($($ty:ty => $name:literal, $schema:tt;)*) => {$(
        impl Describe for $ty {
            fn schema() -> Value {
                json!($schema)
            }
            fn type_name() -> String {
                $name.to_owned()
            }
        }
    )*};
}

describe_scalar! {
    Uuid => "uuid", { "type": "string", "format": "uuid" };
    String => "string", { "type": "string" };
    bool => "boolean", { "type": "boolean" };
    u32 => "u32", { "type": "integer", "minimum": 0, "maximum": 4_294_967_295_u64 };
    i32 => "i32", { "type": "integer", "minimum": -2_147_483_648_i64, "maximum": 2_147_483_647 };
    u64 => "u64", { "type": "integer", "minimum": 0 };
    f64 => "number", { "type": "number" };
    DateTime<Utc> => "date-time", { "type": "string", "format": "date-time" };
    NaiveDate => "date", { "type": "string", "format": "date" };
    Value => "json", {};
}

impl<T: Describe> Describe for Option<T> {
    const OPTIONAL: bool = true;

    fn schema() -> Value {
        json!({ "anyOf": [T::schema(), { "type": "null" }] })
    }

    fn type_name() -> String {
        format!("{} | null", T::type_name())
    }
}

impl<T: Describe> Describe for Vec<T> {
    fn schema() -> Value {
        json!({ "type": "array", "items": T::schema() })
    }

    fn type_name() -> String {
        format!("[{}]", T::type_name())
    }
}

/// [`Describe`] for vocabulary enums written with `tam_kernel::code_enum!` (their codes
/// are their wire form).
macro_rules! describe_codes {
    (@listed $ty:ty => $name:literal) => {
        impl $crate::describe::Describe for $ty {
            fn schema() -> ::serde_json::Value {
                ::serde_json::json!({ "type": "string", "enum": <$ty>::CODES })
            }
            fn type_name() -> String {
                format!("{} ({})", $name, <$ty>::CODES.join(" | "))
            }
        }
    };
    ($($ty:ty => $name:literal),* $(,)?) => {$(
        impl $crate::describe::Describe for $ty {
            fn schema() -> ::serde_json::Value {
                ::serde_json::json!({ "type": "string", "enum": <$ty>::CODES })
            }
            fn type_name() -> String {
                $name.to_owned()
            }
        }
    )*};
}
pub(crate) use describe_codes;

describe_codes! {
    tam_kernel::Site => "site",
    tam_kernel::Program => "program",
    tam_kernel::Role => "role",
    tam_kernel::Outcome => "outcome",
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn optional_fields_are_nullable_and_not_required() {
        let field = Field::of::<Option<u32>>("negotiation_step", " The step agreed to.");
        assert!(!field.required);
        assert_eq!(field.type_name, "u32 | null");
        assert_eq!(field.doc, "The step agreed to.");
        assert_eq!(field.schema["anyOf"][1]["type"], "null");
        assert_eq!(field.schema["description"], "The step agreed to.");
    }

    #[test]
    fn vocabulary_lists_its_codes() {
        let field = Field::of::<tam_kernel::Site>("site", "");
        assert!(field.required);
        assert_eq!(
            field.schema["enum"].as_array().unwrap().len(),
            tam_kernel::Site::CODES.len()
        );
    }
}
