package io.shardwise.driver.runtime;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseMetrics;
import io.shardwise.driver.health.Dialect;
import io.shardwise.driver.health.HealthMonitor;
import io.shardwise.driver.health.HealthSettings;
import io.shardwise.driver.metrics.NodeMBeans;
import io.shardwise.driver.node.Node;
import io.shardwise.driver.node.NodeHealth;
import io.shardwise.driver.node.NodePools;
import io.shardwise.driver.node.ReplicaSelector;
import io.shardwise.driver.node.ShardNodes;
import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.ReadRouting;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.route.NodeRole;
import io.shardwise.router.route.Router;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Everything built once per shard map and shared by every connection to it: the router (ring and
 * parse cache), the shards' nodes and their pools, the health monitor that decides which replicas
 * may serve reads, and the nodes' JMX MBeans.
 */
public final class ShardwiseRuntime implements AutoCloseable {

  private final String source;
  private final ShardMap map;
  private final Router router;
  private final Map<String, ShardNodes> shards;
  private final List<Node> nodes;
  private final NodePools pools;
  private final long maxLagMillis;
  private final boolean failWithoutReplica;
  private final Predicate<Node> eligible;
  private final HealthMonitor monitor;
  private final long firstRoundDeadline;
  private volatile boolean firstRoundOver;
  private final NodeMBeans mbeans;
  private final ExecutorService scatterExecutor;

  public ShardwiseRuntime(String source, ShardMap map) {
    this(source, map, HealthSettings.DEFAULTS);
  }

