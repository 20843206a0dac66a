ALTER TABLE customers ADD email VARCHAR(200);
CREATE INDEX orders_by_total ON orders (total_cents);
