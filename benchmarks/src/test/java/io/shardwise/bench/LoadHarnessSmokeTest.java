package io.shardwise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.bench.load.LoadHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs every workload of the load harness for a moment on H2: proof that it works, not a figure.
 */
class LoadHarnessSmokeTest {

  @Test
  void everyWorkloadRunsWithoutErrorOnEveryTarget() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int exit;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new LoadHarness())
              .execute(
                  "--threads=2",
                  "--rounds=1",
                  "--round-seconds=0.2",
                  "--rows=200",
                  "--batch-rows=100",
                  "--batch-rounds=1",
                  "--startup-runs=0");
    } finally {
      System.setOut(previous);
    }
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(report).isZero();
    assertThat(report)
        .contains("### point-select", "### point-update", "### mixed", "### scatter-order-limit")
        .contains("| shardwise-4 |", "| by-hand-4 |", "shardwise-4 / by-hand-4")
        .contains("### batch insert");
  }
}
