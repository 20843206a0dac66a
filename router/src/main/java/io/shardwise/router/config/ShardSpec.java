package io.shardwise.router.config;

import java.util.List;

/**
 * One shard: a primary and its replicas holding the same rows.
 *
 * @param name the shard's identity; ring points derive from it, so renaming a shard moves data
 * @param weight how many units of the ring this shard owns (1 or more)
 * @param primary the node that takes writes
 * @param replicas read-only copies of the primary, possibly empty
 */
public record ShardSpec(String name, int weight, NodeSpec primary, List<NodeSpec> replicas) {

  public ShardSpec {
    replicas = List.copyOf(replicas);
  }
}
