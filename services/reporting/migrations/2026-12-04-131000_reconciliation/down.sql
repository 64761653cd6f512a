DROP TABLE reconciliation_figures;
DROP TABLE reconciliation_runs;
