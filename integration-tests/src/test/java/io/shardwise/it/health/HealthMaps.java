package io.shardwise.it.health;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.driver.runtime.ShardwiseUrl;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shard maps over the real topology whose default shard is s2, so that a statement without a table
 * ({@code SELECT inet_server_port()}) is a read on shard s2; s2's replicas may be replaced by other
 * URLs (a closed port, a proxy).
 */
final class HealthMaps {

  private HealthMaps() {}

  /** A {@code jdbc:shardwise:} URL of a map with s2's replicas at {@code s2Replicas}. */
  static String url(Topology topology, Engine engine, List<String> s2Replicas, String reads)
      throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : Topology.SHARDS) {
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: ")
          .append(topology.node(engine, topology.primaryUrl(engine, shard)))
          .append('\n');
      yaml.append("    replicas:\n");
      List<String> replicas = shard.equals("s2") ? s2Replicas : topology.replicaUrls(engine, shard);
      for (String replica : replicas) {
        yaml.append("      - ").append(topology.node(engine, replica)).append('\n');
      }
    }
    yaml.append("defaultShard: s2\n").append("reads: ").append(reads).append('\n');
    Path map = Files.createTempFile("shardwise-health-" + engine.label() + "-", ".yaml");
    Files.writeString(map, yaml);
    map.toFile().deleteOnExit();
    return ShardwiseUrl.PREFIX + map;
  }

  /** The same with s2's real replicas. */
  static String url(Topology topology, Engine engine, String reads) throws IOException {
    return url(topology, engine, topology.replicaUrls(engine, "s2"), reads);
  }

  static ShardwiseRuntime runtime(String url) throws SQLException {
    return RuntimeRegistry.runtime(ShardwiseUrl.parse(url));
  }

  static NodeMetrics metrics(String url, String node) throws SQLException {
    return runtime(url).metrics().node(node).orElseThrow();
  }

  /** The ports of the servers that answered {@code reads} reads through {@code connection}. */
  static Set<Integer> servedBy(Connection connection, Engine engine, int reads)
      throws SQLException {
    Set<Integer> ports = new HashSet<>();
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < reads; i++) {
        try (ResultSet rs = statement.executeQuery(engine.portQuery())) {
          rs.next();
          ports.add(rs.getInt(1));
        }
      }
    }
    return ports;
  }

  static List<Integer> ports(List<String> urls) {
    List<Integer> ports = new ArrayList<>();
    urls.forEach(u -> ports.add(Topology.port(u)));
    return ports;
  }
}
