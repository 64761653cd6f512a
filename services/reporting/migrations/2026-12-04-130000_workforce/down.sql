DROP VIEW workforce_presence;
DROP TABLE workforce_roster;
DROP TABLE workforce_attendance_correction;
DROP TABLE workforce_attendance_day;
DROP TABLE workforce_sdm_day;
