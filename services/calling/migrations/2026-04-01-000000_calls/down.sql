DROP TABLE idempotency_keys;
DROP TABLE recordings;
DROP TABLE calls;
DROP TABLE withdrawals;
DROP TABLE claims;
