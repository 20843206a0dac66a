package io.shardwise.driver.health;

import io.shardwise.driver.replication.ReplicationPosition;
import java.sql.Connection;
import java.time.Duration;
import java.util.Properties;

/** H2 and unknown engines: a probe only checks the connection; lag is always 0. */
final class NoReplication implements ReplicationProbe {

  static final NoReplication INSTANCE = new NoReplication();

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
  public long behind(ReplicaReading reading, ReplicationPosition primary) {
    return 0;
  }

  @Override
  public long lagMillis(ReplicaReading reading, long behind, long behindFor, long interval) {
    return 0;
  }

  @Override
  public boolean awaitReplayed(Connection replica, ReplicationPosition position, Duration timeout) {
    return true;
  }
}
