DROP TABLE dnc_numbers;
DROP TABLE work_orders;
DROP TABLE agents;
