package io.shardwise.driver.node;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.shardwise.router.config.PoolSettings;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per physical node, created on first use so that a large shard map costs nothing
 * until its nodes are needed. Lookup of an existing pool is a volatile array read.
 */
public final class NodePools implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodePools.class);

  private final List<Node> nodes;
  private final PoolSettings settings;
  private final String mapName;
  private final AtomicReferenceArray<HikariDataSource> pools;
  private volatile boolean closed;

  public NodePools(List<Node> nodes, PoolSettings settings, String mapName) {
    this.nodes = List.copyOf(nodes);
    this.settings = settings;
    this.mapName = mapName;
    this.pools = new AtomicReferenceArray<>(nodes.size());
  }

  /** A physical connection to {@code node}, from its pool. */
  public Connection connection(Node node) throws SQLException {
    HikariDataSource pool = pools.get(node.index());
    if (pool == null) {
      pool = create(node);
    }
    try {
      return pool.getConnection();
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
    HikariDataSource pool = pools.get(node.index());
    if (pool != null) {
      pool.evictConnection(connection);
    } else {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("Closing an evicted connection of {} failed", node, e);
      }
    }
  }

  /** True after {@link #close()}: the runtime was shut down. */
  public boolean isClosed() {
    return closed;
  }

  /** True when the pool of {@code node} exists: it has been used. */
  public boolean isOpen(Node node) {
    return pools.get(node.index()) != null;
  }

  private synchronized HikariDataSource create(Node node) throws SQLException {
    if (closed) {
      throw new SQLException(
          "The shardwise runtime for " + mapName + " has been shut down.", "08003");
    }
    HikariDataSource pool = pools.get(node.index());
    if (pool == null) {
      pool = new HikariDataSource(config(node));
      pools.set(node.index(), pool);
      LOG.debug("Opened pool for node {}", node);
    }
    return pool;
  }

  private HikariConfig config(Node node) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("shardwise-" + node.id().replace('/', '-'));
    config.setJdbcUrl(node.spec().url());
    config.setUsername(node.spec().user());
    config.setPassword(node.spec().password());
    config.setReadOnly(node.role() == NodeRole.REPLICA);
    config.setMetricsTrackerFactory((poolName, poolStats) -> new Outstanding(node.stats()));
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

  /** How many pools have been opened; for tests and monitoring. */
  public int openPoolCount() {
    int open = 0;
    for (int i = 0; i < pools.length(); i++) {
      if (pools.get(i) != null) {
        open++;
      }
    }
    return open;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (int i = 0; i < pools.length(); i++) {
      HikariDataSource pool = pools.getAndSet(i, null);
      if (pool != null) {
        pool.close();
      }
    }
  }
}
