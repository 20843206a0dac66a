package io.shardwise.router.config;

import java.time.Duration;
import java.util.List;

/** The {@code pool} mapping: HikariCP settings, checked here so a mistake names its field. */
final class PoolSchema {

  private static final List<String> POOL_KEYS =
      List.of(
          "maximumPoolSize",
          "minimumIdle",
          "connectionTimeout",
          "idleTimeout",
          "maxLifetime",
          "validationTimeout",
          "keepaliveTime",
          "leakDetectionThreshold");

  /** HikariCP refuses shorter connection and validation timeouts when the pool starts. */
  private static final Duration HIKARI_TIMEOUT_FLOOR = Duration.ofMillis(250);

  private PoolSchema() {}

  static PoolSettings read(MapReader pool) {
    pool.allowOnly(POOL_KEYS);
    Integer maximumPoolSize =
        pool.wholeNumber("maximumPoolSize", 1, Integer.MAX_VALUE).orElse(null);
    Integer minimumIdle = pool.wholeNumber("minimumIdle", 0, Integer.MAX_VALUE).orElse(null);
    if (maximumPoolSize != null && minimumIdle != null && minimumIdle > maximumPoolSize) {
      pool.error(
          "minimumIdle",
          "must not exceed maximumPoolSize ("
              + maximumPoolSize
              + "), got "
              + minimumIdle
              + "; HikariCP would silently lower it");
    }
    Duration connectionTimeout = pool.duration("connectionTimeout").orElse(null);
    // Zero is HikariCP's "wait forever"; anything else must reach the floor.
    if (connectionTimeout != null
        && !connectionTimeout.isZero()
        && connectionTimeout.compareTo(HIKARI_TIMEOUT_FLOOR) < 0) {
      pool.error(
          "connectionTimeout",
          "must be 0 (wait forever) or at least 250ms, got " + pool.shown("connectionTimeout"));
    }
    Duration validationTimeout = pool.duration("validationTimeout").orElse(null);
    if (validationTimeout != null && validationTimeout.compareTo(HIKARI_TIMEOUT_FLOOR) < 0) {
      pool.error(
          "validationTimeout", "must be at least 250ms, got " + pool.shown("validationTimeout"));
    }
    return new PoolSettings(
        maximumPoolSize,
        minimumIdle,
        connectionTimeout,
        pool.duration("idleTimeout").orElse(null),
        pool.duration("maxLifetime").orElse(null),
        validationTimeout,
        pool.duration("keepaliveTime").orElse(null),
        pool.duration("leakDetectionThreshold").orElse(null));
  }
}
