package io.shardwise.examples.hibernate;

import io.shardwise.it.examples.ExampleShards;

/** The example on two in-memory H2 shards (no replicas: reads are served by the primaries). */
class H2ShopTest extends ShopContract {

  @Override
  ExampleShards shards() {
    return ExampleShards.h2("shop");
  }
}
