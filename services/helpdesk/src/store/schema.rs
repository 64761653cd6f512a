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

// QC Tier 2's validations (migrations/2026-12-03-200000_qc_validation).

diesel::table! {
    validation_plans (channel) {
        channel -> Text,
        share_percent -> Int4,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    validation_checklists (id) {
        id -> Uuid,
        channel -> Text,
        version -> Int4,
        effective_from -> Date,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    validation_checklist_items (checklist_id, code) {
        checklist_id -> Uuid,
        position -> Int4,
        code -> Text,
        text -> Text,
        critical -> Bool,
    }
}

diesel::table! {
    validations (id) {
        id -> Uuid,
        ticket_id -> Uuid,
        channel -> Text,
        activated_at -> Timestamptz,
        checklist_id -> Uuid,
        share_percent -> Int4,
        sampled_at -> Timestamptz,
        sampled_by -> Nullable<Uuid>,
        status -> Text,
        claimed_by -> Nullable<Uuid>,
        claimed_at -> Nullable<Timestamptz>,
        lease_expires_at -> Nullable<Timestamptz>,
        findings -> Nullable<Text>,
        validated_by -> Nullable<Uuid>,
        validated_at -> Nullable<Timestamptz>,
        issue_id -> Nullable<Uuid>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    validation_answers (validation_id, item_code) {
        validation_id -> Uuid,
        item_code -> Text,
        passed -> Bool,
        note -> Nullable<Text>,
    }
}

diesel::joinable!(validation_checklist_items -> validation_checklists (checklist_id));
diesel::joinable!(validations -> tickets (ticket_id));
diesel::joinable!(validation_answers -> validations (validation_id));
diesel::allow_tables_to_appear_in_same_query!(
    validation_plans,
    validation_checklists,
    validation_checklist_items,
    validations,
    validation_answers,
    tickets,
);

// QC Tier 2's CABUT survey (store::cabut).
diesel::table! {
    cabut_reason_versions (version) {
        version -> Int4,
        reasons -> Jsonb,
        created_at -> Timestamptz,
        created_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    cabut_imports (id) {
        id -> Uuid,
        idempotency_key -> Nullable<Text>,
        sha256 -> Text,
        total -> Int4,
        created -> Int4,
        rejected -> Int4,
        duplicates -> Int4,
        report -> Jsonb,
        imported_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    cabut_cases (id) {
        id -> Uuid,
        number -> Int8,
        indihome_number -> Text,
        product_code -> Text,
        cancelled_on -> Date,
        channel -> Text,
        customer_name -> Nullable<Text>,
        contact_number -> Nullable<Text>,
        ticket_id -> Nullable<Uuid>,
        call_id -> Nullable<Uuid>,
        agent_id -> Nullable<Uuid>,
        team_id -> Nullable<Uuid>,
        site -> Nullable<Text>,
        program -> Nullable<Text>,
        quality_verdict -> Nullable<Text>,
        flag -> Nullable<Text>,
        status -> Text,
        claimed_by -> Nullable<Uuid>,
        lease_expires_at -> Nullable<Timestamptz>,
        reason_version -> Nullable<Int4>,
        main_reason -> Nullable<Text>,
        survey_note -> Nullable<Text>,
        mis_sale -> Bool,
        surveyed_by -> Nullable<Uuid>,
        surveyed_at -> Nullable<Timestamptz>,
        import_id -> Nullable<Uuid>,
        created_by -> Uuid,
        created_at -> Timestamptz,
        idempotency_key -> Nullable<Text>,
        request_hash -> Nullable<Text>,
    }
}

diesel::table! {
    cabut_attempts (id) {
        id -> Int8,
        case_id -> Uuid,
        at -> Timestamptz,
        by -> Uuid,
        outcome -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    cabut_case_reasons (case_id, code) {
        case_id -> Uuid,
        code -> Text,
        main -> Bool,
        text -> Nullable<Text>,
    }
}

diesel::table! {
    disruptions (id) {
        id -> Uuid,
        number -> Int8,
        site -> Text,
        category -> Text,
        programs -> Array<Text>,
        agents_affected -> Int4,
        description -> Text,
        proposed_severity -> Text,
        severity -> Text,
        status -> Text,
        reported_by -> Uuid,
        reporter_role -> Text,
        started_at -> Timestamptz,
        ended_at -> Nullable<Timestamptz>,
        reported_at -> Timestamptz,
        acknowledged_at -> Nullable<Timestamptz>,
        closed_at -> Nullable<Timestamptz>,
        next_escalation_at -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
        idempotency_key -> Nullable<Text>,
        request_hash -> Nullable<Text>,
    }
}

diesel::table! {
    disruption_timeline (id) {
        id -> Int8,
        disruption_id -> Uuid,
        at -> Timestamptz,
        kind -> Text,
        status -> Nullable<Text>,
        note -> Nullable<Text>,
        actor_id -> Nullable<Uuid>,
        actor_role -> Nullable<Text>,
        details -> Nullable<Jsonb>,
    }
}

diesel::table! {
    disruption_breaches (id) {
        id -> Int8,
        disruption_id -> Uuid,
        clock -> Text,
        severity -> Text,
        calendar -> Text,
        target_minutes -> Int4,
        due_at -> Timestamptz,
        fired_at -> Timestamptz,
        escalated_to -> Text,
    }
}

diesel::joinable!(disruption_timeline -> disruptions (disruption_id));
diesel::joinable!(disruption_breaches -> disruptions (disruption_id));
diesel::allow_tables_to_appear_in_same_query!(
    disruptions,
    disruption_timeline,
    disruption_breaches
);
