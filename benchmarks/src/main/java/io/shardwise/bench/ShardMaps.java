package io.shardwise.bench;

import io.shardwise.router.Router;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapException;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shard maps for the benchmarks: the sysbench-shaped table and an ORM-style users table. */
public final class ShardMaps {

  /** The tables every benchmark map declares. */
  public static final String TABLES =
      """
      tables:
        users:        { shardKey: user_id, group: accounts }
        orders:       { shardKey: user_id, group: accounts }
        bench_sbtest: { shardKey: id }
        bench_batch:  { shardKey: id }
        countries:    { broadcast: true }
      """;

  private ShardMaps() {}

  /**
   * A shard map over {@code shards} shards; shard {@code s<i>} has primary {@code primaries.get(i %
   * size)} and {@code replicasPerShard} replicas: the same database under the login {@code replica}
   * (H2), with {@code -r<n>} appended from the second one on (a map that is only analysed).
   */
  public static String yaml(
      int shards,
      List<String> primaries,
      String user,
      String password,
      int replicasPerShard,
      String extra) {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= shards; i++) {
      String url = primaries.get((i - 1) % primaries.size());
      String node =
          "{ url: \"" + url + "\", user: \"" + user + "\", password: \"" + password + "\" }";
      yaml.append("  - name: s").append(i).append('\n');
      yaml.append("    primary: ").append(node).append('\n');
      if (replicasPerShard > 0) {
        yaml.append("    replicas:\n");
        for (int r = 0; r < replicasPerShard; r++) {
          yaml.append("      - { url: \"")
              .append(url)
              .append(r == 0 ? "" : "-r" + r)
              .append("\", user: replica, password: replica }\n");
        }
      }
    }
    return yaml.append(TABLES).append("defaultShard: s1\n").append(extra).toString();
  }

  /** A router over {@code shards} H2 in-memory shards that are never connected to. */
  public static Router router(int shards) {
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= shards; i++) {
      urls.add("jdbc:h2:mem:unused-s" + i);
    }
    ShardMap map;
    try {
      map = ShardMapLoader.parse(yaml(shards, urls, "sa", "", 1, ""), "benchmark");
    } catch (ShardMapException e) {
      throw new IllegalStateException(e);
    }
    return new Router(map, HashRing.of(map.ring(), map.shards()));
  }

  /** Writes {@code yaml} to a temporary file deleted on exit; returns its {@code jdbc:} URL. */
  public static String writeMap(String yaml) {
    try {
      Path file = Files.createTempFile("shardwise-bench-", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, yaml);
      return "jdbc:shardwise:" + file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
