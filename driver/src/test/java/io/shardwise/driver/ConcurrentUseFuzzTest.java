package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded, bounded fuzz of one Connection shared by threads that run random statements, prepared
 * statements, batches, scatter reads and transactions, read result sets on other threads, and a
 * close() or abort() at a random moment. Whatever happens: only SQLExceptions with an SQLState
 * escape, every read answers exactly what one database would or throws, and afterwards every node's
 * outstanding count is 0 and every pool lends all its connections again.
 */
class ConcurrentUseFuzzTest {

  private static final int THREADS = 6;
  private static final int OPS_PER_THREAD = 40;
  private static final int ROUNDS = 12;
  private static final int POOL_SIZE = 8;

  /** 60 users, keys 1..60: COUNT(*) = 60, SUM(amount) = 1830. */
  private static final long ROWS = 60;

  private H2Shards shards;
  private String url;
  private ExecutorService workers;

  @BeforeEach
  void shards() throws Exception {
    shards =
        new H2Shards(
            "fuzz", 3, "pool: { maximumPoolSize: " + POOL_SIZE + ", connectionTimeout: 2s }\n");
    shards.executeEverywhere(
        "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20), amount INT)");
    shards.executeEverywhere("CREATE TABLE orders (user_id BIGINT, amount INT)");
    url = shards.url();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO users (user_id, name, amount) VALUES (?, ?, ?)")) {
      for (long key = 1; key <= ROWS; key++) {
        insert.setLong(1, key);
        insert.setString(2, "u" + key);
        insert.setInt(3, (int) key);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    workers = Executors.newCachedThreadPool();
  }

  @AfterEach
  void close() throws Exception {
    workers.shutdownNow();
    shards.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 42L, 20261204L})
  void sharedConnection_closedOrAbortedAtARandomMoment_neverAnswersWronglyOrLeaks(long seed)
      throws Exception {
    Random random = new Random(seed);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    for (int round = 0; round < ROUNDS; round++) {
      runRound(new Random(random.nextLong()), problems);
      awaitNothingOutstanding();
    }
    assertThat(problems).as("seed " + seed).isEmpty();
    awaitNothingOutstanding();
    assertEveryPoolLendsAllItsConnections();
  }

