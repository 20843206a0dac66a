package io.shardwise.reshard;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.ring.ShardKeyHasher;

/** Where a shard-key value lives under the old map and under the new one. */
final class Placement {

  private final ShardMap oldMap;
  private final HashRing oldRing;
  private final HashRing newRing;

  Placement(ShardMap oldMap, ShardMap newMap) {
    this.oldMap = oldMap;
    this.oldRing = HashRing.of(oldMap.ring(), oldMap.shards());
    this.newRing = HashRing.of(newMap.ring(), newMap.shards());
  }

  /**
   * The rule of a table; both maps have the same rules ({@link ReshardMaps} checks it), key types
   * included, so a row's old and new owner come from one conversion of its key.
   */
  TableRule rule(String table) {
    return oldMap.table(table).orElseThrow();
  }

  /**
   * The hash of a key value of {@code table}, converted to its key type as the driver converts it;
   * refuses a NULL, a type without a canonical encoding, or a value that does not convert.
   */
  static long hash(Object key, TableRule table) {
    try {
      return ShardKeyHasher.hash(key, table);
    } catch (RoutingException e) {
      throw new ReshardException("Table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  String oldOwner(long hash) {
    return oldRing.shardForHash(hash);
  }

  String newOwner(long hash) {
    return newRing.shardForHash(hash);
  }
}
