-- Sharded tables (group accounts, key customer_id) and a broadcast table: every shard gets them.
CREATE TABLE countries (
  code VARCHAR(2) NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE customers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  country_code VARCHAR(2) NOT NULL
);

CREATE TABLE orders (
  customer_id BIGINT NOT NULL,
  order_no INT NOT NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (customer_id, order_no)
);
