package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams a table's rows in primary-key order, from after a key to the end, in one query through
 * JDBC: {@code SELECT … WHERE pk > ? ORDER BY pk} read through a server-side cursor (PostgreSQL:
 * autocommit off and a fetch size; MariaDB Connector/J streams with a fetch size). One query
 * instead of one keyset query per batch: the engine walks the primary-key index once, and rows
 * arrive while earlier ones are being processed. A resumed copy starts after its checkpoint's key.
 * Values are read one by one, so a row that stays costs the decoding of its keys only.
 */
final class KeyOrderedScan implements SourceScan {

  private final Connection connection;
  private final int[] keyIndexes;
  private final int columnCount;
  private final PreparedStatement statement;
  private final ResultSet rows;

  KeyOrderedScan(Connection connection, CopyDialect dialect, TableShape shape, Object[] afterKey)
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
    if (dialect == CopyDialect.POSTGRESQL) {
      connection.setAutoCommit(false); // pgjdbc only uses a cursor outside autocommit
    }
    this.statement = connection.prepareStatement(sql.toString());
    statement.setFetchSize(CopyDialect.FETCH_SIZE);
    if (afterKey != null) {
      for (int i = 0; i < afterKey.length; i++) {
        statement.setObject(i + 1, afterKey[i]);
      }
    }
    this.rows = statement.executeQuery();
  }

  @Override
  public boolean next() throws SQLException {
    return rows.next();
  }

  @Override
  public Object value(int columnIndex) throws SQLException {
    return rows.getObject(columnIndex + 1);
  }

  @Override
  public Object[] key() throws SQLException {
    Object[] key = new Object[keyIndexes.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = rows.getObject(keyIndexes[i] + 1);
    }
    return key;
  }

  @Override
  public byte[] copyLine() {
    return null;
  }

  @Override
  public Object[] row() throws SQLException {
    Object[] row = new Object[columnCount];
    for (int i = 0; i < columnCount; i++) {
      row[i] = rows.getObject(i + 1);
    }
    return row;
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
