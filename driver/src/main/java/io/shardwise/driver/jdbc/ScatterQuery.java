package io.shardwise.driver.jdbc;

import io.shardwise.driver.merge.MergePipeline;
import io.shardwise.driver.merge.MergedResultSet;
import io.shardwise.driver.merge.NullSorting;
import io.shardwise.driver.runtime.ScatterThreads;
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
  private final List<Lease> leases = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();

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
    owner.scatterStarted(query);
    MergePlan merge = plan.merge();
    List<ResultSet> results = new ArrayList<>();
    List<String> names = plan.destination().shardNames();
    List<String> sqls = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      Lease lease = owner.connection.lease(names.get(i), plan.role());
      query.leases.add(lease);
      ShardSql rewritten = plan.shardSql() == null ? null : plan.shardSql().get(i);
      String sql = rewritten == null ? merge.shardSql() : rewritten.sql();
      sqls.add(sql);
      Statement statement;
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
      }
      query.statements.add(statement);
    }
    List<ShardTasks.Task<ResultSet>> runs = new ArrayList<>(query.statements.size());
    for (int i = 0; i < query.statements.size(); i++) {
      Statement statement = query.statements.get(i);
      String sql = sqls.get(i);
      runs.add(() -> shardStatement.run(statement, sql));
    }
    List<ShardTasks.Outcome<ResultSet>> outcomes = ShardTasks.run(runs, threads);
    for (int i = 0; i < outcomes.size(); i++) {
      ShardTasks.Outcome<ResultSet> outcome = outcomes.get(i);
      if (outcome.failure() != null) {
        throw NodeErrors.wrap(outcome.failure(), query.leases.get(i).node());
      }
      results.add(outcome.value());
    }
    NullSorting nulls = NullSorting.of(query.leases.get(0).connection().getMetaData());
    return MergePipeline.open(
        merge, results, nulls, owner.boundValues(), maxRows, owner, owner::resultSetClosed);
  }

  /** Closes every shard statement and gives every lease back; the first failure is thrown. */
  void close() throws SQLException {
    SQLException failure = null;
    for (Statement statement : statements) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = add(failure, e);
      }
    }
    for (Lease lease : leases) {
      try {
        connection.release(lease);
      } catch (SQLException e) {
        failure = add(failure, e);
      }
    }
    statements.clear();
    leases.clear();
    if (failure != null) {
      throw failure;
    }
  }

  void cancel() throws SQLException {
    for (Statement statement : statements) {
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
