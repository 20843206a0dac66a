package io.shardwise.driver.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The largest maps the validator accepts (1,048,576 ring points, 256 shards) start in a fresh JVM
 * of 64 MB of heap, and the connecting thread spends at most 1 s of CPU and allocates at most 64 MB
 * on the first connection; maps past a limit are refused before anything is built. CPU time rather
 * than elapsed time is asserted so that other processes on a busy machine do not decide the result;
 * each run prints its elapsed time on a line starting with {@code [ring]} (docs/ring.md).
 */
class LargestMapStartTest {

  private static final Pattern FIGURES =
      Pattern.compile(
          "connect elapsedMs=(\\d+) cpuMs=(\\d+) allocatedMb=([0-9.]+) heapAfterGcMb=([0-9.]+)"
              + " points=(\\d+)");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} shards of weight {1}, virtualNodes {2}")
  @CsvSource({"2, 512, 1024", "256, 1, 4096", "104, 1, 10000", "256, 8, 512", "2, 1, 512"})
  void aMapAtTheLimits_startsInAJvmOf64Mb_withinOneSecondOfCpu(
      int shards, int weight, int virtualNodes) throws Exception {
    Path out = dir.resolve("out.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path")));
    command.add(LargestMapStart.class.getName());
    command.addAll(List.of(String.valueOf(shards), String.valueOf(weight), "" + virtualNodes));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(exited).as("the JVM exited in time; it printed:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit code; it printed:%n%s", output).isZero();
    Matcher figures = FIGURES.matcher(output);
    assertThat(figures.find()).as("figures in:%n%s", output).isTrue();
    System.out.printf(
        "[ring] first connection, -Xmx64m, %d shards x weight %d x %d virtual nodes: %s%n",
        shards, weight, virtualNodes, figures.group());
    assertThat(Integer.parseInt(figures.group(5))).isEqualTo(shards * weight * virtualNodes);
    assertThat(Long.parseLong(figures.group(2)))
        .as("CPU ms of the connecting thread")
        .isLessThanOrEqualTo(1000);
    assertThat(Double.parseDouble(figures.group(3)))
        .as("MB allocated by the connecting thread")
        .isLessThanOrEqualTo(64);
  }

  /**
   * Maps past a limit, among them the 20,000,000-point map that took 24 s of CPU and 619 MB to
   * connect, are refused by the validator before anything is built.
   */
  @ParameterizedTest(name = "{0} shards of weight {1}, virtualNodes {2}")
  @CsvSource({
    "2, 1000, 10000, 'ring.virtualNodes: the ring would have 20,000,000 points'",
    "8, 1000, 10000, 'ring.virtualNodes: the ring would have 80,000,000 points'",
    "2, 513, 1024, 'ring.virtualNodes: the ring would have 1,050,624 points'",
    "257, 1, 1, 'shards: 257 shards, more than the limit of 256'",
  })
  void aMapPastALimit_isRefused(int shards, int weight, int virtualNodes, String expected)
      throws IOException {
    Path map = dir.resolve("past-" + UUID.randomUUID() + ".yaml");
    Files.writeString(map, LargestMapStart.yaml("past", shards, weight, virtualNodes));
    long start = System.nanoTime();
    SQLException refused =
        catchThrowableOfType(
            SQLException.class, () -> DriverManager.getConnection("jdbc:shardwise:" + map));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat((Throwable) refused).isNotNull();
    assertThat(refused.getSQLState()).isEqualTo("SW007");
    assertThat((Throwable) refused).hasMessageContaining(expected);
    assertThat(millis).as("ms to refuse").isLessThan(10_000);
  }
}
