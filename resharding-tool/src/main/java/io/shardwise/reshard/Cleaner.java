package io.shardwise.reshard;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the cleanup step: deletes moved rows from the shards they left, only once verify has passed
 * for this very plan. Broadcast tables keep their copies (an added shard only gained rows).
 */
public final class Cleaner {

  private final PlanFile planFile;
  private final int batchSize;
  private final int parallelism;
  private final long maxRowsPerSecond;

  public Cleaner(PlanFile planFile, int batchSize, int parallelism, long maxRowsPerSecond) {
    this.planFile = planFile;
    this.batchSize = batchSize;
    this.parallelism = parallelism;
    this.maxRowsPerSecond = maxRowsPerSecond;
  }

  /** Deletes; returns the rows this run deleted. */
  public long run() throws SQLException, InterruptedException {
    ReshardPlan plan = planFile.read();
    if (!VerifyMarker.passedFor(planFile)) {
      throw new ReshardException(
          "Refusing to delete: no passing verify of this plan is recorded ("
              + planFile.verifyMarker()
              + "). Run `shardwise reshard verify --plan "
              + planFile.path()
              + "` first.");
    }
    ReshardMaps maps = ReshardMaps.of(plan);
    CheckpointStore checkpoints =
        CheckpointStore.open(planFile.cleanupCheckpoint(), planFile.identity());
    RateLimiter limiter = new RateLimiter(maxRowsPerSecond);
    List<CleanupTask> tasks = new ArrayList<>();
    for (PlannedTable table : plan.tables()) {
      if (!table.broadcast()) {
        for (String source : plan.sourcesOf(table.name())) {
          tasks.add(
              new CleanupTask(plan, maps, table.name(), source, batchSize, checkpoints, limiter));
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (CleanupTask task : tasks) {
        futures.add(pool.submit(task::run));
      }
      long deleted = 0;
      for (int i = 0; i < futures.size(); i++) {
        try {
          deleted += futures.get(i).get();
        } catch (ExecutionException e) {
          throw Copier.unwrap(tasks.get(i).id(), e.getCause());
        }
      }
      return deleted;
    } finally {
      try {
        checkpoints.flush();
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
