package io.shardwise.reshard;

import java.sql.SQLException;

/**
 * A source table read once in primary-key order, from after a key to the end, row by row; values
 * are decoded on demand, so the caller pays for a whole row only when it moves.
 */
interface SourceScan extends AutoCloseable {

  /** Moves to the next row in key order; false at the end. */
  boolean next() throws SQLException;

  /** One value of the current row, by its index in the table's columns. */
  Object value(int columnIndex) throws SQLException;

  /** The current row's primary key. */
  Object[] key() throws SQLException;

  /** The current row, values in the table's column order. */
  Object[] row() throws SQLException;

  /**
   * The current row as one line of PostgreSQL's COPY text format, columns in the table's order and
   * without the newline, when the scan reads through COPY; else null.
   */
  byte[] copyLine();

  @Override
  void close() throws SQLException;
}
