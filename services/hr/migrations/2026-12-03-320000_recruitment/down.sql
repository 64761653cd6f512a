DROP TABLE contracts;
DROP TABLE applicant_stage_history;
DROP TABLE applicant_tests;
DROP TABLE applicant_experiences;
DROP TABLE applicants;
