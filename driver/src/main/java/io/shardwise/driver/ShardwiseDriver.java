package io.shardwise.driver;

import io.shardwise.driver.jdbc.LogicalConnection;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseProperty;
import io.shardwise.driver.runtime.ShardwiseUrl;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The shardwise JDBC driver. URL: {@code jdbc:shardwise:<shard map file |
 * classpath:resource>[?key=value&...]}. Every connection to the same shard map shares one runtime:
 * its ring, its parse cache and one pool per physical node. User and password passed to {@code
 * DriverManager} are ignored: each node's credentials come from the shard map.
 */
public final class ShardwiseDriver implements Driver {

  /** The driver's version, as {@code DatabaseMetaData} and {@link #getMajorVersion} report it. */
  public static final int MAJOR_VERSION = 0;

  public static final int MINOR_VERSION = 1;

  public static final String VERSION = MAJOR_VERSION + "." + MINOR_VERSION;

  static {
    try {
      DriverManager.registerDriver(new ShardwiseDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // JDBC: another driver's URL
    }
    ShardwiseUrl parsed = ShardwiseUrl.parse(url);
    return new LogicalConnection(RuntimeRegistry.runtime(parsed), parsed);
  }

  @Override
  public boolean acceptsURL(String url) {
    return ShardwiseUrl.accepts(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    ShardwiseProperty[] properties = ShardwiseProperty.values();
    DriverPropertyInfo[] infos = new DriverPropertyInfo[properties.length];
    ShardwiseUrl parsed = acceptsURL(url) ? ShardwiseUrl.parse(url) : null;
    for (int i = 0; i < properties.length; i++) {
      String value = parsed == null ? null : parsed.properties().get(properties[i].key());
      infos[i] = properties[i].info(value);
    }
    return infos;
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  /**
   * Not compliant: shardwise refuses SQL it cannot route correctly, which JDBC compliance forbids.
   */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("shardwise logs through SLF4J");
  }

  /**
   * The counters and health of every node of the shard map behind {@code url} (loading it if no
   * connection was made yet); see docs/observability.md.
   */
  public static ShardwiseMetrics metrics(String url) throws SQLException {
    return RuntimeRegistry.runtime(ShardwiseUrl.parse(url)).metrics();
  }

  /**
   * Closes the runtime of {@code url} now, whoever uses it: every node pool closes and the health
   * monitor and scatter threads stop. The runtime of a map used through {@code DriverManager} lives
   * until this call (or {@link #shutdownAll()}); call it when the application stops. A later
   * connect loads the map again. See docs/lifecycle.md.
   */
  public static void shutdown(String url) throws SQLException {
    RuntimeRegistry.shutdown(ShardwiseUrl.parse(url));
  }

  /** Closes every shardwise runtime of this class loader, as {@link #shutdown(String)} does. */
  public static void shutdownAll() {
    RuntimeRegistry.shutdownAll();
  }

  /**
   * Reads the shard map behind {@code url} again and applies the changes that move no data, as
   * {@link ShardwiseDataSource#reload()} does (loading the map first if no connection was made).
   *
   * @return the changes applied, one line each; empty when the map did not change
   * @throws SQLException SW013 when the new map would move data (the map in force stays), SW007
   *     when the file is invalid
   */
  public static List<String> reload(String url) throws SQLException {
    ShardwiseUrl parsed = ShardwiseUrl.parse(url);
    return RuntimeRegistry.reload(parsed, RuntimeRegistry.runtime(parsed)).live();
  }
}
