package io.shardwise.examples.hibernate;

import io.shardwise.it.examples.ExampleShards;
import io.shardwise.it.topology.Engine;

/** The example on the real MariaDB topology, in a database of its own on every node. */
class MariaDbShopTest extends RealShopContract {

  @Override
  ExampleShards shards() throws Exception {
    return ExampleShards.real(Engine.MARIADB, "orm_hibernate");
  }
}
