package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import io.shardwise.router.config.SecretMask;
import io.shardwise.router.error.ErrorCode;
import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.List;

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
    // The pool or the driver may quote the node's URL, and with it a password.
    message.append(SecretMask.text(e.getMessage()));
    if (e.getCause() != null && e.getCause() != e) {
      message.append("; last error: ").append(SecretMask.text(e.getCause().getMessage()));
    }
    return new SQLTransientConnectionException(message.toString(), state, e.getErrorCode(), e);
  }

  /**
   * A COMMIT failed on {@code node}, after the shards in {@code committed} had committed. When the
   * connection was lost during the COMMIT, nobody knows whether the node committed: that is
   * SQLState 08007 (transaction resolution unknown), and the statement is never retried.
   */
  static SQLException commitFailed(SQLException e, Node node, List<String> committed) {
    String after =
        committed.isEmpty()
            ? ""
            : " after " + committed + " had committed (the others were rolled back)";
    if (isConnectionLoss(e)) {
      return new SQLNonTransientConnectionException(
          "["
              + node.id()
              + "] the connection was lost during COMMIT"
              + after
              + ": whether this shard committed is unknown. Cause: "
              + e.getMessage(),
          "08007",
          e.getErrorCode(),
          e);
    }
    if (committed.isEmpty()) {
      return wrap(e, node);
    }
    return new SQLException(
        "[" + node.id() + "] COMMIT failed" + after + ". Cause: " + e.getMessage(),
        e.getSQLState(),
        e.getErrorCode(),
        e);
  }

  /** The connection to a primary died while an autocommit statement ran on it. */
  static SQLException outcomeUnknown(SQLException e, Node node) {
    node.stats().error();
    return new SQLNonTransientConnectionException(
        "["
            + node.id()
            + "] the connection was lost while the statement ran with autocommit on: whether it"
            + " was applied is unknown (it is not retried). Cause: "
            + e.getMessage(),
        "08007",
        e.getErrorCode(),
        e);
  }

  /**
   * The physical connection died: SQLState class 08, PostgreSQL's 57P01-57P03 (the server shut down
   * or crashed under the session), or a connection exception type.
   */
  static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return (state != null && (state.startsWith("08") || state.startsWith("57P0")))
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientConnectionException
        || e instanceof java.sql.SQLRecoverableException;
  }

  static SQLException wrap(SQLException e, Node node) {
    return wrap(e, node, "");
  }

  /** As {@link #wrap(SQLException, Node)}, with {@code suffix} appended to the message. */
  static SQLException wrap(SQLException e, Node node, String suffix) {
    node.stats().error();
    String message = "[" + node.id() + "] " + e.getMessage() + suffix;
    if (isConnectionLoss(e) && (e.getSQLState() == null || !e.getSQLState().startsWith("08"))) {
      // e.g. PostgreSQL 57P01: the server went away under the session. Pools and applications
      // recognise a dead connection by class 08.
      return new SQLNonTransientConnectionException(
          message + " (SQLState " + e.getSQLState() + ")", "08006", e.getErrorCode(), e);
    }
    String state = e.getSQLState();
    if (state == null) {
      // Some drivers and pools (HikariCP's "Connection is closed") give none: the application
      // and its pool classify errors by SQLState, so shardwise gives one of its own.
      state = ErrorCode.NODE_ERROR_WITHOUT_STATE.sqlState();
    }
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
    } else if (e instanceof SQLDataException) {
      wrapped = new SQLDataException(message, state, code, e);
    } else if (e instanceof SQLFeatureNotSupportedException) {
      wrapped = new SQLFeatureNotSupportedException(message, state, code, e);
    } else if (e instanceof SQLInvalidAuthorizationSpecException) {
      wrapped = new SQLInvalidAuthorizationSpecException(message, state, code, e);
    } else if (e instanceof SQLTransactionRollbackException) {
      wrapped = new SQLTransactionRollbackException(message, state, code, e);
    } else if (e instanceof SQLRecoverableException) {
      wrapped = new SQLRecoverableException(message, state, code, e);
    } else if (e instanceof SQLNonTransientException) {
      wrapped = new SQLNonTransientException(message, state, code, e);
    } else if (e instanceof SQLTransientException) {
      wrapped = new SQLTransientException(message, state, code, e);
    } else {
      wrapped = new SQLException(message, state, code, e);
    }
    return wrapped;
  }
}
