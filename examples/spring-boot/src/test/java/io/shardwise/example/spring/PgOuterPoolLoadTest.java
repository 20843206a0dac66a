package io.shardwise.example.spring;

import io.shardwise.it.topology.Engine;

class PgOuterPoolLoadTest extends OuterPoolLoadContract {

  @Override
  ExampleShards createShards() throws Exception {
    return new RealExampleShards(Engine.PG);
  }

  @Override
  String label() {
    return "PostgreSQL";
  }
}
