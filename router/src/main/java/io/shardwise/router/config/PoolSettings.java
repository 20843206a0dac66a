package io.shardwise.router.config;

import java.time.Duration;

/**
 * HikariCP settings applied to every node's pool. A null field keeps HikariCP's default.
 *
 * @param maximumPoolSize physical connections per node at most
 * @param minimumIdle idle connections kept per node
 * @param connectionTimeout how long a statement waits for a physical connection
 * @param idleTimeout how long an idle connection is kept
 * @param maxLifetime the longest a physical connection lives
 * @param validationTimeout how long a connection check may take
 * @param keepaliveTime how often an idle connection is pinged
 * @param leakDetectionThreshold how long a connection may be out before a leak warning
 */
public record PoolSettings(
    Integer maximumPoolSize,
    Integer minimumIdle,
    Duration connectionTimeout,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration validationTimeout,
    Duration keepaliveTime,
    Duration leakDetectionThreshold) {

  public static PoolSettings defaults() {
    return new PoolSettings(null, null, null, null, null, null, null, null);
  }
}
