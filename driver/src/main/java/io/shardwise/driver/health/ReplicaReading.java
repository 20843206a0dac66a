package io.shardwise.driver.health;

import io.shardwise.driver.replication.ReplicationPosition;

/**
 * What one probe read on a replica, before lag is worked out against the primary.
 *
 * @param notReplicating why the node does not replicate (not in recovery, SQL thread stopped...);
 *     null when it does
 * @param replayed the position it has applied; null when unknown
 * @param received the position it has received but maybe not applied (PostgreSQL); null if unknown
 * @param lastReplayAgeMillis PostgreSQL: time since the last replayed transaction committed on the
 *     primary, on the replica's clock; -1 when no transaction was replayed since start
 * @param secondsBehind MariaDB {@code Seconds_Behind_Master}; -1 for other engines
 * @param note something worth showing though not an error ({@code replay paused}); may be null
 */
record ReplicaReading(
    String notReplicating,
    ReplicationPosition replayed,
    ReplicationPosition received,
    long lastReplayAgeMillis,
    long secondsBehind,
    String note) {

  static ReplicaReading notReplicating(String why) {
    return new ReplicaReading(why, null, null, -1, -1, null);
  }

  /** A node without replication (H2, unknown engines): never behind. */
  static final ReplicaReading NO_REPLICATION = new ReplicaReading(null, null, null, -1, 0, null);
}
