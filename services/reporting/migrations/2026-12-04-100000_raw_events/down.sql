-- Drops the partitions with it.
DROP TABLE raw_events;
