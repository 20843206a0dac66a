package io.shardwise.driver.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A forward-only source of rows, each an array of column values in shard-column order. */
interface RowStream {

  /**
   * The next row, or null when there is none. The array is not reused, unless {@link #inPlace()}
   * answers a result set for it: then it holds the sort-key columns only and is refilled by the
   * next call.
   */
  Object[] next() throws SQLException;

  /**
   * The shard result set positioned on the row {@link #next()} returned last, when that row is to
   * be read there in place rather than from the array; null for rows that exist only as arrays
   * (grouped rows, buffered copies).
   */
  default ResultSet inPlace() {
    return null;
  }
}
