package io.shardwise.reshard;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * parallelism} at once (each with its own reader thread), sharing a rate limit, a checkpoint file
 * and a progress bar that shows rows copied, rows/s, the ETA and the tasks in progress.
 */
public final class Copier {

  private final PlanFile planFile;
  private final CopySettings settings;
  private final PrintStream progressOut;

  /** A copier that draws its progress bar, if the settings ask for one, on standard error. */
  public Copier(PlanFile planFile, CopySettings settings) {
    this(planFile, settings, System.err);
  }

  /** A copier that draws its progress bar, if the settings ask for one, on {@code progressOut}. */
  public Copier(PlanFile planFile, CopySettings settings, PrintStream progressOut) {
    this.planFile = planFile;
    this.settings = settings;
    this.progressOut = progressOut;
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
    ExecutorService readers = Executors.newCachedThreadPool();
    try (ProgressBar bar = progressBar(planned, alreadyMoved)) {
      RunningTasks running = new RunningTasks(bar);
      for (PlannedTable table : plan.tables()) {
        for (String source : plan.sourcesOf(table.name())) {
          tasks.add(
              new CopyTask(
                  plan,
                  maps,
                  table.name(),
                  source,
                  settings,
                  checkpoints,
                  limiter,
                  bar::stepBy,
                  readers));
        }
      }
      long moved = runAll(tasks, running);
      checkpoints.flush();
      return new Result(
          moved, planned, alreadyMoved, Duration.ofNanos(System.nanoTime() - started));
    } finally {
      try {
        checkpoints.flush(); // what failed tasks had committed
      } finally {
        readers.shutdownNow();
      }
    }
  }

  /** The tasks in progress, shown after the bar so an operator sees what is being copied. */
  private static final class RunningTasks {
    private final ProgressBar bar;
    private final Set<String> ids = new TreeSet<>();

    RunningTasks(ProgressBar bar) {
      this.bar = bar;
    }

    synchronized void started(String id) {
      ids.add(id);
      bar.setExtraMessage(" " + String.join(" ", ids));
    }

    synchronized void finished(String id) {
      ids.remove(id);
      bar.setExtraMessage(ids.isEmpty() ? "" : " " + String.join(" ", ids));
    }
  }

  private long runAll(List<CopyTask> tasks, RunningTasks running)
      throws SQLException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism());
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (CopyTask task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  running.started(task.id());
                  try {
                    return task.run();
                  } finally {
                    running.finished(task.id());
                  }
                }));
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
                    ? new ConsoleProgressBarConsumer(progressOut)
                    : new SilentConsumer());
    return builder.build();
  }
}
