package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the node that serves a statement and opens a connection to it, with the logical
 * connection's settings applied: a replica by the read strategy; for a read of a shard the session
 * wrote, one that has replayed the write, else the primary (read-your-writes); for a retry, not the
 * node that just failed. It holds no connection: the caller owns what it returns.
 */
final class NodeChooser implements LeaseSource {

  // Logs under the connection's name, where docs/observability.md points.
  private static final Logger LOG = LoggerFactory.getLogger(LogicalConnection.class);

  private final ShardwiseRuntime runtime;
  private final CausalReads causal;
  private final PhysicalSettings settings;

  NodeChooser(ShardwiseRuntime runtime, CausalReads causal, PhysicalSettings settings) {
    this.runtime = runtime;
    this.causal = causal;
    this.settings = settings;
  }

  /**
   * A connection for one statement in autocommit mode; {@code avoid}, when not null, is the node a
   * read just failed on: another replica serves the retry, else the primary.
   */
  Lease forStatement(String shard, NodeRole role, Node avoid) throws SQLException {
    if (role == NodeRole.REPLICA && avoid == null) {
      Lease causalRead = causal(shard);
      if (causalRead != null) {
        return causalRead;
      }
    }
    Node node = runtime.select(shard, role);
    if (avoid != null && node.equals(avoid)) {
      node = runtime.select(shard, role); // the strategy moves on to another replica
      if (node.equals(avoid)) {
        node = runtime.shard(shard).primary();
      }
    }
    return new Lease(node, open(node), false);
  }

  @Override
  public Lease forTransaction(String shard, NodeRole role) throws SQLException {
    Lease chosen = role == NodeRole.REPLICA ? causal(shard) : null;
    if (chosen != null) {
      return chosen;
    }
    Node node = runtime.select(shard, role);
    return new Lease(node, open(node), false);
  }

  @Override
  public Lease primary(String shard) throws SQLException {
    Node primary = runtime.shard(shard).primary();
    return new Lease(primary, open(primary), false);
  }

  /**
   * For a read of a shard this session (or, in global mode, anyone) wrote: a replica the monitor
   * knows has replayed the write; else one that says so when asked now; else the primary. Null when
   * read-your-writes puts no condition on the read.
   */
  private Lease causal(String shard) throws SQLException {
    if (causal.primaryOnly(shard)) {
      return primary(shard);
    }
    ReplicationPosition mustSee = causal.mustSee(shard);
    if (mustSee == null) {
      return null;
    }
    Node known = runtime.selectReplica(shard, mustSee);
    if (known != null) {
      return new Lease(known, open(known), false);
    }
    Node candidate = runtime.selectReplica(shard, null);
    if (candidate != null) {
      Connection physical = open(candidate);
      try {
        if (runtime.awaitReplayed(candidate, physical, mustSee, Duration.ZERO)) {
          return new Lease(candidate, physical, false);
        }
      } catch (SQLException e) {
        LOG.debug(
            "Asking {} for its replay position failed; reading from the primary", candidate, e);
      }
      physical.close();
    }
    return primary(shard);
  }

  /** A connection from {@code node}'s pool with the logical connection's settings applied. */
  Connection open(Node node) throws SQLException {
    Connection physical;
    try {
      physical = runtime.pools().connection(node);
    } catch (SQLException e) {
      throw new NodeUnavailableException(node, NodeErrors.unreachable(e, node));
    }
    try {
      settings.applyTo(physical);
      return physical;
    } catch (SQLException e) {
      physical.close();
      throw NodeErrors.wrap(e, node);
    }
  }
}
