package io.shardwise.driver.runtime;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.node.ReplicaSelector;
import io.shardwise.driver.node.ShardNodes;
import io.shardwise.router.Router;
import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.ReadRouting;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapChanges;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.route.NodeRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * What one version of a shard map builds: its router (ring and parse cache), its shards' nodes and
 * its read settings. Immutable: a reload builds the next one and the runtime publishes it with one
 * volatile write, so a statement reads a consistent layout with one volatile read and no lock.
 */
final class Layout {

  final ShardMap map;
  final Router router;
  final Map<String, ShardNodes> shards;

  /** Every node, shards in map order, each primary before its replicas. */
  final List<Node> nodes;

  final long maxLagMillis;
  final boolean failWithoutReplica;
  final Predicate<Node> eligible;

  private Layout(ShardMap map, Router router, Map<String, ShardNodes> shards, List<Node> nodes) {
    this.map = map;
    this.router = router;
    this.shards = Map.copyOf(shards);
    this.nodes = List.copyOf(nodes);
    ReadRouting reads = map.reads();
    long lag = reads.maxReplicaLag() == null ? -1 : reads.maxReplicaLag().toMillis();
    this.maxLagMillis = lag;
    this.failWithoutReplica = reads.whenNoReplica() == ReadRouting.NoReplica.FAIL;
    this.eligible = node -> node.stats().health().eligible(lag);
  }

  /** The first layout of a runtime: every node new, numbered by {@code nextIndex}. */
  static Layout of(ShardMap map, IntSupplier nextIndex) {
    Router router = new Router(map);
    return build(map, router, Map.of(), nextIndex, false);
  }

  /**
   * The layout of a reloaded map that moves no data. A node that stays (same shard, role, URL and
   * user) keeps its counters and health; it also keeps its index, hence its pool, unless its
   * password changed or {@code newPools} asks every node for a new pool. The router, with its parse
   * cache, is kept unless the {@code unanalysable} policy changed.
   */
  Layout next(ShardMap next, IntSupplier nextIndex, boolean newPools) {
    Router nextRouter = next.unanalysable() == map.unanalysable() ? router : new Router(next);
    Map<String, Node> previous = new HashMap<>();
    for (Node node : nodes) {
      previous.put(key(node.shard(), node.role(), node.spec()), node);
    }
    return build(next, nextRouter, previous, nextIndex, newPools);
  }

  private static Layout build(
      ShardMap map,
      Router router,
      Map<String, Node> previous,
      IntSupplier nextIndex,
      boolean newPools) {
    NodeFactory factory = new NodeFactory(previous, nextIndex, newPools);
    List<Node> all = new ArrayList<>();
    Map<String, ShardNodes> byName = new LinkedHashMap<>();
    for (ShardSpec shard : map.shards()) {
      Node primary = factory.node(shard.name(), NodeRole.PRIMARY, "primary", shard.primary());
      all.add(primary);
      List<Node> replicas = new ArrayList<>();
      for (int i = 0; i < shard.replicas().size(); i++) {
        replicas.add(
            factory.node(shard.name(), NodeRole.REPLICA, "replica-" + i, shard.replicas().get(i)));
      }
      all.addAll(replicas);
      byName.put(
          shard.name(),
          new ShardNodes(
              shard.name(), primary, replicas, ReplicaSelector.of(map.reads().strategy())));
    }
    return new Layout(map, router, byName, all);
  }

  /** Makes the nodes of a layout, carrying over what a kept node had. */
  private record NodeFactory(Map<String, Node> previous, IntSupplier nextIndex, boolean newPools) {

    Node node(String shard, NodeRole role, String name, NodeSpec spec) {
      String id = shard + "/" + name;
      Node before = previous.isEmpty() ? null : previous.get(key(shard, role, spec));
      if (before == null) {
        return new Node(nextIndex.getAsInt(), shard, role, id, spec);
      }
      boolean samePool = !newPools && Objects.equals(before.spec().password(), spec.password());
      int index = samePool ? before.index() : nextIndex.getAsInt();
      return new Node(index, shard, role, id, spec, before.stats());
    }
  }

  private static String key(String shard, NodeRole role, NodeSpec spec) {
    return shard + ' ' + role + ' ' + ShardMapChanges.identity(spec);
  }
}
