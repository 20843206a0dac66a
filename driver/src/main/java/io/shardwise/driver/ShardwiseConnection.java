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
   * Sends every following statement to shard {@code shard}, as a {@code shardwise:shard=NAME}
   * comment hint does for one statement (a comment hint wins over this). A statement whose shard
   * key picks another shard is refused (SW012), never written to the wrong shard. {@code null}
   * clears the hint.
   *
   * @throws java.sql.SQLException SW012 when the map has no shard of that name
   */
  void setShardHint(String shard) throws java.sql.SQLException;

  /** The shard set by {@link #setShardHint}, or null. */
  String getShardHint();

  /**
   * Ends a pinned session: after {@code SET}, a temporary table, a user variable, a server-side
   * {@code PREPARE} or a session lock, the connection keeps running on the primaries whose sessions
   * hold that state. This closes those physical connections (their state must not reach another
   * thread through the pool) and lets later statements be routed freely. Closing the connection, or
   * a pool's {@code endRequest()}, does the same.
   */
  void resetSession() throws java.sql.SQLException;
}
