package io.shardwise.it.topology;

import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.it.h2.H2DifferentialTest;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * The differential corpus of {@link H2DifferentialTest} on a real engine: one plain database
 * against four shards through shardwise, each shard a database (MariaDB) or schema (PostgreSQL) on
 * one of the topology's two primaries, with its streaming/binlog replicas serving reads.
 */
abstract class RealDifferentialTest extends H2DifferentialTest {

  private final Engine engine;
  private Topology topology;
  private String url;

  RealDifferentialTest(Engine engine) {
    this.engine = engine;
  }

  /** Shard i lives on the topology's s1 primary for i = 1, 2 and on s2 for i = 3, 4. */
  private static String host(int shard) {
    return shard <= 2 ? "s1" : "s2";
  }

  /** The node URL {@code base} pointing at the shard's database or schema. */
  abstract String at(String base, String name);

  /** Drops and recreates the database or schema {@code name}. */
  abstract List<String> recreate(String name);

  @Override
  protected Connection openPlain() throws Exception {
    topology = RealTopology.require(engine);
    reset("diff_plain", "s1");
    return topology.direct(at(topology.primaryUrl(engine, "s1"), "diff_plain"), engine);
  }

  @Override
  protected String openShards() throws Exception {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= 4; i++) {
      String name = "diff_s" + i;
      reset(name, host(i));
      yaml.append("  - name: s").append(i).append('\n');
      yaml.append("    primary: ")
          .append(topology.node(engine, at(topology.primaryUrl(engine, host(i)), name)));
      yaml.append("\n    replicas:\n");
      for (String replica : topology.replicaUrls(engine, host(i))) {
        yaml.append("      - ").append(topology.node(engine, at(replica, name))).append('\n');
      }
    }
    yaml.append(
        """
        tables:
          users:     { shardKey: user_id, group: accounts }
          orders:    { shardKey: user_id, group: accounts }
          countries: { broadcast: true }
        defaultShard: s1
        reads: { strategy: round-robin, readYourWrites: session }
        """);
    Path map = Files.createTempFile("shardwise-diff-" + engine.label() + "-", ".yaml");
    Files.writeString(map, yaml);
    map.toFile().deleteOnExit();
    url = "jdbc:shardwise:" + map;
    return url;
  }

  @Override
  protected void closeShards() throws Exception {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @Override
  protected HashRing ring() throws Exception {
    var map = ShardMapLoader.load(Path.of(url.substring("jdbc:shardwise:".length())));
    return HashRing.of(map.ring(), map.shards());
  }

  private void reset(String name, String host) throws Exception {
    try (Connection c = topology.direct(topology.primaryUrl(engine, host), engine);
        Statement s = c.createStatement()) {
      for (String sql : recreate(name)) {
        s.execute(sql);
      }
    }
  }
}
