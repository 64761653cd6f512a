DROP TABLE check_ins;
DROP TABLE attendance_policies;
