package io.shardwise.driver;

import java.util.List;
import java.util.Optional;

/**
 * The counters and health of every node of one shard map at one moment, from {@code
 * ShardwiseDataSource.metrics()} or {@code ShardwiseRuntime.metrics()}. The same values are JMX
 * attributes of {@code io.shardwise:type=Node,map=<map>,node=<shard>/<node>}
 * (docs/observability.md).
 *
 * @param map the shard map's name, as in the JMX object names
 * @param nodes every node, primaries before their replicas, shards in map order
 */
public record ShardwiseMetrics(String map, List<NodeMetrics> nodes) {

  public ShardwiseMetrics {
    nodes = List.copyOf(nodes);
  }

  /** The node with this id ({@code s2/replica-1}), if any. */
  public Optional<NodeMetrics> node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }
}
