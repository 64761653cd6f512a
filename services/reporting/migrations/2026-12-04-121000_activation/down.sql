DROP TABLE activation_mis_sales;
DROP TABLE activation_cabut_surveys;
DROP TABLE activation_cabut_cases;
DROP TABLE activation_qc2;
DROP TABLE activation_breaches;
DROP TABLE activation_resolutions;
DROP TABLE activation_tickets;
DROP TABLE activation_sale_events;
