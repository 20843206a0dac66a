package io.shardwise.driver;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * In-memory H2 databases, one per shard, each with a read-only login (user REPLICA) to the same
 * database standing in for its replica, so that {@code CURRENT_USER} tells which node served a
 * statement: {@code SA} on a primary, {@code REPLICA} on the replica. Every instance has databases
 * of its own, named after the test class and a random suffix, and shuts them down on close.
 */
final class H2Shards implements AutoCloseable {

  /** The tables every test map declares; anything else lives on the default shard, s1. */
  static final String TABLES =
      """
      tables:
        users:     { shardKey: user_id, group: accounts }
        orders:    { shardKey: user_id, group: accounts }
        kinds:     { shardKey: id }
        countries: { broadcast: true }
      defaultShard: s1
      """;

  /** Each node's pool holds one connection: a leaked physical connection blocks the next use. */
  static final String ONE_CONNECTION_POOLS =
      "pool: { maximumPoolSize: 1, connectionTimeout: 1s }\n";

  private final List<String> urls = new ArrayList<>();
  private final Path map;
  private final String jdbcUrl;

  /** {@code count} shards and a map of {@link #TABLES} followed by {@code extraYaml}. */
  H2Shards(String prefix, int count, String extraYaml) throws IOException, SQLException {
    this(prefix, count, TABLES, extraYaml);
  }

  /**
   * {@code count} shards and a map of {@code tables} (a {@code tables} section and the {@code
   * defaultShard}, in place of {@link #TABLES}) followed by {@code extraYaml}.
   */
  H2Shards(String prefix, int count, String tables, String extraYaml)
      throws IOException, SQLException {
    String run = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 1; i <= count; i++) {
      String url = "jdbc:h2:mem:" + run + "-s" + i + ";DB_CLOSE_DELAY=-1";
      createDatabase(url);
      urls.add(url);
    }
    map = Files.createTempFile("shardwise-driver-" + prefix + "-", ".yaml");
    Files.writeString(map, yaml(urls, tables + extraYaml));
    jdbcUrl = "jdbc:shardwise:" + map;
  }

  /** Creates an H2 database at {@code url} with the REPLICA login allowed to read it. */
  static void createDatabase(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE USER IF NOT EXISTS replica PASSWORD 'replica'");
      s.execute("GRANT SELECT ON SCHEMA PUBLIC TO replica");
    }
  }

  /** A shard map whose shard {@code s<i>} is the database {@code primaryUrls[i-1]}. */
  static String yaml(List<String> primaryUrls, String rest) {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= primaryUrls.size(); i++) {
      String url = primaryUrls.get(i - 1);
      yaml.append("  - name: s")
          .append(i)
          .append('\n')
          .append("    primary: { url: \"")
          .append(url)
          .append("\", user: sa, password: \"\" }\n")
          .append("    replicas:\n")
          .append("      - { url: \"")
          .append(replicaUrl(url))
          .append("\", user: replica, password: replica }\n");
    }
    return yaml.append(rest).toString();
  }

  /** The replica login may not set DB_CLOSE_DELAY (an admin setting); the database stays open. */
  static String replicaUrl(String primaryUrl) {
    return primaryUrl.substring(0, primaryUrl.indexOf(';'));
  }

  /** The {@code jdbc:shardwise:} URL of the map. */
  String url() {
    return jdbcUrl;
  }

  Path map() {
    return map;
  }

  /** The H2 URL of shard {@code name}'s database. */
  String h2Url(String name) {
    return urls.get(Integer.parseInt(name.substring(1)) - 1);
  }

  /** A direct connection to shard {@code name}'s database, bypassing shardwise. */
  Connection direct(String name) throws SQLException {
    return DriverManager.getConnection(h2Url(name), "sa", "");
  }

  List<String> names() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= urls.size(); i++) {
      names.add("s" + i);
    }
    return names;
  }

  /** The shard that owns shard-key value {@code key}, hashed as its own type (no keyType). */
  String shardFor(Object key) throws SQLException {
    ShardMap loaded = ShardMapLoader.load(map);
    return HashRing.of(loaded.ring(), loaded.shards()).shardFor(key);
  }

  /** The shard that owns a row of {@code table} with shard-key value {@code key}, as routed. */
  String shardFor(Object key, String table) throws SQLException {
    ShardMap loaded = ShardMapLoader.load(map);
    return HashRing.of(loaded.ring(), loaded.shards())
        .shardFor(key, loaded.table(table).orElseThrow());
  }

  /** Two keys that live on different shards. */
  /** Two keys the ring places on different shards, and those shards. */
  record TwoKeys(long onA, long onB, String shardA, String shardB) {}

  /** Key 1 and the smallest key on another shard than 1's. */
  TwoKeys twoKeys() throws SQLException {
    long[] keys = keysOnTwoShards();
    return new TwoKeys(keys[0], keys[1], shardFor(keys[0]), shardFor(keys[1]));
  }

  long[] keysOnTwoShards() throws SQLException {
    String first = shardFor(1L);
    for (long key = 2; ; key++) {
      if (!shardFor(key).equals(first)) {
        return new long[] {1L, key};
      }
    }
  }

  /** The first long of a one-row, one-column query run directly on shard {@code name}. */
  long queryLong(String name, String sql) throws SQLException {
    try (Connection direct = direct(name);
        Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new AssertionError("no row from " + sql + " on " + name);
      }
      return rs.getLong(1);
    }
  }

  /** Sum of a one-row count query run directly on every shard. */
  long queryTotal(String sql) throws SQLException {
    long total = 0;
    for (String name : names()) {
      total += queryLong(name, sql);
    }
    return total;
  }

  /** Runs {@code sql} directly on shard {@code name}. */
  void execute(String name, String sql) throws SQLException {
    try (Connection direct = direct(name);
        Statement s = direct.createStatement()) {
      s.execute(sql);
    }
  }

  /** Runs {@code sql} directly on every shard (schema set-up that bypasses the driver). */
  void executeEverywhere(String sql) throws SQLException {
    for (String name : names()) {
      execute(name, sql);
    }
  }

  @Override
  public void close() throws SQLException, IOException {
    try {
      ShardwiseDriver.shutdown(jdbcUrl);
    } finally {
      for (String url : urls) {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
            Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        }
      }
      Files.deleteIfExists(map);
    }
  }
}
