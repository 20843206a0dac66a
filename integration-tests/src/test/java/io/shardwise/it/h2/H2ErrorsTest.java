package io.shardwise.it.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a clear error with a documented SQLState, and nothing is written: every test
 * checks the shards directly afterwards.
 */
class H2ErrorsTest {

  private static H2Shards shards;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards(3, "");
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (1, 'one')");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (2, 'two')");
    }
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  private static String contents() throws SQLException {
    StringBuilder all = new StringBuilder();
    for (String shard : shards.names()) {
      try (Connection direct = shards.direct(shard);
          Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT user_id, name FROM users ORDER BY user_id")) {
        all.append(shard).append(':');
        while (rs.next()) {
          all.append(' ').append(rs.getLong(1)).append('=').append(rs.getString(2));
        }
        all.append('\n');
      }
    }
    return all.toString();
  }

  @Test
  void nullShardKeyIsRefusedAndWritesNothing() throws Exception {
    String before = contents();
    try (Connection c = DriverManager.getConnection(shards.url());
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      insert.setNull(1, java.sql.Types.BIGINT);
      insert.setString(2, "nobody");
      assertThatThrownBy(insert::executeUpdate)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("users.user_id is NULL")
          .hasFieldOrPropertyWithValue("SQLState", "SW003");
    }
    assertThat(contents()).isEqualTo(before);
  }

  @Test
  void shardKeyUpdateIsRefusedAndChangesNothing() throws Exception {
    String before = contents();
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE users SET user_id = 99 WHERE user_id = 1"))
          .hasMessageContaining("sets the shard key users.user_id")
          .hasFieldOrPropertyWithValue("SQLState", "SW004");
    }
    assertThat(contents()).isEqualTo(before);
  }

  @Test
  void unparseableSqlIsRefusedAndChangesNothing() throws Exception {
    String before = contents();
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE users SET name = 'x' WHERE user_id = 1 ,,"))
          .hasMessageContaining("Cannot analyse the statement")
          .hasFieldOrPropertyWithValue("SQLState", "SW006");
      assertThatThrownBy(() -> c.prepareStatement("DELETE FROM users; DELETE FROM orders"))
          .hasMessageContaining("2 statements")
          .hasFieldOrPropertyWithValue("SQLState", "SW006");
    }
    assertThat(contents()).isEqualTo(before);
  }

  @Test
  void crossShardQueryThatCannotBeAnsweredExactlyIsRefusedNotSentAnywhere() throws Exception {
    String before = contents();
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(DISTINCT name) FROM users"))
          .hasMessageContaining("spans shards and cannot be answered exactly")
          .hasFieldOrPropertyWithValue("SQLState", "SW005");
    }
    assertThat(contents()).isEqualTo(before);
  }

  @Test
  void errorsFromANodeNameTheNodeAndKeepTheirSqlState() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () -> s.executeUpdate("INSERT INTO users (user_id, name) VALUES (1, 'dup')"))
          .isInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class)
          .hasMessageContaining("[" + shards.ring().shardFor(1L) + "/primary]")
          .hasFieldOrPropertyWithValue("SQLState", "23505");
    }
  }

  @Test
  void unreachableNodeFailsWithAConnectionStateNamingTheNodeAndWithoutThePassword()
      throws Exception {
    java.nio.file.Path map = java.nio.file.Files.createTempFile("shardwise-down-", ".yaml");
    java.nio.file.Files.writeString(
        map,
        """
        version: 1
        shards:
          - name: lonely
            primary: { url: "jdbc:h2:tcp://127.0.0.1:1/nothing", user: sa, password: "s3cr3t-pw" }
        pool: { connectionTimeout: 1s }
        """);
    String url = "jdbc:shardwise:" + map;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("[lonely/primary]")
          .hasMessageNotContaining("s3cr3t-pw")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
    } finally {
      io.shardwise.driver.ShardwiseDriver.shutdown(url);
      java.nio.file.Files.deleteIfExists(map);
    }
  }
}
