package io.shardwise.reshard;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs the copy step of a plan: one {@link CopyTask} per (table, source shard), up to {@code
 * parallelism} at once, sharing a rate limit, a checkpoint file and a progress bar.
 */
public final class Copier {

  private final PlanFile planFile;
  private final CopySettings settings;

  public Copier(PlanFile planFile, CopySettings settings) {
    this.planFile = planFile;
    this.settings = settings;
  }

  /** What one run of {@code copy} did. */
  public record Result(long rowsMoved, long rowsPlanned, long alreadyMoved, Duration elapsed) {
    public double rowsPerSecond() {
      double seconds = elapsed.toNanos() / 1e9;
      return seconds == 0 ? 0 : rowsMoved / seconds;
    }
  }

  public Result run() throws SQLException, InterruptedException {
    ReshardPlan plan = planFile.read();
    ReshardMaps maps = ReshardMaps.of(plan);
    CheckpointStore checkpoints =
        CheckpointStore.open(planFile.copyCheckpoint(), planFile.identity());
    RateLimiter limiter = new RateLimiter(settings.maxRowsPerSecond());
    long alreadyMoved =
        checkpoints.all().values().stream().mapToLong(TaskProgress::movedRows).sum();
    long planned = plan.movedRows();
    long started = System.nanoTime();
    List<CopyTask> tasks = new ArrayList<>();
    try (ProgressBar bar = progressBar(planned, alreadyMoved)) {
      for (PlannedTable table : plan.tables()) {
        for (String source : plan.sourcesOf(table.name())) {
          tasks.add(
              new CopyTask(
                  plan, maps, table.name(), source, settings, checkpoints, limiter, bar::stepBy));
        }
      }
      long moved = runAll(tasks);
      return new Result(
          moved, planned, alreadyMoved, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private long runAll(List<CopyTask> tasks) throws SQLException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism());
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (CopyTask task : tasks) {
        futures.add(pool.submit(task::run));
      }
      long moved = 0;
      for (int i = 0; i < futures.size(); i++) {
        try {
          moved += futures.get(i).get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          throw unwrap(tasks.get(i).id(), e.getCause());
        }
      }
      return moved;
    } finally {
      pool.shutdownNow();
    }
  }

  static SQLException unwrap(String taskId, Throwable cause) {
    if (cause instanceof ReshardException reshard) {
      throw reshard;
    }
    if (cause instanceof SQLException sql) {
      return new SQLException(
          "Task " + taskId + " failed: " + sql.getMessage(), sql.getSQLState(), sql);
    }
    return new SQLException("Task " + taskId + " failed: " + cause, cause);
  }

  private ProgressBar progressBar(long planned, long alreadyMoved) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName(settings.dryRun() ? "copy (dry run)" : "copy")
            .setInitialMax(planned)
            .setUnit(" rows", 1)
            .showSpeed()
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .startsFrom(alreadyMoved, Duration.ZERO)
            .setConsumer(
                settings.progressBar()
                    ? new ConsoleProgressBarConsumer(System.err)
                    : new SilentConsumer());
    return builder.build();
  }
}
