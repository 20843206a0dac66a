package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver under misuse: a result cut short by a close never looks complete, a connection shared
 * by threads closes cleanly and gives every physical connection back, and whatever goes wrong
 * reaches the application as an SQLException with an SQLState.
 */
class HostileUseTest {

  /** 60 users, keys 1..60: COUNT(*) = 60, SUM(user_id) = 1830. */
  private static final long ROWS = 60;

  private H2Shards shards;
  private String url;

  @BeforeEach
  void shards() throws Exception {
    shards = new H2Shards("hostile", 3, "pool: { maximumPoolSize: 8, connectionTimeout: 2s }\n");
    shards.executeEverywhere(
        "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20), amount INT)");
    url = shards.url();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO users (user_id, name, amount) VALUES (?, ?, ?)")) {
      for (long key = 1; key <= ROWS; key++) {
        insert.setLong(1, key);
        insert.setString(2, "u" + key);
        insert.setInt(3, (int) key);
        insert.executeUpdate();
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    shards.close();
  }

  /** Every node's physical connections in use, as the metrics report them. */
  private int outstanding() throws SQLException {
    return ShardwiseDriver.metrics(url).nodes().stream().mapToInt(NodeMetrics::outstanding).sum();
  }

  private void awaitNothingOutstanding() {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outstanding()).isZero());
  }

  // ---- a result cut short fails ----------------------------------------------------------------

  /** The merges a query can take: grouped, streaming, sorted, limited, single-shard. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT COUNT(*), SUM(amount) FROM users",
        "SELECT name, COUNT(*) FROM users GROUP BY name ORDER BY name",
        "SELECT user_id FROM users",
        "SELECT user_id FROM users ORDER BY user_id",
        "SELECT user_id FROM users ORDER BY user_id LIMIT 50",
        "SELECT user_id, name FROM users WHERE user_id = 7"
      })
  void closingTheConnectionUnderAResult_failsItsNextRead(String sql) throws Exception {
    Connection c = DriverManager.getConnection(url);
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery(sql);
    c.close();
    Throwable thrown = catchThrowable(() -> readAll(rs));
    assertThat(thrown).isInstanceOf(SQLException.class);
    assertThat(((SQLException) thrown).getSQLState()).isNotNull();
    awaitNothingOutstanding();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT COUNT(*), SUM(amount) FROM users",
        "SELECT user_id FROM users ORDER BY user_id",
        "SELECT user_id FROM users ORDER BY user_id LIMIT 50",
        "SELECT user_id, name FROM users WHERE user_id = 7"
      })
  void closingTheStatementUnderAResult_failsItsNextRead(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      Statement s = c.createStatement();
      ResultSet rs = s.executeQuery(sql);
      s.close();
      assertThatThrownBy(() -> readAll(rs))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isNotNull();
    }
    awaitNothingOutstanding();
  }

  private static long readAll(ResultSet rs) throws SQLException {
    long rows = 0;
    while (rs.next()) {
      rs.getObject(1);
      rows++;
    }
    return rows;
  }

  // ---- a connection shared by threads ----------------------------------------------------------

  @Test
  void thirtyTwoThreadsWithTheirOwnStatements_thenClose_closesAndGivesEveryConnectionBack()
      throws Exception {
    for (int round = 0; round < 5; round++) {
      Connection c = DriverManager.getConnection(url);
      ExecutorService pool = Executors.newFixedThreadPool(32);
      CountDownLatch started = new CountDownLatch(32);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        int thread = t;
        work.add(
            pool.submit(
                () -> {
                  started.countDown();
                  for (int i = 0; i < 50; i++) {
                    try (Statement s = c.createStatement();
                        ResultSet rs =
                            s.executeQuery(
                                i % 2 == 0
                                    ? "SELECT COUNT(*), SUM(amount) FROM users"
                                    : "SELECT name FROM users WHERE user_id = " + (thread + 1))) {
                      assertThat(rs.next()).isTrue();
                      if (i % 2 == 0) {
                        assertThat(rs.getLong(1)).isEqualTo(ROWS);
                        assertThat(rs.getLong(2)).isEqualTo(1830);
                      }
                    } catch (SQLException e) {
                      assertThat(e.getSQLState()).as(e.toString()).isNotNull();
                      return null;
                    }
                  }
                  return null;
                }));
      }
      started.await(10, TimeUnit.SECONDS);
      c.close();
      assertThat(c.isClosed()).isTrue();
      for (Future<?> f : work) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      awaitNothingOutstanding();
    }
  }
}
