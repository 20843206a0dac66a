package io.shardwise.cli;

import io.shardwise.reshard.Cleaner;
import io.shardwise.reshard.PlanFile;
import io.shardwise.reshard.ReshardException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard cleanup}: deletes moved rows from the shards they left. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = {
      "Delete the moved rows from their old shards, in key-ordered batches with checkpoints;",
      "refused unless verify passed for this plan."
    })
final class ReshardCleanupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "the plan file")
  java.nio.file.Path plan;

  @Option(
      names = "--batch-size",
      defaultValue = "1000",
      paramLabel = "B",
      description = "rows read per batch and per checkpoint (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--parallelism",
      defaultValue = "4",
      description = "(table, shard) pairs cleaned at once (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--max-rows-per-second",
      defaultValue = "0",
      paramLabel = "R",
      description = "cap on rows deleted per second, all pairs together; 0 for none")
  long maxRowsPerSecond;

  @Override
  public Integer call() throws Exception {
    try {
      long deleted =
          new Cleaner(new PlanFile(plan), batchSize, parallelism, maxRowsPerSecond).run();
      spec.commandLine()
          .getOut()
          .println("deleted " + deleted + " moved rows from their old shards");
      return 0;
    } catch (ReshardException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ShardwiseCli.INVALID;
    }
  }
}
