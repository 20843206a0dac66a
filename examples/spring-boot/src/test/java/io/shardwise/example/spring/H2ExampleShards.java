package io.shardwise.example.spring;

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
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Two in-memory H2 shards. Each node is a login of its own to its shard's database: {@code
 * PRIMARY_S1} (admin) and {@code REPLICA_S1} (read-only) on s1, and so on, so that {@code
 * CURRENT_USER} tells both the shard and the role of the node that ran a query.
 */
final class H2ExampleShards extends ExampleShards {

  private final List<String> urls = new ArrayList<>();
  private final Path map;

  H2ExampleShards() throws IOException, SQLException {
    String run = UUID.randomUUID().toString().substring(0, 8);
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : SHARDS) {
      String url = "jdbc:h2:mem:spring-example-" + run + "-" + shard + ";DB_CLOSE_DELAY=-1";
      urls.add(url);
      try (Connection c = DriverManager.getConnection(url, "sa", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE USER primary_" + shard + " PASSWORD 'p' ADMIN");
        s.execute("CREATE USER replica_" + shard + " PASSWORD 'r'");
        s.execute("GRANT SELECT ON SCHEMA PUBLIC TO replica_" + shard);
      }
      String base = url.substring(0, url.indexOf(';'));
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: { url: \"")
          .append(base)
          .append("\", user: primary_")
          .append(shard)
          .append(", password: p }\n");
      yaml.append("    replicas:\n      - { url: \"")
          .append(base)
          .append("\", user: replica_")
          .append(shard)
          .append(", password: r }\n");
    }
    yaml.append(TABLES);
    map = Files.createTempFile("spring-example-h2-", ".yaml");
    Files.writeString(map, yaml);
  }

  @Override
  Path map() {
    return map;
  }

  @Override
  String servedByExpression() {
    return "CURRENT_USER";
  }

  @Override
  String primaryServer(String shard) {
    return "PRIMARY_" + shard.toUpperCase(Locale.ROOT);
  }

  @Override
  Set<String> replicaServers(String shard) {
    return Set.of("REPLICA_" + shard.toUpperCase(Locale.ROOT));
  }

  private String dbUrl(String shard) {
    return urls.get(SHARDS.indexOf(shard));
  }

  @Override
  Connection direct(String shard, int replica) throws SQLException {
    return DriverManager.getConnection(dbUrl(shard), "sa", "");
  }

  @Override
  int replicaCount() {
    return 1;
  }

  @Override
  String[] directPrimary() {
    return new String[] {dbUrl("s1"), "primary_s1", "p"};
  }

  /** H2 sessions of both databases, less the one that counts. */
  @Override
  int physicalConnections() throws SQLException {
    int total = 0;
    for (String shard : SHARDS) {
      try (Connection c = direct(shard, 0);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
        rs.next();
        total += rs.getInt(1) - 1;
      }
    }
    return total;
  }

  @Override
  public void close() throws SQLException, IOException {
    for (String url : urls) {
      try (Connection c = DriverManager.getConnection(url, "sa", "");
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      }
    }
    Files.deleteIfExists(map);
  }
}
