package io.shardwise.driver.node;

import io.shardwise.driver.replication.ReplicationPosition;

/**
 * What the health monitor last learnt about a node, published as one immutable value so that
 * replica selection reads it with a single volatile load.
 *
 * @param state whether the node is admitted (hysteresis applied)
 * @param lagMillis how far behind its primary a replica is, in milliseconds; 0 for a primary or a
 *     replica that has replayed everything; -1 when it is not replicating or lag is unknown
 * @param behind how far behind in the engine's unit (PostgreSQL: WAL bytes; MariaDB: transactions
 *     summed over GTID domains); 0 when caught up, -1 when unknown
 * @param position the node's position: replayed (replica) or written (primary); null when unknown
 *     or the engine has no replication
 * @param reason why the node is down or not replicating, or a note such as {@code replay paused};
 *     null when there is nothing to say
 * @param probedAtNanos {@link System#nanoTime()} of the probe, 0 before the first one
 */
public record NodeHealth(
    State state,
    long lagMillis,
    long behind,
    ReplicationPosition position,
    String reason,
    long probedAtNanos) {

  /** Before the first probe. */
  public static final NodeHealth UNKNOWN = new NodeHealth(State.UNKNOWN, 0, -1, null, null, 0);

  /** Admission state of a node. */
  public enum State {
    /** Not probed yet: a replica is optimistically eligible, as a fresh pool would be. */
    UNKNOWN,
    /** Admitted: answered its last probes. */
    UP,
    /** Ejected after consecutive probe failures; readmitted after consecutive successes. */
    DOWN
  }

  /**
   * Whether a replica in this state may serve a read.
   *
   * @param maxLagMillis the shard map's {@code reads.maxReplicaLag}, or -1 for no limit
   */
  public boolean eligible(long maxLagMillis) {
    if (state == State.UNKNOWN) {
      return true;
    }
    if (state == State.DOWN || lagMillis < 0) {
      return false;
    }
    return maxLagMillis < 0 || lagMillis <= maxLagMillis;
  }

  /** Why {@link #eligible} is false, as a clause for an error message; null when it is true. */
  public String exclusion(long maxLagMillis) {
    if (eligible(maxLagMillis)) {
      return null;
    }
    if (state == State.DOWN) {
      return "is down (" + (reason == null ? "probe failed" : reason) + ")";
    }
    if (lagMillis < 0) {
      return "is not replicating (" + (reason == null ? "lag unknown" : reason) + ")";
    }
    return "lags "
        + lagMillis
        + " ms behind its primary, over the limit of "
        + maxLagMillis
        + " ms";
  }
}
