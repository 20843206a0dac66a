package io.shardwise.examples.flyway;

import io.shardwise.it.examples.ExampleShards;
import io.shardwise.it.topology.Engine;

/** Flyway on the real PostgreSQL topology, in a schema of its own. */
class PgMigrationsTest extends MigrationsContract {

  @Override
  ExampleShards shards() throws Exception {
    return ExampleShards.real(Engine.PG, "orm_flyway");
  }

  @Override
  String productName() {
    return "PostgreSQL";
  }

  @Override
  boolean transactionalDdl() {
    return true;
  }
}
