package io.shardwise.router.route;

/** Which node of a shard a statement needs. */
public enum NodeRole {
  /** The shard's primary: writes, locking reads and everything in a read-write transaction. */
  PRIMARY,
  /**
   * A replica chosen by the read strategy; the primary when none qualifies and {@code
   * reads.whenNoReplica} is {@code primary}.
   */
  REPLICA
}
