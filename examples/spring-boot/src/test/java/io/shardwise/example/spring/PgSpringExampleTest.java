package io.shardwise.example.spring;

import io.shardwise.it.topology.Engine;

class PgSpringExampleTest extends SpringExampleContract {

  @Override
  ExampleShards createShards() throws Exception {
    return new RealExampleShards(Engine.PG);
  }
}
