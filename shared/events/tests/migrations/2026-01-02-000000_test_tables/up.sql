-- A producer's state and a consumer's effects, for the bus tests.
CREATE TABLE ledger (id uuid PRIMARY KEY, note text NOT NULL);
CREATE TABLE applied (event_id uuid NOT NULL, n integer NOT NULL);
