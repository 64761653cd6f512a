//! The textual form of the vocabulary enums.
//!
//! Every enum of this crate that crosses a boundary (JSON bodies, query strings, JWT
//! claims, event payloads, database `text` columns, configuration) is written as one
//! stable snake_case code. [`code_enum!`] generates, from a single `Variant => "code"`
//! list, the enum itself, `ALL`, `CODES`, `as_str`, `Display`, `FromStr` and serde, so
//! the code a value is written with can never differ between those places.

/// A string that is not one of the codes of a vocabulary enum.
///
/// Its message names the kind of value, the bad value and every valid code, so a person
/// reading a 400 or a start-up error can fix the input without opening the source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`; expected one of: {}", .expected.join(", "))]
pub struct UnknownCode {
    kind: &'static str,
    value: String,
    expected: &'static [&'static str],
}

impl UnknownCode {
    /// `kind` names what was being parsed ("role", "site", ...); `expected` lists the codes.
    pub fn new(
        kind: &'static str,
        value: impl Into<String>,
        expected: &'static [&'static str],
    ) -> Self {
        Self {
            kind,
            value: value.into(),
            expected,
        }
    }

    /// What was being parsed, e.g. `"role"`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The string that did not match any code.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Every valid code.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

/// Declares a vocabulary enum whose values are written as fixed string codes.
///
/// ```text
/// code_enum! {
///     /// docs
///     pub enum Site as "site" {
///         /// docs
///         Medan => "medan",
///     }
/// }
/// ```
///
/// Exported so that a service's own vocabulary (helpdesk's channels, statuses, ...)
/// is written the same way as the kernel's.
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// Every code, in the same order as [`Self::ALL`].
            pub const CODES: &'static [&'static str] = &[$($code,)+];

            /// The stable snake_case code this value is written as everywhere.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownCode;

            /// Parses exactly one of [`Self::CODES`] (case-sensitive, no trimming).
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)+
                    other => Err($crate::UnknownCode::new($kind, other, Self::CODES)),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct CodeVisitor;

                impl ::serde::de::Visitor<'_> for CodeVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "a {} code", $kind)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::std::result::Result<$name, E> {
                        v.parse().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(CodeVisitor)
            }
        }
    };
}

pub(crate) use code_enum;

/// Parses one of a vocabulary enum's codes sent in a request (surrounding blanks are
/// not part of it), or says which codes are allowed: the `errors[].reason` of the 400.
pub fn parse_code<T: std::str::FromStr>(value: &str, codes: &[&str]) -> Result<T, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("must be one of: {}", codes.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_from_a_request_is_trimmed_or_refused_with_the_codes() {
        use crate::Site;
        assert_eq!(parse_code::<Site>(" medan ", Site::CODES), Ok(Site::Medan));
        assert_eq!(
            parse_code::<Site>("jakarta", &["medan", "bandung"]),
            Err("must be one of: medan, bandung".to_owned())
        );
    }

    #[test]
    fn message_names_the_kind_the_value_and_every_code() {
        let err = UnknownCode::new("site", "jakarta", &["medan", "bandung"]);
        assert_eq!(
            err.to_string(),
            "unknown site `jakarta`; expected one of: medan, bandung"
        );
        assert_eq!(err.kind(), "site");
        assert_eq!(err.value(), "jakarta");
        assert_eq!(err.expected(), &["medan", "bandung"]);
    }
}
