package io.shardwise.cli;

import io.shardwise.reshard.PlanFile;
import io.shardwise.reshard.ReshardException;
import io.shardwise.reshard.Verifier;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reshard verify}: proves the copy complete and the frozen source unchanged. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare row counts and checksums of every moved range on source and target, and the",
      "source now against the checksum copy recorded; exit 1 listing the first differing keys."
    })
final class ReshardVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "the plan file")
  java.nio.file.Path plan;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try {
      PlanFile planFile = new PlanFile(plan);
      Verifier.Result result = new Verifier(planFile).run();
      result.print(out);
      if (!result.passed()) {
        return ShardwiseCli.INVALID;
      }
      out.println("next: switch the application to the new shard map, then run");
      out.println("      shardwise reshard cleanup --plan " + planFile.path());
      return 0;
    } catch (ReshardException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ShardwiseCli.INVALID;
    }
  }
}
