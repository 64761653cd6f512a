DROP TABLE certifications;
DROP TABLE training_attendance;
DROP TABLE training_enrollments;
DROP TABLE training_sessions;
DROP TABLE training_classes;
