package io.shardwise.examples.flyway;

import io.shardwise.it.examples.ExampleShards;

/** Flyway on two in-memory H2 shards: H2 commits DDL at once, like MariaDB. */
class H2MigrationsTest extends MigrationsContract {

  @Override
  ExampleShards shards() {
    return ExampleShards.h2("flyway");
  }

  @Override
  String productName() {
    return "H2";
  }

  @Override
  boolean transactionalDdl() {
    return false;
  }
}
