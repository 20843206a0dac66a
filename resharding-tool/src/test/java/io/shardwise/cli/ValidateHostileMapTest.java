package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code validate} and {@code explain} on maps a hostile or careless user could write: each prints
 * one error naming what is wrong, no stack trace and no password, and exits with code 1.
 */
class ValidateHostileMapTest {

  private static final String SECRET = "Zq9Secret";

  private static String map(String password) {
    return "version: 1\nshards:\n  - name: s1\n    primary: { url: \"jdbc:h2:mem:s1\", password: "
        + password
        + " }\n";
  }

  static List<String[]> hostile() {
    StringBuilder laughs = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 10; level++) {
      laughs.append('a').append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 8; i++) {
        laughs.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      laughs.append("]\n");
    }
    StringBuilder block = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= 1000; i++) {
      block.append(" ".repeat(i)).append("k:\n");
    }
    return List.of(
        new String[] {"10000 nested [", "version: 1\nshards: " + "[".repeat(10_000), "64 levels"},
        new String[] {
          "10000 nested {", "version: 1\nshards: " + "{a: ".repeat(10_000), "64 levels"
        },
        new String[] {"1000-level block mapping", block.toString(), "64 levels"},
        new String[] {"a self-referencing alias key", "&a [*a]: 1\n", "recursive"},
        new String[] {"billion laughs", laughs.toString(), "50 aliases"},
        new String[] {"5 MB on one line", "x: " + "a".repeat(5_000_000), "limit of 1 MiB"},
        new String[] {"a password read as a tag", map("!" + SECRET), "read as a YAML tag"},
        new String[] {"a password read as an alias", map("*" + SECRET), "read as an alias"},
        new String[] {
          "a password in a node URL",
          "version: 1\nshards:\n  - name: s1\n    primary: { url: \"jdbc:postgresql://app:"
              + SECRET
              + "@h/db\" }\n  - name: s1\n    primary: { url: \"jdbc:h2:mem:x\" }\ndefaultShard: s1\n",
          "duplicate shard name"
        });
  }

  @ParameterizedTest(name = "validate: {0}")
  @MethodSource("hostile")
  void validate_printsOneClearError(String name, String yaml, String expected, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("hostile.yaml");
    Files.writeString(file, yaml);

    CliRun run = CliRun.of("validate", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("is invalid: 1 error")
        .contains(expected)
        .doesNotContain(SECRET)
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("Error:");
    assertThat(run.err().lines()).hasSize(2);
    assertThat(run.out()).isEmpty();
  }

  @ParameterizedTest(name = "explain: {0}")
  @MethodSource("hostile")
  void explain_printsOneClearError(String name, String yaml, String expected, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("hostile.yaml");
    Files.writeString(file, yaml);

    CliRun run = CliRun.of("explain", file.toString(), "SELECT 1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Invalid shard map")
        .contains(expected)
        .doesNotContain(SECRET)
        .doesNotContain("\tat ");
  }
}
