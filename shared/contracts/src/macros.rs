//! The macros that declare a payload and an event type once: the Rust struct (what
//! producers publish and consumers decode), its serde form, and the field metadata the
//! reference is generated from, all from the same tokens.

/// A payload struct: every field public, documented with `///`, and `@flatten` for a
/// struct whose fields travel inline (serde's `flatten`). Options may be absent from a
/// payload (serde reads a missing `Option` as `None`); producers write them as `null`.
/// Unknown fields are ignored (no `deny_unknown_fields`): the evolution rule.
macro_rules! payload {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                $(@$flat:ident)?
                pub $field:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                $(#[serde($flat)])?
                pub $field: $ty,
            )*
        }

        impl $crate::describe::Describe for $name {
            fn schema() -> ::serde_json::Value {
                $crate::describe::object_schema(&<Self as $crate::describe::Describe>::fields())
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            #[allow(unused_mut, clippy::vec_init_then_push)]
            fn fields() -> Vec<$crate::describe::Field> {
                let mut fields = Vec::new();
                $(
                    $crate::macros::payload!(
                        @field fields, $field, $ty, concat!($($fdoc),*) $(, $flat)?
                    );
                )*
                fields
            }
        }
    };
    (@field $fields:ident, $field:ident, $ty:ty, $doc:expr) => {
        $fields.push($crate::describe::Field::of::<$ty>(stringify!($field), $doc));
    };
    (@field $fields:ident, $field:ident, $ty:ty, $doc:expr, flatten) => {
        $fields.extend(<$ty as $crate::describe::Describe>::fields());
    };
}
pub(crate) use payload;

/// An event type: a [`payload!`] struct with its routing key, version, producer and the
/// services whose queues consume it.
macro_rules! event {
    (
        $(#[doc = $doc:literal])*
        #[event(
            type = $type:literal,
            version = $version:literal,
            producer = $producer:literal,
            consumers = [$($consumer:literal),* $(,)?]
            $(, stream = $stream:literal)?
            $(,)?
        )]
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::macros::payload! {
            $(#[doc = $doc])*
            pub struct $name { $($body)* }
        }

        impl ::tam_events::Event for $name {
            const TYPE: &'static str = $type;
            const VERSION: u16 = $version;
        }

        impl $crate::Contract for $name {
            const PRODUCER: &'static str = $producer;
            const CONSUMERS: &'static [&'static str] = &[$($consumer),*];
            const DESCRIPTION: &'static str = concat!($($doc),*);
            const STREAM: Option<&'static str> = $crate::macros::stream!($($stream)?);
        }
    };
}
pub(crate) use event;

macro_rules! stream {
    () => {
        None
    };
    ($stream:literal) => {
        Some($stream)
    };
}
pub(crate) use stream;

/// A vocabulary enum a payload carries: `tam_kernel::code_enum!` (the code is the wire
/// form) and its [`crate::describe::Describe`].
macro_rules! vocabulary {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident as $kind:literal {
            $( $(#[doc = $vdoc:literal])* $variant:ident => $code:literal, )+
        }
    ) => {
        ::tam_kernel::code_enum! {
            $(#[doc = $doc])*
            pub enum $name as $kind {
                $( $(#[doc = $vdoc])* $variant => $code, )+
            }
        }

        $crate::describe::describe_codes!(@listed $name => $kind);
    };
}
pub(crate) use vocabulary;
