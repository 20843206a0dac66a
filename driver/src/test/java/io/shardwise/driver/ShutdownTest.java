package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing the last data source, or {@link ShardwiseDriver#shutdown}, stops every thread the runtime
 * started and closes every physical connection it opened: counted by thread name and by H2 sessions
 * before and after.
 */
class ShutdownTest {

  private H2Shards shards;

  @BeforeEach
  void shards() throws Exception {
    shards = new H2Shards("shutdown", 3, "");
    shards.executeEverywhere("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20))");
  }

  @AfterEach
  void close() throws Exception {
    shards.close();
  }

  private long physicalSessions() throws SQLException {
    return shards.queryTotal("SELECT COUNT(*) - 1 FROM INFORMATION_SCHEMA.SESSIONS");
  }

  /** Reads on every shard's replica (a scatter) and writes on primaries: pools and threads open. */
  private static void useEveryNode(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (long key = 1; key <= 20; key++) {
        s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + key + ", 'u')");
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(20);
      }
    }
  }

  @Test
  void closingTheLastDataSource_stopsEveryThreadAndClosesEveryPhysicalConnection()
      throws Exception {
    Set<String> threadsBefore = LifecycleThreads.live();
    long sessionsBefore = physicalSessions();
    ShardwiseDataSource first = new ShardwiseDataSource(shards.url());
    ShardwiseDataSource second = new ShardwiseDataSource(shards.url());
    try (Connection c = first.getConnection()) {
      useEveryNode(c);
    }
    try (Connection c = second.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
    assertThat(LifecycleThreads.live())
        .as("node pools and scatter workers run")
        .anyMatch(name -> name.startsWith("shardwise-scatter-"))
        .anyMatch(name -> name.startsWith("shardwise-s1-primary"));
    assertThat(physicalSessions()).isGreaterThan(sessionsBefore);

    first.close();
    try (Connection c = second.getConnection()) {
      useEveryNode(emptied(c));
    }
    second.close();

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(LifecycleThreads.live()).isSubsetOf(threadsBefore);
              assertThat(physicalSessions()).isEqualTo(sessionsBefore);
            });
  }

  /** Deletes the rows the previous use wrote, so that it can write them again. */
  private static Connection emptied(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM users");
    }
    return c;
  }

  @Test
  void driverManagerRuntimes_liveUntilShutdown() throws Exception {
    Set<String> threadsBefore = LifecycleThreads.live();
    long sessionsBefore = physicalSessions();
    try (Connection c = DriverManager.getConnection(shards.url())) {
      useEveryNode(c);
    }
    ShardwiseDataSource dataSource = new ShardwiseDataSource(shards.url());
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
    dataSource.close();
    try (Connection c = DriverManager.getConnection(shards.url())) {
      assertThat(c.isValid(1))
          .as("a data source closing does not close a runtime DriverManager uses")
          .isTrue();
    }
    assertThat(physicalSessions()).isGreaterThan(sessionsBefore);

    ShardwiseDriver.shutdown(shards.url());

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(LifecycleThreads.live()).isSubsetOf(threadsBefore);
              assertThat(physicalSessions()).isEqualTo(sessionsBefore);
            });
  }
}
