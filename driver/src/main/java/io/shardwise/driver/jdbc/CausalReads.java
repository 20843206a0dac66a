package io.shardwise.driver.jdbc;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.router.config.ReadRouting.ReadYourWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes: after a write commits on a shard's primary, the primary's replication position
 * is recorded (PostgreSQL WAL LSN, MariaDB GTID); a later read of that shard may use only a replica
 * that has replayed past it, else the primary. In {@code session} mode the positions belong to one
 * logical connection; in {@code global} mode to the whole runtime, so every connection reads every
 * connection's writes.
 */
final class CausalReads {

  private static final Logger LOG = LoggerFactory.getLogger(CausalReads.class);

  private final ShardwiseRuntime runtime;
  private final ReadYourWrites mode;
  // Both created at the first write that records anything: a connection that only reads, or
  // writes shards without replicas, allocates neither.
  private Map<String, ReplicationPosition> positions;

  /** Shards written whose position could not be read: reads go to the primary. */
  private Set<String> unknown;

  CausalReads(ShardwiseRuntime runtime) {
    this.runtime = runtime;
    this.mode = runtime.shardMap().reads().readYourWrites();
  }

  boolean enabled() {
    return mode != ReadYourWrites.OFF;
  }

  /**
   * Records the position of {@code primary} after a committed write, read on the connection that
   * wrote (one extra round trip per write; see docs/routing.md for its measured cost).
   */
  void written(Node primary, Connection physical) {
    String shard = primary.shard();
    if (runtime.shard(shard).replicas().isEmpty()) {
      return; // every read of this shard is served by its primary: nothing to wait for
    }
    try {
      ReplicationPosition position = runtime.currentPosition(primary, physical);
      if (position == null) {
        return; // no replication (H2): every node is the same database
      }
      if (unknown != null) {
        unknown.remove(shard);
      }
      if (mode == ReadYourWrites.GLOBAL) {
        runtime.recordWrite(shard, position);
      } else {
        if (positions == null) {
          positions = new HashMap<>(4);
        }
        positions.merge(shard, position, (a, b) -> a.isAtLeast(b) ? a : b);
      }
    } catch (SQLException e) {
      LOG.debug("Could not read the position of {} after a write; its reads go to it", primary, e);
      if (unknown == null) {
        unknown = new HashSet<>(2);
      }
      unknown.add(shard);
    }
  }

  /** The position a read of {@code shard} must see, or null when any replica will do. */
  ReplicationPosition mustSee(String shard) {
    if (mode == ReadYourWrites.OFF) {
      return null;
    }
    if (mode == ReadYourWrites.GLOBAL) {
      return runtime.lastWrite(shard);
    }
    return positions == null ? null : positions.get(shard);
  }

  /** True when a write's position is unknown, so only the primary is sure to have it. */
  boolean primaryOnly(String shard) {
    return unknown != null && unknown.contains(shard);
  }
}
