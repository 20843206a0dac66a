package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Adds the node's identity to a database error. The SQLState, vendor code and the exception's JDBC
 * subclass are kept, so pools and frameworks classify it exactly as the original.
 */
final class NodeErrors {

  private NodeErrors() {}

  /**
   * A physical connection to {@code node} could not be had. Whatever the pool or the database
   * driver reported, the application sees a connection-class SQLState (08001 unless it already was
   * 08xxx) and the last error behind it, so a pool above shardwise and the application's retry
   * logic both recognise it.
   */
  static SQLException unreachable(SQLException e, Node node) {
    String state =
        e.getSQLState() != null && e.getSQLState().startsWith("08") ? e.getSQLState() : "08001";
    StringBuilder message =
        new StringBuilder("[").append(node.id()).append("] cannot get a connection: ");
    message.append(e.getMessage());
    if (e.getCause() != null && e.getCause() != e) {
      message.append("; last error: ").append(e.getCause().getMessage());
    }
    return new SQLTransientConnectionException(message.toString(), state, e.getErrorCode(), e);
  }

  static SQLException wrap(SQLException e, Node node) {
    node.stats().error();
    String message = "[" + node.id() + "] " + e.getMessage();
    String state = e.getSQLState();
    int code = e.getErrorCode();
    SQLException wrapped;
    if (e instanceof BatchUpdateException batch) {
      wrapped = new BatchUpdateException(message, state, code, batch.getLargeUpdateCounts(), e);
    } else if (e instanceof SQLIntegrityConstraintViolationException) {
      wrapped = new SQLIntegrityConstraintViolationException(message, state, code, e);
    } else if (e instanceof SQLTransientConnectionException) {
      wrapped = new SQLTransientConnectionException(message, state, code, e);
    } else if (e instanceof SQLNonTransientConnectionException) {
      wrapped = new SQLNonTransientConnectionException(message, state, code, e);
    } else if (e instanceof SQLTimeoutException) {
      wrapped = new SQLTimeoutException(message, state, code, e);
    } else if (e instanceof SQLSyntaxErrorException) {
      wrapped = new SQLSyntaxErrorException(message, state, code, e);
    } else {
      wrapped = new SQLException(message, state, code, e);
    }
    return wrapped;
  }
}
