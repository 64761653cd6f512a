DROP TABLE processed_events;
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION notify_outbox();
DROP TABLE outbox;
