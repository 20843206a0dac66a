package io.shardwise.driver.runtime;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseMetrics;
import io.shardwise.driver.health.HealthMonitor;
import io.shardwise.driver.health.HealthSettings;
import io.shardwise.driver.health.ReplicationProbe;
import io.shardwise.driver.metrics.NodeMBeans;
import io.shardwise.driver.node.Node;
import io.shardwise.driver.node.NodeHealth;
import io.shardwise.driver.node.NodePools;
import io.shardwise.driver.node.ShardNodes;
import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.router.Router;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapChanges;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything built once per shard map and shared by every connection to it: the router (ring and
 * parse cache), the shards' nodes and their pools, the health monitor that decides which replicas
 * may serve reads, and the nodes' JMX MBeans.
 *
 * <p>The map-dependent part is one immutable {@link Layout} behind a volatile field: statements
 * read it without a lock, and {@link #reload} replaces it for changes that move no data.
 */
public final class ShardwiseRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShardwiseRuntime.class);

  private final String source;
  private final HealthSettings health;
  private final AtomicInteger nodeIndexes = new AtomicInteger();
  private volatile Layout layout;
  private final NodePools pools;
  private volatile HealthMonitor monitor;
  private volatile NodeMBeans mbeans;
  private final long firstRoundDeadline;
  private volatile boolean firstRoundOver;
  private final ScatterThreads scatterThreads;
  private volatile boolean closed;

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
    this.health = health;
    this.layout = Layout.of(map, nodeIndexes::getAndIncrement);
    this.pools = new NodePools(nodeIndexes.get(), map.pool(), source);
    this.monitor = startMonitor(layout, health);
    this.firstRoundDeadline = System.nanoTime() + health.timeout().plusMillis(250).toNanos();
    this.mbeans = new NodeMBeans(mapName(source), layout.nodes, layout.maxLagMillis);
    this.scatterThreads =
        new ScatterThreads(
            scatterExecutor(map.shards().size()), ScatterThreads.DEFAULT_HAND_OFF_NANOS);
  }

  private static HealthMonitor startMonitor(Layout layout, HealthSettings health) {
    HealthMonitor monitor = new HealthMonitor(layout.shards.values(), health);
    monitor.start();
    return monitor;
  }

  // ---- reload ------------------------------------------------------------------------------

  /**
   * Applies {@code next} if it moves no data (see {@link ShardMapChanges}), else refuses it with
   * SW013 and keeps the current map. Applying: new nodes are probed once before they can be chosen,
   * then the new layout is published; statements already running keep their physical connections;
   * pools of removed nodes take no new borrower and close once idle; open pools take the new pool
   * settings. Logs one INFO line naming every change.
   *
   * @return the changes applied (empty when the maps are equal)
   */
  public synchronized ShardMapChanges reload(ShardMap next) throws RoutingException {
    if (closed) {
      throw new RoutingException(
          ErrorCode.RELOAD_REFUSED,
          "The shardwise runtime for "
              + source
              + " has been shut down; there is nothing to reload.");
    }
    Layout current = layout;
    ShardMapChanges changes = ShardMapChanges.between(current.map, next);
    if (changes.movesData()) {
      String message =
          "Reload of shard map "
              + source
              + " refused: it would move data ("
              + String.join("; ", changes.movingData())
              + "). The map in force is unchanged; reshard first (docs/resharding.md), then"
              + " restart on the new map.";
      LOG.warn(message);
      throw new RoutingException(ErrorCode.RELOAD_REFUSED, message);
    }
    if (changes.isEmpty()) {
      LOG.info("Reloaded shard map {}: no change", source);
      return changes;
    }
    boolean newPools = !NodePools.appliesLive(current.map.pool(), next.pool());
    Layout fresh = current.next(next, nodeIndexes::getAndIncrement, newPools);
    HealthMonitor freshMonitor = startMonitor(fresh, health);
    freshMonitor.awaitFirstRound(health.timeout().plusMillis(250));
    pools.apply(next.pool());
    mbeans.close();
    mbeans = new NodeMBeans(mapName(source), fresh.nodes, fresh.maxLagMillis);
    mbeans.due();
    HealthMonitor oldMonitor = monitor;
    layout = fresh;
    monitor = freshMonitor;
    oldMonitor.close();
    Set<Integer> inUse = new HashSet<>();
    fresh.nodes.forEach(node -> inUse.add(node.index()));
    for (Node node : current.nodes) {
      if (!inUse.contains(node.index())) {
        pools.retire(node);
      }
    }
    LOG.info("Reloaded shard map {}: {}", source, String.join("; ", changes.live()));
    return changes;
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

  public ScatterThreads scatterThreads() {
    return scatterThreads;
  }

  // -------------------------------------------------------------------------------------------

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
    return layout.map;
  }

  public Router router() {
    return layout.router;
  }

  public NodePools pools() {
    return pools;
  }

  public ShardNodes shard(String name) {
    return layout.shards.get(name);
  }

  /** Every node, shards in map order, each primary before its replicas. */
  public List<Node> nodes() {
    return layout.nodes;
  }

  /**
   * The node that serves a statement needing {@code role} on {@code shard}: the primary, or a
   * replica chosen by {@code reads.strategy} among the eligible ones (up and within {@code
   * reads.maxReplicaLag}). When none is eligible, the primary ({@code whenNoReplica: primary}, a
   * counted fallback) or SW011 ({@code fail}) naming why each replica was excluded.
   */
  public Node select(String shard, NodeRole role) throws RoutingException {
    mbeans.due(); // the first statement: the MBeans' registration no longer waits (NodeMBeans)
    Layout current = layout;
    ShardNodes nodes = current.shards.get(shard);
    if (role == NodeRole.PRIMARY) {
      return routed(nodes.primary());
    }
    awaitFirstProbes();
    Node replica = nodes.selectReplica(current.eligible);
    if (replica != null) {
      return routed(replica);
    }
    return noReplica(current, nodes);
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
    mbeans.due();
    awaitFirstProbes();
    Layout current = layout;
    ShardNodes nodes = current.shards.get(shard);
    Predicate<Node> eligible = current.eligible;
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
    return ReplicationProbe.of(primary.spec().engine()).currentPosition(physical);
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
    return ReplicationProbe.of(replica.spec().engine()).awaitReplayed(physical, position, timeout);
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

  private static Node noReplica(Layout layout, ShardNodes nodes) throws RoutingException {
    if (layout.failWithoutReplica) {
      throw new RoutingException(
          ErrorCode.NO_ELIGIBLE_NODE, noReplicaMessage(nodes, layout.maxLagMillis));
    }
    Node primary = nodes.primary();
    if (!nodes.replicas().isEmpty()) {
      primary.stats().fallback();
    }
    return routed(primary);
  }

  private static String noReplicaMessage(ShardNodes nodes, long maxLagMillis) {
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
    Layout current = layout;
    List<NodeMetrics> list = new ArrayList<>(current.nodes.size());
    for (Node node : current.nodes) {
      list.add(NodeMetrics.of(node, current.maxLagMillis));
    }
    return new ShardwiseMetrics(mbeans.map(), list);
  }

  /** True after {@link #close()}. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops the health monitor, unregisters the MBeans, stops the scatter threads and closes every
   * pool. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    monitor.close();
    mbeans.close();
    scatterThreads.executor().shutdownNow();
    pools.close();
  }
}
