DROP TABLE prospect_attempts;
DROP TABLE prospects;
DROP TABLE dapros_staging;
DROP TABLE dapros_rejections;
DROP TABLE dapros_imports;
