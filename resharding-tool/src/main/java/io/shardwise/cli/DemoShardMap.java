package io.shardwise.cli;

import java.util.List;

/** The shard map of the demo: one shard per H2 database, each with a read-only "replica". */
final class DemoShardMap {

  private DemoShardMap() {}

  static String yaml(List<String> shardUrls) {
    StringBuilder yaml =
        new StringBuilder(
            """
            version: 1
            ring: { hash: xxh64, virtualNodes: 512 }
            shards:
            """);
    for (int i = 0; i < shardUrls.size(); i++) {
      String url = shardUrls.get(i);
      yaml.append("  - name: s").append(i + 1).append('\n');
      yaml.append("    primary: { url: \"").append(url).append("\", user: sa, password: \"\" }\n");
      yaml.append("    replicas:\n");
      // The read-only login may not set DB_CLOSE_DELAY (an admin setting); the primary's
      // connection already keeps the in-memory database open.
      String replicaUrl = url.substring(0, url.indexOf(';'));
      yaml.append("      - { url: \"")
          .append(replicaUrl)
          .append("\", user: replica, password: replica }\n");
    }
    yaml.append(
        """
        tables:
          users:     { shardKey: user_id, group: accounts }
          orders:    { shardKey: user_id, group: accounts }
          countries: { broadcast: true }
        defaultShard: s1
        reads: { strategy: round-robin, whenNoReplica: primary }
        pool: { maximumPoolSize: 4 }
        """);
    return yaml.toString();
  }
}
