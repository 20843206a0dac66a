package io.shardwise.bench.jmh;

import com.zaxxer.hikari.HikariDataSource;
import io.shardwise.bench.HandScatter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
 * The cross-shard page {@link HandScatter#SQL} through the whole JDBC path on H2 in memory, one
 * client thread: {@code direct} reads it from one database holding every row; {@code by-hand-4}
 * sends it to four databases holding a quarter each over direct HikariCP pools, one after another,
 * and merges them in the client ({@link HandScatter}: the least any scatter can do); {@code
 * shardwise-4} is the driver on a four-shard map over those same four databases. shardwise-4 /
 * by-hand-4 is the driver's own cost, by-hand-4 / direct the cost of asking four databases.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ScatterBenchmark {

  private static final int ROWS = 10_000;

  @Param({"direct", "by-hand-4", "shardwise-4"})
  String target;

  private final List<AutoCloseable> closers = new ArrayList<>();
  private DataSource dataSource;
  private HandScatter byHand;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String direct = "jdbc:h2:mem:jmh-scatter-direct;DB_CLOSE_DELAY=-1";
    List<String> shardUrls = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      shardUrls.add("jdbc:h2:mem:jmh-scatter-s" + i + ";DB_CLOSE_DELAY=-1");
    }
    create(direct);
    shardUrls.forEach(ScatterBenchmark::create);
    load(pool(direct));
    H2Targets.Target shardwise = H2Targets.shardwise(shardUrls);
    closers.add(shardwise.closer());
    load(shardwise.dataSource());
    switch (target) {
      case "direct" -> dataSource = pool(direct);
      case "shardwise-4" -> dataSource = shardwise.dataSource();
      default -> {
        List<DataSource> pools = new ArrayList<>();
        for (String shard : shardUrls) {
          pools.add(pool(shard));
        }
        byHand = new HandScatter(pools);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (AutoCloseable closer : closers) {
      closer.close();
    }
  }

  @Benchmark
  public long page() throws SQLException {
    if (byHand != null) {
      return byHand.run();
    }
    long sink = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(HandScatter.SQL);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        sink += rs.getLong(1) + rs.getString(3).length();
      }
    }
    return sink;
  }

  private static void create(String url) {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_sbtest");
      s.execute(
          "CREATE TABLE bench_sbtest (id BIGINT PRIMARY KEY, k INT NOT NULL, c VARCHAR(120),"
              + " pad VARCHAR(60))");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same rows, through a direct pool or through shardwise (which places each on its shard). */
  private static void load(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement("INSERT INTO bench_sbtest (id, k, c, pad) VALUES (?, ?, ?, ?)")) {
      for (int id = 1; id <= ROWS; id++) {
        s.setLong(1, id);
        s.setInt(2, id);
        s.setString(3, "c-" + id + "-".repeat(40));
        s.setString(4, "pad");
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private HikariDataSource pool(String url) {
    HikariDataSource pool = H2Targets.hikari(url);
    closers.add(pool);
    return pool;
  }
}
