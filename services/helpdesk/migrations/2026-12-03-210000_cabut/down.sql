DROP TABLE cabut_case_reasons;
DROP TABLE cabut_attempts;
DROP TABLE cabut_cases;
DROP TABLE cabut_imports;
DROP TABLE cabut_reason_versions;
