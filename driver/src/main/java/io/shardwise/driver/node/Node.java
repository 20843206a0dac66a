package io.shardwise.driver.node;

import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.route.NodeRole;

/**
 * One physical database node of a shard.
 *
 * @param index position in the runtime's node table, for lock-free pool lookup
 * @param shard the shard it belongs to
 * @param role primary or replica
 * @param id a readable identity used in logs, traces and errors: {@code s2/primary}, {@code
 *     s2/replica-1}
 * @param spec its URL, user and password
 * @param stats its counters and last health, shared by everything that uses the node
 */
public record Node(
    int index, String shard, NodeRole role, String id, NodeSpec spec, NodeStats stats) {

  public Node(int index, String shard, NodeRole role, String id, NodeSpec spec) {
    this(index, shard, role, id, spec, new NodeStats());
  }

  @Override
  public String toString() {
    return id + " (" + spec.maskedUrl() + ")";
  }
}
