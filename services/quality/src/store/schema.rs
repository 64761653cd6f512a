// quality's own tables (migrations/); the platform's outbox and inbox are in tam_events.

diesel::table! {
    parameter_versions (id) {
        id -> Uuid,
        program -> Text,
        version -> Int4,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    parameter_items (version_id, code) {
        version_id -> Uuid,
        position -> Int4,
        code -> Text,
        description -> Text,
        weight -> Int4,
        critical -> Bool,
    }
}

diesel::table! {
    recordings (call_id) {
        call_id -> Uuid,
        content_type -> Text,
        size_bytes -> Int8,
        sha256 -> Text,
        attached_at -> Timestamptz,
    }
}

diesel::table! {
    tasks (id) {
        id -> Uuid,
        call_id -> Uuid,
        prospect_id -> Uuid,
        work_order_id -> Uuid,
        agent_id -> Uuid,
        team_id -> Nullable<Uuid>,
        site -> Text,
        program -> Text,
        product_code -> Nullable<Text>,
        negotiation_step -> Nullable<Int4>,
        call_started_at -> Timestamptz,
        call_ended_at -> Timestamptz,
        call_day -> Date,
        parameter_version_id -> Uuid,
        previous_task_id -> Nullable<Uuid>,
        status -> Text,
        claimed_by -> Nullable<Uuid>,
        claimed_at -> Nullable<Timestamptz>,
        lease_expires_at -> Nullable<Timestamptz>,
        verdict -> Nullable<Text>,
        score -> Nullable<Float8>,
        reason -> Nullable<Text>,
        recommendation -> Nullable<Text>,
        judged_by -> Nullable<Uuid>,
        judged_at -> Nullable<Timestamptz>,
        revision -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    task_scores (task_id, code) {
        task_id -> Uuid,
        code -> Text,
        passed -> Bool,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    task_verdicts (task_id, revision) {
        task_id -> Uuid,
        revision -> Int4,
        verdict -> Text,
        score -> Float8,
        reason -> Nullable<Text>,
        recommendation -> Nullable<Text>,
        decided_by -> Uuid,
        decided_role -> Text,
        decided_at -> Timestamptz,
    }
}

diesel::table! {
    reviews (id) {
        id -> Uuid,
        task_id -> Uuid,
        site -> Text,
        queued_for -> Text,
        qco_id -> Uuid,
        qco_verdict -> Text,
        status -> Text,
        qa_id -> Nullable<Uuid>,
        qa_agree -> Nullable<Bool>,
        qa_note -> Nullable<Text>,
        qa_at -> Nullable<Timestamptz>,
        decided_by -> Nullable<Uuid>,
        decision_verdict -> Nullable<Text>,
        decision_reason -> Nullable<Text>,
        decision_recommendation -> Nullable<Text>,
        decision_note -> Nullable<Text>,
        decided_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    qco_valid_counts (qco_id) {
        qco_id -> Uuid,
        valid_count -> Int4,
    }
}

diesel::joinable!(parameter_items -> parameter_versions (version_id));
diesel::joinable!(task_scores -> tasks (task_id));
diesel::joinable!(task_verdicts -> tasks (task_id));
diesel::joinable!(reviews -> tasks (task_id));

diesel::allow_tables_to_appear_in_same_query!(
    parameter_versions,
    parameter_items,
    recordings,
    tasks,
    task_scores,
    task_verdicts,
    reviews,
    qco_valid_counts,
);

diesel::table! {
    mis_sale_reviews (id) {
        id -> Uuid,
        case_id -> Uuid,
        call_id -> Uuid,
        task_id -> Nullable<Uuid>,
        agent_id -> Uuid,
        team_id -> Nullable<Uuid>,
        site -> Text,
        program -> Text,
        indihome_number -> Text,
        product_code -> Text,
        cancelled_on -> Date,
        main_reason -> Text,
        reasons -> Array<Text>,
        survey_note -> Nullable<Text>,
        surveyed_at -> Timestamptz,
        status -> Text,
        finding -> Nullable<Text>,
        decision_note -> Nullable<Text>,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    invalid_activations (id) {
        id -> Uuid,
        validation_id -> Uuid,
        ticket_id -> Uuid,
        ticket_number -> Int8,
        channel -> Text,
        call_id -> Uuid,
        task_id -> Nullable<Uuid>,
        agent_id -> Uuid,
        team_id -> Nullable<Uuid>,
        site -> Nullable<Text>,
        program -> Nullable<Text>,
        product_code -> Nullable<Text>,
        failed_items -> Array<Text>,
        findings -> Text,
        validated_by -> Uuid,
        validated_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}
