package io.shardwise.it.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.router.ring.HashRing;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes rewritten per shard on four H2 shards: multi-row INSERT split, IN lists pruned, UPDATE of
 * the key on its own shard, INSERT ... SELECT on one shard, shard hints, generated keys; and each
 * write refusal with its message and SQLState.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2ShardWritesTest {

  private H2Shards shards;
  private HashRing ring;
  private Connection sharded;

  @BeforeAll
  void start() throws Exception {
    shards = new H2Shards(4, "");
    ring = shards.ring();
    sharded = DriverManager.getConnection(shards.url());
    try (Statement s = sharded.createStatement()) {
      s.execute(
          "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40) DEFAULT 'anon', seq"
              + " BIGINT AUTO_INCREMENT)");
      s.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, user_id BIGINT)");
    }
  }

  @BeforeEach
  void empty() throws Exception {
    try (Statement s = sharded.createStatement()) {
      s.executeUpdate("DELETE FROM orders");
      s.executeUpdate("DELETE FROM users");
    }
    sharded.unwrap(ShardwiseConnection.class).setShardHint(null);
  }

  @AfterAll
  void stop() throws Exception {
    sharded.close();
    shards.close();
  }

  /** Keys a, b, c: a and c on one shard, b on another. */
  private long[] keys() throws SQLException {
    long a = 1;
    long b = 2;
    while (ring.shardFor(b).equals(ring.shardFor(a))) {
      b++;
    }
    long c = b + 1;
    while (!ring.shardFor(c).equals(ring.shardFor(a))) {
      c++;
    }
    return new long[] {a, b, c};
  }

  /** The user ids stored directly on each shard's database. */
  private List<Long> idsOn(String shard) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = shards.direct(shard);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id FROM users ORDER BY user_id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private void assertEveryRowOnItsOwner(long... expected) throws SQLException {
    List<Long> all = new ArrayList<>();
    for (String shard : shards.names()) {
      for (long id : idsOn(shard)) {
        assertThat(ring.shardFor(id)).as("owner of " + id).isEqualTo(shard);
        all.add(id);
      }
    }
    assertThat(all)
        .containsExactlyInAnyOrder(java.util.Arrays.stream(expected).boxed().toArray(Long[]::new));
  }

  @Test
  void multiRowInsertWithLiteralsLandsEachRowOnItsShard() throws Exception {
    long[] k = keys();
    try (Statement s = sharded.createStatement()) {
      int count =
          s.executeUpdate(
              "INSERT INTO users (user_id, name) VALUES ("
                  + k[0]
                  + ", 'x, (y)'), ("
                  + k[1]
                  + ", DEFAULT), ("
                  + k[2]
                  + ", 'z')");
      assertThat(count).isEqualTo(3);
    }
    assertEveryRowOnItsOwner(k[0], k[1], k[2]);
    try (Statement s = sharded.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM users WHERE user_id = " + k[1])) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("anon");
    }
  }

  @Test
  void multiRowInsertWithParametersBindsEachShardsOwnValues() throws Exception {
    long[] k = keys();
    try (PreparedStatement p =
        sharded.prepareStatement(
            "INSERT INTO users (user_id, name) VALUES (?, ?), (?, ?), (?, ?)")) {
      p.setLong(1, k[0]);
      p.setString(2, "a");
      p.setLong(3, k[1]);
      p.setString(4, "'); DROP TABLE users; --");
      p.setLong(5, k[2]);
      p.setString(6, "c");
      assertThat(p.executeUpdate()).isEqualTo(3);
    }
    assertEveryRowOnItsOwner(k[0], k[1], k[2]);
    try (PreparedStatement p =
        sharded.prepareStatement("SELECT name FROM users WHERE user_id = ?")) {
      p.setLong(1, k[1]);
      try (ResultSet rs = p.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("'); DROP TABLE users; --");
      }
    }
  }

  @Test
  void generatedKeysOfAMultiRowInsertOnOneShard() throws Exception {
    long[] k = keys();
    try (PreparedStatement p =
        sharded.prepareStatement(
            "INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'c')",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setLong(1, k[0]);
      p.setLong(2, k[2]);
      assertThat(p.executeUpdate()).isEqualTo(2);
      int keysReturned = 0;
      try (ResultSet rs = p.getGeneratedKeys()) {
        while (rs.next()) {
          keysReturned++;
        }
      }
      assertThat(keysReturned).isEqualTo(2);
      p.setLong(1, k[0] + 100_000);
      p.setLong(2, k[1]);
      if (!ring.shardFor(k[0] + 100_000).equals(ring.shardFor(k[1]))) {
        assertThatThrownBy(p::executeUpdate)
            .hasFieldOrPropertyWithValue("SQLState", "SW001")
            .hasMessageContaining("Generated keys are returned only");
      }
    }
  }

  @Test
  void inListPrunedPerShardUpdatesTheRightRows() throws Exception {
    long[] k = keys();
    try (Statement s = sharded.createStatement()) {
      s.executeUpdate(
          "INSERT INTO users (user_id, name) VALUES ("
              + k[0]
              + ", 'a'), ("
              + k[1]
              + ", 'b'), ("
              + k[2]
              + ", 'c')");
    }
    try (PreparedStatement p =
        sharded.prepareStatement(
            "UPDATE users SET name = ? WHERE user_id IN (?, ?, ?) AND name <> ?")) {
      p.setString(1, "new");
      p.setLong(2, k[0]);
      p.setLong(3, k[1]);
      p.setLong(4, 999_999);
      p.setString(5, "c");
      assertThat(p.executeUpdate()).isEqualTo(2);
    }
    try (PreparedStatement p =
        sharded.prepareStatement(
            "SELECT user_id, name FROM users WHERE user_id IN (?, ?, ?) ORDER BY user_id")) {
      p.setLong(1, k[2]);
      p.setLong(2, k[1]);
      p.setLong(3, k[0]);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getLong(1) + "=" + rs.getString(2));
        }
      }
      assertThat(rows).containsExactly(k[0] + "=new", k[1] + "=new", k[2] + "=c");
    }
  }

  @Test
  void updateOfTheKeyRunsWhenTheRowStaysOnItsShard() throws Exception {
    long[] k = keys();
    try (Statement s = sharded.createStatement()) {
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + k[0] + ", 'a')");
    }
    try (PreparedStatement p =
        sharded.prepareStatement("UPDATE users SET user_id = ? WHERE user_id = ?")) {
      p.setLong(1, k[2]);
      p.setLong(2, k[0]);
      assertThat(p.executeUpdate()).isEqualTo(1);
      p.setLong(1, k[1]);
      p.setLong(2, k[2]);
      assertThatThrownBy(p::executeUpdate)
          .hasFieldOrPropertyWithValue("SQLState", "SW004")
          .hasMessageContaining("could move the row to another shard");
    }
    assertEveryRowOnItsOwner(k[2]);
  }

  @Test
  void insertSelectOfCoLocatedRowsRunsOnTheirShard() throws Exception {
    long[] k = keys();
    try (Statement s = sharded.createStatement()) {
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + k[1] + ", 'b')");
      assertThat(
              s.executeUpdate(
                  "INSERT INTO orders (order_id, user_id) SELECT user_id * 10, user_id FROM users"
                      + " WHERE user_id = "
                      + k[1]))
          .isEqualTo(1);
    }
    try (Connection c = shards.direct(ring.shardFor(k[1]));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT order_id FROM orders")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(k[1] * 10);
    }
  }

  @Test
  void shardHintCommentAndApiSendTheStatementToTheNamedShard() throws Exception {
    long[] k = keys();
    String shard = ring.shardFor(k[1]);
    try (Statement s = sharded.createStatement()) {
      s.executeUpdate(
          "INSERT INTO users (user_id) VALUES (" + k[0] + "), (" + k[1] + "), (" + k[2] + ")");
      try (ResultSet rs =
          s.executeQuery("/* shardwise:shard=" + shard + " */ SELECT COUNT(*) FROM users")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
      try (ResultSet rs =
          s.executeQuery("SELECT COUNT(*) FROM users WHERE name <> '/* shardwise:shard=x */'")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(3);
      }
      assertThatThrownBy(() -> s.executeQuery("/* shardwise:shard=nowhere */ SELECT 1"))
          .hasFieldOrPropertyWithValue("SQLState", "SW012");
    }
    ShardwiseConnection api = sharded.unwrap(ShardwiseConnection.class);
    api.setShardHint(ring.shardFor(k[0]));
    try (PreparedStatement p =
        sharded.prepareStatement("SELECT COUNT(*) FROM users WHERE name = ?")) {
      p.setString(1, "/* shardwise:shard=" + shard + " */");
      p.setString(1, "anon");
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2);
      }
    }
    assertThat(api.lastRoute().toString()).contains("Shard(" + ring.shardFor(k[0]) + ")");
    api.setShardHint(null);
    assertThatThrownBy(() -> api.setShardHint("nowhere"))
        .hasFieldOrPropertyWithValue("SQLState", "SW012");
  }

  record Refusal(String sql, String fragment, String sqlState) {
    @Override
    public String toString() {
      return sql;
    }
  }

  Stream<Refusal> writeRefusals() throws Exception {
    long[] k = keys();
    return Stream.of(
        new Refusal(
            "UPDATE users SET user_id = " + k[1] + " WHERE user_id = " + k[0],
            "could move the row to another shard",
            "SW004"),
        new Refusal(
            "UPDATE users SET user_id = user_id + 1 WHERE user_id = " + k[0],
            "could move the row to another shard",
            "SW004"),
        new Refusal(
            "INSERT INTO users (user_id) VALUES (1) ON DUPLICATE KEY UPDATE user_id = 2",
            "sets the shard key",
            "SW004"),
        new Refusal("INSERT INTO users (user_id) VALUES (1), (NULL)", "is NULL", "SW003"),
        new Refusal(
            "INSERT INTO users (user_id) VALUES (1), (DEFAULT)", "give it as a literal", "SW002"),
        new Refusal(
            "INSERT INTO orders (order_id, user_id) SELECT user_id, user_id FROM users",
            "must fix the shard key",
            "SW005"),
        new Refusal(
            "INSERT INTO orders (order_id, user_id) SELECT 1, "
                + k[1]
                + " FROM users WHERE user_id = "
                + k[0],
            "live on different shards",
            "SW005"),
        new Refusal(
            "/* shardwise:shard="
                + ring.shardFor(k[1])
                + " */ INSERT INTO users (user_id) VALUES ("
                + k[0]
                + ")",
            "disagrees with the shard key",
            "SW012"),
        new Refusal("/* shardwise:shard=s99 */ SELECT 1", "names no shard", "SW012"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writeRefusals")
  void writesThatCannotBeRoutedSafelyAreRefused(Refusal refusal) {
    assertThatThrownBy(
            () -> {
              try (Statement s = sharded.createStatement()) {
                s.execute(refusal.sql());
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(refusal.fragment())
        .hasFieldOrPropertyWithValue("SQLState", refusal.sqlState());
  }
}
