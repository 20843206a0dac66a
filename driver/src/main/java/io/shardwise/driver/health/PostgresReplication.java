package io.shardwise.driver.health;

import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.driver.replication.WalLsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * PostgreSQL streaming replication. A replica is behind when its replayed LSN is below the newer of
 * the primary's last probed {@code pg_current_wal_lsn()} and its own received LSN; its lag is then
 * the time since its last replayed transaction committed, capped by how long the monitor has seen
 * it behind plus one interval (an idle primary's old last commit must not count as lag the moment a
 * new write arrives). A replica that has replayed everything has lag 0, however idle.
 */
final class PostgresReplication implements ReplicationProbe {

  static final PostgresReplication INSTANCE = new PostgresReplication();

  private static final String REPLICA_SQL =
      "SELECT pg_is_in_recovery(),"
          + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END,"
          + " CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()::text END,"
          + " CASE WHEN pg_is_in_recovery() THEN (EXTRACT(EPOCH FROM clock_timestamp()"
          + " - pg_last_xact_replay_timestamp()) * 1000)::bigint END,"
          + " CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END";

  /**
   * The insert position, not {@code pg_current_wal_lsn()} (the write position): under asynchronous
   * commit a transaction's commit record may not be written out yet when it returns, and a replica
   * that reached the write position could still miss it.
   */
  private static final String POSITION_SQL =
      "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
          + " ELSE pg_current_wal_insert_lsn() END)::text";

  /** What the primary has written out, so what replicas can have received: lag's reference. */
  private static final String PROBE_SQL =
      "SELECT (CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() END)::text";

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public void timeouts(Properties properties, Duration timeout) {
    String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    properties.setProperty("socketTimeout", seconds);
    properties.setProperty("ApplicationName", "shardwise-health");
  }

  @Override
  public ReplicationPosition currentPosition(Connection primary) throws SQLException {
    return lsn(primary, POSITION_SQL);
  }

  @Override
  public ReplicationPosition probePosition(Connection primary) throws SQLException {
    return lsn(primary, PROBE_SQL);
  }

  private static ReplicationPosition lsn(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      String lsn = rs.getString(1);
      return lsn == null ? null : WalLsn.parse(lsn);
    }
  }

  @Override
  public ReplicaReading readReplica(Connection replica) throws SQLException {
    try (Statement statement = replica.createStatement();
        ResultSet rs = statement.executeQuery(REPLICA_SQL)) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return ReplicaReading.notReplicating("not in recovery: it is a primary");
      }
      String replayed = rs.getString(2);
      String received = rs.getString(3);
      long age = rs.getLong(4);
      if (rs.wasNull()) {
        age = -1;
      }
      boolean paused = rs.getBoolean(5);
      if (replayed == null) {
        return ReplicaReading.notReplicating("in recovery but has replayed no WAL yet");
      }
      return new ReplicaReading(
          null,
          WalLsn.parse(replayed),
          received == null ? null : WalLsn.parse(received),
          Math.max(-1, age),
          -1,
          paused ? "WAL replay paused" : null);
    }
  }

  @Override
  public long lagMillis(
      ReplicaReading reading, long behind, long behindForMillis, long intervalMillis) {
    if (behind == 0) {
      return 0;
    }
    long cap = behindForMillis + intervalMillis;
    long age = reading.lastReplayAgeMillis();
    return age < 0 ? cap : Math.min(age, cap);
  }

  /** WAL bytes the replica has not replayed; 0 when caught up. */
  @Override
  public long behind(ReplicaReading reading, ReplicationPosition primary) {
    if (reading.replayed() == null) {
      return 0;
    }
    ReplicationPosition target = primary;
    if (reading.received() != null && (target == null || reading.received().isAtLeast(target))) {
      target = reading.received();
    }
    return target == null ? 0 : reading.replayed().distanceTo(target);
  }

  @Override
  public boolean awaitReplayed(Connection replica, ReplicationPosition position, Duration timeout)
      throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 2;
    while (true) {
      ReplicationPosition replayed = currentPosition(replica);
      if (replayed != null && replayed.isAtLeast(position)) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      pause = Math.min(pause * 2, 50);
    }
  }
}
