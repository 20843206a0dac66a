package io.shardwise.driver.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The rows of one shard's result set, read one at a time as the merge asks for them. */
final class ShardRows implements RowStream {

  private final ResultSet resultSet;
  private final int columns;

  ShardRows(ResultSet resultSet, int columns) {
    this.resultSet = resultSet;
    this.columns = columns;
  }

  @Override
  public Object[] next() throws SQLException {
    if (!resultSet.next()) {
      return null;
    }
    Object[] row = new Object[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = resultSet.getObject(i + 1);
    }
    return row;
  }
}
