-- Run by Spring Boot at start-up (spring.sql.init.mode: always) through shardwise: DDL on a
-- sharded table reaches every shard's primary.
CREATE TABLE IF NOT EXISTS accounts (
  account_id BIGINT PRIMARY KEY,
  owner VARCHAR(40) NOT NULL,
  balance BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
  account_id BIGINT NOT NULL,
  entry_id BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (account_id, entry_id)
);
