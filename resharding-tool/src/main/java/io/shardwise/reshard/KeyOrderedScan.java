package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams a table's rows in primary-key order, from after a key to the end, in one query: {@code
 * SELECT … WHERE pk > ? ORDER BY pk} read through a server-side cursor (PostgreSQL: autocommit off
 * and a fetch size; MariaDB Connector/J streams with a fetch size). One query instead of one keyset
 * query per batch: the engine walks the primary-key index once, and rows arrive while earlier ones
 * are being processed. A resumed copy starts after its checkpoint's key.
 */
final class KeyOrderedScan implements AutoCloseable {

  private final Connection connection;
  private final int[] keyIndexes;
  private final int columnCount;
  private final PreparedStatement statement;
  private final ResultSet rows;

  KeyOrderedScan(Connection connection, Dialect dialect, TableShape shape, Object[] afterKey)
      throws SQLException {
    this.connection = connection;
    this.keyIndexes = shape.primaryKeyIndexes();
    this.columnCount = shape.columns().size();
    String key = dialect.quoteAll(shape.primaryKey());
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(dialect.quoteAll(shape.columns()))
            .append(" FROM ")
            .append(dialect.quote(shape.name()));
    if (afterKey != null) {
      sql.append(" WHERE ")
          .append(
              keyIndexes.length == 1
                  ? key + " > ?"
                  : "(" + key + ") > (" + "?, ".repeat(keyIndexes.length - 1) + "?)");
    }
    sql.append(" ORDER BY ").append(key);
    if (dialect == Dialect.POSTGRESQL) {
      connection.setAutoCommit(false); // pgjdbc only uses a cursor outside autocommit
    }
    this.statement = connection.prepareStatement(sql.toString());
    statement.setFetchSize(Dialect.FETCH_SIZE);
    if (afterKey != null) {
      for (int i = 0; i < afterKey.length; i++) {
        statement.setObject(i + 1, afterKey[i]);
      }
    }
    this.rows = statement.executeQuery();
  }

  /** The next row in key order, values in the table's column order; null at the end. */
  Object[] next() throws SQLException {
    if (!rows.next()) {
      return null;
    }
    Object[] row = new Object[columnCount];
    for (int i = 0; i < columnCount; i++) {
      row[i] = rows.getObject(i + 1);
    }
    return row;
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
    try (statement;
        rows) {
      if (!connection.getAutoCommit()) {
        connection.rollback(); // read only: ends the cursor's transaction
      }
    }
  }
}
