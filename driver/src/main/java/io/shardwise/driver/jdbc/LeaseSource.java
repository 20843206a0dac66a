package io.shardwise.driver.jdbc;

import io.shardwise.router.route.NodeRole;
import java.sql.SQLException;

/** Where {@link HeldConnections} gets a connection to keep: the {@link NodeChooser}. */
interface LeaseSource {

  /** The first connection of a transaction to {@code shard}, for {@code role}. */
  Lease forTransaction(String shard, NodeRole role) throws SQLException;

  /** A connection to {@code shard}'s primary. */
  Lease primary(String shard) throws SQLException;
}
