package io.shardwise.example.spring;

class H2SpringExampleTest extends SpringExampleContract {

  @Override
  ExampleShards createShards() throws Exception {
    return new H2ExampleShards();
  }
}
