DROP TABLE termination_reviews;
DROP TABLE warning_letters;
DROP TABLE coaching_records;
