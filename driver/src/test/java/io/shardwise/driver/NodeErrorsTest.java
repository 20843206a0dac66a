package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An error raised by a database node reaches the application as the same kind of error (JDBC
 * subclass, SQLState, vendor code, cause) with the node's name in front of the message. Each case
 * first provokes the same error on H2 directly, so the expectation is H2's own behaviour.
 */
class NodeErrorsTest {

  private static H2Shards shards;
  private static H2Shards.TwoKeys two;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards("errors", 2, "");
    two = shards.twoKeys();
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(5))");
      s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + two.onA() + ", 'a')");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + two.onB() + ", 'b')");
    }
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  /** What H2 itself raises for {@code sql} on shard {@code shard}. */
  private static SQLException direct(String shard, String sql) throws SQLException {
    try (Connection direct = shards.direct(shard);
        Statement s = direct.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("H2 accepted " + sql);
  }

  /** What shardwise raises for {@code sql}. */
  private static SQLException throughShardwise(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("shardwise accepted " + sql);
  }

  /** The java.sql class an exception is an instance of: H2's JdbcSQL...Exception's parent. */
  private static Class<?> jdbcClass(SQLException e) {
    Class<?> type = e.getClass();
    while (!type.getPackageName().equals("java.sql")) {
      type = type.getSuperclass();
    }
    return type;
  }

  private static void assertSameErrorNamingNode(SQLException actual, SQLException h2, String node) {
    assertThat(actual.getMessage()).startsWith("[" + node + "] ");
    assertThat(actual.getMessage()).contains(h2.getMessage().lines().findFirst().orElseThrow());
    assertThat(actual.getSQLState()).isEqualTo(h2.getSQLState());
    assertThat(actual.getErrorCode()).isEqualTo(h2.getErrorCode());
    assertThat((Throwable) actual).isInstanceOf(jdbcClass(h2));
    assertThat(actual.getCause()).isInstanceOf(jdbcClass(h2));
  }

  @Test
  void duplicateKey_keepsIntegrityViolationAndNamesThePrimary() throws Exception {
    String sql = "INSERT INTO users (user_id, name) VALUES (" + two.onB() + ", 'dup')";
    SQLException h2 = direct(two.shardB(), sql);
    assertThat(jdbcClass(h2)).isEqualTo(java.sql.SQLIntegrityConstraintViolationException.class);
    assertSameErrorNamingNode(throughShardwise(sql), h2, two.shardB() + "/primary");
  }

  @Test
  void unknownColumnInARead_keepsSyntaxErrorAndNamesTheReplica() throws Exception {
    String sql = "SELECT no_such_column FROM users WHERE user_id = " + two.onA();
    SQLException h2 = direct(two.shardA(), sql);
    assertThat(jdbcClass(h2)).isEqualTo(java.sql.SQLSyntaxErrorException.class);
    assertSameErrorNamingNode(throughShardwise(sql), h2, two.shardA() + "/replica-0");
  }

  @Test
  void valueTooLong_keepsDataException() throws Exception {
    String sql = "UPDATE users SET name = 'far too long' WHERE user_id = " + two.onA();
    SQLException h2 = direct(two.shardA(), sql);
    assertThat(jdbcClass(h2)).isEqualTo(java.sql.SQLDataException.class);
    assertSameErrorNamingNode(throughShardwise(sql), h2, two.shardA() + "/primary");
  }

  @Test
  void divisionByZero_keepsDataException() throws Exception {
    String sql = "SELECT 1 / 0";
    SQLException h2 = direct("s1", sql);
    assertSameErrorNamingNode(throughShardwise(sql), h2, "s1/replica-0");
  }

  @Test
  void errorInsideATransaction_namesThePrimaryOfTheTransaction() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url());
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      c.setAutoCommit(false);
      insert.setLong(1, two.onA());
      insert.setString(2, "dup");
      assertThatThrownBy(insert::executeUpdate)
          .isInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class)
          .hasMessageStartingWith("[" + two.shardA() + "/primary] ")
          .hasFieldOrPropertyWithValue("SQLState", "23505");
      c.rollback();
    }
  }

  @Test
  void ddlFailingOnALaterShard_saysWhereItWasAlreadyApplied() throws Exception {
    shards.execute("s2", "CREATE TABLE countries (code CHAR(2))");
    try {
      String sql = "CREATE TABLE countries (code CHAR(2) PRIMARY KEY)";
      SQLException h2 = direct("s2", sql);
      SQLException e = throughShardwise(sql);
      assertSameErrorNamingNode(e, h2, "s2/primary");
      assertThat(e.getMessage())
          .contains("it had already been applied on [s1], where it stays: autocommit was on");
    } finally {
      shards.executeEverywhere("DROP TABLE IF EXISTS countries");
    }
  }

  @Test
  void batchFailingOnALaterShard_namesItAndTheShardsAlreadyDone() throws Exception {
    long fresh = two.onA() + 1_000;
    while (!shards.shardFor(fresh).equals(two.shardA())) {
      fresh++;
    }
    try (Connection c = DriverManager.getConnection(shards.url());
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      for (long key : new long[] {fresh, two.onB()}) {
        insert.setLong(1, key);
        insert.setString(2, "batch");
        insert.addBatch();
      }
      BatchUpdateException e =
          catchThrowableOfType(BatchUpdateException.class, insert::executeBatch);
      assertThat(e.getMessage())
          .startsWith("[" + two.shardB() + "/primary] ")
          .endsWith("(shards already done: [" + two.shardA() + "])");
      assertThat(e.getSQLState()).isEqualTo("23505");
      assertThat(e.getLargeUpdateCounts()).containsExactly(1L, Statement.EXECUTE_FAILED);
    } finally {
      shards.execute(two.shardA(), "DELETE FROM users WHERE user_id = " + fresh);
    }
    assertThat(shards.queryLong(two.shardA(), "SELECT COUNT(*) FROM users")).isEqualTo(1);
  }

  @Test
  void unreachableNode_failsWithAConnectionStateNamingTheNodeWithoutThePassword() throws Exception {
    Path map = Files.createTempFile("shardwise-driver-unreachable-", ".yaml");
    Files.writeString(
        map,
        """
        version: 1
        shards:
          - name: lonely
            primary: { url: "jdbc:h2:tcp://127.0.0.1:1/nothing", user: sa, password: "s3cr3t-pw" }
        pool: { connectionTimeout: 250ms }
        """);
    String url = "jdbc:shardwise:" + map;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
          .isInstanceOf(java.sql.SQLTransientConnectionException.class)
          .hasMessageStartingWith("[lonely/primary] cannot get a connection: ")
          .hasMessageNotContaining("s3cr3t-pw")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
    } finally {
      ShardwiseDriver.shutdown(url);
      Files.deleteIfExists(map);
    }
  }
}
