package io.shardwise.driver.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A copy in memory of a small result set (metadata answers: tables, columns, keys), readable after
 * the physical connection that produced it went back to its pool. Forward-only and read-only like
 * every merged result; {@code getStatement()} is null, as JDBC asks of metadata results.
 */
public final class BufferedResultSet {

  private BufferedResultSet() {}

  /** Reads every row of {@code source} and its metadata; the caller closes {@code source}. */
  public static MergedResultSet copyOf(ResultSet source) throws SQLException {
    MetaDataCopy metaData = MetaDataCopy.of(source.getMetaData());
    int columns = metaData.getColumnCount();
    ShardRows reader = ShardRows.copied(source, columns);
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row = reader.next(); row != null; row = reader.next()) {
      rows.add(row);
    }
    Iterator<Object[]> remaining = rows.iterator();
    return new MergedResultSet(
        null,
        () -> remaining.hasNext() ? remaining.next() : null,
        new MergedMetaData(metaData, columns),
        resultSet -> {});
  }
}
