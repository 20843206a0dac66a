package io.shardwise.examples.hibernate;

import io.shardwise.it.examples.ExampleShards;
import io.shardwise.it.topology.Engine;

/** The example on the real PostgreSQL topology, in a schema of its own on every node. */
class PgShopTest extends RealShopContract {

  @Override
  ExampleShards shards() throws Exception {
    return ExampleShards.real(Engine.PG, "orm_hibernate");
  }
}
