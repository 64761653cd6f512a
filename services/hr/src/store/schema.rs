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

diesel::table! {
    training_classes (id) {
        id -> Uuid,
        kind -> Text,
        program -> Text,
        site -> Text,
        title -> Text,
        trainer_id -> Uuid,
        pass_mark -> Nullable<SmallInt>,
        created_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    training_sessions (id) {
        id -> Uuid,
        class_id -> Uuid,
        trainer_id -> Uuid,
        position -> Integer,
        session_date -> Date,
        starts_at -> Time,
        ends_at -> Time,
    }
}

diesel::table! {
    training_enrollments (class_id, employee_id) {
        class_id -> Uuid,
        employee_id -> Uuid,
        enrolled_at -> Timestamptz,
        enrolled_by -> Nullable<Uuid>,
        score -> Nullable<SmallInt>,
        passed -> Nullable<Bool>,
        scored_at -> Nullable<Timestamptz>,
        scored_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    training_attendance (session_id, employee_id) {
        session_id -> Uuid,
        employee_id -> Uuid,
        class_id -> Uuid,
        present -> Bool,
        recorded_by -> Uuid,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    certifications (id) {
        id -> Uuid,
        employee_id -> Uuid,
        program -> Text,
        valid_from -> Date,
        valid_until -> Date,
        source -> Text,
        class_id -> Nullable<Uuid>,
        reason -> Nullable<Text>,
        recorded_by -> Uuid,
        revoked_at -> Nullable<Timestamptz>,
        expiry_handled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    employee_status_history (employee_id, effective_on) {
        employee_id -> Uuid,
        effective_on -> Date,
        status -> Text,
        role -> Text,
        site -> Nullable<Text>,
        program -> Nullable<Text>,
        changed_by -> Nullable<Uuid>,
        changed_at -> Timestamptz,
    }
}

diesel::table! {
    caplan_revisions (id) {
        id -> Uuid,
        site -> Text,
        program -> Text,
        role -> Text,
        effective_from -> Date,
        headcount -> Integer,
        note -> Nullable<Text>,
        set_by -> Uuid,
        set_by_role -> Text,
        set_at -> Timestamptz,
    }
}

diesel::table! {
    sdm_days (site, program, role, day) {
        site -> Text,
        program -> Text,
        role -> Text,
        day -> Date,
        available -> Integer,
        target -> Integer,
        closed_at -> Timestamptz,
    }
}

diesel::table! {
    sdm_close (id) {
        id -> Bool,
        last_closed -> Date,
    }
}

diesel::table! {
    requisitions (id) {
        id -> Uuid,
        site -> Nullable<Text>,
        program -> Nullable<Text>,
        role -> Text,
        headcount -> Integer,
        needed_by -> Date,
        reason -> Text,
        origin -> Text,
        status -> Text,
        opened_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    requisition_hires (requisition_id, employee_id) {
        requisition_id -> Uuid,
        employee_id -> Uuid,
        hired_at -> Timestamptz,
    }
}

diesel::table! {
    applicants (id) {
        id -> Uuid,
        nik -> Text,
        full_name -> Text,
        birth_date -> Date,
        phone -> Text,
        email -> Nullable<Text>,
        education_level -> Text,
        education_field -> Text,
        employee_id -> Nullable<Uuid>,
        requisition_id -> Uuid,
        stage -> Text,
        stage_since -> Timestamptz,
        hired_employee_id -> Nullable<Uuid>,
        created_by -> Uuid,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    applicant_experiences (applicant_id, position) {
        applicant_id -> Uuid,
        position -> Integer,
        role -> Text,
        employer -> Text,
        months -> Integer,
    }
}

diesel::table! {
    applicant_tests (applicant_id, kind) {
        applicant_id -> Uuid,
        kind -> Text,
        passed -> Bool,
        score -> Nullable<Integer>,
        taken_on -> Date,
        recorded_by -> Uuid,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    applicant_stage_history (id) {
        id -> Uuid,
        applicant_id -> Uuid,
        stage -> Text,
        entered_at -> Timestamptz,
        left_at -> Nullable<Timestamptz>,
        reason -> Nullable<Text>,
        moved_by -> Uuid,
    }
}

diesel::table! {
    contracts (id) {
        id -> Uuid,
        employee_id -> Uuid,
        applicant_id -> Nullable<Uuid>,
        kind -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        created_by -> Uuid,
        created_at -> Timestamptz,
        previous_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    contract_decisions (contract_id) {
        contract_id -> Uuid,
        outcome -> Text,
        new_ends_on -> Nullable<Date>,
        note -> Nullable<Text>,
        proposed_by -> Uuid,
        proposed_at -> Timestamptz,
        confirmed_by -> Nullable<Uuid>,
        confirmed_at -> Nullable<Timestamptz>,
        successor_id -> Nullable<Uuid>,
        deactivated_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    contract_notices (contract_id, threshold_days) {
        contract_id -> Uuid,
        threshold_days -> Integer,
        ends_on -> Date,
        noticed_on -> Date,
        created_at -> Timestamptz,
    }
}

// Attendance (issue 15); queried with SQL in store::attendance.
diesel::table! {
    shifts (id) {
        id -> Uuid,
        site -> Text,
        code -> Text,
        starts_at -> Time,
        ends_at -> Time,
        created_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    roster_entries (employee_id, day) {
        employee_id -> Uuid,
        day -> Date,
        shift_id -> Uuid,
        site -> Text,
        assigned_by -> Uuid,
        assigned_at -> Timestamptz,
    }
}

diesel::table! {
    attendance_days (employee_id, day) {
        employee_id -> Uuid,
        day -> Date,
        site -> Text,
        shift_id -> Nullable<Uuid>,
        check_in_at -> Timestamptz,
        check_out_at -> Nullable<Timestamptz>,
        late_minutes -> Int4,
        late -> Bool,
        early_minutes -> Int4,
        early_leave -> Bool,
    }
}

diesel::table! {
    attendance_corrections (id) {
        id -> Uuid,
        employee_id -> Uuid,
        day -> Date,
        site -> Text,
        check_in_at -> Nullable<Timestamptz>,
        check_out_at -> Nullable<Timestamptz>,
        late -> Bool,
        early_leave -> Bool,
        reason -> Text,
        corrected_by -> Uuid,
        corrected_by_role -> Text,
        corrected_at -> Timestamptz,
    }
}

diesel::table! {
    site_attendance_policies (site) {
        site -> Text,
        check_in_required -> Bool,
        set_by -> Uuid,
        set_by_role -> Text,
        set_at -> Timestamptz,
    }
}

diesel::joinable!(credentials -> employees (employee_id));
diesel::joinable!(activations -> employees (employee_id));
diesel::joinable!(requisition_hires -> requisitions (requisition_id));
diesel::joinable!(training_sessions -> training_classes (class_id));
diesel::joinable!(training_enrollments -> training_classes (class_id));
diesel::joinable!(certifications -> employees (employee_id));

diesel::allow_tables_to_appear_in_same_query!(
    employees,
    teams,
    credentials,
    activations,
    refresh_tokens,
    login_failures,
    login_clients,
    access_revocations,
    training_classes,
    training_sessions,
    training_enrollments,
    training_attendance,
    certifications,
);

diesel::allow_tables_to_appear_in_same_query!(applicants, requisitions);
diesel::allow_tables_to_appear_in_same_query!(
    contracts,
    contract_decisions,
    contract_notices,
    employees
);

diesel::table! {
    coaching_records (id) {
        id -> Uuid,
        employee_id -> Uuid,
        site -> Nullable<Text>,
        team_id -> Nullable<Uuid>,
        kind -> Text,
        held_on -> Date,
        topic -> Text,
        agreed -> Text,
        follow_up_on -> Nullable<Date>,
        plan_open -> Bool,
        plan_closed_on -> Nullable<Date>,
        evidence -> Jsonb,
        recorded_by -> Uuid,
        recorded_by_role -> Text,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    warning_letters (id) {
        id -> Uuid,
        employee_id -> Uuid,
        site -> Text,
        level -> Text,
        issued_on -> Date,
        valid_until -> Date,
        reason -> Text,
        direct_reason -> Nullable<Text>,
        status -> Text,
        issued_by -> Uuid,
        issued_by_role -> Text,
        issued_at -> Timestamptz,
        acknowledged_by -> Nullable<Uuid>,
        acknowledged_at -> Nullable<Timestamptz>,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        decision_note -> Nullable<Text>,
        revoked_by -> Nullable<Uuid>,
        revoked_at -> Nullable<Timestamptz>,
        revocation_reason -> Nullable<Text>,
    }
}

diesel::table! {
    termination_reviews (id) {
        id -> Uuid,
        employee_id -> Uuid,
        letter_id -> Uuid,
        site -> Text,
        status -> Text,
        opened_at -> Timestamptz,
        decision -> Nullable<Text>,
        note -> Nullable<Text>,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    evaluation_verdicts (call_id) {
        call_id -> Uuid,
        task_id -> Uuid,
        agent_id -> Uuid,
        team_id -> Nullable<Uuid>,
        site -> Text,
        program -> Text,
        verdict -> Text,
        score -> Float8,
        revision -> Int4,
        validated_at -> Timestamptz,
        month -> Date,
    }
}

diesel::table! {
    incentive_tables (program, version) {
        program -> Text,
        version -> Int4,
        tiers -> Jsonb,
        pembinaan_rule -> Text,
        pembinaan_cap -> Nullable<Text>,
        set_by -> Uuid,
        set_at -> Timestamptz,
    }
}

diesel::table! {
    evaluations (id) {
        id -> Uuid,
        employee_id -> Uuid,
        month -> Date,
        site -> Text,
        program -> Text,
        team_id -> Nullable<Uuid>,
        validated_sales -> Int4,
        adjustment -> Int4,
        agree_total -> Int4,
        quality_score -> Nullable<Float8>,
        rostered_days -> Int4,
        present_days -> Int4,
        late_days -> Int4,
        letters_in_force -> Int4,
        in_pembinaan -> Bool,
        table_version -> Nullable<Int4>,
        tier -> Nullable<Text>,
        tier_reason -> Text,
        status -> Text,
        computed_at -> Timestamptz,
        reviewed_by -> Nullable<Uuid>,
        reviewed_at -> Nullable<Timestamptz>,
        approved_by -> Nullable<Uuid>,
        approved_at -> Nullable<Timestamptz>,
        locked_by -> Nullable<Uuid>,
        locked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    evaluation_months (month) {
        month -> Date,
        computed_at -> Timestamptz,
    }
}

diesel::table! {
    evaluation_adjustments (id) {
        id -> Uuid,
        call_id -> Uuid,
        employee_id -> Uuid,
        from_month -> Date,
        to_month -> Date,
        delta -> Int4,
        revision -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::allow_tables_to_appear_in_same_query!(evaluations, teams);
diesel::allow_tables_to_appear_in_same_query!(evaluation_verdicts, employees);

diesel::allow_tables_to_appear_in_same_query!(warning_letters, employees);
diesel::allow_tables_to_appear_in_same_query!(warning_letters, teams);
diesel::allow_tables_to_appear_in_same_query!(coaching_records, employees);
diesel::allow_tables_to_appear_in_same_query!(coaching_records, teams);
