package io.shardwise.driver.jdbc;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statements a logical connection has open, safe to use from several threads: statements are
 * created and closed on any thread while {@link #closeAll} runs on another. Once {@code closeAll}
 * has started, a statement registered later is closed at once and its creation fails, so none
 * outlives the connection.
 */
final class OpenStatements {

  private final Set<LogicalStatement> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Registers {@code statement}; fails (08003) once the connection closes. */
  <T extends LogicalStatement> T add(T statement) throws SQLException {
    open.add(statement);
    if (closed) {
      // closeAll may have taken its snapshot before the add: this thread closes it.
      open.remove(statement);
      statement.close();
      throw new SQLException("The connection is closed.", "08003");
    }
    return statement;
  }

  void remove(LogicalStatement statement) {
    open.remove(statement);
  }

  /** A copy of the open statements, for a walk that may close some of them. */
  List<LogicalStatement> snapshot() {
    return List.copyOf(open);
  }

  /**
   * Closes every open statement (their results fail from now on) and refuses new ones; the first
   * failure is thrown after all were closed.
   */
  void closeAll() throws SQLException {
    closed = true;
    SQLException failure = null;
    for (LogicalStatement statement : snapshot()) {
      try {
        statement.close();
      } catch (SQLException | RuntimeException e) {
        SQLException wrapped =
            e instanceof SQLException sql
                ? sql
                : new RoutingException(
                    ErrorCode.RESULT_CUT_SHORT, "Closing a statement failed: " + e, e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
