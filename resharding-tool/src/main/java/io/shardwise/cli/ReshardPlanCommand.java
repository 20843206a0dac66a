package io.shardwise.cli;

import io.shardwise.reshard.PlanFile;
import io.shardwise.reshard.Planner;
import io.shardwise.reshard.ReshardException;
import io.shardwise.reshard.ReshardPlanSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard plan}: counts the rows that move and writes the plan file. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Count, per table and (source -> target) shard pair, the rows that move; write the plan.")
final class ReshardPlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "MAP",
      description = "the current shard map")
  Path from;

  @Option(names = "--to", required = true, paramLabel = "MAP", description = "the new shard map")
  Path to;

  @Option(
      names = "--out",
      paramLabel = "PLAN",
      defaultValue = "reshard-plan.yaml",
      description = "the plan file to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    try {
      PlanFile planFile = new PlanFile(out);
      ReshardPlanSummary summary = Planner.of(from, to).planTo(planFile);
      summary.print(stdout);
      stdout.println("plan written to " + planFile.path());
      stdout.println("next: shardwise reshard copy --plan " + planFile.path() + " --writes-frozen");
      return 0;
    } catch (ReshardException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ShardwiseCli.INVALID;
    }
  }
}
