package io.shardwise.cli;

import io.shardwise.reshard.PlanFile;
import io.shardwise.reshard.ReshardException;
import io.shardwise.reshard.ReshardStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard status}: where each step and each pair stands. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show the state of copy, verify and cleanup, and per pair planned/copied/deleted.")
final class ReshardStatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "the plan file")
  java.nio.file.Path plan;

  @Override
  public Integer call() {
    try {
      new ReshardStatus(new PlanFile(plan)).print(spec.commandLine().getOut());
      return 0;
    } catch (ReshardException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ShardwiseCli.INVALID;
    }
  }
}
