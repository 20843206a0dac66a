package io.shardwise.driver.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The two halves of running a statement on one physical connection. */
final class PhysicalCall {

  private PhysicalCall() {}

  /** Creates the physical statement (and binds parameters) on a leased connection. */
  @FunctionalInterface
  interface Opener {
    Statement open(Connection connection) throws SQLException;
  }

  /** Runs the physical statement. */
  @FunctionalInterface
  interface Action<T> {
    T run(Statement statement) throws SQLException;
  }
}
