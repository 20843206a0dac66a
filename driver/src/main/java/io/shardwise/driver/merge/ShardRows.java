package io.shardwise.driver.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rows of one shard's result set, read one at a time as the merge asks for them: either copied
 * whole into a new array per row (what grouping and buffered copies need), or left in place, with
 * only the sort-key columns copied into one reused array for the merge to compare, and the
 * application's getters reading the shard's current row directly.
 */
final class ShardRows implements RowStream {

  private final ResultSet resultSet;
  private final int columns;

  /** 0-based columns copied per row in place; null when rows are copied whole. */
  private final int[] keyColumns;

  private final Object[] keys;

  private ShardRows(ResultSet resultSet, int columns, int[] keyColumns) {
    this.resultSet = resultSet;
    this.columns = columns;
    this.keyColumns = keyColumns;
    this.keys = keyColumns == null ? null : new Object[columns];
  }

  /** Every column of every row copied into a new array. */
  static ShardRows copied(ResultSet resultSet, int columns) {
    return new ShardRows(resultSet, columns, null);
  }

  /** Rows read in place; {@code keyColumns} (0-based) are the ones the merge compares. */
  static ShardRows inPlace(ResultSet resultSet, int columns, int[] keyColumns) {
    return new ShardRows(resultSet, columns, keyColumns);
  }

  @Override
  public Object[] next() throws SQLException {
    if (!resultSet.next()) {
      return null;
    }
    if (keyColumns != null) {
      for (int column : keyColumns) {
        keys[column] = resultSet.getObject(column + 1);
      }
      return keys;
    }
    Object[] row = new Object[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = resultSet.getObject(i + 1);
    }
    return row;
  }

  @Override
  public ResultSet inPlace() {
    return keyColumns == null ? null : resultSet;
  }
}
