package io.shardwise.example.spring;

import io.shardwise.it.topology.Engine;

class MariaDbSpringExampleTest extends SpringExampleContract {

  @Override
  ExampleShards createShards() throws Exception {
    return new RealExampleShards(Engine.MARIADB);
  }
}
