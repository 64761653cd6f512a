-- The relay is woken in-process after the producer's commit (tam_events::wake), no
-- longer by NOTIFY: a transaction that notifies holds a database-wide lock from its
-- commit record to its end, so producers committing events took turns at the WAL flush.
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION notify_outbox();
