package io.shardwise.driver.runtime;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.node.NodePools;
import io.shardwise.driver.node.ShardNodes;
import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.route.NodeRole;
import io.shardwise.router.route.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything built once per shard map and shared by every connection to it: the router (ring and
 * parse cache), the shard's nodes and their pools.
 */
public final class ShardwiseRuntime implements AutoCloseable {

  private final String source;
  private final ShardMap map;
  private final Router router;
  private final Map<String, ShardNodes> shards;
  private final NodePools pools;
  private final ExecutorService scatterExecutor;

  public ShardwiseRuntime(String source, ShardMap map) {
    this.source = source;
    this.map = map;
    this.router = new Router(map, HashRing.of(map.ring(), map.shards()));
    List<Node> nodes = new ArrayList<>();
    Map<String, ShardNodes> byName = new HashMap<>();
    for (ShardSpec shard : map.shards()) {
      Node primary = node(nodes, shard.name(), NodeRole.PRIMARY, "primary", shard.primary());
      List<Node> replicas = new ArrayList<>();
      for (int i = 0; i < shard.replicas().size(); i++) {
        replicas.add(
            node(nodes, shard.name(), NodeRole.REPLICA, "replica-" + i, shard.replicas().get(i)));
      }
      byName.put(shard.name(), new ShardNodes(shard.name(), primary, replicas));
    }
    this.shards = Map.copyOf(byName);
    this.pools = new NodePools(nodes, map.pool(), source);
    this.scatterExecutor = scatterExecutor(map.shards().size());
  }

  // ---- scatter executor (cross-shard queries) ----------------------------------------------

  /**
   * Runs the per-shard queries of cross-shard SELECTs in parallel. Bounded (threads are created on
   * demand up to twice the shard count, at most 32; further queries wait in the queue), daemon
   * threads so an application that forgets to close the runtime can still exit, and shut down with
   * the runtime.
   */
  private static ExecutorService scatterExecutor(int shards) {
    int threads = Math.min(32, Math.max(2, shards * 2));
    AtomicInteger counter = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "shardwise-scatter-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  public ExecutorService scatterExecutor() {
    return scatterExecutor;
  }

  // -------------------------------------------------------------------------------------------

  private static Node node(
      List<Node> nodes, String shard, NodeRole role, String name, NodeSpec spec) {
    Node node = new Node(nodes.size(), shard, role, shard + "/" + name, spec);
    nodes.add(node);
    return node;
  }

  public String source() {
    return source;
  }

  public ShardMap shardMap() {
    return map;
  }

  public Router router() {
    return router;
  }

  public NodePools pools() {
    return pools;
  }

  public ShardNodes shard(String name) {
    return shards.get(name);
  }

  /**
   * The node that serves a statement needing {@code role} on {@code shard}: the primary, or the
   * next replica, falling back to the primary when the shard has no replica and the map allows it.
   */
  public Node select(String shard, NodeRole role) throws RoutingException {
    ShardNodes nodes = shards.get(shard);
    if (role == NodeRole.PRIMARY) {
      return nodes.primary();
    }
    Node replica = nodes.nextReplica();
    if (replica != null) {
      return replica;
    }
    if (map.reads().whenNoReplica() == io.shardwise.router.config.ReadRouting.NoReplica.FAIL) {
      throw new RoutingException(
          ErrorCode.NO_ELIGIBLE_NODE,
          "Shard "
              + shard
              + " has no replica to serve a read, and 'reads.whenNoReplica: fail' forbids the"
              + " primary.");
    }
    return nodes.primary();
  }

  @Override
  public void close() {
    scatterExecutor.shutdownNow();
    pools.close();
  }
}
