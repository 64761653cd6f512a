DROP TABLE applied; DROP TABLE ledger;
