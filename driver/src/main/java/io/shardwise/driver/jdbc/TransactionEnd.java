package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a transaction that touched several shards ends: each shard commits (or rolls back) in the
 * order it was touched, one after another, not atomically. When a commit fails, the shards after it
 * roll back and the error names the shards that had committed (see docs/routing.md). A connection
 * that a pinned session keeps gets its autocommit back; any other goes back to its pool. Called by
 * {@link HeldConnections} under its lock.
 */
final class TransactionEnd {

  /** What runs before a transaction ends: its statements' results are closed. */
  interface Before {
    void run() throws SQLException;
  }

  /** Where a committed write is recorded for read-your-writes. */
  interface Written {
    void committed(Node primary, Connection connection) throws SQLException;
  }

  private TransactionEnd() {}

  /**
   * Ends {@code transaction}'s connections; a commit on the primary of a shard in {@code
   * writtenShards} tells {@code written}. The first failure is thrown once every shard has ended.
   */
  static void end(
      Collection<Lease> transaction,
      Map<String, Lease> pinned,
      Set<String> writtenShards,
      boolean commit,
      Written written)
      throws SQLException {
    List<String> done = new ArrayList<>();
    SQLException failure = null;
    for (Lease lease : transaction) {
      try {
        if (failure == null || !commit) {
          if (commit) {
            lease.connection().commit();
            if (writtenShards.contains(lease.node().shard())
                && lease.node().role() == NodeRole.PRIMARY) {
              written.committed(lease.node(), lease.connection());
            }
          } else {
            lease.connection().rollback();
          }
          done.add(lease.node().id());
        } else {
          lease.connection().rollback();
        }
      } catch (SQLException e) {
        if (failure == null) {
          failure =
              commit
                  ? NodeErrors.commitFailed(e, lease.node(), done)
                  : NodeErrors.wrap(e, lease.node());
        } else {
          failure.addSuppressed(e);
        }
      } finally {
        if (pinned.containsValue(lease)) {
          restoreAutoCommit(lease, failure);
        } else {
          closeQuietly(lease.connection(), failure);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void restoreAutoCommit(Lease lease, SQLException failure) {
    try {
      lease.connection().setAutoCommit(true);
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  static void closeQuietly(Connection connection, SQLException failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
