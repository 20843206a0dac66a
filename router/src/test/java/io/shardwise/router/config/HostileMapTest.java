package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files a hostile or careless user could write: deep nesting, recursive and exploding aliases, huge
 * sizes. Each is refused with SW007 and a message naming the limit, quickly, and never with an
 * error other than a {@link ShardMapException}.
 */
class HostileMapTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  private final ShardMapLoader loader = new ShardMapLoader(new FakeSecrets());

  private static String nested(String open, String close, int depth) {
    return "version: 1\nshards: " + open.repeat(depth) + close.repeat(depth) + "\n";
  }

  private static String deepBlockMapping(int depth) {
    StringBuilder sb = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= depth; i++) {
      sb.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    return sb.toString();
  }

  private static String deepBlockSequence(int depth) {
    StringBuilder sb = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= depth; i++) {
      sb.append(" ".repeat(2 * i)).append("-\n");
    }
    return sb.toString();
  }

  /** Ten levels of nine aliases each: 9^9 nodes if expanded. */
  private static String billionLaughs() {
    StringBuilder sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 10; level++) {
      sb.append('a').append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      sb.append("]\n");
    }
    return sb.toString();
  }

  /** An anchor 40 levels deep repeated at 40 levels deep: 80 levels once the alias is followed. */
  private static String aliasDeeperThanTheText() {
    return "version: 1\nx: &deep "
        + "[".repeat(40)
        + "]".repeat(40)
        + "\nshards: "
        + "[".repeat(40)
        + "*deep"
        + "]".repeat(40)
        + "\n";
  }

  static List<Object[]> tooDeep() {
    return List.of(
        new Object[] {"20000 nested [", nested("[", "]", 20_000)},
        new Object[] {"20000 nested {", nested("{a: ", "}", 20_000)},
        new Object[] {"65 nested [", nested("[", "]", 65)},
        new Object[] {"mixed [{ nesting", nested("[{a: ", "}]", 5_000)},
        new Object[] {"300-level block mapping", deepBlockMapping(300)},
        new Object[] {"300-level block sequence", deepBlockSequence(300)},
        new Object[] {"an alias that makes the tree deeper", aliasDeeperThanTheText()});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void tooDeep(String name, String yaml) {
    assertThat(rejected(yaml))
        .singleElement()
        .asString()
        .startsWith("not valid YAML at line ")
        .contains("nested more than 64 levels deep (the limit");
  }

  @Test
  void sixtyFourLevels_areWithinTheLimit() {
    assertThat(rejected(nested("[", "]", 63)))
        .singleElement()
        .asString()
        .isEqualTo("shards[0]: expected a mapping of keys to values, got a list");
  }

  static List<Object[]> recursive() {
    return List.of(
        new Object[] {"a list key that contains itself", "&a [*a]: 1\n"},
        new Object[] {"a mapping key that contains itself", "? &a {x: *a}\n: 1\n"},
        new Object[] {"a list value that contains itself", "version: 1\nshards: &a [*a]\n"},
        new Object[] {
          "a mapping value that contains itself", "version: 1\nshards:\n  - &s {name: *s}\n"
        },
        new Object[] {"recursion two levels down", "version: 1\nshards: &a [[[*a]]]\n"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void recursive(String name, String yaml) {
    assertThat(rejected(yaml))
        .singleElement()
        .asString()
        .contains("an alias inside the mapping or list it names (a recursive structure)");
  }

  static List<Object[]> tooManyAliases() {
    StringBuilder many = new StringBuilder("version: 1\nx: &n {a: b}\nshards: [");
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ", ").append("*n");
    }
    return List.of(
        new Object[] {"billion laughs", billionLaughs()},
        new Object[] {"billion laughs as a key", billionLaughs() + "? *a9\n: 1\n"},
        new Object[] {"51 aliases of a mapping", many.append("]\n").toString()});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void tooManyAliases(String name, String yaml) {
    assertThat(rejected(yaml))
        .singleElement()
        .asString()
        .contains("more than 50 aliases of mappings or lists (the limit)");
  }

  @Test
  void aliasesWithinTheLimits_stillWork() throws Exception {
    ShardMap map =
        loader.readYaml(
            """
            version: 1
            shards:
              - { name: s1, primary: { url: "jdbc:h2:mem:a" } }
            tables:
              users: &accounts { shardKey: user_id, group: accounts }
              orders: *accounts
            """,
            "aliases.yaml");

    TableRule orders = map.table("orders").orElseThrow();
    assertThat(orders.shardKey()).isEqualTo("user_id");
    assertThat(orders.group()).isEqualTo("accounts");
  }

  static List<Object[]> tooLarge() {
    return List.of(
        new Object[] {"a 5 MB line", "version: 1\nx: " + "a".repeat(5_000_000) + "\n"},
        new Object[] {"a 5 MB flow list", "x: [" + "a,".repeat(2_500_000) + "]\n"},
        new Object[] {"1 MiB and one character", "#".repeat(1024 * 1024 + 1)});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tooLarge")
  void tooLarge_text(String name, String yaml) {
    assertThat(rejected(yaml))
        .containsExactly(
            "the file is larger than the limit of 1 MiB (1048576 bytes); a shard map is a few"
                + " kilobytes");
  }

  @Test
  void tooLarge_file_isRefusedWithoutReadingItWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("version: 1\nx: ".getBytes());
      byte[] line = "a".repeat(1 << 20).getBytes();
      for (int i = 0; i < 64; i++) {
        out.write(line); // 64 MB: reading it whole would show in time and heap
      }
    }

    ShardMapException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> catchThrowableOfType(ShardMapException.class, () -> loader.readFile(file)));

    assertThat(e.getSQLState()).isEqualTo("SW007");
    assertThat(e.errors()).singleElement().asString().contains("larger than the limit of 1 MiB");
  }

  @Test
  void tooManyValues_isRefusedBeforeTheTreeIsBuilt() {
    String yaml = "version: 1\nx: [" + "a,".repeat(150_000) + "]\n";

    assertThat(rejected(yaml))
        .singleElement()
        .asString()
        .contains("more than 100000 values (the limit)");
  }

  /**
   * The reader used to copy its whole window for each 1 KB it read, so a long line took time
   * quadratic in its length (7-8 s for 5 MB). One megabyte now reads in linear time. CPU time of
   * the best of three runs, so that other work on the machine does not count.
   */
  @Test
  void aLongLine_readsInLinearTime() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isCurrentThreadCpuTimeSupported());
    String yaml = "version: 1\nx: " + "a".repeat(1_000_000) + "\n";
    long best = Long.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long start = threads.getCurrentThreadCpuTime();
      rejected(yaml);
      best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
    }

    assertThat(Duration.ofNanos(best)).isLessThan(Duration.ofMillis(250));
  }

  /** Rejects the text within the time bound, and never with another error; returns the errors. */
  private List<String> rejected(String yaml) {
    Throwable thrown =
        assertTimeoutPreemptively(
            BOUND,
            () -> {
              try {
                loader.readYaml(yaml, "hostile.yaml");
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    assertThat(thrown).isInstanceOf(ShardMapException.class);
    ShardMapException e = (ShardMapException) thrown;
    assertThat(e.getSQLState()).isEqualTo("SW007");
    return e.errors().stream().map(ConfigError::toString).toList();
  }
}
