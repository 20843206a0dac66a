package io.shardwise.driver.jdbc;

import io.shardwise.driver.jdbc.PhysicalCall.Opener;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.Destination;
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
import java.util.function.IntFunction;

/**
 * A JDBC batch split per shard: each shard's entries go, as they are added, onto one physical
 * statement on its primary, and {@link #execute} runs each shard's part as one real batch; the
 * update counts come back in the caller's order. Entries keep their relative order within a shard;
 * the shards' batches run in parallel ({@link ShardTasks}), so one that fails does not stop the
 * others: the error names the failing shard and the shards whose part succeeded, and the update
 * counts say which entries ran.
 *
 * <p>The batch holds a physical connection per shard from its first entry there until {@link
 * #execute} or {@link #release}: the transaction's (or pinned session's) connection, kept by the
 * logical connection anyway, or in autocommit mode one borrowed for the batch. Whoever owns the
 * batch must call one of the two.
 */
final class ShardBatch {

  /** Adds the current entry to a physical statement's batch (binds it, then {@code addBatch}). */
  @FunctionalInterface
  interface Adder {
    void add(Statement statement) throws SQLException;
  }

  /** One shard's part: its statement and the caller's index of each entry it holds, in order. */
  private static final class Part {
    final String shard;
    final Lease lease;
    final Statement statement;
    int[] indexes = new int[16];
    int count;

    Part(String shard, Lease lease, Statement statement) {
      this.shard = shard;
      this.lease = lease;
      this.statement = statement;
    }

    void add(int index) {
      if (count == indexes.length) {
        indexes = Arrays.copyOf(indexes, count * 2);
      }
      indexes[count++] = index;
    }
  }

  private final LogicalConnection connection;
  private final Opener opener;
  private final Map<String, Part> parts = new LinkedHashMap<>(4);
  private Part last;
  private int size;

  /** Whether an entry wrote: the positions of the primaries are recorded for read-your-writes. */
  private boolean writes;

  ShardBatch(LogicalConnection connection, Opener opener) {
    this.connection = connection;
    this.opener = opener;
  }

  /**
   * A batch entry runs the same SQL on each of its shards, so an entry the router rewrote per shard
   * (a multi-row INSERT spanning shards) cannot join a batch: it would insert every row everywhere.
   */
  static RoutePlan unsplit(RoutePlan plan) throws SQLException {
    if (plan.shape() == RoutePlan.Shape.TRANSACTION_CONTROL) {
      throw new RoutingException(
          ErrorCode.INVALID_USE,
          "Transaction control ("
              + ((RoutePlan.TransactionControl) plan).action()
              + ") is carried out by the driver, not routed.");
    }
    if (plan.shardSql() != null) {
      throw new RoutingException(
          ErrorCode.UNSUPPORTED,
          "A batch entry that must be rewritten per shard (a multi-row INSERT whose rows land on "
              + plan.destination()
              + ", or an IN list pruned per shard) cannot be batched; batch single-row INSERTs, or"
              + " execute the statement on its own.");
    }
    return plan;
  }

  int size() {
    return size;
  }

  /**
   * Adds the entry just routed to {@code plan} (by the connection: its read-your-writes flag is the
   * entry's) to the statement of each of its shards, opening it on the shard's first entry. A
   * failure of the physical driver is thrown naming the node; a shard's statement may then hold
   * part of the entry, so the batch must be released rather than executed.
   */
  void add(RoutePlan plan, Adder adder) throws SQLException {
    writes |= connection.writing();
    Destination destination = plan.destination();
    if (destination instanceof Destination.Shard shard) {
      add(part(shard.name()), adder);
    } else {
      for (String shard : destination.shardNames()) {
        add(part(shard), adder);
      }
    }
    size++;
  }

  private void add(Part part, Adder adder) throws SQLException {
    try {
      adder.add(part.statement);
    } catch (SQLException e) {
      throw NodeErrors.wrap(e, part.lease.node());
    }
    part.add(size);
  }

  private Part part(String shard) throws SQLException {
    Part part = last;
    if (part == null || !part.shard.equals(shard)) {
      part = parts.get(shard);
    }
    if (part == null) {
      part = open(shard);
    } else {
      connection.servedBy(part.lease);
    }
    last = part;
    return part;
  }

  private Part open(String shard) throws SQLException {
    Lease lease = connection.lease(shard, NodeRole.PRIMARY);
    Statement statement;
    try {
      statement = opener.open(lease.connection());
    } catch (SQLException | RuntimeException e) {
      try {
        connection.release(lease, false);
      } catch (SQLException releasing) {
        e.addSuppressed(releasing);
      }
      if (e instanceof SQLException sql) {
        throw NodeErrors.wrap(sql, lease.node());
      }
      throw e;
    }
    Part part = new Part(shard, lease, statement);
    parts.put(shard, part);
    return part;
  }

