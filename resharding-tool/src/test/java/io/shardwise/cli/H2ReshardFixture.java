package io.shardwise.cli;

import io.shardwise.router.ring.HashRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.hashing.LongHashFunction;

/**
 * Four file-based H2 databases in a temp dir: s1..s3 hold a table group (users, orders by user_id)
 * placed by the old three-shard map, and a broadcast table (countries); s4 is new and empty. Writes
 * old.yaml (s1..s3) and new.yaml (s1..s4).
 */
final class H2ReshardFixture {

  static final List<String> OLD_SHARDS = List.of("s1", "s2", "s3");
  static final List<String> NEW_SHARDS = List.of("s1", "s2", "s3", "s4");
  static final List<String> TABLES = List.of("users", "orders", "countries");
  static final int COUNTRIES = 50;

  final Path dir;
  final Path oldMap;
  final Path newMap;
  final Path plan;
  final HashRing oldRing = ring(OLD_SHARDS);
  final HashRing newRing = ring(NEW_SHARDS);

  private H2ReshardFixture(Path dir) {
    this.dir = dir;
    this.oldMap = dir.resolve("old.yaml");
    this.newMap = dir.resolve("new.yaml");
    this.plan = dir.resolve("plan.yaml");
  }

  /** The fixture with {@code rows} rows in the group: a third users, the rest orders. */
  static H2ReshardFixture create(Path dir, int rows) throws Exception {
    H2ReshardFixture fixture = new H2ReshardFixture(dir);
    Files.writeString(fixture.oldMap, mapYaml(dir, OLD_SHARDS), StandardCharsets.UTF_8);
    Files.writeString(fixture.newMap, mapYaml(dir, NEW_SHARDS), StandardCharsets.UTF_8);
    for (String shard : NEW_SHARDS) {
      try (Connection c = fixture.connect(shard);
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " balance DECIMAL(12, 2), created_at TIMESTAMP)");
        s.execute(
            "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL,"
                + " amount DECIMAL(12, 2) NOT NULL, note VARCHAR(200))");
        s.execute("CREATE TABLE countries (code VARCHAR(2) PRIMARY KEY, name VARCHAR(100))");
      }
    }
    fixture.load(rows);
    return fixture;
  }

  private void load(int rows) throws SQLException {
    int users = rows / 3;
    int orders = rows - users;
    Map<String, Connection> connections = new TreeMap<>();
    Map<String, PreparedStatement> userInserts = new TreeMap<>();
    Map<String, PreparedStatement> orderInserts = new TreeMap<>();
    try {
      for (String shard : OLD_SHARDS) {
        Connection c = connect(shard);
        c.setAutoCommit(false);
        connections.put(shard, c);
        userInserts.put(shard, c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)"));
        orderInserts.put(shard, c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)"));
        try (PreparedStatement country =
            c.prepareStatement("INSERT INTO countries VALUES (?, ?)")) {
          for (int i = 0; i < COUNTRIES; i++) {
            country.setString(1, "" + (char) ('A' + i / 26) + (char) ('A' + i % 26));
            country.setString(2, "Country " + i + " – ünïcödé");
            country.addBatch();
          }
          country.executeBatch();
        }
      }
      LocalDateTime epoch = LocalDateTime.of(2024, 1, 1, 0, 0);
      for (long id = 1; id <= users; id++) {
        PreparedStatement insert = userInserts.get(oldRing.shardFor(id));
        insert.setLong(1, id);
        insert.setString(2, "user-" + id + (id % 5 == 0 ? " ß" : ""));
        insert.setBigDecimal(3, id % 11 == 0 ? null : BigDecimal.valueOf(id * 37 % 100_000, 2));
        insert.setTimestamp(4, Timestamp.valueOf(epoch.plusSeconds(id * 61)));
        insert.addBatch();
      }
      for (long id = 1; id <= orders; id++) {
        long userId = id % users + 1;
        PreparedStatement insert = orderInserts.get(oldRing.shardFor(userId));
        insert.setLong(1, id);
        insert.setLong(2, userId);
        insert.setBigDecimal(3, BigDecimal.valueOf(id * 13 % 1_000_000, 2));
        insert.setString(4, id % 7 == 0 ? null : "order " + id);
        insert.addBatch();
      }
      for (String shard : OLD_SHARDS) {
        userInserts.get(shard).executeBatch();
        orderInserts.get(shard).executeBatch();
        connections.get(shard).commit();
      }
    } finally {
      for (Connection c : connections.values()) {
        c.close();
      }
    }
  }

  private static HashRing ring(List<String> shards) {
    Map<String, Integer> weights = new TreeMap<>();
    shards.forEach(s -> weights.put(s, 1));
    return HashRing.of(512, weights);
  }

  /**
   * MAX_COMPACT_TIME=0: H2 2.3.232 compacts the file when the last connection closes, and under the
   * tests' -ea an assertion in that compaction (RandomAccessStore.moveChunkInside) can fail the
   * close and drop the unsaved chunk: rows committed before it vanish. No compaction, no loss.
   */
  static String url(Path dir, String shard) {
    return "jdbc:h2:file:" + dir.resolve(shard).toAbsolutePath() + ";MAX_COMPACT_TIME=0";
  }

  private static String mapYaml(Path dir, List<String> shards) {
    StringBuilder yaml =
        new StringBuilder("version: 1\nring: { hash: xxh64, virtualNodes: 512 }\nshards:\n");
    for (String shard : shards) {
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: { url: \"")
          .append(url(dir, shard))
          .append("\", user: sa, password: \"\" }\n");
    }
    yaml.append(
        """
        tables:
          users:     { shardKey: user_id, group: accounts }
          orders:    { shardKey: user_id, group: accounts }
          countries: { broadcast: true }
        defaultShard: s1
        """);
    return yaml.toString();
  }

  Connection connect(String shard) throws SQLException {
    return DriverManager.getConnection(url(dir, shard), "sa", "");
  }

  void execute(String shard, String sql) throws SQLException {
    try (Connection c = connect(shard);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The shard keys (user_id) of a group table's rows on one shard. */
  List<Long> keysOn(String shard, String table) throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (Connection c = connect(shard);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id FROM " + table)) {
      while (rs.next()) {
        keys.add(rs.getLong(1));
      }
    }
    return keys;
  }

  long count(String shard, String table) throws SQLException {
    try (Connection c = connect(shard);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Row count and an order-independent checksum (sum of XXH64 of each row's text) of a table over
   * the given shards: computed here independently of the tool's own checksum.
   */
  long[] contentChecksum(String table, List<String> shards) throws SQLException {
    long rows = 0;
    long sum = 0;
    LongHashFunction xxh = LongHashFunction.xx();
    for (String shard : shards) {
      try (Connection c = connect(shard);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          StringBuilder text = new StringBuilder();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            text.append(rs.getString(i)).append('|');
          }
          rows++;
          sum += xxh.hashChars(text);
        }
      }
    }
    return new long[] {rows, sum};
  }

  static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
