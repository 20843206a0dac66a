package io.shardwise.router.route;

/**
 * A statement the router has analysed, to be routed at each execution with its parameter values:
 * what a prepared statement keeps. Obtained from {@code Router.prepare}; immutable and shared.
 */
public interface AnalysedStatement {

  /** The SQL text as the application wrote it. */
  String sql();

  /** A short description for logs and error messages. */
  String summary();
}
