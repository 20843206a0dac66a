package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code keyType: integer} on real MariaDB, which converts text bound to a BIGINT column into the
 * number: a key bound with {@code setString} must be stored on the shard that owns the number, the
 * one a {@code setLong} read goes to. Each shard is a database of this test's own on one primary of
 * the topology; which shard holds a row is read from each primary directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbKeyTypeTest {

  private static final Engine ENGINE = Engine.MARIADB;
  private static final String DATABASE = "keytype_it";

  private Topology topology;
  private String url;
  private HashRing ring;

  @BeforeAll
  void createShards() throws Exception {
    topology = RealTopology.require(ENGINE);
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : Topology.SHARDS) {
      topology.recreateNamespace(ENGINE, topology.primaryUrl(ENGINE, shard), DATABASE);
      try (Connection c = primary(shard);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
      }
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: ").append(topology.node(ENGINE, primaryUrl(shard))).append('\n');
    }
    yaml.append(
        """
        tables:
          users: { shardKey: user_id, keyType: integer }
        defaultShard: s1
        """);
    Path map = Files.createTempFile("shardwise-keytype-mariadb-", ".yaml");
    Files.writeString(map, yaml);
    map.toFile().deleteOnExit();
    url = "jdbc:shardwise:" + map;
    var loaded = ShardMapLoader.load(map);
    ring = HashRing.of(loaded.ring(), loaded.shards());
  }

  @AfterAll
  void shutdown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @BeforeEach
  void empty() throws SQLException {
    for (String shard : Topology.SHARDS) {
      try (Connection c = primary(shard);
          Statement s = c.createStatement()) {
        s.execute("DELETE FROM users");
      }
    }
  }

  /** The primary's URL with this test's database. */
  private String primaryUrl(String shard) {
    String base = topology.primaryUrl(ENGINE, shard);
    return base.substring(0, base.lastIndexOf('/') + 1) + DATABASE;
  }

  private Connection primary(String shard) throws SQLException {
    return topology.direct(primaryUrl(shard), ENGINE);
  }

  /** The keys stored on {@code shard}, read from its primary directly. */
  private List<Long> keysOn(String shard) throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (Connection c = primary(shard);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id FROM users ORDER BY user_id")) {
      while (rs.next()) {
        keys.add(rs.getLong(1));
      }
    }
    return keys;
  }

  /** The first key from {@code from} whose text lands on another shard than its number untyped. */
  private long keyWhoseTextLandsElsewhere(long from) throws Exception {
    long key = from;
    while (ring.shardFor(key).equals(ring.shardFor(Long.toString(key)))) {
      key++;
    }
    return key;
  }

  @Test
  void keyBoundWithSetString_isStoredOnTheShardOfTheNumber() throws Exception {
    long key = keyWhoseTextLandsElsewhere(1);
    long blanks = keyWhoseTextLandsElsewhere(key + 1);
    String owner = ring.shardFor(key);
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
        insert.setString(1, Long.toString(key));
        insert.setString(2, "ann");
        insert.executeUpdate();
        // MariaDB skips blanks around a number it converts, and so does keyType integer
        insert.setString(1, " \t" + blanks + " ");
        insert.setString(2, "bob");
        insert.executeUpdate();
      }
      for (String shard : Topology.SHARDS) {
        List<Long> expected = new ArrayList<>();
        for (long k : new long[] {key, blanks}) {
          if (ring.shardFor(k).equals(shard)) {
            expected.add(k);
          }
        }
        assertThat(keysOn(shard)).as("keys on %s", shard).isEqualTo(expected);
      }
      assertThat(keysOn(owner)).contains(key);
      assertThat(keysOn(ring.shardFor(Long.toString(key)))).doesNotContain(key);
      try (PreparedStatement select =
          c.prepareStatement("SELECT name, @@port FROM users WHERE user_id = ?")) {
        select.setLong(1, key);
        try (ResultSet rs = select.executeQuery()) {
          assertThat(rs.next()).as("the row read back with setLong").isTrue();
          assertThat(rs.getString(1)).isEqualTo("ann");
          assertThat(rs.getInt(2)).isEqualTo(Topology.port(topology.primaryUrl(ENGINE, owner)));
        }
      }
    }
  }

  @Test
  void textThatIsNotAnInteger_isRefusedBeforeMariaDbSeesIt() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      insert.setString(1, "abc");
      insert.setString(2, "eve");
      SQLException e = catchThrowableOfType(SQLException.class, insert::executeUpdate);
      assertThat(e.getSQLState()).isEqualTo("22018");
      assertThat(e.getMessage())
          .startsWith(
              "The shard key users.user_id has keyType integer, but its value 'abc' is not an"
                  + " integer");
    }
    for (String shard : Topology.SHARDS) {
      assertThat(keysOn(shard)).as("keys on %s", shard).isEmpty();
    }
  }
}
