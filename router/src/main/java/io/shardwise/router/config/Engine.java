package io.shardwise.router.config;

import java.util.List;

/**
 * The database engine behind a node, known from its JDBC URL: the one place that reads a URL's
 * prefix. The router lexes SQL by it (where a comment or string starts), the driver probes
 * replication and orders NULLs by it, and the resharding tool quotes and bulk-copies by it.
 */
public enum Engine {
  /** PostgreSQL ({@code jdbc:postgresql:}). */
  POSTGRESQL,
  /** MariaDB or MySQL ({@code jdbc:mariadb:}, {@code jdbc:mysql:}). */
  MARIADB,
  /** H2 ({@code jdbc:h2:}). */
  H2,
  /** Any other JDBC URL: no replication is known, SQL is lexed by the SQL standard's rules. */
  OTHER;

  /** The engine of a node's JDBC URL; {@link #OTHER} for a URL of no known engine. */
  public static Engine of(String jdbcUrl) {
    if (jdbcUrl == null) {
      return OTHER;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    return OTHER;
  }

  /**
   * The one engine of every node of a map's shards, or {@link #OTHER} when they differ: a map's SQL
   * is written for one engine.
   */
  public static Engine of(List<ShardSpec> shards) {
    Engine found = null;
    for (ShardSpec shard : shards) {
      Engine engine = of(shard.primary().url());
      if (found != null && found != engine) {
        return OTHER;
      }
      found = engine;
      for (NodeSpec replica : shard.replicas()) {
        if (of(replica.url()) != engine) {
          return OTHER;
        }
      }
    }
    return found == null ? OTHER : found;
  }
}
