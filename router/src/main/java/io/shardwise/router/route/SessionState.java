package io.shardwise.router.route;

/** What the router needs to know of the logical connection a statement runs on. */
public interface SessionState {

  /** True while autocommit is off: the statement is part of a transaction. */
  boolean inTransaction();

  /** True after {@code Connection.setReadOnly(true)}. */
  boolean readOnly();

  /** True when the application asked, through the API, for every statement to go to a primary. */
  boolean forcePrimary();

  /** True once the connection holds session state: everything then runs on primaries. */
  default boolean pinned() {
    return false;
  }

  /**
   * The shard the previous statement ran on, while its physical connection is still held (in a
   * transaction or a pinned session); null otherwise.
   */
  default String previousShard() {
    return null;
  }

  /**
   * The shard every statement must go to, set through {@code ShardwiseConnection.setShardHint};
   * null when none is set (the usual case).
   */
  default String shardHint() {
    return null;
  }

  /** Autocommit on, read-write, no hint: a plain application connection. */
  SessionState AUTOCOMMIT =
      new SessionState() {
        @Override
        public boolean inTransaction() {
          return false;
        }

        @Override
        public boolean readOnly() {
          return false;
        }

        @Override
        public boolean forcePrimary() {
          return false;
        }
      };
}
