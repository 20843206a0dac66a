package io.shardwise.driver;

import java.sql.Connection;

/**
 * The shardwise view of a connection from {@link ShardwiseDriver} or {@link ShardwiseDataSource};
 * obtain it with {@code connection.unwrap(ShardwiseConnection.class)}, also through an outer pool.
 */
public interface ShardwiseConnection extends Connection {

  /** Where the last statement of this connection went and why; null before the first one. */
  RouteTrace lastRoute();

  /**
   * Sends every following statement to primaries, as a {@code shardwise:primary} comment hint does
   * for one statement: for reads that must see a write made elsewhere.
   */
  void setForcePrimary(boolean forcePrimary);

  boolean isForcePrimary();

  /**
   * Ends a pinned session: after {@code SET}, a temporary table, a user variable, a server-side
   * {@code PREPARE} or a session lock, the connection keeps running on the primaries whose sessions
   * hold that state. This closes those physical connections (their state must not reach another
   * thread through the pool) and lets later statements be routed freely. Closing the connection, or
   * a pool's {@code endRequest()}, does the same.
   */
  void resetSession() throws java.sql.SQLException;
}
