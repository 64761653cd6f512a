-- The first read model: how many events of each type each site produced per business
-- day (WIB). Fed by every event on the bus.
CREATE TABLE event_counts (
    day        date   NOT NULL,
    event_type text   NOT NULL,
    -- '' for events that belong to no site (all-site work).
    site       text   NOT NULL DEFAULT '',
    events     bigint NOT NULL,
    PRIMARY KEY (day, event_type, site)
);
