package io.shardwise.driver.jdbc;

import io.shardwise.driver.merge.MergePipeline;
import io.shardwise.driver.merge.MergedResultSet;
import io.shardwise.driver.merge.NullSorting;
import io.shardwise.driver.runtime.ScatterThreads;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.route.RoutePlan;
import io.shardwise.router.route.ShardSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution of a SELECT on several shards. Connections are leased and statements prepared on
 * the caller's thread (the logical connection is not thread-safe); the queries then run in parallel
 * (see {@link ShardTasks}: the last on the caller's thread, the others on the runtime's scatter
 * threads, unless recent shard work was too quick for that to pay), and the merged result reads
 * their rows on the caller's thread. Every statement and lease is held until the merged result set
 * closes.
 *
 * <p>{@link #close} may come from another thread at any moment (the application closing the
 * statement or the connection): from then on no lease is added (one taken meanwhile goes straight
 * back), and a run that has not returned its merged result yet fails (SW025) instead of merging the
 * shards it got.
 */
final class ScatterQuery {

  /** Opens and runs the shard SQL on one leased connection. */
  interface ShardStatement {
    /**
     * Opens {@code sql} and binds the application's parameters {@code 1..boundParameters}, or, for
     * SQL rewritten for one shard, those that {@code parameters} lists (null otherwise).
     */
    Statement open(
        java.sql.Connection connection, String sql, int boundParameters, int[] parameters)
        throws SQLException;

    ResultSet run(Statement statement, String sql) throws SQLException;

    /** Runs {@code sql} (opened by {@link #open}) as an update. */
    long update(Statement statement, String sql) throws SQLException;
  }

  private final LogicalConnection connection;
  // Guarded by this.
  private final List<Lease> leases = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();
  private boolean closed;

  private ScatterQuery(LogicalConnection connection) {
    this.connection = connection;
  }

  static MergedResultSet run(
      LogicalStatement owner,
      RoutePlan plan,
      ShardStatement shardStatement,
      ScatterThreads threads,
      long maxRows)
      throws SQLException {
    ScatterQuery query = new ScatterQuery(owner.connection);
    try {
      return query.execute(owner, plan, shardStatement, threads, maxRows);
    } catch (SQLException e) {
      // A query that lost its execution (closed or overlapped on another thread) fails as cut
      // short, whatever its shards' objects said once closed under it.
      SQLException failure =
          owner.isCurrent(query) || e instanceof RoutingException ? e : owner.cutShort(e);
      try {
        query.close();
      } catch (SQLException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    } catch (RuntimeException | Error e) {
      // Not a node's failure, but the leases taken so far must go back all the same.
      try {
        query.close();
      } catch (SQLException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private MergedResultSet execute(
      LogicalStatement owner,
      RoutePlan plan,
      ShardStatement shardStatement,
      ScatterThreads threads,
      long maxRows)
      throws SQLException {
    ScatterQuery query = this;
    owner.scatterStarted(query);
    MergePlan merge = plan.merge();
    List<Lease> myLeases = new ArrayList<>(plan.destination().shardNames().size());
    List<Statement> myStatements = new ArrayList<>(myLeases.size());
    List<ResultSet> results = new ArrayList<>();
    List<String> names = plan.destination().shardNames();
    List<String> sqls = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      Lease lease = owner.connection.lease(names.get(i), plan.role());
      query.add(lease, owner);
      myLeases.add(lease);
      ShardSql rewritten = plan.shardSql() == null ? null : plan.shardSql().get(i);
      String sql = rewritten == null ? merge.shardSql() : rewritten.sql();
      sqls.add(sql);
      Statement statement = null;
      try {
        statement =
            shardStatement.open(
                lease.connection(),
                sql,
                merge.boundParameters(),
                rewritten == null ? null : rewritten.parameters());
        owner.options().applyTo(statement);
        statement.setMaxRows(0); // maxRows caps the merged answer, not each shard's part
      } catch (SQLException e) {
        throw NodeErrors.wrap(e, lease.node());
      } finally {
        if (statement != null) {
          query.add(statement, owner);
        }
      }
      myStatements.add(statement);
    }
    List<ShardTasks.Task<ResultSet>> runs = new ArrayList<>(myStatements.size());
    for (int i = 0; i < myStatements.size(); i++) {
      Statement statement = myStatements.get(i);
      String sql = sqls.get(i);
      runs.add(() -> shardStatement.run(statement, sql));
    }
    List<ShardTasks.Outcome<ResultSet>> outcomes = ShardTasks.run(runs, threads);
    for (int i = 0; i < outcomes.size(); i++) {
      ShardTasks.Outcome<ResultSet> outcome = outcomes.get(i);
      if (!owner.isCurrent(query)) {
        throw owner.cutShort(outcome.failure());
      }
      if (outcome.failure() != null) {
        throw NodeErrors.wrap(outcome.failure(), myLeases.get(i).node());
      }
      results.add(outcome.value());
    }
    NullSorting nulls = NullSorting.of(myLeases.get(0).connection().getMetaData());
    MergedResultSet merged =
        MergePipeline.open(
            merge, results, nulls, owner.boundValues(), maxRows, owner, owner::resultSetClosed);
    if (!owner.isCurrent(query) || results.size() != names.size()) {
      throw owner.cutShort(null);
    }
    return merged;
  }

  /** Records a lease to give back at close; after close, gives it back now and fails. */
  private void add(Lease lease, LogicalStatement owner) throws SQLException {
    synchronized (this) {
      if (!closed) {
        leases.add(lease);
        return;
      }
    }
    connection.release(lease);
    throw owner.cutShort(null);
  }

  private void add(Statement statement, LogicalStatement owner) throws SQLException {
    synchronized (this) {
      if (!closed) {
        statements.add(statement);
        return;
      }
    }
    statement.close();
    throw owner.cutShort(null);
  }

  /** Closes every shard statement and gives every lease back; the first failure is thrown. */
  void close() throws SQLException {
    List<Statement> toClose;
    List<Lease> toRelease;
    synchronized (this) {
      closed = true;
      toClose = List.copyOf(statements);
      toRelease = List.copyOf(leases);
      statements.clear();
      leases.clear();
    }
    SQLException failure = null;
    for (Statement statement : toClose) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = add(failure, e);
      }
    }
    for (Lease lease : toRelease) {
      try {
        connection.release(lease);
      } catch (SQLException e) {
        failure = add(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether a lease of this query belongs to a transaction or pinned session. */
  synchronized boolean holdsHeldLease() {
    for (Lease lease : leases) {
      if (lease.held()) {
        return true;
      }
    }
    return false;
  }

  void cancel() throws SQLException {
    List<Statement> running;
    synchronized (this) {
      running = List.copyOf(statements);
    }
    for (Statement statement : running) {
      statement.cancel();
    }
  }

  private static SQLException add(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
