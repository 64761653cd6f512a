DROP TABLE qco_valid_counts;
DROP TABLE reviews;
DROP TABLE task_verdicts;
DROP TABLE task_scores;
DROP TABLE tasks;
DROP TABLE recordings;
DROP TABLE parameter_items;
DROP TABLE parameter_versions;
