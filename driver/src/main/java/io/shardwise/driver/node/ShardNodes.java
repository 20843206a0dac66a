package io.shardwise.driver.node;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The nodes of one shard, with the round-robin cursor over its replicas. */
public final class ShardNodes {

  private final String shard;
  private final Node primary;
  private final Node[] replicas;
  private final AtomicInteger nextReplica = new AtomicInteger();

  public ShardNodes(String shard, Node primary, List<Node> replicas) {
    this.shard = shard;
    this.primary = primary;
    this.replicas = replicas.toArray(new Node[0]);
  }

  public String shard() {
    return shard;
  }

  public Node primary() {
    return primary;
  }

  public List<Node> replicas() {
    return List.of(replicas);
  }

  /** The next replica in round-robin order, or null when the shard has none. */
  public Node nextReplica() {
    if (replicas.length == 0) {
      return null;
    }
    return replicas[Math.floorMod(nextReplica.getAndIncrement(), replicas.length)];
  }
}
