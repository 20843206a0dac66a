package io.shardwise.driver.health;

import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.router.config.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * How the health monitor reads replication on one database {@link Engine}: PostgreSQL streaming
 * replication, MariaDB (and MySQL) GTID replication, or none (H2 and unknown engines, whose lag is
 * 0). One stateless instance per engine.
 */
public interface ReplicationProbe {

  static ReplicationProbe of(Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> PostgresReplication.INSTANCE;
      case MARIADB -> MariaDbReplication.INSTANCE;
      case H2, OTHER -> NoReplication.INSTANCE;
    };
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
   * How far behind {@code primary} a replicating replica is, in the engine's unit (PostgreSQL: WAL
   * bytes; MariaDB: transactions summed over GTID domains): 0 when caught up, -1 when unknown.
   */
  long behind(ReplicaReading reading, ReplicationPosition primary);

  /**
   * A replicating replica's lag in milliseconds; see docs/routing.md for the definition per engine.
   * -1 when it cannot be known.
   *
   * @param reading the replica's state
   * @param behind what {@link #behind} said of it
   * @param behindForMillis how long the monitor has seen this replica continuously behind
   * @param intervalMillis the probe interval: the resolution of {@code behindForMillis}
   */
  long lagMillis(ReplicaReading reading, long behind, long behindForMillis, long intervalMillis);

  /**
   * Waits at most {@code timeout} until the replica behind {@code replica} has applied {@code
   * position} (PostgreSQL: polls {@code pg_last_wal_replay_lsn()}; MariaDB: {@code
   * MASTER_GTID_WAIT}). True when it has.
   */
  boolean awaitReplayed(Connection replica, ReplicationPosition position, Duration timeout)
      throws SQLException;
}
