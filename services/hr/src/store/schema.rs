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
        session_started_at -> Timestamptz,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        username -> Text,
        failed_at -> Timestamptz,
        client -> Text,
    }
}

diesel::table! {
    login_clients (username, client) {
        username -> Text,
        client -> Text,
        last_success_at -> Timestamptz,
    }
}

diesel::table! {
    access_revocations (employee_id) {
        employee_id -> Uuid,
        not_before -> Timestamptz,
        reason -> Text,
        revoked_at -> Timestamptz,
    }
}

diesel::table! {
    activations (employee_id) {
        employee_id -> Uuid,
        code_hash -> Binary,
        expires_at -> Timestamptz,
        issued_by -> Uuid,
        issued_at -> Timestamptz,
    }
}

diesel::joinable!(credentials -> employees (employee_id));
diesel::joinable!(activations -> employees (employee_id));

diesel::allow_tables_to_appear_in_same_query!(
    employees,
    teams,
    credentials,
    activations,
    refresh_tokens,
    login_failures,
    login_clients,
    access_revocations,
);
