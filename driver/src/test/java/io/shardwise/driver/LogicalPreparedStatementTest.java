package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prepared statements: every common setter is replayed on the node that runs the statement, the
 * shard key routes alike whatever setter bound it, and misuse is refused before anything runs.
 */
class LogicalPreparedStatementTest {

  private static final String INSERT_KINDS =
      "INSERT INTO kinds (id, c_null, c_boolean, c_byte, c_short, c_int, c_long, c_float,"
          + " c_double, c_decimal, c_string, c_bytes, c_date, c_time, c_timestamp, c_object,"
          + " c_object_typed, c_chars, c_binary) VALUES"
          + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static H2Shards shards;
  private Connection connection;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards("prepared", 2, "");
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE kinds (id BIGINT PRIMARY KEY, c_null VARCHAR(10), c_boolean BOOLEAN,"
              + " c_byte TINYINT, c_short SMALLINT, c_int INT, c_long BIGINT, c_float REAL,"
              + " c_double DOUBLE PRECISION, c_decimal DECIMAL(20, 4), c_string VARCHAR(40),"
              + " c_bytes VARBINARY(16), c_date DATE, c_time TIME, c_timestamp TIMESTAMP(9),"
              + " c_object VARCHAR(40), c_object_typed INT, c_chars VARCHAR(40),"
              + " c_binary VARBINARY(16))");
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
      s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(40))");
    }
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  @BeforeEach
  void connect() throws Exception {
    shards.executeEverywhere("DELETE FROM kinds");
    shards.executeEverywhere("DELETE FROM users");
    shards.executeEverywhere("DELETE FROM countries");
    connection = DriverManager.getConnection(shards.url());
  }

  @AfterEach
  void disconnect() throws Exception {
    connection.close();
  }

  private String lastNode() throws SQLException {
    return connection.unwrap(ShardwiseConnection.class).lastRoute().nodes().get(0);
  }

  // ---- parameter replay ----------------------------------------------------------------------

  @Test
  void everyCommonSetter_isReplayedOnTheNode() throws Exception {
    long id = 77;
    byte[] bytes = {1, 2, 3, (byte) 0xff};
    Date date = Date.valueOf("2024-02-29");
    Time time = Time.valueOf("13:14:15");
    Timestamp timestamp = Timestamp.valueOf("2024-02-29 13:14:15.123456789");
    try (PreparedStatement insert = connection.prepareStatement(INSERT_KINDS)) {
      insert.setLong(1, id);
      insert.setNull(2, Types.VARCHAR);
      insert.setBoolean(3, true);
      insert.setByte(4, (byte) -7);
      insert.setShort(5, (short) 32_000);
      insert.setInt(6, -2_000_000_000);
      insert.setLong(7, 9_000_000_000_000L);
      insert.setFloat(8, 1.5f);
      insert.setDouble(9, 2.25e10);
      insert.setBigDecimal(10, new BigDecimal("1234567.8901"));
      insert.setString(11, "héllo ✓");
      insert.setBytes(12, bytes);
      insert.setDate(13, date);
      insert.setTime(14, time);
      insert.setTimestamp(15, timestamp);
      insert.setObject(16, "an object");
      insert.setObject(17, "42", Types.INTEGER); // converted by the database to the target type
      insert.setCharacterStream(18, new StringReader("from a reader"));
      insert.setBinaryStream(19, new ByteArrayInputStream(new byte[] {9, 8, 7}));
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
    String owner = shards.shardFor(id);
    assertThat(lastNode()).isEqualTo(owner + "/primary");

    try (Connection direct = shards.direct(owner);
        Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM kinds WHERE id = " + id)) {
      assertThat(rs.next()).as("row on its owning shard %s", owner).isTrue();
      assertThat(rs.getString("c_null")).isNull();
      assertThat(rs.getBoolean("c_boolean")).isTrue();
      assertThat(rs.getByte("c_byte")).isEqualTo((byte) -7);
      assertThat(rs.getShort("c_short")).isEqualTo((short) 32_000);
      assertThat(rs.getInt("c_int")).isEqualTo(-2_000_000_000);
      assertThat(rs.getLong("c_long")).isEqualTo(9_000_000_000_000L);
      assertThat(rs.getFloat("c_float")).isEqualTo(1.5f);
      assertThat(rs.getDouble("c_double")).isEqualTo(2.25e10);
      assertThat(rs.getBigDecimal("c_decimal")).isEqualByComparingTo("1234567.8901");
      assertThat(rs.getString("c_string")).isEqualTo("héllo ✓");
      assertThat(rs.getBytes("c_bytes")).isEqualTo(bytes);
      assertThat(rs.getDate("c_date")).isEqualTo(date);
      assertThat(rs.getTime("c_time")).isEqualTo(time);
      assertThat(rs.getTimestamp("c_timestamp")).isEqualTo(timestamp);
      assertThat(rs.getString("c_object")).isEqualTo("an object");
      assertThat(rs.getObject("c_object_typed")).isEqualTo(42);
      assertThat(rs.getString("c_chars")).isEqualTo("from a reader");
      assertThat(rs.getBytes("c_binary")).isEqualTo(new byte[] {9, 8, 7});
    }
    for (String shard : shards.names()) {
      if (!shard.equals(owner)) {
        assertThat(shards.queryLong(shard, "SELECT COUNT(*) FROM kinds")).as(shard).isZero();
      }
    }
  }

  @Test
  void nullsGivenToObjectSetters_areReplayedAsNull() throws Exception {
    long id = 78;
    try (PreparedStatement insert = connection.prepareStatement(INSERT_KINDS)) {
      insert.setObject(1, id);
      insert.setString(2, null);
      insert.setNull(3, Types.BOOLEAN);
      insert.setNull(4, Types.TINYINT);
      insert.setNull(5, Types.SMALLINT);
      insert.setNull(6, Types.INTEGER);
      insert.setNull(7, Types.BIGINT);
      insert.setNull(8, Types.REAL);
      insert.setNull(9, Types.DOUBLE);
      insert.setBigDecimal(10, null);
      insert.setString(11, null);
      insert.setBytes(12, null);
      insert.setDate(13, null);
      insert.setTime(14, null);
      insert.setTimestamp(15, null);
      insert.setObject(16, null);
      insert.setObject(17, null, Types.INTEGER);
      insert.setCharacterStream(18, null);
      insert.setBinaryStream(19, null);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
    try (Connection direct = shards.direct(shards.shardFor(id));
        Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM kinds WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      for (int column = 2; column <= rs.getMetaData().getColumnCount(); column++) {
        assertThat(rs.getObject(column)).as(rs.getMetaData().getColumnName(column)).isNull();
      }
    }
  }

  @Test
  void valuesReadThroughTheDriver_matchTheStoredOnes() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO kinds (id, c_decimal, c_string, c_timestamp) VALUES (?, ?, ?, ?)")) {
      insert.setInt(1, 5);
      insert.setBigDecimal(2, new BigDecimal("-0.5000"));
      insert.setString(3, "five");
      insert.setTimestamp(4, Timestamp.valueOf("1999-12-31 23:59:59"));
      insert.executeUpdate();
    }
    try (PreparedStatement read =
        connection.prepareStatement(
            "SELECT c_decimal, c_string, c_timestamp, CURRENT_USER FROM kinds WHERE id = ?")) {
      read.setInt(1, 5);
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("-0.5000"));
        assertThat(rs.getString("c_string")).isEqualTo("five");
        assertThat(rs.getTimestamp(3)).isEqualTo(Timestamp.valueOf("1999-12-31 23:59:59"));
        assertThat(rs.getString(4)).isEqualTo("REPLICA");
        assertThat(rs.getMetaData().getColumnCount()).isEqualTo(4);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  /** A stream can be read once: on a second shard it would be empty, a silently wrong copy. */
  @Test
  void streamSetter_onAWriteToEveryShard_isRefusedAndWritesNothing() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO countries (code, name) VALUES (?, ?)")) {
      insert.setString(1, "FR");
      insert.setCharacterStream(2, new StringReader("France"));
      assertThatThrownBy(insert::executeUpdate)
          .hasMessageContaining("can be read only once")
          .hasMessageContaining("AllShards[s1, s2]")
          .hasMessageContaining("setString or setBytes")
          .hasFieldOrPropertyWithValue("SQLState", "SW001");
      insert.addBatch();
      assertThatThrownBy(insert::executeBatch).hasFieldOrPropertyWithValue("SQLState", "SW001");
      // the same value bound as a string reaches every shard
      insert.setString(2, "France");
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
    for (String shard : shards.names()) {
      try (Connection direct = shards.direct(shard);
          Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM countries")) {
        assertThat(rs.next()).as(shard).isTrue();
        assertThat(rs.getString(1)).as(shard).isEqualTo("France");
        assertThat(rs.next()).as(shard).isFalse();
      }
    }
  }

  // ---- the shard key, whatever setter bound it -----------------------------------------------

  @Test
  void shardKeyBoundWithAnyIntegerSetter_routesToTheSameShard() throws Exception {
    for (int key = 1; key <= 12; key++) {
      shards.execute(
          shards.shardFor((long) key),
          "INSERT INTO users (user_id, name) VALUES (" + key + ", 'user " + key + "')");
    }
    try (PreparedStatement read =
        connection.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      for (int key = 1; key <= 12; key++) {
        String owner = shards.shardFor((long) key) + "/replica-0";
        Map<String, Binder> binders = new LinkedHashMap<>();
        int k = key;
        binders.put("setInt", p -> p.setInt(1, k));
        binders.put("setLong", p -> p.setLong(1, k));
        binders.put("setShort", p -> p.setShort(1, (short) k));
        binders.put("setByte", p -> p.setByte(1, (byte) k));
        binders.put("setBigDecimal", p -> p.setBigDecimal(1, BigDecimal.valueOf(k)));
        binders.put("setBigDecimal(scale 3)", p -> p.setBigDecimal(1, new BigDecimal(k + ".000")));
        binders.put("setObject(Integer)", p -> p.setObject(1, k));
        binders.put("setObject(Long)", p -> p.setObject(1, (long) k));
        binders.put("setObject(BigDecimal)", p -> p.setObject(1, BigDecimal.valueOf(k)));
        binders.put("setObject(BigInteger)", p -> p.setObject(1, BigInteger.valueOf(k)));
        binders.put("setObject(Long, BIGINT)", p -> p.setObject(1, (long) k, Types.BIGINT));
        binders.put("setObject(String, BIGINT)", p -> p.setObject(1, " " + k, Types.BIGINT));
        binders.put("setObject(String, INTEGER)", p -> p.setObject(1, "" + k, Types.INTEGER));
        binders.put("setObject(String, DECIMAL)", p -> p.setObject(1, k + ".0", Types.DECIMAL));
        for (Map.Entry<String, Binder> binder : binders.entrySet()) {
          binder.getValue().bind(read);
          try (ResultSet rs = read.executeQuery()) {
            assertThat(rs.next()).as("key %d bound with %s", key, binder.getKey()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("user " + key);
          }
          assertThat(lastNode()).as("key %d bound with %s", key, binder.getKey()).isEqualTo(owner);
        }
      }
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @Test
  void eachExecution_routesOnTheValueBoundForIt() throws Exception {
    long[] keys = shards.keysOnTwoShards();
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      for (long key : keys) {
        insert.setLong(1, key);
        insert.setString(2, "k" + key);
        insert.executeUpdate();
        assertThat(lastNode()).isEqualTo(shards.shardFor(key) + "/primary");
      }
    }
    for (long key : keys) {
      assertThat(
              shards.queryLong(
                  shards.shardFor(key), "SELECT COUNT(*) FROM users WHERE user_id = " + key))
          .isEqualTo(1);
    }
  }

  @Test
  void clearParameters_thenExecutingWithoutTheKey_isRefused() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO users (name, user_id) VALUES (?, ?)")) {
      insert.setString(1, "cleared");
      insert.setLong(2, 3);
      insert.clearParameters();
      insert.setString(1, "cleared");
      assertThatThrownBy(insert::executeUpdate)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Parameter 2 holds the shard key but is not set")
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
    }
    assertThat(shards.queryTotal("SELECT COUNT(*) FROM users")).isZero();
  }

  @Test
  void nullShardKey_isRefused() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      insert.setObject(1, null);
      insert.setString(2, "nobody");
      assertThatThrownBy(insert::executeUpdate)
          .hasMessageContaining("users.user_id is NULL")
          .hasFieldOrPropertyWithValue("SQLState", "SW003");
    }
  }

  @Test
  void shardKeyOfATypeWithoutCanonicalEncoding_isRefused() throws Exception {
    try (PreparedStatement read =
        connection.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      read.setDouble(1, 3.0);
      assertThatThrownBy(read::executeQuery).hasFieldOrPropertyWithValue("SQLState", "SW008");
    }
  }

  // ---- misuse ----------------------------------------------------------------------------

  @Test
  void sqlPassedToAPreparedStatement_isRefused() throws Exception {
    try (PreparedStatement p =
        connection.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      assertThatThrownBy(() -> p.executeQuery("SELECT 1"))
          .hasMessageContaining("runs the SQL it was prepared with")
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.executeUpdate("DELETE FROM users WHERE user_id = 1"))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.execute("DELETE FROM users WHERE user_id = 1"))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.addBatch("DELETE FROM users WHERE user_id = 1"))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      String delete = "DELETE FROM users WHERE user_id = 1";
      int keys = Statement.RETURN_GENERATED_KEYS;
      int[] indexes = {1};
      String[] names = {"USER_ID"};
      assertThatThrownBy(() -> p.executeLargeUpdate(delete))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.executeUpdate(delete, keys))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.executeUpdate(delete, indexes))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.executeUpdate(delete, names))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.executeLargeUpdate(delete, keys))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.executeLargeUpdate(delete, indexes))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.executeLargeUpdate(delete, names))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.execute(delete, keys))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.execute(delete, indexes))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> p.execute(delete, names))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
    }
  }

  @Test
  void prepare_refusesSqlTheRouterRefuses() {
    assertThatThrownBy(() -> connection.prepareStatement("INSERT INTO users VALUES (?, ?)"))
        .hasMessageContaining("name the columns")
        .hasFieldOrPropertyWithValue("SQLState", "SW002");
  }

  @Test
  void closedPreparedStatement_refusesSettersAndExecution() throws Exception {
    PreparedStatement p = connection.prepareStatement("SELECT name FROM users WHERE user_id = ?");
    p.close();
    assertThatThrownBy(() -> p.setLong(1, 1)).hasFieldOrPropertyWithValue("SQLState", "SW010");
    assertThatThrownBy(p::executeQuery).hasFieldOrPropertyWithValue("SQLState", "SW010");
  }
}
