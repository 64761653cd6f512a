// prospect's own tables (migrations/); the platform's outbox and inbox are in tam_events.

diesel::table! {
    agents (employee_id) {
        employee_id -> Uuid,
        role -> Text,
        site -> Nullable<Text>,
        program -> Nullable<Text>,
        team_id -> Nullable<Uuid>,
        status -> Text,
        as_of -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    work_orders (id) {
        id -> Uuid,
        wo_code -> Text,
        site -> Text,
        program -> Text,
        title -> Text,
        valid_from -> Date,
        valid_to -> Date,
        offers -> Jsonb,
        max_attempts -> Int4,
        daily_quota_per_agent -> Int4,
        retry_wait_minutes -> Jsonb,
        status -> Text,
        created_by -> Uuid,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    dnc_numbers (id) {
        id -> Uuid,
        number -> Text,
        reason -> Text,
        added_by -> Uuid,
        added_at -> Timestamptz,
    }
}
