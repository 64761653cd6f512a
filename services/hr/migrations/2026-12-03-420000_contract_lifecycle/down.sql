DROP INDEX contracts_pkwt_end;
DROP TABLE contract_notices;
DROP TABLE contract_decisions;
DROP INDEX contracts_one_successor;
ALTER TABLE contracts DROP COLUMN previous_id;
