DROP TABLE validation_answers;
DROP TABLE validations;
DROP TABLE validation_checklist_items;
DROP TABLE validation_checklists;
DROP TABLE validation_plans;
DELETE FROM issue_categories WHERE code = 'qc_invalid_activation';
