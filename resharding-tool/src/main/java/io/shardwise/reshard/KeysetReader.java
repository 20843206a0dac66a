package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a table in primary-key order, one batch at a time, each starting after the last key of the
 * one before ({@code WHERE pk > ? ORDER BY pk LIMIT n}). Unlike OFFSET, a batch costs the same
 * wherever it starts, and a resumed run starts from a key, not a row number that deletes shift.
 */
final class KeysetReader implements AutoCloseable {

  private final Connection connection;
  private final int[] keyIndexes;
  private final int columnCount;
  private final PreparedStatement first;
  private final PreparedStatement next;

  KeysetReader(Connection connection, CopyDialect dialect, TableShape shape, int batchSize)
      throws SQLException {
    this.connection = connection;
    this.keyIndexes = shape.primaryKeyIndexes();
    this.columnCount = shape.columns().size();
    String key = dialect.quoteAll(shape.primaryKey());
    String select =
        "SELECT " + dialect.quoteAll(shape.columns()) + " FROM " + dialect.quote(shape.name());
    String order = " ORDER BY " + key + " LIMIT " + batchSize;
    String after =
        shape.primaryKey().size() == 1
            ? key + " > ?"
            : "(" + key + ") > (" + "?, ".repeat(keyIndexes.length - 1) + "?)";
    this.first = connection.prepareStatement(select + order);
    this.next = connection.prepareStatement(select + " WHERE " + after + order);
  }

  /** The rows after {@code afterKey} (null: from the start), at most one batch. */
  List<Object[]> batchAfter(Object[] afterKey) throws SQLException {
    PreparedStatement statement = afterKey == null ? first : next;
    if (afterKey != null) {
      for (int i = 0; i < afterKey.length; i++) {
        statement.setObject(i + 1, afterKey[i]);
      }
    }
    List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        Object[] row = new Object[columnCount];
        for (int i = 0; i < columnCount; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(row);
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit(); // no long-lived snapshot: the source is frozen anyway
    }
    return rows;
  }

  Object[] keyOf(Object[] row) {
    Object[] key = new Object[keyIndexes.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = row[keyIndexes[i]];
    }
    return key;
  }

  @Override
  public void close() throws SQLException {
    try (first;
        next) {
      // closes both
    }
  }
}
