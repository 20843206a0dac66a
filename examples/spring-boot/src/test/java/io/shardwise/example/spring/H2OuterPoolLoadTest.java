package io.shardwise.example.spring;

class H2OuterPoolLoadTest extends OuterPoolLoadContract {

  @Override
  ExampleShards createShards() throws Exception {
    return new H2ExampleShards();
  }

  @Override
  String label() {
    return "H2";
  }
}
