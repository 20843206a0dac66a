package io.shardwise.reshard;

/**
 * How {@code copy} runs.
 *
 * @param parallelism (table, source shard) tasks run at once
 * @param maxRowsPerSecond a cap on rows written per second over all tasks; 0 for none
 * @param batchSize source rows read per batch, and so rows per checkpoint
 * @param dryRun read and count, write nothing (no rows, no checkpoint)
 * @param progressBar draw a live progress bar on standard error
 */
public record CopySettings(
    int parallelism, long maxRowsPerSecond, int batchSize, boolean dryRun, boolean progressBar) {

  public CopySettings {
    if (parallelism < 1 || batchSize < 1) {
      throw new ReshardException("--parallelism and --batch-size must be at least 1");
    }
  }
}
