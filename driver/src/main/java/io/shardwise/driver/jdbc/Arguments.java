package io.shardwise.driver.jdbc;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.sql.SQLException;

/**
 * Checks of the arguments applications pass to JDBC calls, so that a bad one is an SQLException
 * with an SQLState naming the limit (SW026, or 07009 for an index), never a NullPointerException or
 * IllegalArgumentException from deep inside the driver.
 */
final class Arguments {

  private Arguments() {}

  /** {@code sql}, which must not be null. */
  static String sql(String sql) throws SQLException {
    if (sql == null) {
      throw new RoutingException(
          ErrorCode.INVALID_ARGUMENT, "The SQL text is null; pass the statement to run.");
    }
    return sql;
  }

  /** {@code text}, an argument of {@code call} that must not be null. */
  static String text(String text, String call) throws SQLException {
    if (text == null) {
      throw new RoutingException(ErrorCode.INVALID_ARGUMENT, call + " needs a value, got null.");
    }
    return text;
  }

  /** {@code value}, which must be 0 or more; {@code what} names the setting. */
  static long notNegative(long value, String what) throws SQLException {
    if (value < 0) {
      throw new RoutingException(
          ErrorCode.INVALID_ARGUMENT, what + " must be 0 or more, got " + value + ".");
    }
    return value;
  }

  /** A parameter index, which starts at 1. */
  static SQLException parameterIndex(int index) {
    return new SQLException(
        "Parameter indexes start at 1, got " + index + ".", "07009"); // invalid descriptor index
  }

  /** The interface {@code unwrap} or {@code isWrapperFor} was asked about, which must be given. */
  static Class<?> iface(Class<?> iface) throws SQLException {
    if (iface == null) {
      throw new RoutingException(
          ErrorCode.INVALID_ARGUMENT, "unwrap and isWrapperFor need an interface, got null.");
    }
    return iface;
  }

  /** A fetch direction: one of ResultSet.FETCH_FORWARD, FETCH_REVERSE, FETCH_UNKNOWN. */
  static int fetchDirection(int direction) throws SQLException {
    if (direction != java.sql.ResultSet.FETCH_FORWARD
        && direction != java.sql.ResultSet.FETCH_REVERSE
        && direction != java.sql.ResultSet.FETCH_UNKNOWN) {
      throw new RoutingException(
          ErrorCode.INVALID_ARGUMENT,
          "Fetch direction "
              + direction
              + " is none of ResultSet.FETCH_FORWARD (1000), FETCH_REVERSE (1001) and"
              + " FETCH_UNKNOWN (1002).");
    }
    return direction;
  }
}