  /**
   * Whether the batch still runs where its entries were bound: on the transaction's or pinned
   * session's connections they went to, or, for an autocommit batch, still outside any transaction
   * or session.
   */
  boolean current() {
    for (Map.Entry<String, Part> part : parts.entrySet()) {
      if (!connection.stillCurrent(part.getKey(), part.getValue().lease)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a part runs on a connection that the end of the transaction takes away. */
  boolean holdsTransaction() {
    for (Part part : parts.values()) {
      if (part.lease.held()) {
        return true;
      }
    }
    return false;
  }

  /** The physical connections borrowed for this batch alone (autocommit), none of them kept. */
  List<Lease> borrowed() {
    List<Lease> borrowed = new ArrayList<>(parts.size());
    for (Part part : parts.values()) {
      if (!part.lease.held()) {
        borrowed.add(part.lease);
      }
    }
    parts.clear();
    last = null;
    return borrowed;
  }

  /**
   * Adds entries routed only at {@code executeBatch}, entry {@code i} bound by {@code adders}. If
   * one cannot be added nothing has run, so the batch is released and the error is a {@link
   * BatchUpdateException} in which every entry of the batch (those added before too) failed.
   */
  void addAll(List<RoutePlan> plans, IntFunction<Adder> adders) throws SQLException {
    int entries = size + plans.size();
    for (int i = 0; i < plans.size(); i++) {
      try {
        add(plans.get(i), adders.apply(i));
      } catch (SQLException e) {
        throw notRun(e, entries);
      } catch (RuntimeException e) {
        releaseAfter(e);
        throw e;
      }
    }
  }

  private BatchUpdateException notRun(SQLException e, int entries) {
    long[] counts = new long[entries];
    Arrays.fill(counts, Statement.EXECUTE_FAILED);
    BatchUpdateException failure =
        new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), counts, e);
    releaseAfter(failure);
    return failure;
  }

  /** Runs each shard's part, in parallel, then releases the batch. */
  long[] execute(StatementOptions options, boolean large) throws SQLException {
    long[] counts = new long[size];
    Arrays.fill(counts, Statement.EXECUTE_FAILED);
    List<Part> list = new ArrayList<>(parts.values());
    try {
      List<ShardTasks.Task<long[]>> tasks = new ArrayList<>(list.size());
      for (Part part : list) {
        try {
          options.applyTo(part.statement);
        } catch (SQLException e) {
          throw failed(NodeErrors.wrap(e, part.lease.node()), counts, List.of());
        }
        tasks.add(() -> execute(part.statement, large));
      }
      List<ShardTasks.Outcome<long[]>> outcomes =
          ShardTasks.run(tasks, connection.runtime().scatterThreads());
      collect(list, outcomes, counts);
    } catch (SQLException | RuntimeException e) {
      releaseAfter(e);
      throw e;
    }
    release();
    return counts;
  }

  void releaseAfter(Throwable failure) {
    try {
      release();
    } catch (SQLException closing) {
      failure.addSuppressed(closing);
    }
  }

  /** Records the counts in the caller's order, or throws the first failing shard's error. */
  private static void collect(
      List<Part> parts, List<ShardTasks.Outcome<long[]>> outcomes, long[] counts)
      throws BatchUpdateException {
    List<String> done = new ArrayList<>();
    SQLException failure = null;
    for (int i = 0; i < outcomes.size(); i++) {
      ShardTasks.Outcome<long[]> outcome = outcomes.get(i);
      Part part = parts.get(i);
      if (outcome.failure() == null) {
        record(counts, part, outcome.value());
        done.add(part.shard);
      } else {
        if (outcome.failure() instanceof BatchUpdateException partial
            && partial.getLargeUpdateCounts() != null) {
          record(counts, part, partial.getLargeUpdateCounts());
        }
        if (failure == null) {
          failure = NodeErrors.wrap(outcome.failure(), part.lease.node());
        }
      }
    }
    if (failure != null) {
      throw failed(failure, counts, done);
    }
  }

  /**
   * {@code wrapped} names the node ({@link NodeErrors#wrap}); the SQLState, vendor code and cause
   * are the physical driver's error's.
   */
  private static BatchUpdateException failed(
      SQLException wrapped, long[] counts, List<String> done) {
    SQLException e = wrapped.getCause() instanceof SQLException cause ? cause : wrapped;
    return new BatchUpdateException(
        wrapped.getMessage() + (done.isEmpty() ? "" : " (shards already done: " + done + ")"),
        e.getSQLState(),
        e.getErrorCode(),
        counts,
        e);
  }

  /**
   * Closes the statements, then gives the connections back (a transaction's or pinned session's
   * stay with the logical connection); the first failure is thrown. The batch is empty afterwards.
   */
  void release() throws SQLException {
    List<Part> list = new ArrayList<>(parts.values());
    parts.clear();
    last = null;
    size = 0;
    SQLException failure = null;
    for (Part part : list) {
      try {
        part.statement.close();
      } catch (SQLException e) {
        failure = first(failure, e);
      }
    }
    for (Part part : list) {
      try {
        connection.release(part.lease, writes);
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

  private static long[] execute(Statement statement, boolean large) throws SQLException {
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

  /** The first shard to report an entry's count sets it; copies on other shards agree. */
  private static void record(long[] counts, Part part, long[] shardCounts) {
    for (int j = 0; j < shardCounts.length && j < part.count; j++) {
      int index = part.indexes[j];
      if (counts[index] == Statement.EXECUTE_FAILED) {
        counts[index] = shardCounts[j];
      }
    }
  }
}
