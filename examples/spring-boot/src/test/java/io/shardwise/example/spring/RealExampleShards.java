package io.shardwise.example.spring;

import static org.awaitility.Awaitility.await;

import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The real topology's two shards (a primary and two replicas each) with the example's tables in a
 * schema (PostgreSQL) or database (MariaDB) of its own, {@value #SCHEMA}, dropped and created again
 * at start. PostgreSQL node URLs carry {@code ApplicationName=}{@value #APPLICATION} so that {@code
 * pg_stat_activity} counts exactly the example's connections; on MariaDB the processlist rows of
 * database {@value #SCHEMA} are.
 */
final class RealExampleShards extends ExampleShards {

  static final String SCHEMA = "spring_example";
  static final String APPLICATION = "shardwise-spring-example";

  private final Engine engine;
  private final Topology topology;
  private final Path map;

  RealExampleShards(Engine engine) throws IOException, SQLException {
    this.engine = engine;
    this.topology = RealTopology.require(engine);
    recreateSchema();
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : SHARDS) {
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: ").append(node(shard, 0)).append('\n');
      yaml.append("    replicas:\n");
      for (int replica = 1; replica <= Topology.REPLICAS; replica++) {
        yaml.append("      - ").append(node(shard, replica)).append('\n');
      }
    }
    yaml.append(TABLES);
    map = Files.createTempFile("spring-example-" + engine.label() + "-", ".yaml");
    Files.writeString(map, yaml);
  }

  private String node(String shard, int replica) {
    return topology.node(engine, nodeUrl(shard, replica));
  }

  /** The URL the application uses for a node: the example's schema, and its name on PostgreSQL. */
  private String nodeUrl(String shard, int replica) {
    return schemaUrl(shard, replica)
        + (engine == Engine.PG ? "&ApplicationName=" + APPLICATION : "");
  }

  private String schemaUrl(String shard, int replica) {
    String base = topology.url(engine, shard, replica);
    return engine == Engine.PG
        ? base + "?currentSchema=" + SCHEMA
        : base.substring(0, base.lastIndexOf('/') + 1) + SCHEMA;
  }

  private Connection admin(String shard, int replica) throws SQLException {
    return topology.direct(topology.url(engine, shard, replica), engine);
  }

  /** Drops and creates the schema on each primary; waits until every replica has it, empty. */
  private void recreateSchema() throws SQLException {
    String drop =
        engine == Engine.PG
            ? "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE"
            : "DROP DATABASE IF EXISTS " + SCHEMA;
    String create = (engine == Engine.PG ? "CREATE SCHEMA " : "CREATE DATABASE ") + SCHEMA;
    for (String shard : SHARDS) {
      try (Connection c = admin(shard, 0);
          Statement s = c.createStatement()) {
        s.execute(drop);
        s.execute(create);
      }
    }
    String schemaExists =
        engine == Engine.PG
            ? "SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?"
            : "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?";
    String tables =
        engine == Engine.PG
            ? "SELECT COUNT(*) FROM pg_tables WHERE schemaname = ?"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?";
    for (String shard : SHARDS) {
      for (int replica = 1; replica <= Topology.REPLICAS; replica++) {
        int node = replica;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    adminLong(shard, node, schemaExists) == 1
                        && adminLong(shard, node, tables) == 0);
      }
    }
  }

  private long adminLong(String shard, int replica, String sql) throws SQLException {
    try (Connection c = admin(shard, replica);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, SCHEMA);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  Path map() {
    return map;
  }

  @Override
  String servedByExpression() {
    return engine == Engine.PG ? "inet_server_port()" : "@@port";
  }

  @Override
  String primaryServer(String shard) {
    return Integer.toString(Topology.port(topology.primaryUrl(engine, shard)));
  }

  @Override
  Set<String> replicaServers(String shard) {
    Set<String> ports = new HashSet<>();
    for (String url : topology.replicaUrls(engine, shard)) {
      ports.add(Integer.toString(Topology.port(url)));
    }
    return ports;
  }

  @Override
  Connection direct(String shard, int replica) throws SQLException {
    return DriverManager.getConnection(
        schemaUrl(shard, replica), topology.user(engine), topology.password(engine));
  }

  @Override
  int replicaCount() {
    return Topology.REPLICAS;
  }

  @Override
  String[] directPrimary() {
    return new String[] {nodeUrl("s1", 0), topology.user(engine), topology.password(engine)};
  }

  @Override
  int physicalConnections() throws SQLException {
    String sql =
        engine == Engine.PG
            ? "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?"
            : "SELECT COUNT(*) FROM information_schema.processlist WHERE db = ? AND user = '"
                + topology.user(engine)
                + "'";
    String parameter = engine == Engine.PG ? APPLICATION : SCHEMA;
    int total = 0;
    for (String shard : SHARDS) {
      for (int replica = 0; replica <= Topology.REPLICAS; replica++) {
        try (Connection c = admin(shard, replica);
            PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, parameter);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            total += rs.getInt(1);
          }
        }
      }
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(map);
  }
}
