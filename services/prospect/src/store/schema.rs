// prospect's own tables (migrations/); the platform's outbox and inbox are in tam_events.

diesel::table! {
    certifications (certification_id) {
        certification_id -> Uuid,
        employee_id -> Uuid,
        program -> Text,
        valid_from -> Nullable<Date>,
        valid_until -> Nullable<Date>,
        revoked_at -> Nullable<Timestamptz>,
        expired_on -> Nullable<Date>,
        as_of -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

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
        site -> Nullable<Text>,
        removed_by -> Nullable<Uuid>,
        removed_at -> Nullable<Timestamptz>,
        removal_reason -> Nullable<Text>,
    }
}

diesel::table! {
    dnc_history (id) {
        id -> Int8,
        dnc_id -> Uuid,
        action -> Text,
        actor -> Uuid,
        site -> Nullable<Text>,
        reason -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    dapros_imports (id) {
        id -> Uuid,
        work_order_id -> Uuid,
        idempotency_key -> Nullable<Text>,
        sha256 -> Text,
        total -> Int4,
        accepted -> Int4,
        rejected -> Int4,
        duplicates -> Int4,
        dnc_excluded -> Int4,
        errors -> Jsonb,
        imported_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    dapros_rejections (import_id, line, field) {
        import_id -> Uuid,
        line -> Int8,
        field -> Text,
        kind -> Text,
        reason -> Text,
    }
}

diesel::table! {
    prospects (id) {
        id -> Uuid,
        work_order_id -> Uuid,
        import_id -> Uuid,
        line -> Int8,
        site -> Text,
        program -> Text,
        indihome_number -> Text,
        customer_name -> Text,
        contact_number -> Text,
        alt_contact_number -> Nullable<Text>,
        region -> Nullable<Text>,
        notes -> Nullable<Text>,
        status -> Text,
        assigned_to -> Nullable<Uuid>,
        assigned_team -> Nullable<Uuid>,
        assigned_at -> Nullable<Timestamptz>,
        available_at -> Timestamptz,
        claimed_by -> Nullable<Uuid>,
        claim_id -> Nullable<Uuid>,
        claimed_at -> Nullable<Timestamptz>,
        attempts -> Int4,
        last_outcome -> Nullable<Text>,
        last_call_id -> Nullable<Uuid>,
        return_reason -> Nullable<Text>,
        return_recommendation -> Nullable<Text>,
        validation_task_id -> Nullable<Uuid>,
        validation_revision -> Nullable<Int4>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        status_before_call -> Nullable<Text>,
    }
}

diesel::table! {
    prospect_attempts (call_id) {
        call_id -> Uuid,
        prospect_id -> Uuid,
        agent_id -> Uuid,
        outcome -> Text,
        product_code -> Nullable<Text>,
        negotiation_step -> Nullable<Int4>,
        follow_up_at -> Nullable<Timestamptz>,
        notes -> Nullable<Text>,
        started_at -> Timestamptz,
        ended_at -> Timestamptz,
        has_recording -> Bool,
    }
}

// The check-in gate (issue 15); queried with SQL in store::check_ins.
diesel::table! {
    attendance_policies (site) {
        site -> Text,
        check_in_required -> Bool,
        as_of -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    check_ins (employee_id, day) {
        employee_id -> Uuid,
        day -> Date,
        checked_in -> Bool,
        check_in_at -> Nullable<Timestamptz>,
        check_out_at -> Nullable<Timestamptz>,
        as_of -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(prospects -> work_orders (work_order_id));
diesel::joinable!(prospect_attempts -> prospects (prospect_id));
diesel::allow_tables_to_appear_in_same_query!(
    agents,
    certifications,
    work_orders,
    dnc_numbers,
    dnc_history,
    dapros_imports,
    dapros_rejections,
    prospects,
    prospect_attempts,
);
