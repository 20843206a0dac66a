package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void demoLoadsRowsThroughTheDriverAndShowsWhichNodeServedEachRead() {
    CliRun run = CliRun.of("demo");
    assertThat(run.exitCode()).isZero();
    String out = run.out();
    // every user is on exactly one shard, 12 in all
    Matcher users = Pattern.compile("s\\d: users \\[([0-9, ]*)]").matcher(out);
    int total = 0;
    while (users.find()) {
      total += users.group(1).isBlank() ? 0 : users.group(1).split(",").length;
    }
    assertThat(total).isEqualTo(DemoCommand.USERS);
    assertThat(out)
        .contains("24 orders in one JDBC batch, split per shard: 24 rows inserted")
        .containsPattern("user 1 -> user-1 +served by \\[s\\d/replica-0] \\(H2 login REPLICA\\)")
        .containsPattern(
            "inside a transaction: user 6 -> user-6 +served by \\[s\\d/primary] \\(H2 login SA\\)")
        .contains("SQLState SW005")
        .contains("SQLState SW004")
        .contains("SQLState SW003");
  }
}
