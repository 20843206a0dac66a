package io.shardwise.driver.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Statement settings the application made on the logical statement, replayed on each physical
 * statement. Only settings that differ from JDBC defaults are replayed, so an untouched statement
 * costs no extra driver calls.
 */
final class StatementOptions {

  int maxFieldSize;
  long maxRows;
  int queryTimeout;
  int fetchDirection = ResultSet.FETCH_FORWARD;
  int fetchSize;
  boolean escapeProcessing = true;
  boolean poolable;

  void applyTo(Statement statement) throws SQLException {
    if (maxFieldSize != 0) {
      statement.setMaxFieldSize(maxFieldSize);
    }
    if (maxRows != 0) {
      statement.setLargeMaxRows(maxRows);
    }
    if (queryTimeout != 0) {
      statement.setQueryTimeout(queryTimeout);
    }
    if (fetchDirection != ResultSet.FETCH_FORWARD) {
      statement.setFetchDirection(fetchDirection);
    }
    if (fetchSize != 0) {
      statement.setFetchSize(fetchSize);
    }
    if (!escapeProcessing) {
      statement.setEscapeProcessing(false);
    }
    if (poolable) {
      statement.setPoolable(true);
    }
  }
}
