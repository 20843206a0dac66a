package io.shardwise.examples.flyway;

import io.shardwise.it.examples.ExampleShards;
import io.shardwise.it.topology.Engine;

/** Flyway on the real MariaDB topology, in a database of its own. */
class MariaDbMigrationsTest extends MigrationsContract {

  @Override
  ExampleShards shards() throws Exception {
    return ExampleShards.real(Engine.MARIADB, "orm_flyway");
  }

  @Override
  String productName() {
    return "MariaDB";
  }

  @Override
  boolean transactionalDdl() {
    return false;
  }
}
