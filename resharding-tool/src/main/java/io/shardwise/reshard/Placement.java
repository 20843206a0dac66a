package io.shardwise.reshard;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.ring.ShardKeyHasher;

/** Where a shard-key value lives under the old map and under the new one. */
final class Placement {

  private final HashRing oldRing;
  private final HashRing newRing;

  Placement(ShardMap oldMap, ShardMap newMap) {
    this.oldRing = HashRing.of(oldMap.ring(), oldMap.shards());
    this.newRing = HashRing.of(newMap.ring(), newMap.shards());
  }

  /** The hash of a key value, refusing a NULL or a type without a canonical encoding. */
  static long hash(Object key, String table) {
    try {
      return ShardKeyHasher.hash(key);
    } catch (RoutingException e) {
      throw new ReshardException("Table " + table + ": " + e.getMessage(), e);
    }
  }

  String oldOwner(long hash) {
    return oldRing.shardForHash(hash);
  }

  String newOwner(long hash) {
    return newRing.shardForHash(hash);
  }
}
