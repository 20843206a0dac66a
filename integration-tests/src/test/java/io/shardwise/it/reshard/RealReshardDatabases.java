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

  private final Topology topology;
  private final Engine engine;
  private final List<String> names;

  /** Databases {@code prefix_a} .. {@code prefix_d}: a prefix per test class keeps tests apart. */
  RealReshardDatabases(Topology topology, Engine engine, String prefix) {
    this.topology = topology;
    this.engine = engine;
    this.names = List.of(prefix + "_a", prefix + "_b", prefix + "_c", prefix + "_d");
  }

  /** The four database names; the first three are the old shards, all four the new ones. */
  List<String> names() {
    return names;
  }

  List<String> oldShards() {
    return names.subList(0, 3);
  }

  String newShard() {
    return names.get(3);
  }

  /** Shard name (a..d) to JDBC URL. */
  Map<String, String> urls() {
    Map<String, String> urls = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String primary = topology.primaryUrl(engine, Topology.SHARDS.get(i % 2));
      String name = names.get(i);
      String server = primary.substring(0, primary.lastIndexOf('/'));
      urls.put(
          name,
          engine == Engine.PG
              ? primary + "?currentSchema=" + name + "&reWriteBatchedInserts=true"
              : server + "/" + name);
    }
    return urls;
  }

  /** The shard the copy reads broadcast tables from: the first old one. */
  String broadcastSource() {
    return names.get(0);
  }

  String user() {
    return topology.user(engine);
  }

  String password() {
    return topology.password(engine);
  }

  /** Drops and recreates the four databases with empty tables. */
  void recreate() throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String primary = topology.primaryUrl(engine, Topology.SHARDS.get(i % 2));
      topology.recreateNamespace(engine, primary, name);
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
        for (String table : List.of("users", "orders", "countries")) {
          s.execute(
              engine == Engine.PG
                  ? "CREATE TABLE bench_" + table + " (LIKE " + table + " INCLUDING ALL)"
                  : "CREATE TABLE bench_" + table + " LIKE " + table);
        }
      }
    }
  }

  void dropAll() throws SQLException {
    for (int i = 0; i < names.size(); i++) {
      String primary = topology.primaryUrl(engine, Topology.SHARDS.get(i % 2));
      try (Connection c = topology.direct(primary, engine);
          Statement s = c.createStatement()) {
        s.execute(
            (engine == Engine.PG ? "DROP SCHEMA IF EXISTS " : "DROP DATABASE IF EXISTS ")
                + names.get(i)
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
        """);
    yaml.append("defaultShard: ").append(names.get(0)).append('\n');
    return yaml.toString();
  }
}
