package io.shardwise.driver;

import io.shardwise.driver.jdbc.LogicalConnection;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.driver.runtime.ShardwiseUrl;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over a shard map, for programmatic use and for frameworks that take a data
 * source. {@link #close()} shuts the shard map's runtime down (its pools close).
 */
public final class ShardwiseDataSource implements DataSource, AutoCloseable {

  private volatile String url;
  private volatile ShardwiseUrl parsed;
  private PrintWriter logWriter;
  private int loginTimeout;

  public ShardwiseDataSource() {}

  public ShardwiseDataSource(String url) throws SQLException {
    setUrl(url);
  }

  /** A {@code jdbc:shardwise:...} URL. */
  public void setUrl(String url) throws SQLException {
    this.parsed = ShardwiseUrl.parse(url);
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    ShardwiseUrl current = parsed;
    if (current == null) {
      throw new RoutingException(
          ErrorCode.INVALID_URL, "ShardwiseDataSource has no URL: call setUrl first.");
    }
    ShardwiseRuntime runtime = RuntimeRegistry.runtime(current);
    return new LogicalConnection(runtime, current);
  }

  /**
   * The counters and health of every node of this data source's shard map (loading the map if no
   * connection was made yet). The same values are JMX MBeans; see docs/observability.md.
   */
  public ShardwiseMetrics metrics() throws SQLException {
    ShardwiseUrl current = parsed;
    if (current == null) {
      throw new RoutingException(
          ErrorCode.INVALID_URL, "ShardwiseDataSource has no URL: call setUrl first.");
    }
    return RuntimeRegistry.runtime(current).metrics();
  }

  /** Credentials live in the shard map, per node; these are ignored. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public void close() {
    ShardwiseUrl current = parsed;
    if (current != null) {
      RuntimeRegistry.shutdown(current);
    }
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