  /**
   * Builds the runtime and starts its health monitor without waiting for it: the first read that
   * may go to a replica (or the first {@link #metrics()}) waits for the first probe of every node,
   * at most one probe timeout + 250 ms after the start, so that the first reads already avoid dead
   * and lagging replicas while connecting and writing never wait for probes.
   */
  public ShardwiseRuntime(String source, ShardMap map, HealthSettings health) {
    this.source = source;
    this.map = map;
    this.router = new Router(map, HashRing.of(map.ring(), map.shards()));
    ReadRouting reads = map.reads();
    this.maxLagMillis = reads.maxReplicaLag() == null ? -1 : reads.maxReplicaLag().toMillis();
    this.failWithoutReplica = reads.whenNoReplica() == ReadRouting.NoReplica.FAIL;
    this.eligible = node -> node.stats().health().eligible(maxLagMillis);
    List<Node> all = new ArrayList<>();
    Map<String, ShardNodes> byName = new LinkedHashMap<>();
    for (ShardSpec shard : map.shards()) {
      Node primary = node(all, shard.name(), NodeRole.PRIMARY, "primary", shard.primary());
      List<Node> replicas = new ArrayList<>();
      for (int i = 0; i < shard.replicas().size(); i++) {
        replicas.add(
            node(all, shard.name(), NodeRole.REPLICA, "replica-" + i, shard.replicas().get(i)));
      }
      byName.put(
          shard.name(),
          new ShardNodes(shard.name(), primary, replicas, ReplicaSelector.of(reads.strategy())));
    }
    this.shards = Map.copyOf(byName);
    this.nodes = List.copyOf(all);
    this.pools = new NodePools(nodes, map.pool(), source);
    this.monitor = new HealthMonitor(byName.values(), health);
    monitor.start();
    this.firstRoundDeadline = System.nanoTime() + health.timeout().plusMillis(250).toNanos();
    this.mbeans = new NodeMBeans(mapName(source), nodes, maxLagMillis);
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

  /** The file name of the map ({@code orders.yaml}), as JMX names it. */
  private static String mapName(String source) {
    String name =
        source.startsWith(ShardwiseUrl.CLASSPATH)
            ? source.substring(ShardwiseUrl.CLASSPATH.length())
            : source;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return slash >= 0 && slash < name.length() - 1 ? name.substring(slash + 1) : name;
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

  /** Every node, shards in map order, each primary before its replicas. */
  public List<Node> nodes() {
    return nodes;
  }

  /**
   * The node that serves a statement needing {@code role} on {@code shard}: the primary, or a
   * replica chosen by {@code reads.strategy} among the eligible ones (up and within {@code
   * reads.maxReplicaLag}). When none is eligible, the primary ({@code whenNoReplica: primary}, a
   * counted fallback) or SW011 ({@code fail}) naming why each replica was excluded.
   */
  public Node select(String shard, NodeRole role) throws RoutingException {
    ShardNodes nodes = shards.get(shard);
    if (role == NodeRole.PRIMARY) {
      return routed(nodes.primary());
    }
    awaitFirstProbes();
    Node replica = nodes.selectReplica(eligible);
    if (replica != null) {
      return routed(replica);
    }
    return noReplica(nodes);
  }

  /** Reads a value from a database node; may fail with the node's error. */
  @FunctionalInterface
  public interface NodeQuery {
    int get() throws java.sql.SQLException;
  }

  private volatile int defaultIsolation = -1;

  /** The newest write position per shard, for read-your-writes in {@code global} mode. */
  private final java.util.concurrent.ConcurrentMap<String, ReplicationPosition> lastWrites =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Records a committed write's position on {@code shard}, keeping the newest. */
  public void recordWrite(String shard, ReplicationPosition position) {
    lastWrites.merge(shard, position, (a, b) -> a.isAtLeast(b) ? a : b);
  }

  /** The newest write position recorded for {@code shard}, or null. */
  public ReplicationPosition lastWrite(String shard) {
    return lastWrites.get(shard);
  }

  /**
   * The default transaction isolation of the logical database, read once from a node by {@code
   * reader} and then kept: it is a property of the servers' configuration.
   */
  public int defaultIsolation(NodeQuery reader) throws java.sql.SQLException {
    int known = defaultIsolation;
    if (known < 0) {
      known = reader.get();
      defaultIsolation = known;
    }
    return known;
  }

  /**
   * An eligible replica of {@code shard} that has replayed {@code mustSee} according to the
   * monitor's last probe, or null when none has (or none is eligible): the caller then reads from
   * the primary, or waits on a replica with {@link #awaitReplayed}. A null {@code mustSee} asks for
   * any eligible replica. Counts the statement as routed to the replica returned.
   */
  public Node selectReplica(String shard, ReplicationPosition mustSee) {
    awaitFirstProbes();
    ShardNodes nodes = shards.get(shard);
    Node replica =
        nodes.selectReplica(
            mustSee == null ? eligible : node -> eligible.test(node) && hasSeen(node, mustSee));
    return replica == null ? null : routed(replica);
  }

  private static boolean hasSeen(Node node, ReplicationPosition mustSee) {
    ReplicationPosition seen = node.stats().health().position();
    return seen != null && seen.getClass() == mustSee.getClass() && seen.isAtLeast(mustSee);
  }

  /**
   * The position {@code primary} has written up to, read on one of its physical connections ({@code
   * pg_current_wal_lsn()}, {@code @@gtid_binlog_pos}): after a write, the position a later read
   * must see. Null for engines without replication (H2).
   */
  public ReplicationPosition currentPosition(Node primary, Connection physical)
      throws SQLException {
    return Dialect.of(primary.spec().url()).currentPosition(physical);
  }

  /**
   * Whether {@code replica} has replayed {@code position}: true at once when its last probe says
   * so, else asks it on {@code physical} (one of its connections), waiting at most {@code timeout}
   * (PostgreSQL polls {@code pg_last_wal_replay_lsn()}, MariaDB runs {@code MASTER_GTID_WAIT}).
   */
  public boolean awaitReplayed(
      Node replica, Connection physical, ReplicationPosition position, Duration timeout)
      throws SQLException {
    if (position == null || hasSeen(replica, position)) {
      return true;
    }
    return Dialect.of(replica.spec().url()).awaitReplayed(physical, position, timeout);
  }

  /** Until the monitor's first round is over (or its deadline passed), waits for it; then free. */
  private void awaitFirstProbes() {
    if (!firstRoundOver) {
      long left = firstRoundDeadline - System.nanoTime();
      if (left > 0) {
        monitor.awaitFirstRound(Duration.ofNanos(left));
      }
      firstRoundOver = true;
    }
  }

  private static Node routed(Node node) {
    node.stats().routed();
    return node;
  }

  private Node noReplica(ShardNodes nodes) throws RoutingException {
    if (failWithoutReplica) {
      throw new RoutingException(ErrorCode.NO_ELIGIBLE_NODE, noReplicaMessage(nodes));
    }
    Node primary = nodes.primary();
    if (!nodes.replicas().isEmpty()) {
      primary.stats().fallback();
    }
    return routed(primary);
  }

  private String noReplicaMessage(ShardNodes nodes) {
    StringBuilder message = new StringBuilder("No replica of shard ").append(nodes.shard());
    if (nodes.replicas().isEmpty()) {
      message.append(" exists to serve a read");
    } else {
      message.append(" can serve a read now:");
      String separator = " ";
      for (Node replica : nodes.replicas()) {
        NodeHealth health = replica.stats().health();
        String why = health.exclusion(maxLagMillis);
        message.append(separator).append(replica.id()).append(' ');
        message.append(why == null ? "became eligible meanwhile" : why);
        separator = "; ";
      }
    }
    return message
        .append(". 'reads.whenNoReplica: fail' forbids reading from the primary ")
        .append(nodes.primary().id())
        .append("; set it to 'primary' to fall back, or raise 'reads.maxReplicaLag'.")
        .toString();
  }

  /** Every node's counters and health now. */
  public ShardwiseMetrics metrics() {
    awaitFirstProbes();
    List<NodeMetrics> list = new ArrayList<>(nodes.size());
    for (Node node : nodes) {
      list.add(NodeMetrics.of(node, maxLagMillis));
    }
    return new ShardwiseMetrics(mbeans.map(), list);
  }

  /** Stops the health monitor, unregisters the MBeans and closes the pools. */
  @Override
  public void close() {
    monitor.close();
    mbeans.close();
    scatterExecutor.shutdownNow();
    pools.close();
  }
}
