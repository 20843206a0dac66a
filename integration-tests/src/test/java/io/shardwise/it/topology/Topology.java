package io.shardwise.it.topology;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real PostgreSQL and MariaDB topology started by {@code scripts/topology.sh}: two shards per
 * engine, each a primary and two replicas. Found from the process environment, else from the env
 * file the script writes ({@code $SHARDWISE_TOPOLOGY_DIR/topology.env}).
 */
public final class Topology {

  /** Shard names, as in the script: s1 and s2. */
  public static final List<String> SHARDS = List.of("s1", "s2");

  public static final int REPLICAS = 2;

  private final Map<String, String> env;

  private Topology(Map<String, String> env) {
    this.env = env;
  }

  /** The topology if it is described and has {@code engine}; empty otherwise. */
  public static Optional<Topology> find(Engine engine) {
    Map<String, String> env = new HashMap<>();
    Path file =
        Path.of(
            System.getenv().getOrDefault("SHARDWISE_TOPOLOGY_DIR", "/tmp/shardwise-topology"),
            "topology.env");
    if (Files.isReadable(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            env.put(line.substring(0, eq), line.substring(eq + 1));
          }
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("SHARDWISE_")) {
                env.put(k, v);
              }
            });
    Topology topology = new Topology(env);
    return env.containsKey(engine.envPrefix() + "S1_PRIMARY")
        ? Optional.of(topology)
        : Optional.empty();
  }

  public String url(Engine engine, String shard, int replica) {
    String role = replica == 0 ? "PRIMARY" : "REPLICA" + replica;
    return env.get(engine.envPrefix() + shard.toUpperCase(java.util.Locale.ROOT) + "_" + role);
  }

  public String primaryUrl(Engine engine, String shard) {
    return url(engine, shard, 0);
  }

  public List<String> replicaUrls(Engine engine, String shard) {
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= REPLICAS; i++) {
      urls.add(url(engine, shard, i));
    }
    return urls;
  }

  public String user(Engine engine) {
    return env.get(engine.envPrefix() + "USER");
  }

  public String password(Engine engine) {
    return env.get(engine.envPrefix() + "PASSWORD");
  }

  /** The TCP port in a node URL: what {@code inet_server_port()} / {@code @@port} answer. */
  public static int port(String url) {
    return URI.create(url.substring("jdbc:".length())).getPort();
  }

  /** A direct connection to one node, bypassing shardwise. */
  public Connection direct(String url, Engine engine) throws SQLException {
    return DriverManager.getConnection(url, user(engine), password(engine));
  }

  /**
   * Drops and creates the schema (PostgreSQL) or database (MariaDB, utf8mb4) {@code name} on the
   * server of {@code primaryUrl}: a fresh, empty namespace for one test's tables.
   */
  public void recreateNamespace(Engine engine, String primaryUrl, String name) throws SQLException {
    try (Connection c = direct(primaryUrl, engine);
        java.sql.Statement s = c.createStatement()) {
      if (engine == Engine.PG) {
        s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        s.execute("CREATE SCHEMA " + name);
      } else {
        s.execute("DROP DATABASE IF EXISTS " + name);
        s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
      }
    }
  }

  /**
   * A shard map over this engine's two shards with {@code extraYaml} appended (tables, reads,
   * pool…). Passwords come from the environment of the tests' own JVM through {@code ${env:...}}
   * where possible; the test topology's password is not a secret, so it is inline.
   */
  public Path shardMap(Engine engine, String extraYaml) throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : SHARDS) {
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: ").append(node(engine, primaryUrl(engine, shard))).append('\n');
      yaml.append("    replicas:\n");
      for (String replica : replicaUrls(engine, shard)) {
        yaml.append("      - ").append(node(engine, replica)).append('\n');
      }
    }
    yaml.append("defaultShard: s1\n").append(extraYaml);
    Path map = Files.createTempFile("shardwise-" + engine.label() + "-", ".yaml");
    Files.writeString(map, yaml);
    map.toFile().deleteOnExit();
    return map;
  }

  /** A node of a shard map in flow style: {@code url} with this engine's test login. */
  public String node(Engine engine, String url) {
    return "{ url: \""
        + url
        + "\", user: "
        + user(engine)
        + ", password: "
        + password(engine)
        + " }";
  }
}
