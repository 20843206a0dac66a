package io.shardwise.driver.health;

import io.shardwise.driver.replication.ReplicationPosition;
import java.sql.Connection;
import java.time.Duration;
import java.util.Properties;

/** H2 and unknown engines: a probe only checks the connection; lag is always 0. */
final class NoReplicationDialect implements Dialect {

  static final NoReplicationDialect INSTANCE = new NoReplicationDialect();

  @Override
  public String name() {
    return "no replication";
  }

  @Override
  public void timeouts(Properties properties, Duration timeout) {}

  @Override
  public ReplicationPosition currentPosition(Connection primary) {
    return null;
  }

  @Override
  public ReplicaReading readReplica(Connection replica) {
    return ReplicaReading.NO_REPLICATION;
  }

  @Override
  public long lagMillis(
      ReplicaReading reading, ReplicationPosition primary, long behindForMillis, long interval) {
    return 0;
  }

  @Override
  public boolean awaitReplayed(Connection replica, ReplicationPosition position, Duration timeout) {
    return true;
  }
}
