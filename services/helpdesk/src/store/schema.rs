// helpdesk's own tables (migrations/); the platform's outbox and inbox are in tam_events.

diesel::table! {
    channels (code) {
        code -> Text,
        name -> Text,
        active -> Bool,
    }
}
