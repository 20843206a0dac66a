package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Streams every row of a table through a consumer without holding the table in memory. */
final class TableScanner {

  /** Receives one row, values in the table's column order. */
  @FunctionalInterface
  interface RowConsumer {
    void accept(Object[] row) throws SQLException;
  }

  private TableScanner() {}

  static void scan(
      Connection connection, CopyDialect dialect, TableShape shape, RowConsumer consumer)
      throws SQLException {
    int columns = shape.columns().size();
    try (Statement statement = dialect.streamingStatement(connection);
        ResultSet rs =
            statement.executeQuery(
                "SELECT "
                    + dialect.quoteAll(shape.columns())
                    + " FROM "
                    + dialect.quote(shape.name()))) {
      while (rs.next()) {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) {
          row[i] = rs.getObject(i + 1);
        }
        consumer.accept(row);
      }
    } finally {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    }
  }
}
