DROP TABLE requisition_hires;
DROP TABLE requisitions;
DROP TABLE sdm_close;
DROP TABLE sdm_days;
DROP TABLE caplan_revisions;
DROP TABLE employee_status_history;
