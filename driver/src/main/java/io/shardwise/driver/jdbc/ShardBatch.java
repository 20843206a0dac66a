package io.shardwise.driver.jdbc;

import io.shardwise.driver.jdbc.PhysicalCall.Opener;
import io.shardwise.router.route.NodeRole;
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
 * the shards' batches run in parallel ({@link ShardTasks}), so one that fails does not stop the
 * others: the error names the failing shard and the shards whose part succeeded, and the update
 * counts say which entries ran.
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
  private final boolean large;

  /**
   * @param large whether the physical statements run {@code executeLargeBatch} (the application
   *     called it) or {@code executeBatch}
   */
  ShardBatch(
      LogicalConnection connection,
      StatementOptions options,
      List<RoutePlan> plans,
      boolean large) {
    this.connection = connection;
    this.options = options;
    this.plans = plans;
    this.large = large;
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
    List<Map.Entry<String, List<Integer>>> groups = new ArrayList<>(groupByShard().entrySet());
    List<Lease> leases = new ArrayList<>(groups.size());
    List<Statement> statements = new ArrayList<>(groups.size());
    try {
      for (Map.Entry<String, List<Integer>> group : groups) {
        Lease lease = connection.lease(group.getKey(), NodeRole.PRIMARY);
        leases.add(lease);
        try {
          Statement statement = opener.open(lease.connection());
          statements.add(statement);
          options.applyTo(statement);
          for (int index : group.getValue()) {
            adder.add(statement, index);
          }
        } catch (SQLException e) {
          throw failed(e, lease, counts, List.of());
        }
      }
      List<ShardTasks.Task<long[]>> tasks = new ArrayList<>(statements.size());
      for (Statement statement : statements) {
        tasks.add(() -> execute(statement));
      }
      List<ShardTasks.Outcome<long[]>> outcomes =
          ShardTasks.run(tasks, connection.runtime().scatterExecutor());
      collect(groups, leases, outcomes, counts);
    } catch (SQLException | RuntimeException e) {
      try {
        close(statements, leases);
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    close(statements, leases);
    return counts;
  }

  /** Records the counts in the caller's order, or throws the first failing shard's error. */
  private static void collect(
      List<Map.Entry<String, List<Integer>>> groups,
      List<Lease> leases,
      List<ShardTasks.Outcome<long[]>> outcomes,
      long[] counts)
      throws BatchUpdateException {
    List<String> done = new ArrayList<>();
    SQLException failure = null;
    Lease failedOn = null;
    for (int i = 0; i < outcomes.size(); i++) {
      ShardTasks.Outcome<long[]> outcome = outcomes.get(i);
      List<Integer> indexes = groups.get(i).getValue();
      if (outcome.failure() == null) {
        record(counts, indexes, outcome.value());
        done.add(groups.get(i).getKey());
      } else {
        if (outcome.failure() instanceof BatchUpdateException partial
            && partial.getLargeUpdateCounts() != null) {
          record(counts, indexes, partial.getLargeUpdateCounts());
        }
        if (failure == null) {
          failure = outcome.failure();
          failedOn = leases.get(i);
        }
      }
    }
    if (failure != null) {
      throw failed(failure, failedOn, counts, done);
    }
  }

  private static BatchUpdateException failed(
      SQLException e, Lease lease, long[] counts, List<String> done) {
    SQLException wrapped = NodeErrors.wrap(e, lease.node());
    return new BatchUpdateException(
        wrapped.getMessage() + (done.isEmpty() ? "" : " (shards already done: " + done + ")"),
        e.getSQLState(),
        e.getErrorCode(),
        counts,
        e);
  }

  /** Closes the statements, then gives the leases back; the first failure is thrown. */
  private void close(List<Statement> statements, List<Lease> leases) throws SQLException {
    SQLException failure = null;
    for (Statement statement : statements) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = first(failure, e);
      }
    }
    for (Lease lease : leases) {
      try {
        connection.release(lease);
      } catch (SQLException e) {
        failure = first(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static SQLException first(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private long[] execute(Statement statement) throws SQLException {
    if (large) {
      return statement.executeLargeBatch();
    }
    int[] counts = statement.executeBatch();
    long[] wide = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      wide[i] = counts[i];
    }
    return wide;
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
