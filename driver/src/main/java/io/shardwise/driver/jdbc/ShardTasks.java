package io.shardwise.driver.jdbc;

import io.shardwise.driver.runtime.ScatterThreads;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one task per shard, in parallel when that is worth it ({@link ScatterThreads}): every task
 * but the last is offered to the runtime's scatter threads, the last runs on the caller's thread,
 * so a single task never leaves it. When the caller is done with its own, it runs every offered
 * task no scatter thread has started yet itself (a {@link FutureTask} runs once, whichever thread
 * gets to it first): on a machine with idle cores the tasks overlap, and on a saturated one the
 * caller does not wait for a scatter thread to be woken and scheduled for work it can do at once.
 * When recent tasks took less than a hand-off costs, the caller runs them all, in order, without
 * offering any. Waits for every task, also after one failed, because the caller then closes the
 * statements they use.
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

  static <T> List<Outcome<T>> run(List<? extends Task<T>> tasks, ScatterThreads threads)
      throws SQLException {
    if (tasks.size() > 1 && !threads.worthHandingOff()) {
      List<Outcome<T>> outcomes = new ArrayList<>(tasks.size());
      for (Task<T> task : tasks) {
        outcomes.add(timed(task, threads));
      }
      return outcomes;
    }
    ExecutorService executor = threads.executor();
    int last = tasks.size() - 1;
    List<FutureTask<T>> offered = new ArrayList<>(Math.max(0, last));
    for (int i = 0; i < last; i++) {
      FutureTask<T> future = new FutureTask<>(tasks.get(i)::call);
      offered.add(future);
      try {
        executor.execute(future);
      } catch (RejectedExecutionException e) {
        // The executor is shutting down: the loop below runs the task here.
      }
    }
    Outcome<T> mine = last < 0 ? null : timed(tasks.get(last), threads);
    // From the end: the scatter threads take the queue from its head.
    for (int i = offered.size() - 1; i >= 0; i--) {
      offered.get(i).run(); // returns at once if a scatter thread has started (or finished) it
    }
    List<Outcome<T>> outcomes = new ArrayList<>(tasks.size());
    for (FutureTask<T> future : offered) {
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

  /** Runs {@code task} on this thread and records what it took. */
  private static <T> Outcome<T> timed(Task<T> task, ScatterThreads threads) {
    long start = System.nanoTime();
    Outcome<T> outcome = onThisThread(task);
    threads.partTook(System.nanoTime() - start);
    return outcome;
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
