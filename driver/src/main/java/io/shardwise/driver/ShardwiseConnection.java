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
}
