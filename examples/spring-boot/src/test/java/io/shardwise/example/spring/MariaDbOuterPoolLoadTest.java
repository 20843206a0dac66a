package io.shardwise.example.spring;

import io.shardwise.it.topology.Engine;

class MariaDbOuterPoolLoadTest extends OuterPoolLoadContract {

  @Override
  ExampleShards createShards() throws Exception {
    return new RealExampleShards(Engine.MARIADB);
  }

  @Override
  String label() {
    return "MariaDB";
  }
}
