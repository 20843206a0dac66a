package io.shardwise.router.route;

/** How a statement depends on the physical session (connection) it runs on. */
public enum SessionUse {
  /** Any physical connection of the right node will do. */
  NONE,
  /**
   * It leaves state in the session (SET, a temporary table, a user variable, a server-side PREPARE,
   * a session lock): the logical connection stays on the same primaries from now on.
   */
  PINS,
  /**
   * It reads what the previous statement left in its session (LAST_INSERT_ID(), currval(),
   * lastval(), FOUND_ROWS(), ROW_COUNT()): it must run where the previous statement ran.
   */
  READS_PREVIOUS_RESULT
}
