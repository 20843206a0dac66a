package io.shardwise.driver.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The shards' rows one shard after another: the answer when the query asks for no order. */
final class ConcatRows implements RowStream {

  private final List<RowStream> sources;
  private int current;

  ConcatRows(List<RowStream> sources) {
    this.sources = sources;
  }

  @Override
  public Object[] next() throws SQLException {
    while (current < sources.size()) {
      Object[] row = sources.get(current).next();
      if (row != null) {
        return row;
      }
      current++;
    }
    return null;
  }

  @Override
  public ResultSet inPlace() {
    return current < sources.size() ? sources.get(current).inPlace() : null;
  }
}
