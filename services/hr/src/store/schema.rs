// hr's own tables (migrations/); the platform's outbox and inbox are in tam_events.

diesel::table! {
    employees (id) {
        id -> Uuid,
        nik -> Text,
        full_name -> Text,
        username -> Text,
        role -> Text,
        site -> Nullable<Text>,
        program -> Nullable<Text>,
        team_id -> Nullable<Uuid>,
        birth_date -> Nullable<Date>,
        education_level -> Nullable<Text>,
        education_field -> Nullable<Text>,
        hire_date -> Date,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    teams (id) {
        id -> Uuid,
        name -> Text,
        site -> Text,
        program -> Text,
        team_leader_id -> Uuid,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    credentials (employee_id) {
        employee_id -> Uuid,
        password_hash -> Text,
        must_change -> Bool,
        changed_at -> Timestamptz,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        family_id -> Uuid,
        employee_id -> Uuid,
        token_hash -> Binary,
        issued_at -> Timestamptz,
        expires_at -> Timestamptz,
        rotated_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        username -> Text,
        failed_at -> Timestamptz,
    }
}

diesel::joinable!(credentials -> employees (employee_id));

diesel::allow_tables_to_appear_in_same_query!(
    employees,
    teams,
    credentials,
    refresh_tokens,
    login_failures,
);
