DROP TABLE mis_sale_reviews;
