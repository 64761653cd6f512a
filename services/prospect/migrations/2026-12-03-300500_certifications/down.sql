DROP TABLE certifications;
