package io.shardwise.bench.jmh;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * One point SELECT through the whole JDBC path on an H2 in-memory database, single-threaded: borrow
 * a connection, prepare, bind, execute, read the row, close. {@code direct} is a HikariCP pool to
 * the database, {@code shardwise} a one-shard map on the same database; the difference is the
 * driver's overhead per statement, in time and in bytes allocated.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DriverBenchmark {

  static final String URL = "jdbc:h2:mem:jmh-driver;DB_CLOSE_DELAY=-1";

  @Param({"direct", "shardwise"})
  String target;

  /** Borrow per statement (an ORM's pattern) or hold one connection and statement. */
  @Param({"borrow", "held"})
  String pattern;

  private DataSource dataSource;
  private AutoCloseable closer;
  private Keys keys;
  private Connection held;
  private PreparedStatement heldStatement;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    try (Connection c = java.sql.DriverManager.getConnection(URL, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_sbtest");
      s.execute(
          "CREATE TABLE bench_sbtest (id BIGINT PRIMARY KEY, k INT NOT NULL, c VARCHAR(120),"
              + " pad VARCHAR(60))");
      s.execute(
          "INSERT INTO bench_sbtest SELECT x, x, 'c-' || x, 'pad' FROM SYSTEM_RANGE(1, 10000)");
    }
    H2Targets.Target chosen =
        target.equals("direct") ? H2Targets.direct(URL) : H2Targets.shardwise(List.of(URL));
    dataSource = chosen.dataSource();
    closer = chosen.closer();
    keys = new Keys();
    held = dataSource.getConnection();
    heldStatement = held.prepareStatement(RouteBenchmark.SELECT);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    heldStatement.close();
    held.close();
    closer.close();
  }

  @Benchmark
  public long pointSelect() throws SQLException {
    long id = 1 + (keys.next() % 10_000);
    if (pattern.equals("held")) {
      heldStatement.setLong(1, id);
      try (ResultSet rs = heldStatement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(RouteBenchmark.SELECT)) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
