package io.shardwise.driver.node;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.shardwise.router.config.PoolSettings;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per physical node, created on first use so that a large shard map costs nothing
 * until its nodes are needed. Lookup of an existing pool is two volatile reads (the table, then its
 * slot). A shard-map reload grows the table for new nodes, changes the settings of existing pools
 * and retires the pools of removed nodes: a retired pool takes no new borrower and is closed once
 * its last connection has come back.
 */
public final class NodePools implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodePools.class);
  private static final AtomicInteger RETIREMENTS = new AtomicInteger();

  private final String mapName;
  private volatile PoolSettings settings;
  private volatile AtomicReferenceArray<HikariDataSource> pools;

  /** Indices of nodes removed by a reload, and their pools until these close. */
  private final Set<Integer> retired = ConcurrentHashMap.newKeySet();

  private final Map<Integer, HikariDataSource> retiring = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public NodePools(int capacity, PoolSettings settings, String mapName) {
    this.settings = settings;
    this.mapName = mapName;
    this.pools = new AtomicReferenceArray<>(capacity);
  }

  /**
   * A physical connection to {@code node}, from its pool. A primary's waits up to the pool's {@code
   * connectionTimeout}; a replica's gives up early, see {@link ReplicaAcquire}.
   */
  public Connection connection(Node node) throws SQLException {
    AtomicReferenceArray<HikariDataSource> table = pools;
    HikariDataSource pool = node.index() < table.length() ? table.get(node.index()) : null;
    if (pool == null) {
      pool = create(node);
    }
    try {
      return node.role() == NodeRole.REPLICA
          ? ReplicaAcquire.connection(node, pool)
          : pool.getConnection();
    } catch (SQLException e) {
      node.stats().error();
      throw e;
    }
  }

  /**
   * Closes a physical connection instead of returning it to the pool: its session holds state (SET,
   * temporary tables, locks) that must not reach the next borrower.
   */
  public void evict(Node node, Connection connection) {
    HikariDataSource pool = pool(node);
    if (pool != null) {
      boolean lent = isLent(connection);
      pool.evictConnection(connection);
      if (lent) {
        // HikariCP reports a connection's return to the metrics tracker when its proxy is recycled,
        // which an evicted one never is: the outstanding count would stay one too high for ever.
        node.stats().end();
      }
    } else {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing an evicted connection of {} failed", node, e);
      }
    }
  }

  /**
   * Gives a borrowed connection back to its pool. When HikariCP itself evicted it meanwhile (its
   * proxy marked it broken after an 08xxx or timeout error on it), closing the proxy recycles
   * nothing and reports no return to the metrics tracker: the return is counted here instead, or
   * the node's outstanding count would stay one too high for ever.
   */
  public void giveBack(Node node, Connection connection) throws SQLException {
    boolean brokenByPool;
    try {
      brokenByPool =
          connection.isClosed(); // HikariCP's proxy: closed only by close or its eviction
    } catch (SQLException e) {
      brokenByPool = false;
    }
    connection.close();
    if (brokenByPool) {
      node.stats().end();
    }
  }

  private static boolean isLent(Connection connection) {
    try {
      return !connection.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  /** True after {@link #close()}: the runtime was shut down. */
  public boolean isClosed() {
    return closed;
  }

  /** True when the pool of {@code node} exists: it has been used and not closed. */
  public boolean isOpen(Node node) {
    return pool(node) != null;
  }

  /**
   * The physical connections {@code node}'s pool holds now, in use or idle (0 when it has no pool);
   * for tests and monitoring.
   */
  public int physicalConnections(Node node) {
    HikariDataSource pool = pool(node);
    return pool == null || pool.isClosed() ? 0 : pool.getHikariPoolMXBean().getTotalConnections();
  }

  /** Threads waiting for a connection of {@code node}'s pool now; for tests and monitoring. */
  public int threadsAwaiting(Node node) {
    HikariDataSource pool = pool(node);
    return pool == null || pool.isClosed()
        ? 0
        : pool.getHikariPoolMXBean().getThreadsAwaitingConnection();
  }

  /** The pool of {@code node}, also while a reload retires it; null when it has none. */
  private HikariDataSource pool(Node node) {
    AtomicReferenceArray<HikariDataSource> table = pools;
    HikariDataSource pool = node.index() < table.length() ? table.get(node.index()) : null;
    return pool != null ? pool : retiring.get(node.index());
  }

  private synchronized HikariDataSource create(Node node) throws SQLException {
    if (closed) {
      throw new SQLException(
          "The shardwise runtime for " + mapName + " has been shut down.", "08003");
    }
    if (retired.contains(node.index())) {
      throw new SQLException(
          "Node "
              + node.id()
              + " was removed from the shard map "
              + mapName
              + " by a reload; it takes no new statement.",
          "08001");
    }
    if (node.index() >= pools.length()) {
      grow(node.index() + 1);
    }
    HikariDataSource pool = pools.get(node.index());
    if (pool == null) {
      pool = new HikariDataSource(config(node, settings));
      pools.set(node.index(), pool);
      LOG.debug("Opened pool for node {}", node);
    }
    return pool;
  }

  /** Copies the table into a larger one; a reader of the old table still sees every pool. */
  private void grow(int capacity) {
    AtomicReferenceArray<HikariDataSource> larger =
        new AtomicReferenceArray<>(Math.max(capacity, pools.length() * 2));
    for (int i = 0; i < pools.length(); i++) {
      larger.set(i, pools.get(i));
    }
    pools = larger;
  }

  /**
   * Applies a reloaded map's pool settings: pools opened later get them all; open pools get those
   * HikariCP can change on a running pool (every field but {@code keepaliveTime}, for which the
   * runtime gives its nodes new pools instead).
   */
  public synchronized void apply(PoolSettings next) {
    this.settings = next;
    for (int i = 0; i < pools.length(); i++) {
      HikariDataSource pool = pools.get(i);
      if (pool != null) {
        HikariConfigMXBean live = pool.getHikariConfigMXBean();
        HikariConfig wanted = config(null, next);
        live.setMaximumPoolSize(wanted.getMaximumPoolSize());
        live.setMinimumIdle(wanted.getMinimumIdle());
        live.setConnectionTimeout(wanted.getConnectionTimeout());
        live.setIdleTimeout(wanted.getIdleTimeout());
        live.setMaxLifetime(wanted.getMaxLifetime());
        live.setValidationTimeout(wanted.getValidationTimeout());
        live.setLeakDetectionThreshold(wanted.getLeakDetectionThreshold());
      }
    }
  }

  /** Whether open pools can take {@code next} as they are (see {@link #apply}). */
  public static boolean appliesLive(PoolSettings before, PoolSettings next) {
    return java.util.Objects.equals(before.keepaliveTime(), next.keepaliveTime());
  }

  /**
   * Retires the pool of a node a reload removed: it lends no more connections, its idle ones close
   * now, and the pool closes once the connections of statements still running on it have come back
   * (watched by a short-lived daemon thread {@code shardwise-retire-<n>}).
   */
  public synchronized void retire(Node node) {
    retired.add(node.index());
    HikariDataSource pool =
        node.index() < pools.length() ? pools.getAndSet(node.index(), null) : null;
    if (pool == null) {
      return;
    }
    retiring.put(node.index(), pool);
    pool.getHikariPoolMXBean().softEvictConnections();
    if (pool.getHikariPoolMXBean().getActiveConnections() == 0) {
      closeRetired(node, pool);
      return;
    }
    Thread watcher =
        new Thread(
            () -> closeWhenIdle(node, pool), "shardwise-retire-" + RETIREMENTS.incrementAndGet());
    watcher.setDaemon(true);
    watcher.start();
  }

  private void closeWhenIdle(Node node, HikariDataSource pool) {
    try {
      while (!closed && pool.getHikariPoolMXBean().getActiveConnections() > 0) {
        Thread.sleep(100); // a poll: HikariCP offers no callback for "last connection returned"
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closeRetired(node, pool);
    }
  }

  private void closeRetired(Node node, HikariDataSource pool) {
    if (retiring.remove(node.index(), pool)) {
      pool.close();
      LOG.debug("Closed the pool of removed node {}", node);
    }
  }

  /** The HikariCP configuration of {@code node}'s pool; of the settings alone when it is null. */
  private static HikariConfig config(Node node, PoolSettings settings) {
    HikariConfig config = new HikariConfig();
    if (node != null) {
      config.setPoolName("shardwise-" + node.id().replace('/', '-'));
      config.setJdbcUrl(node.spec().url());
      config.setUsername(node.spec().user());
      config.setPassword(node.spec().password());
      config.setReadOnly(node.role() == NodeRole.REPLICA);
      config.setMetricsTrackerFactory((poolName, poolStats) -> new Outstanding(node.stats()));
    }
    // Pools start empty and grow on demand: a map of many nodes must not open
    // maximumPoolSize connections to each of them at start-up.
    config.setMinimumIdle(settings.minimumIdle() == null ? 0 : settings.minimumIdle());
    // Do not connect while building the pool: an unreachable node must fail the statement that
    // needs it, with its name, not the creation of the runtime.
    config.setInitializationFailTimeout(-1);
    if (settings.maximumPoolSize() != null) {
      config.setMaximumPoolSize(settings.maximumPoolSize());
    }
    setMillis(settings.connectionTimeout(), config::setConnectionTimeout);
    setMillis(settings.idleTimeout(), config::setIdleTimeout);
    setMillis(settings.maxLifetime(), config::setMaxLifetime);
    setMillis(settings.validationTimeout(), config::setValidationTimeout);
    setMillis(settings.keepaliveTime(), config::setKeepaliveTime);
    setMillis(settings.leakDetectionThreshold(), config::setLeakDetectionThreshold);
    return config;
  }

  /**
   * Counts the node's connections in use for the {@code least-outstanding} strategy: HikariCP
   * reports each successful borrow and each return (also of a connection it then evicts) to its
   * metrics tracker, on the borrowing thread.
   */
  private record Outstanding(NodeStats stats) implements IMetricsTracker {
    @Override
    public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
      stats.begin();
    }

    @Override
    public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
      stats.end();
    }
  }

  private static void setMillis(Duration value, java.util.function.LongConsumer setter) {
    if (value != null) {
      setter.accept(value.toMillis());
    }
  }

  /** How many pools are open, retiring ones included; for tests and monitoring. */
  public int openPoolCount() {
    int open = 0;
    for (int i = 0; i < pools.length(); i++) {
      if (pools.get(i) != null) {
        open++;
      }
    }
    return open + retiring.size();
  }

  /** Closes every pool, retired ones included. */
  @Override
  public synchronized void close() {
    closed = true;
    for (int i = 0; i < pools.length(); i++) {
      HikariDataSource pool = pools.getAndSet(i, null);
      if (pool != null) {
        pool.close();
      }
    }
    retiring.values().forEach(HikariDataSource::close);
    retiring.clear();
  }
}
