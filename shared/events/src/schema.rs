// The two platform tables every service schema holds (see migrations/).

diesel::table! {
    outbox (seq) {
        seq -> BigInt,
        event_id -> Uuid,
        event_type -> Text,
        body -> Text,
        created_at -> Timestamptz,
        available_at -> Timestamptz,
        attempts -> Integer,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    processed_events (event_id) {
        event_id -> Uuid,
        event_type -> Text,
        processed_at -> Timestamptz,
    }
}
