package io.shardwise.driver.health;

import io.shardwise.driver.replication.ReplicationPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * How to probe, position and measure lag on one database engine, chosen from a node's JDBC URL:
 * {@code jdbc:postgresql:} PostgreSQL streaming replication; {@code jdbc:mariadb:} and {@code
 * jdbc:mysql:} MariaDB GTID replication; anything else ({@code jdbc:h2:}...) has no replication and
 * its lag is 0.
 */
public interface Dialect {

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return PostgresDialect.INSTANCE;
    }
    if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
      return MariaDbDialect.INSTANCE;
    }
    return NoReplicationDialect.INSTANCE;
  }

  /** Whether nodes at {@code jdbcUrl} need probing: an in-memory H2 database cannot go down. */
  static boolean probes(String jdbcUrl) {
    return !jdbcUrl.startsWith("jdbc:h2:mem:");
  }

  String name();

  /** Driver properties that bound connect, login and socket reads by {@code timeout}. */
  void timeouts(Properties properties, Duration timeout);

  /**
   * The position a primary has written up to, read on {@code primary}: what a replica must replay
   * for a later read to see what was written before on any connection of that primary (PostgreSQL
   * {@code pg_current_wal_insert_lsn()}, MariaDB {@code @@gtid_binlog_pos}). Null when the engine
   * has no replication.
   */
  ReplicationPosition currentPosition(Connection primary) throws SQLException;

  /**
   * The primary's position as the monitor records it, the reference replica lag is measured
   * against: by default {@link #currentPosition}.
   */
  default ReplicationPosition probePosition(Connection primary) throws SQLException {
    return currentPosition(primary);
  }

  /** Reads a replica's replication state. */
  ReplicaReading readReplica(Connection replica) throws SQLException;

  /**
   * A replica's lag in milliseconds from a reading; see docs/routing.md for the definition per
   * dialect. -1 when it is not replicating.
   *
   * @param reading the replica's state
   * @param primary the primary's last known position, null when unknown
   * @param behindForMillis how long the monitor has seen this replica continuously behind
   * @param intervalMillis the probe interval: the resolution of {@code behindForMillis}
   */
  long lagMillis(
      ReplicaReading reading,
      ReplicationPosition primary,
      long behindForMillis,
      long intervalMillis);

  /**
   * Waits at most {@code timeout} until the replica behind {@code replica} has applied {@code
   * position} (PostgreSQL: polls {@code pg_last_wal_replay_lsn()}; MariaDB: {@code
   * MASTER_GTID_WAIT}). True when it has.
   */
  boolean awaitReplayed(Connection replica, ReplicationPosition position, Duration timeout)
      throws SQLException;
}
