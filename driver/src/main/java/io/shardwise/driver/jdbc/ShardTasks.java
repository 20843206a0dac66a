package io.shardwise.driver.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs one task per shard in parallel: every task but the last on the runtime's scatter executor,
 * the last on the caller's thread, so a single task never leaves it and several cost one hand-off
 * fewer (a hand-off and wake-up is tens of microseconds on a busy machine). Waits for every task,
 * also after one failed, because the caller then closes the statements they use.
 */
final class ShardTasks {

  /** The work on one shard. */
  @FunctionalInterface
  interface Task<T> {
    T call() throws SQLException;
  }

  /** What one task returned, or how it failed. */
  record Outcome<T>(T value, SQLException failure) {}

  private ShardTasks() {}

  static <T> List<Outcome<T>> run(List<? extends Task<T>> tasks, ExecutorService executor)
      throws SQLException {
    int last = tasks.size() - 1;
    List<Future<T>> futures = new ArrayList<>(Math.max(0, last));
    for (int i = 0; i < last; i++) {
      Task<T> task = tasks.get(i);
      futures.add(executor.submit(task::call));
    }
    List<Outcome<T>> outcomes = new ArrayList<>(tasks.size());
    Outcome<T> mine = last < 0 ? null : onThisThread(tasks.get(last));
    for (Future<T> future : futures) {
      try {
        outcomes.add(new Outcome<>(future.get(), null));
      } catch (ExecutionException e) {
        outcomes.add(new Outcome<>(null, asSql(e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("Interrupted while waiting for the shards.", "57014", e);
      }
    }
    if (mine != null) {
      outcomes.add(mine);
    }
    return outcomes;
  }

  private static <T> Outcome<T> onThisThread(Task<T> task) {
    try {
      return new Outcome<>(task.call(), null);
    } catch (SQLException e) {
      return new Outcome<>(null, e);
    } catch (RuntimeException e) {
      return new Outcome<>(null, asSql(e));
    }
  }

  private static SQLException asSql(Throwable cause) {
    if (cause instanceof SQLException sql) {
      return sql;
    }
    return new SQLException("A shard task failed: " + cause, "58000", cause);
  }
}
