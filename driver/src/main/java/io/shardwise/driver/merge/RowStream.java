package io.shardwise.driver.merge;

import java.sql.SQLException;

/** A forward-only source of rows, each an array of column values in shard-column order. */
interface RowStream {

  /** The next row, or null when there is none. The array is not reused. */
  Object[] next() throws SQLException;
}
