-- The sales channels of AddOns the desk follows (DOMAIN.md): HD Support and QC Tier 2
-- follow every one of them. A channel is never deleted (tickets will name it); one the
-- client stops using is made inactive.
CREATE TABLE channels (
    code   text    PRIMARY KEY,
    name   text    NOT NULL,
    active boolean NOT NULL DEFAULT true,
    CONSTRAINT channels_code_known
        CHECK (code IN ('obc', 'call_center_147', 'plasa', 'myindihome', 'web', 'sales_force')),
    CONSTRAINT channels_name_not_blank CHECK (btrim(name) <> '' AND length(name) <= 100)
);

INSERT INTO channels (code, name) VALUES
    ('obc', 'Outbound call (this suite)'),
    ('call_center_147', 'Call center 147'),
    ('plasa', 'Plasa Telkom shops'),
    ('myindihome', 'myIndiHome app'),
    ('web', 'Web'),
    ('sales_force', 'Sales force');
