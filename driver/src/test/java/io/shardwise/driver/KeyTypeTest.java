package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code keyType: integer} on H2 shards: a BIGINT key bound with {@code setString} lands where
 * {@code setLong} puts it (H2, like MariaDB, converts the text into the column), and text that is
 * not an integer is refused before anything runs. The key of each test is one whose text and number
 * land on different shards without a key type, so the test fails if the conversion is skipped.
 */
class KeyTypeTest {

  private static final String TABLES =
      """
      tables:
        users:  { shardKey: user_id, group: accounts, keyType: integer }
        orders: { shardKey: user_id, group: accounts, keyType: integer }
        events: { shardKey: user_id }
      defaultShard: s1
      """;

  private static H2Shards shards;
  private static long key; // its text and its number land apart without a key type
  private static String owner; // the shard of the number
  private Connection connection;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards("keytype", 3, TABLES, "");
    shards.executeEverywhere("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
    shards.executeEverywhere("CREATE TABLE events (user_id BIGINT, note VARCHAR(40))");
    key = 1;
    while (shards.shardFor(key).equals(shards.shardFor(Long.toString(key)))) {
      key++;
    }
    owner = shards.shardFor(key);
    assertThat(shards.shardFor(Long.toString(key), "users")).isEqualTo(owner);
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  @BeforeEach
  void connect() throws Exception {
    shards.executeEverywhere("DELETE FROM users");
    shards.executeEverywhere("DELETE FROM events");
    connection = DriverManager.getConnection(shards.url());
  }

  @AfterEach
  void disconnect() throws Exception {
    connection.close();
  }

  @Test
  void rowInsertedWithSetString_landsOnTheShardOfSetLong_andIsFoundBySetLong() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      insert.setString(1, Long.toString(key));
      insert.setString(2, "ann");
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
    assertThat(shards.queryLong(owner, "SELECT COUNT(*) FROM users WHERE user_id = " + key))
        .isEqualTo(1);
    assertThat(shards.queryTotal("SELECT COUNT(*) FROM users")).isEqualTo(1);
    try (PreparedStatement select =
        connection.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      select.setLong(1, key);
      try (ResultSet rs = select.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ann");
      }
    }
    try (Statement plain = connection.createStatement();
        ResultSet rs =
            plain.executeQuery("SELECT name FROM users WHERE user_id = ' " + key + "'")) {
      assertThat(rs.next()).as("found by a quoted literal with a blank").isTrue();
    }
  }

  @Test
  void withoutKeyType_setStringStillLandsOnTheShardOfTheText() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO events (user_id, note) VALUES (?, 'x')")) {
      insert.setString(1, Long.toString(key));
      insert.executeUpdate();
    }
    String textShard = shards.shardFor(Long.toString(key));
    assertThat(textShard).isNotEqualTo(owner);
    assertThat(shards.queryLong(textShard, "SELECT COUNT(*) FROM events")).isEqualTo(1);
  }

  @Test
  void textThatIsNotAnInteger_isRefusedWithItsSqlState_andWritesNothing() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      insert.setString(1, "abc");
      insert.setString(2, "bob");
      SQLException e = catchThrowableOfType(SQLException.class, insert::executeUpdate);
      assertThat(e.getSQLState()).isEqualTo("22018");
      assertThat(e.getMessage())
          .isEqualTo(
              "The shard key users.user_id has keyType integer, but its value 'abc' is not an"
                  + " integer (an optional sign and the digits 0-9, blanks around them allowed)."
                  + " Bind the number, or text that holds one.");
    }
    try (PreparedStatement rows =
        connection.prepareStatement(
            "INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'b')")) {
      rows.setLong(1, key);
      rows.setString(2, "4.5");
      SQLException e = catchThrowableOfType(SQLException.class, rows::executeUpdate);
      assertThat(e.getSQLState()).isEqualTo("22018");
    }
    try (PreparedStatement batch =
        connection.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      batch.setString(1, Long.toString(key));
      batch.setString(2, "first");
      batch.addBatch();
      batch.setString(1, "abc");
      batch.setString(2, "second");
      batch.addBatch();
      SQLException e = catchThrowableOfType(SQLException.class, batch::executeBatch);
      assertThat(e.getSQLState()).isEqualTo("22018");
    }
    assertThat(shards.queryTotal("SELECT COUNT(*) FROM users")).isZero();
  }
}
