// helpdesk's own tables (migrations/); the platform's outbox and inbox are in tam_events.

diesel::table! {
    channels (code) {
        code -> Text,
        name -> Text,
        active -> Bool,
    }
}

diesel::table! {
    products (code) {
        code -> Text,
        name -> Text,
        active -> Bool,
    }
}

diesel::table! {
    calendars (code) {
        code -> Text,
        name -> Text,
        spec -> Jsonb,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    sla_policies (code) {
        code -> Text,
        channel -> Nullable<Text>,
        product -> Nullable<Text>,
        priority -> Nullable<Text>,
        calendar -> Text,
        first_response_minutes -> Int4,
        validation_minutes -> Int4,
        provisioning_minutes -> Int4,
        resolution_minutes -> Int4,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    escalation_levels (code) {
        code -> Text,
        percent -> Int4,
        notify -> Array<Text>,
    }
}

diesel::table! {
    tickets (id) {
        id -> Uuid,
        number -> Int8,
        channel -> Text,
        indihome_number -> Text,
        customer_name -> Text,
        contact_number -> Text,
        product_code -> Nullable<Text>,
        negotiation_step -> Nullable<Int4>,
        product_key -> Text,
        priority -> Text,
        site -> Nullable<Text>,
        program -> Nullable<Text>,
        work_order_id -> Nullable<Uuid>,
        call_id -> Nullable<Uuid>,
        prospect_id -> Nullable<Uuid>,
        agent_id -> Nullable<Uuid>,
        team_id -> Nullable<Uuid>,
        status -> Text,
        stage -> Text,
        provisioning_order_number -> Nullable<Text>,
        assignee_id -> Nullable<Uuid>,
        opened_at -> Timestamptz,
        opened_by -> Nullable<Uuid>,
        resolved_at -> Nullable<Timestamptz>,
        flag_reason -> Nullable<Text>,
        next_escalation_at -> Nullable<Timestamptz>,
        first_responded_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
        idempotency_key -> Nullable<Text>,
        request_hash -> Nullable<Text>,
    }
}

diesel::table! {
    ticket_history (id) {
        id -> Int8,
        ticket_id -> Uuid,
        at -> Timestamptz,
        kind -> Text,
        status -> Nullable<Text>,
        note -> Nullable<Text>,
        actor_id -> Nullable<Uuid>,
        actor_role -> Nullable<Text>,
        channel -> Nullable<Text>,
        details -> Nullable<Jsonb>,
    }
}

diesel::table! {
    issue_categories (code) {
        code -> Text,
        name -> Text,
        it_cause -> Bool,
        active -> Bool,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    issues (id) {
        id -> Uuid,
        ticket_id -> Uuid,
        category -> Text,
        description -> Text,
        opened_at -> Timestamptz,
        opened_by -> Uuid,
        resolved_at -> Nullable<Timestamptz>,
        resolved_by -> Nullable<Uuid>,
        resolution -> Nullable<Text>,
    }
}

diesel::table! {
    issue_followups (id) {
        id -> Int8,
        issue_id -> Uuid,
        at -> Timestamptz,
        author_id -> Uuid,
        action -> Text,
        contact_attempt -> Bool,
        result -> Nullable<Text>,
    }
}

diesel::joinable!(ticket_history -> tickets (ticket_id));
diesel::joinable!(issues -> tickets (ticket_id));
diesel::joinable!(issue_followups -> issues (issue_id));
diesel::joinable!(tickets -> channels (channel));
diesel::joinable!(sla_policies -> calendars (calendar));

diesel::allow_tables_to_appear_in_same_query!(
    channels,
    products,
    calendars,
    sla_policies,
    escalation_levels,
    tickets,
    ticket_history,
    issue_categories,
    issues,
    issue_followups,
);

diesel::table! {
    escalations (id) {
        id -> Int8,
        ticket_id -> Uuid,
        clock -> Text,
        level -> Text,
        percent -> Int4,
        breach -> Bool,
        reached_at -> Timestamptz,
        fired_at -> Timestamptz,
        recipients -> Array<Text>,
        assignee_id -> Nullable<Uuid>,
        notify_at -> Timestamptz,
        notified_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(escalations -> tickets (ticket_id));
diesel::allow_tables_to_appear_in_same_query!(escalations, tickets);

diesel::table! {
    ticket_imports (id) {
        id -> Uuid,
        channel -> Text,
        idempotency_key -> Nullable<Text>,
        sha256 -> Text,
        total -> Int4,
        opened -> Int4,
        rejected -> Int4,
        duplicates -> Int4,
        report -> Jsonb,
        imported_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    sale_reversals (call_id) {
        call_id -> Uuid,
        revision -> Int4,
        reason -> Nullable<Text>,
        reverted_at -> Timestamptz,
    }
}