  private void runRound(Random random, Queue<String> problems) throws Exception {
    Connection c = DriverManager.getConnection(url);
    Statement shared = c.createStatement();
    AtomicInteger ops = new AtomicInteger();
    int closeAfter = random.nextInt(THREADS * OPS_PER_THREAD / 2);
    boolean abort = random.nextBoolean();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long threadSeed = random.nextLong();
      running.add(
          workers.submit(
              () -> {
                Random mine = new Random(threadSeed);
                for (int i = 0; i < OPS_PER_THREAD; i++) {
                  ops.incrementAndGet();
                  try {
                    oneOperation(c, shared, mine);
                  } catch (SQLException e) {
                    if (e.getSQLState() == null) {
                      problems.add("SQLException without SQLState: " + e + stack(e));
                    }
                  } catch (Throwable e) {
                    problems.add("non-SQLException escaped: " + e + stack(e));
                  }
                }
                return null;
              }));
    }
    Future<?> closer =
        workers.submit(
            () -> {
              await()
                  .atMost(Duration.ofSeconds(30))
                  .pollInterval(Duration.ofMillis(1))
                  .until(() -> ops.get() >= closeAfter);
              if (abort) {
                c.abort(workers);
              } else {
                c.close();
              }
              return null;
            });
    closer.get(60, TimeUnit.SECONDS);
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }
    assertThat(c.isClosed()).isTrue();
    c.close(); // idempotent
  }

  private static String stack(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (StackTraceElement element : e.getStackTrace()) {
      s.append("\n  at ").append(element);
      if (s.length() > 1500) {
        break;
      }
    }
    return s.toString();
  }

  /** One random use of the shared connection; throws what the driver threw. */
  private void oneOperation(Connection c, Statement shared, Random random) throws Exception {
    switch (random.nextInt(9)) {
      case 0 -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(amount) FROM users")) {
          expectTotals(rs);
        }
      }
      case 1 -> {
        ResultSet rs = shared.executeQuery("SELECT COUNT(*), SUM(amount) FROM users");
        expectTotals(rs);
        rs.close();
      }
      case 2 -> {
        long key = 1 + random.nextInt((int) ROWS);
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
          p.setLong(1, key);
          try (ResultSet rs = p.executeQuery()) {
            expect(rs.next(), "a row for key " + key);
            expect(("u" + key).equals(rs.getString(1)), "name of " + key);
            expect(!rs.next(), "one row for key " + key);
          }
        }
      }
      case 3 -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT user_id FROM users ORDER BY user_id LIMIT 10")) {
          for (long key = 1; key <= 10; key++) {
            expect(rs.next(), "row " + key + " of the LIMIT 10");
            expect(rs.getLong(1) == key, "ordered key " + key);
          }
          expect(!rs.next(), "10 rows");
        }
      }
      case 4 -> {
        try (Statement s = c.createStatement()) {
          for (int i = 0; i < 3; i++) {
            s.addBatch(
                "INSERT INTO orders (user_id, amount) VALUES ("
                    + (1 + random.nextInt((int) ROWS))
                    + ", 1)");
          }
          s.executeBatch();
        }
      }
      case 5 -> {
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO orders (user_id, amount) VALUES (?, ?)")) {
          p.setLong(1, 1 + random.nextInt((int) ROWS));
          p.setInt(2, 2);
          p.executeUpdate();
        }
      }
      case 6 -> {
        // A transaction on the shared connection: other threads' statements may join it.
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.executeUpdate(
              "INSERT INTO orders (user_id, amount) VALUES ("
                  + (1 + random.nextInt((int) ROWS))
                  + ", 3)");
          if (random.nextBoolean()) {
            c.commit();
          } else {
            c.rollback();
          }
        } finally {
          if (!c.isClosed()) {
            c.setAutoCommit(true);
          }
        }
      }
      case 7 -> {
        // The result set is read on another thread than the one that ran the query.
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id, name FROM users ORDER BY user_id");
        Future<?> reader =
            workers.submit(
                () -> {
                  long expected = 1;
                  while (rs.next()) {
                    expect(rs.getLong(1) == expected, "ordered key " + expected);
                    expected++;
                  }
                  expect(expected == ROWS + 1, "all " + ROWS + " rows, got " + (expected - 1));
                  return null;
                });
        try {
          reader.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
          s.close();
        }
      }
      default -> {
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT name, COUNT(*) FROM users GROUP BY name ORDER BY name")) {
          int groups = 0;
          while (rs.next()) {
            expect(rs.getLong(2) == 1, "one user per name");
            groups++;
          }
          expect(groups == ROWS, ROWS + " groups, got " + groups);
        }
      }
    }
  }

  private static void expectTotals(ResultSet rs) throws SQLException {
    expect(rs.next(), "a totals row");
    long count = rs.getLong(1);
    long sum = rs.getLong(2);
    expect(count == ROWS && sum == 1830, "COUNT/SUM 60/1830, got " + count + "/" + sum);
  }

  /** A wrong answer that did not throw: the one outcome the driver must never produce. */
  private static void expect(boolean holds, String what) {
    if (!holds) {
      throw new AssertionError("wrong answer without an exception: expected " + what);
    }
  }

  private int outstanding() throws SQLException {
    return ShardwiseDriver.metrics(url).nodes().stream().mapToInt(NodeMetrics::outstanding).sum();
  }

  private void awaitNothingOutstanding() {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              String nodes = ShardwiseDriver.metrics(url).nodes().toString();
              assertThat(outstanding()).as("outstanding: " + nodes).isZero();
            });
  }

  /**
   * Every shard's primary pool lends all {@link #POOL_SIZE} connections at once: one open
   * transaction per logical connection, all on the same shard. A leaked physical connection makes
   * the last one time out.
   */
  private void assertEveryPoolLendsAllItsConnections() throws Exception {
    for (String shard : shards.names()) {
      long key = 1;
      while (!shards.shardFor(key).equals(shard)) {
        key++;
      }
      List<Connection> open = new ArrayList<>();
      try {
        for (int i = 0; i < POOL_SIZE; i++) {
          Connection c = DriverManager.getConnection(url);
          open.add(c);
          c.setAutoCommit(false);
          try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders (user_id, amount) VALUES (" + key + ", 0)");
          }
        }
      } finally {
        for (Connection c : open) {
          c.close();
        }
      }
    }
  }
}
