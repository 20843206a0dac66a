package io.shardwise.it.examples;

import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Two shards for the framework examples' tests (Hibernate, Flyway): fresh in-memory H2 databases
 * (no replicas), or a schema (PostgreSQL) / database (MariaDB) of the example's own on each primary
 * of the shared real topology, reached on its primaries and replicas. Real schemas are dropped and
 * created again on every start.
 */
public final class ExampleShards {

  public static final List<String> SHARDS = List.of("s1", "s2");

  public final String label;
  private final Engine engine;
  private final Topology topology;
  private final List<String> primaries = new ArrayList<>();
  private final List<List<String>> replicas = new ArrayList<>();

  private ExampleShards(String label, Engine engine, Topology topology) {
    this.label = label;
    this.engine = engine;
    this.topology = topology;
  }

  public static ExampleShards h2(String name) {
    ExampleShards shards = new ExampleShards("h2", null, null);
    String run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    for (String shard : SHARDS) {
      shards.primaries.add("jdbc:h2:mem:" + run + "-" + shard + ";DB_CLOSE_DELAY=-1");
      shards.replicas.add(List.of());
    }
    return shards;
  }

  /** The real topology of {@code engine} with a schema/database {@code name} created afresh. */
  public static ExampleShards real(Engine engine, String name) throws SQLException {
    Topology topology = RealTopology.require(engine);
    ExampleShards shards = new ExampleShards(engine.label(), engine, topology);
    for (String shard : SHARDS) {
      String primary = topology.primaryUrl(engine, shard);
      topology.recreateNamespace(engine, primary, name);
      shards.primaries.add(inSchema(engine, primary, name));
      List<String> replicaUrls = new ArrayList<>();
      for (String replica : topology.replicaUrls(engine, shard)) {
        replicaUrls.add(inSchema(engine, replica, name));
      }
      shards.replicas.add(replicaUrls);
    }
    return shards;
  }

  private static String inSchema(Engine engine, String url, String name) {
    return engine == Engine.PG
        ? url + "?currentSchema=" + name
        : url.substring(0, url.lastIndexOf('/') + 1) + name;
  }

  public boolean hasReplicas() {
    return !replicas.get(0).isEmpty();
  }

  /** A shard map over the two shards, default shard s1, followed by {@code rest}. */
  public String shardwiseUrl(String rest) throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 0; i < SHARDS.size(); i++) {
      yaml.append("  - name: ").append(SHARDS.get(i)).append('\n');
      yaml.append("    primary: ").append(node(primaries.get(i))).append('\n');
      if (!replicas.get(i).isEmpty()) {
        yaml.append("    replicas:\n");
        for (String replica : replicas.get(i)) {
          yaml.append("      - ").append(node(replica)).append('\n');
        }
      }
    }
    yaml.append("defaultShard: s1\n").append(rest);
    Path map = Files.createTempFile("shardwise-example-" + label + "-", ".yaml");
    Files.writeString(map, yaml);
    map.toFile().deleteOnExit();
    return "jdbc:shardwise:" + map;
  }

  private String node(String url) {
    return engine == null
        ? "{ url: \"" + url + "\", user: sa, password: \"\" }"
        : topology.node(engine, url);
  }

  /** An SQL expression whose value is the port of the server that ran it. */
  public String portExpression() {
    return engine == Engine.PG ? "inet_server_port()" : "@@port";
  }

  public int primaryPort(String shard) {
    return Topology.port(primaries.get(SHARDS.indexOf(shard)));
  }

  public List<Integer> replicaPorts(String shard) {
    List<Integer> ports = new ArrayList<>();
    for (String url : replicas.get(SHARDS.indexOf(shard))) {
      ports.add(Topology.port(url));
    }
    return ports;
  }

  /** A direct connection to {@code shard}'s primary, bypassing shardwise. */
  public Connection primary(String shard) throws SQLException {
    String url = primaries.get(SHARDS.indexOf(shard));
    return engine == null
        ? DriverManager.getConnection(url, "sa", "")
        : topology.direct(url, engine);
  }
}
