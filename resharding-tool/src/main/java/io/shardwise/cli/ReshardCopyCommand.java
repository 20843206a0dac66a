package io.shardwise.cli;

import io.shardwise.reshard.Copier;
import io.shardwise.reshard.CopySettings;
import io.shardwise.reshard.PlanFile;
import io.shardwise.reshard.ReshardException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard copy}: copies the moving rows, resumably. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {
      "Copy the rows that move to their new shards, in key-ordered batches with a checkpoint",
      "after each; a rerun resumes where the last run stopped and writes nothing twice."
    })
final class ReshardCopyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "the plan file")
  Path plan;

  @Option(
      names = "--writes-frozen",
      description = "confirm that the application no longer writes to any shard (required)")
  boolean writesFrozen;

  @Option(
      names = "--parallelism",
      defaultValue = "4",
      description = "(table, source shard) pairs copied at once (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--max-rows-per-second",
      defaultValue = "0",
      paramLabel = "R",
      description = "cap on rows written per second, all pairs together; 0 for none")
  long maxRowsPerSecond;

  @Option(
      names = "--batch-size",
      defaultValue = "5000",
      paramLabel = "B",
      description = "source rows per batch and per checkpoint (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--dry-run", description = "read and count only: write no row, no checkpoint")
  boolean dryRun;

  @Option(names = "--no-progress", description = "do not draw the progress bar")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!writesFrozen && !dryRun) {
      err.println(
          "Refusing to copy: stop the application's writes to every shard first, then confirm"
              + " with --writes-frozen. Rows written during the copy would be lost after the"
              + " switch (verify would report them).");
      return ShardwiseCli.INVALID;
    }
    try {
      PlanFile planFile = new PlanFile(plan);
      Copier.Result result =
          new Copier(
                  planFile,
                  new CopySettings(parallelism, maxRowsPerSecond, batchSize, dryRun, !noProgress))
              .run();
      out.printf(
          "%s %d rows in %.1f s (%.0f rows/s); %d of %d planned rows were already copied by"
              + " earlier runs%n",
          dryRun ? "would copy" : "copied",
          result.rowsMoved(),
          result.elapsed().toNanos() / 1e9,
          result.rowsPerSecond(),
          result.alreadyMoved(),
          result.rowsPlanned());
      if (!dryRun) {
        out.println("next: shardwise reshard verify --plan " + planFile.path());
      }
      return 0;
    } catch (ReshardException e) {
      err.println(e.getMessage());
      return ShardwiseCli.INVALID;
    }
  }
}
