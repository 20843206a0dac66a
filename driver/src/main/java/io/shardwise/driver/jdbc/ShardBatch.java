package io.shardwise.driver.jdbc;

import io.shardwise.driver.jdbc.PhysicalCall.Opener;
import io.shardwise.router.route.RoutePlan;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JDBC batch split per shard: each shard's entries run as one real batch on its primary, and the
 * update counts come back in the caller's order. Entries keep their relative order within a shard;
 * shards run one after another.
 */
final class ShardBatch {

  /** Adds entry {@code index} of the caller's batch to a physical statement's batch. */
  @FunctionalInterface
  interface Adder {
    void add(Statement statement, int index) throws SQLException;
  }

  private final LogicalConnection connection;
  private final StatementOptions options;
  private final List<RoutePlan> plans;

  ShardBatch(LogicalConnection connection, StatementOptions options, List<RoutePlan> plans) {
    this.connection = connection;
    this.options = options;
    this.plans = plans;
  }

  /**
   * A batch entry runs the same SQL on each of its shards, so an entry the router rewrote per shard
   * (a multi-row INSERT spanning shards) cannot join a batch: it would insert every row everywhere.
   */
  static RoutePlan unsplit(RoutePlan plan) throws SQLException {
    if (plan.shardSql() != null) {
      throw new io.shardwise.router.error.RoutingException(
          io.shardwise.router.error.ErrorCode.UNSUPPORTED,
          "A batch entry that must be rewritten per shard (a multi-row INSERT whose rows land on "
              + plan.destination()
              + ", or an IN list pruned per shard) cannot be batched; batch single-row INSERTs, or"
              + " execute the statement on its own.");
    }
    return plan;
  }

  long[] run(Opener opener, Adder adder) throws SQLException {
    long[] counts = new long[plans.size()];
    Arrays.fill(counts, Statement.EXECUTE_FAILED);
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> group : groupByShard().entrySet()) {
      Lease lease = connection.lease(group.getKey(), io.shardwise.router.route.NodeRole.PRIMARY);
      Statement statement = null;
      try {
        statement = opener.open(lease.connection());
        options.applyTo(statement);
        for (int index : group.getValue()) {
          adder.add(statement, index);
        }
        record(counts, group.getValue(), statement.executeLargeBatch());
        done.add(group.getKey());
      } catch (SQLException e) {
        if (e instanceof BatchUpdateException partial && partial.getLargeUpdateCounts() != null) {
          record(counts, group.getValue(), partial.getLargeUpdateCounts());
        }
        SQLException wrapped = NodeErrors.wrap(e, lease.node());
        throw new BatchUpdateException(
            wrapped.getMessage() + (done.isEmpty() ? "" : " (shards already done: " + done + ")"),
            e.getSQLState(),
            e.getErrorCode(),
            counts,
            e);
      } finally {
        if (statement != null) {
          statement.close();
        }
        connection.release(lease);
      }
    }
    return counts;
  }

  /** Entries for one shard go to it; entries for every shard (DDL) go to each. */
  private Map<String, List<Integer>> groupByShard() {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      for (String shard : plans.get(i).destination().shardNames()) {
        groups.computeIfAbsent(shard, s -> new ArrayList<>()).add(i);
      }
    }
    return groups;
  }

  /** The first shard to report an entry's count sets it; copies on other shards agree. */
  private static void record(long[] counts, List<Integer> indexes, long[] shardCounts) {
    for (int j = 0; j < shardCounts.length && j < indexes.size(); j++) {
      int index = indexes.get(j);
      if (counts[index] == Statement.EXECUTE_FAILED) {
        counts[index] = shardCounts[j];
      }
    }
  }
}
