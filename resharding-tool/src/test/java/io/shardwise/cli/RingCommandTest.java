package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingCommandTest {

  @Test
  void printsSharesThatAddUpAndLocatesKeys() {
    CliRun run = CliRun.of("ring", CliRun.map("example.yaml"), "42", "str:42");
    assertThat(run.exitCode()).isZero();
    double total =
        run.out()
            .lines()
            .filter(l -> l.trim().matches("s\\d\\s+[0-9.]+%"))
            .mapToDouble(l -> Double.parseDouble(l.trim().split("\\s+")[1].replace("%", "")))
            .sum();
    assertThat(total).isBetween(99.9, 100.1);
    assertThat(run.out()).containsPattern("key 42 -> s\\d").containsPattern("key str:42 -> s\\d");
  }
}
