package io.shardwise.driver.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Skips {@code offset} rows, then returns at most {@code count} (-1: all). */
final class LimitRows implements RowStream {

  private final RowStream source;
  private long toSkip;
  private long remaining;

  LimitRows(RowStream source, long offset, long count) {
    this.source = source;
    this.toSkip = Math.max(0, offset);
    this.remaining = count < 0 ? Long.MAX_VALUE : count;
  }

  @Override
  public Object[] next() throws SQLException {
    while (toSkip > 0) {
      if (source.next() == null) {
        toSkip = 0;
        remaining = 0;
        return null;
      }
      toSkip--;
    }
    if (remaining <= 0) {
      return null;
    }
    remaining--;
    return source.next();
  }

  @Override
  public ResultSet inPlace() {
    return source.inPlace();
  }
}
