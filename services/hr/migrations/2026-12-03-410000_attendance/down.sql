DROP TABLE site_attendance_policies;
DROP TABLE attendance_corrections;
DROP TABLE attendance_days;
DROP TABLE roster_entries;
DROP TABLE shifts;
