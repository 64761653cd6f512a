DROP TABLE quality_verdicts;
DROP TABLE quality_agree_calls;
