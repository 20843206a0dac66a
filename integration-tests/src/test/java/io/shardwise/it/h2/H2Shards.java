package io.shardwise.it.h2;

import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * N in-memory H2 databases, each a shard whose "replica" is a read-only login (user REPLICA) to the
 * same database, so that {@code CURRENT_USER} tells which node served a statement.
 */
final class H2Shards implements AutoCloseable {

  private final List<String> urls = new ArrayList<>();
  private final Path map;
  private final String jdbcUrl;

  H2Shards(int count, String extraYaml) throws IOException, SQLException {
    String run = UUID.randomUUID().toString().substring(0, 8);
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= count; i++) {
      String url = "jdbc:h2:mem:it-" + run + "-s" + i + ";DB_CLOSE_DELAY=-1";
      urls.add(url);
      try (Connection c = DriverManager.getConnection(url, "sa", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE USER IF NOT EXISTS replica PASSWORD 'replica'");
        s.execute("GRANT SELECT ON SCHEMA PUBLIC TO replica");
      }
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
    yaml.append(
        """
        tables:
          users:     { shardKey: user_id, group: accounts }
          orders:    { shardKey: user_id, group: accounts }
          countries: { broadcast: true }
        defaultShard: s1
        """);
    yaml.append(extraYaml);
    map = Files.createTempFile("shardwise-it-", ".yaml");
    Files.writeString(map, yaml);
    jdbcUrl = "jdbc:shardwise:" + map;
  }

  /** The replica login may not set DB_CLOSE_DELAY (an admin setting); the database stays open. */
  static String replicaUrl(String primaryUrl) {
    return primaryUrl.substring(0, primaryUrl.indexOf(';'));
  }

  String url() {
    return jdbcUrl;
  }

  /** A direct connection to shard {@code name}'s database, bypassing shardwise. */
  Connection direct(String name) throws SQLException {
    return DriverManager.getConnection(urls.get(Integer.parseInt(name.substring(1)) - 1), "sa", "");
  }

  List<String> names() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= urls.size(); i++) {
      names.add("s" + i);
    }
    return names;
  }

  HashRing ring() throws SQLException {
    ShardMap loaded = ShardMapLoader.load(map);
    return HashRing.of(loaded.ring(), loaded.shards());
  }

  @Override
  public void close() throws SQLException, IOException {
    ShardwiseDriver.shutdown(jdbcUrl);
    for (String url : urls) {
      try (Connection c = DriverManager.getConnection(url, "sa", "");
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      }
    }
    Files.deleteIfExists(map);
  }
}
