package io.shardwise.driver.jdbc;

import java.sql.ResultSet;

/** The result-set type, concurrency and holdability a statement was created with. */
record ResultSetShape(int type, int concurrency, int holdability) {

  static final ResultSetShape DEFAULT =
      new ResultSetShape(
          ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY,
          ResultSet.HOLD_CURSORS_OVER_COMMIT);
}
