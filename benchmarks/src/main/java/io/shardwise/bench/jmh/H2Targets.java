package io.shardwise.bench.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardwise.bench.ShardMaps;
import io.shardwise.driver.ShardwiseDataSource;
import io.shardwise.driver.ShardwiseDriver;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The data sources the JMH benchmarks compare on H2 in memory: a HikariCP pool straight to a
 * database, and shardwise over one shard per database. Both pools hold at most two connections, as
 * a single benchmark thread needs.
 */
final class H2Targets {

  /** A data source and what shuts it down. */
  record Target(DataSource dataSource, AutoCloseable closer) {}

  private H2Targets() {}

  static HikariDataSource hikari(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  /** A shard map with shard {@code s<i>} on {@code urls.get(i - 1)}, no replicas. */
  static Target shardwise(List<String> urls) throws SQLException {
    String url =
        ShardMaps.writeMap(
            ShardMaps.yaml(urls.size(), urls, "sa", "", 0, "pool: { maximumPoolSize: 2 }\n"));
    return new Target(new ShardwiseDataSource(url), () -> ShardwiseDriver.shutdown(url));
  }

  /** {@link #hikari} as a target. */
  static Target direct(String url) {
    HikariDataSource pool = hikari(url);
    return new Target(pool, pool);
  }
}
