package io.shardwise.bench.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardwise.bench.ShardMaps;
import io.shardwise.driver.ShardwiseDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code getConnection()} then {@code close()}, no statement: what a logical connection costs. A
 * logical connection opens no physical connection, so this is object allocation and, under an outer
 * pool, the pool's own bookkeeping (HikariCP resets what the borrower changed). {@code shardwise}
 * borrows from a {@link ShardwiseDataSource} over a 4-shard H2 map; {@code hikari-over-shardwise}
 * from an application HikariCP pool whose URL is the shardwise URL; {@code hikari-direct} from a
 * HikariCP pool to one H2 database, for comparison.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ConnectionBenchmark {

  @Param({"shardwise", "hikari-over-shardwise", "hikari-direct"})
  String target;

  private DataSource dataSource;
  private AutoCloseable closer;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    List<String> urls = new java.util.ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      urls.add("jdbc:h2:mem:jmh-connection-" + i + ";DB_CLOSE_DELAY=-1");
    }
    String url = ShardMaps.writeMap(ShardMaps.yaml(4, urls, "sa", "", 0, ""));
    ShardwiseDataSource shardwise = new ShardwiseDataSource(url);
    HikariConfig config = new HikariConfig();
    config.setMaximumPoolSize(2);
    config.setPoolName("jmh-app-pool");
    switch (target) {
      case "shardwise" -> {
        dataSource = shardwise;
        closer = shardwise;
      }
      case "hikari-over-shardwise" -> {
        config.setDataSource(shardwise);
        HikariDataSource pool = new HikariDataSource(config);
        dataSource = pool;
        closer =
            () -> {
              pool.close();
              shardwise.close();
            };
      }
      default -> {
        shardwise.close();
        config.setJdbcUrl(urls.get(0));
        config.setUsername("sa");
        config.setPassword("");
        HikariDataSource pool = new HikariDataSource(config);
        dataSource = pool;
        closer = pool;
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    closer.close();
  }

  @Benchmark
  public boolean borrowAndClose() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return c.getAutoCommit();
    }
  }
}
