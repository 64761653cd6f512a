// calling's own tables (migrations/); the platform's outbox and inbox are in tam_events.

diesel::table! {
    claims (prospect_id) {
        prospect_id -> Uuid,
        claim_id -> Uuid,
        work_order_id -> Uuid,
        wo_code -> Text,
        agent_id -> Uuid,
        team_id -> Nullable<Uuid>,
        site -> Text,
        program -> Text,
        offers -> Jsonb,
        attempt -> Int4,
        lease_expires_at -> Timestamptz,
        claimed_at -> Timestamptz,
        withdrawn_reason -> Nullable<Text>,
        withdrawn_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    withdrawals (prospect_id) {
        prospect_id -> Uuid,
        agent_id -> Nullable<Uuid>,
        reason -> Text,
        withdrawn_at -> Timestamptz,
    }
}

diesel::table! {
    calls (id) {
        id -> Uuid,
        claim_id -> Uuid,
        prospect_id -> Uuid,
        work_order_id -> Uuid,
        wo_code -> Text,
        agent_id -> Uuid,
        team_id -> Nullable<Uuid>,
        site -> Text,
        program -> Text,
        offers -> Jsonb,
        attempt -> Int4,
        masking_number -> Text,
        started_at -> Timestamptz,
        outcome -> Nullable<Text>,
        product_code -> Nullable<Text>,
        negotiation_step -> Nullable<Int4>,
        follow_up_at -> Nullable<Timestamptz>,
        notes -> Nullable<Text>,
        ended_at -> Nullable<Timestamptz>,
        duration_seconds -> Nullable<Int4>,
        abandoned_at -> Nullable<Timestamptz>,
        abandoned_by -> Nullable<Uuid>,
        abandon_reason -> Nullable<Text>,
    }
}

diesel::table! {
    recordings (call_id) {
        call_id -> Uuid,
        object_key -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        sha256 -> Text,
        uploaded_by -> Uuid,
        attached_at -> Timestamptz,
    }
}

diesel::table! {
    idempotency_keys (agent_id, key) {
        agent_id -> Uuid,
        key -> Text,
        request_hash -> Text,
        status -> Int2,
        body -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(recordings -> calls (call_id));
diesel::allow_tables_to_appear_in_same_query!(
    claims,
    withdrawals,
    calls,
    recordings,
    idempotency_keys
);
