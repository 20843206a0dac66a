package io.shardwise.router.route;

/**
 * Transaction control written as SQL. The driver carries it out through its own transaction
 * handling (as if the application had called the JDBC methods), so that every shard touched by the
 * transaction is committed or rolled back together.
 */
public enum TransactionAction {
  /** {@code BEGIN}, {@code START TRANSACTION}: autocommit off until the end. */
  BEGIN,
  /** {@code START TRANSACTION READ ONLY}, {@code BEGIN READ ONLY}: also read-only. */
  BEGIN_READ_ONLY,
  /** {@code COMMIT}, {@code END}. */
  COMMIT,
  /** {@code ROLLBACK}. */
  ROLLBACK
}
