package io.shardwise.it.reshard;

import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Four dedicated databases on the two primaries of one engine, for a 3 -> 4 reshard: reshard_a and
 * reshard_c on s1's primary, reshard_b and reshard_d on s2's. PostgreSQL's {@code app} user may not
 * create databases, so there they are schemas of database {@code app} reached through {@code
 * currentSchema}; on MariaDB they are databases. Nothing else on the servers is touched.
 */
final class RealReshardDatabases {

  static final List<String> NAMES = List.of("reshard_a", "reshard_b", "reshard_c", "reshard_d");

  private final Topology topology;
  private final Engine engine;

  RealReshardDatabases(Topology topology, Engine engine) {
    this.topology = topology;
    this.engine = engine;
  }

  /** Shard name (a..d) to JDBC URL. */
  Map<String, String> urls() {
    Map<String, String> urls = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.size(); i++) {
      String primary = topology.primaryUrl(engine, Topology.SHARDS.get(i % 2));
      String name = NAMES.get(i);
      String server = primary.substring(0, primary.lastIndexOf('/'));
      urls.put(
          name,
          engine == Engine.PG
              ? primary + "?currentSchema=" + name + "&reWriteBatchedInserts=true"
              : server + "/" + name);
    }
    return urls;
  }

  String user() {
    return topology.user(engine);
  }

  String password() {
    return topology.password(engine);
  }

  /** Drops and recreates the four databases with empty tables. */
  void recreate() throws SQLException {
    for (int i = 0; i < NAMES.size(); i++) {
      String name = NAMES.get(i);
      String primary = topology.primaryUrl(engine, Topology.SHARDS.get(i % 2));
      try (Connection c = topology.direct(primary, engine);
          Statement s = c.createStatement()) {
        if (engine == Engine.PG) {
          s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
          s.execute("CREATE SCHEMA " + name);
        } else {
          s.execute("DROP DATABASE IF EXISTS " + name);
          s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        }
      }
      try (Connection c = connect(name);
          Statement s = c.createStatement()) {
        String timestamp = engine == Engine.PG ? "TIMESTAMP" : "DATETIME";
        s.execute(
            "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " balance DECIMAL(12, 2), created_at "
                + timestamp
                + ")");
        s.execute(
            "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL,"
                + " amount DECIMAL(12, 2) NOT NULL, note VARCHAR(200))");
        s.execute("CREATE TABLE countries (code VARCHAR(2) PRIMARY KEY, name VARCHAR(100))");
        s.execute(
            "CREATE TABLE bench_orders (order_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL,"
                + " amount DECIMAL(12, 2) NOT NULL, note VARCHAR(200))");
      }
    }
  }

  void dropAll() throws SQLException {
    for (int i = 0; i < NAMES.size(); i++) {
      String primary = topology.primaryUrl(engine, Topology.SHARDS.get(i % 2));
      try (Connection c = topology.direct(primary, engine);
          Statement s = c.createStatement()) {
        s.execute(
            (engine == Engine.PG ? "DROP SCHEMA IF EXISTS " : "DROP DATABASE IF EXISTS ")
                + NAMES.get(i)
                + (engine == Engine.PG ? " CASCADE" : ""));
      }
    }
  }

  Connection connect(String name) throws SQLException {
    return java.sql.DriverManager.getConnection(urls().get(name), user(), password());
  }

  String mapYaml(List<String> shards) {
    StringBuilder yaml =
        new StringBuilder("version: 1\nring: { hash: xxh64, virtualNodes: 512 }\nshards:\n");
    for (String shard : shards) {
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: { url: \"")
          .append(urls().get(shard))
          .append("\", user: ")
          .append(user())
          .append(", password: \"")
          .append(password())
          .append("\" }\n");
    }
    yaml.append(
        """
        tables:
          users:     { shardKey: user_id, group: accounts }
          orders:    { shardKey: user_id, group: accounts }
          countries: { broadcast: true }
        defaultShard: reshard_a
        """);
    return yaml.toString();
  }
}
