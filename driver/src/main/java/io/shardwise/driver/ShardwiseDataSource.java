package io.shardwise.driver;

import io.shardwise.driver.jdbc.LogicalConnection;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.driver.runtime.ShardwiseUrl;
import io.shardwise.router.config.SecretMask;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over a shard map, for programmatic use and for frameworks that take a data
 * source. Data sources (and {@code DriverManager} connections) to the same map share one runtime:
 * its ring, pools and health monitor. {@link #close()} lets go of it; the runtime closes (every
 * pool and thread of it stops) when the last data source holding it closes and {@code
 * DriverManager} never used it. See docs/lifecycle.md.
 */
public final class ShardwiseDataSource implements DataSource, AutoCloseable {

  private volatile String url;
  private volatile ShardwiseUrl parsed;
  private volatile ShardwiseRuntime runtime;
  private volatile boolean closed;
  private PrintWriter logWriter;
  private int loginTimeout;

  public ShardwiseDataSource() {}

  public ShardwiseDataSource(String url) throws SQLException {
    setUrl(url);
  }

  /** A {@code jdbc:shardwise:...} URL; set it before the first connection. */
  public void setUrl(String url) throws SQLException {
    ShardwiseUrl next = ShardwiseUrl.parse(url);
    if (runtime != null) {
      throw new RoutingException(
          ErrorCode.INVALID_USE,
          "setUrl called on a ShardwiseDataSource that already made connections; create another"
              + " data source for another URL.");
    }
    this.parsed = next;
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  /**
   * A logical connection: no physical connection is opened until a statement needs one, so this
   * costs a few object allocations (see docs/lifecycle.md for the measured figure).
   */
  @Override
  public Connection getConnection() throws SQLException {
    ShardwiseRuntime current = runtime;
    if (current == null || current.isClosed()) {
      current = start();
    }
    return new LogicalConnection(current, parsed);
  }

  /** Holds the runtime of the URL, loading the map if no one has yet; the slow path. */
  private synchronized ShardwiseRuntime start() throws SQLException {
    if (closed) {
      throw new SQLException(
          "This ShardwiseDataSource for "
              + SecretMask.url(url)
              + " has been closed; create a new one.",
          "08003");
    }
    ShardwiseUrl current = parsed;
    if (current == null) {
      throw new RoutingException(
          ErrorCode.INVALID_URL, "ShardwiseDataSource has no URL: call setUrl first.");
    }
    ShardwiseRuntime held = runtime;
    if (held == null || held.isClosed()) {
      // first use, or ShardwiseDriver.shutdown closed the runtime under this open data source
      held = RuntimeRegistry.acquire(current);
      runtime = held;
    }
    return held;
  }

  /**
   * The counters and health of every node of this data source's shard map (loading the map if no
   * connection was made yet). The same values are JMX MBeans; see docs/observability.md.
   */
  public ShardwiseMetrics metrics() throws SQLException {
    return start().metrics();
  }

  /**
   * Reads the shard-map file again and applies the changes that move no data: replicas added,
   * removed or re-weighted, new credentials, the {@code pool} and {@code reads} sections, the
   * {@code unanalysable} policy. Running statements are not disturbed; a removed replica takes no
   * new statement and its pool closes once idle. One INFO line of the logger {@code
   * io.shardwise.driver.runtime.ShardwiseRuntime} names what changed.
   *
   * @return the changes applied, one line each; empty when the map did not change
   * @throws SQLException SW013 when the new map would move data (shards, their weights, the ring,
   *     table rules, the default shard, a primary's URL): nothing is applied and the map in force
   *     stays; SW007 when the file is invalid
   */
  public List<String> reload() throws SQLException {
    return RuntimeRegistry.reload(parsed, start()).live();
  }

  /** Credentials live in the shard map, per node; these are ignored. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  /**
   * Closes this data source: later {@code getConnection} calls fail (08003). The runtime closes
   * with it — every node pool, the health monitor and the scatter threads stop — unless another
   * open data source or {@code DriverManager} still uses the same map. Connections handed out
   * before keep their logical state but their next statement fails once the runtime is closed.
   * Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ShardwiseRuntime held = runtime;
    runtime = null;
    if (held != null) {
      RuntimeRegistry.release(parsed, held);
    }
  }

  /** True after {@link #close()}. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("shardwise logs through SLF4J");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new RoutingException(
        ErrorCode.INVALID_USE, "ShardwiseDataSource does not wrap " + iface.getName() + ".");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
