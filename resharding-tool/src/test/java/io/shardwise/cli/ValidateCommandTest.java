package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidateCommandTest {

  @Test
  void validMapIsSummarised() {
    CliRun run = CliRun.of("validate", CliRun.map("example.yaml"));
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("is valid: 3 shards (6 nodes), 3 table rules, default shard s1, ring xxh64");
  }

  @Test
  void everyMistakeIsPrintedWithItsPathAndTheExitCodeIsNonZero() {
    CliRun run = CliRun.of("validate", CliRun.map("three-mistakes.yaml"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("is invalid: 3 errors")
        .contains("shards[1].weight:")
        .contains("shards[1].replicas[0].url: expected a JDBC URL starting with 'jdbc:'")
        .contains("tables.users.grup:");
    assertThat(run.err().lines().filter(l -> l.startsWith("  "))).hasSize(3);
  }

  @Test
  void missingFileIsReported() {
    CliRun run = CliRun.of("validate", "/no/such/map.yaml");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("/no/such/map.yaml");
  }
}
