DROP TABLE sale_reversals;
