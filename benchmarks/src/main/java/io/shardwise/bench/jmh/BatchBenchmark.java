package io.shardwise.bench.jmh;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client's cost of one batch entry of the load harness's 10,000-row insert, on H2 in memory:
 * bind three parameters and {@code addBatch}, 1,000 entries, then {@code clearBatch} (nothing runs,
 * so the database's own insert cost is left out). {@code direct} is a HikariCP pool to the
 * database, {@code shardwise} a one-shard map on it, {@code shardwise-4} four shards on four such
 * databases; the difference is what the driver adds to each entry: routing it and binding it on its
 * shard's statement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BatchBenchmark {

  static final int ENTRIES = 1_000;

  /** One shard through shardwise on the direct database, or four shards on four databases. */
  @Param({"direct", "shardwise", "shardwise-4"})
  String target;

  private AutoCloseable closer;
  private Connection connection;
  private PreparedStatement insert;
  private final String[] texts = new String[64];

  private static String url(int database) {
    return "jdbc:h2:mem:jmh-batch-" + database + ";DB_CLOSE_DELAY=-1";
  }

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    List<String> urls = new ArrayList<>();
    for (int database = 1; database <= 4; database++) {
      urls.add(url(database));
      try (Connection c = java.sql.DriverManager.getConnection(url(database), "sa", "");
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS bench_batch");
        s.execute(
            "CREATE TABLE bench_batch (id BIGINT PRIMARY KEY, k INT NOT NULL,"
                + " c VARCHAR(120) NOT NULL)");
      }
    }
    H2Targets.Target chosen =
        target.equals("direct")
            ? H2Targets.direct(url(1))
            : H2Targets.shardwise(target.equals("shardwise") ? urls.subList(0, 1) : urls);
    closer = chosen.closer();
    for (int i = 0; i < texts.length; i++) {
      texts[i] = String.format("text of entry %-26d", i); // 40 characters, as the harness binds
    }
    connection = chosen.dataSource().getConnection();
    connection.setAutoCommit(false);
    insert = connection.prepareStatement("INSERT INTO bench_batch (id, k, c) VALUES (?, ?, ?)");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    insert.close();
    connection.rollback();
    connection.close();
    closer.close();
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public void addBatch() throws SQLException {
    addEntries();
    insert.clearBatch();
  }

  /**
   * The same entries run and rolled back: the database's insert and undo cost join the client's.
   */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public void executeBatch() throws SQLException {
    addEntries();
    insert.executeBatch();
    connection.rollback();
  }

  private void addEntries() throws SQLException {
    for (int id = 1; id <= ENTRIES; id++) {
      insert.setLong(1, id);
      insert.setInt(2, id);
      insert.setString(3, texts[id & 63]);
      insert.addBatch();
    }
  }
}
