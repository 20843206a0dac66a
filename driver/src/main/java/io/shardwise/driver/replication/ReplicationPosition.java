package io.shardwise.driver.replication;

/**
 * A point in a primary's stream of changes, as far as a replica must have replayed for a read to
 * see a write: a PostgreSQL WAL LSN or a MariaDB GTID position. Values of one shard are of one
 * kind; comparing kinds is a programming error.
 */
public sealed interface ReplicationPosition permits WalLsn, GtidPosition {

  /**
   * True when this position includes everything {@code other} does.
   *
   * @throws IllegalArgumentException when {@code other} is of another dialect
   */
  boolean isAtLeast(ReplicationPosition other);

  /**
   * How far this position is behind {@code ahead}, in the dialect's unit (WAL bytes, or
   * transactions summed over GTID domains); 0 when it is at least {@code ahead}.
   */
  long distanceTo(ReplicationPosition ahead);
}
