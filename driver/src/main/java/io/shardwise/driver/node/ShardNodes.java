package io.shardwise.driver.node;

import java.util.List;
import java.util.function.Predicate;

/** The nodes of one shard, and the selector that spreads its reads over the replicas. */
public final class ShardNodes {

  private final String shard;
  private final Node primary;
  private final Node[] replicas;
  private final List<Node> replicaList;
  private final ReplicaSelector selector;

  public ShardNodes(String shard, Node primary, List<Node> replicas, ReplicaSelector selector) {
    this.shard = shard;
    this.primary = primary;
    this.replicaList = List.copyOf(replicas);
    this.replicas = replicaList.toArray(new Node[0]);
    this.selector = selector;
  }

  public String shard() {
    return shard;
  }

  public Node primary() {
    return primary;
  }

  public List<Node> replicas() {
    return replicaList;
  }

  /** An eligible replica chosen by the shard's strategy, or null when none is eligible. */
  public Node selectReplica(Predicate<Node> eligible) {
    return replicas.length == 0 ? null : selector.select(replicas, eligible);
  }
}
