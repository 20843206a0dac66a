package io.shardwise.driver.health;

import java.time.Duration;

/**
 * How the health monitor probes. The shard map has no section for these yet: the defaults suit
 * nodes on one network (a probe costs one round trip on a kept-open connection), and tests build
 * faster settings.
 *
 * @param interval time between two probes of an admitted node
 * @param timeout bound on one probe: connect, login and query (driver connect and socket timeouts,
 *     the statement's query timeout and the connection's network timeout all get it)
 * @param ejectAfter consecutive failed probes that eject an admitted node
 * @param readmitAfter consecutive successful probes that readmit an ejected node
 * @param maxBackoff longest time between two probes of an ejected node; the interval doubles after
 *     each failure while it is down, up to this
 */
public record HealthSettings(
    Duration interval, Duration timeout, int ejectAfter, int readmitAfter, Duration maxBackoff) {

  /**
   * Probe every 500 ms with a 1 s timeout; eject after 3 failures (about 1.5 s of outage), readmit
   * after 3 successes (1.5 s of good health, so a node that flaps stays out); while down, back off
   * to one probe every 4 s at most.
   */
  public static final HealthSettings DEFAULTS =
      new HealthSettings(
          Duration.ofMillis(500), Duration.ofSeconds(1), 3, 3, Duration.ofSeconds(4));

  public HealthSettings {
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("interval and timeout must be positive");
    }
    if (ejectAfter < 1 || readmitAfter < 1) {
      throw new IllegalArgumentException("ejectAfter and readmitAfter must be at least 1");
    }
    if (maxBackoff.compareTo(interval) < 0) {
      maxBackoff = interval;
    }
  }

  /** The delay before the next probe of a node that has failed {@code failures} times in a row. */
  long delayMillis(boolean down, int failures) {
    long base = interval.toMillis();
    if (!down || failures <= 1) {
      return base;
    }
    long delay = base << Math.min(failures - 1, 16);
    return Math.min(delay, maxBackoff.toMillis());
  }
}
