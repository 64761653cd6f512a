DROP TABLE IF EXISTS outbound_facts;
DROP TABLE IF EXISTS outbound_calls;
DROP TABLE IF EXISTS outbound_work_orders;
DROP TABLE IF EXISTS outbound_loaded;
DROP TABLE IF EXISTS outbound_day;
