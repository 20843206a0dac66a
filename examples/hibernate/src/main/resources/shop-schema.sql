-- The example's tables, run through the shardwise URL: DDL on a sharded or broadcast table reaches
-- every shard's primary. One statement per line-group, separated by semicolons.
DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS customers;
DROP TABLE IF EXISTS countries;
CREATE TABLE countries (
  code VARCHAR(2) NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);
CREATE TABLE customers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  country_code VARCHAR(2) NOT NULL,
  version BIGINT NOT NULL
);
CREATE TABLE orders (
  customer_id BIGINT NOT NULL,
  order_no INT NOT NULL,
  total_cents BIGINT NOT NULL,
  status VARCHAR(20) NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (customer_id, order_no)
);
