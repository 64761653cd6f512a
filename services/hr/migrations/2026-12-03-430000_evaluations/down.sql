DROP TABLE evaluation_adjustments;
DROP TABLE evaluation_months;
DROP TABLE evaluations;
DROP TABLE incentive_tables;
DROP TABLE evaluation_verdicts;
