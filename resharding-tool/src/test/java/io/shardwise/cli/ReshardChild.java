package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code shardwise reshard <step> --plan DIR/plan.yaml} in a JVM of its own on the test classpath,
 * for the crash tests (H2 here, PostgreSQL and MariaDB in the integration tests): run a step to its
 * end, or SIGKILL it once its checkpoint file shows enough batches; and what a plan file predicts.
 */
public final class ReshardChild {

  private final Path dir;
  private final String rowsPerSecond;
  private final int batchSize;
  private Path lastLog;

  /** Steps killed on purpose run rate-limited, in batches of {@code batchSize}, 2 tasks at once. */
  public ReshardChild(Path dir, String rowsPerSecond, int batchSize) {
    this.dir = dir;
    this.rowsPerSecond = rowsPerSecond;
    this.batchSize = batchSize;
  }

  /** After the first batch, half way, and at nine tenths of the batches. */
  public static List<Long> killPoints(long batches) {
    return List.of(1L, batches / 2, batches * 9 / 10);
  }

  /**
   * Starts {@code step} and SIGKILLs it as soon as {@code checkpoint} counts at least {@code
   * batches} batches; fails if the step ended by itself before that.
   */
  public void killWhenCheckpointed(Path checkpoint, long batches, String... step) throws Exception {
    List<String> args = new ArrayList<>(List.of(step));
    args.addAll(
        List.of(
            "--max-rows-per-second",
            rowsPerSecond,
            "--parallelism",
            "2",
            "--batch-size",
            "" + batchSize));
    Process process = start(args);
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> checkpointedBatches(checkpoint) >= batches || !process.isAlive());
      assertThat(process.isAlive())
          .as(
              "%s still running when %d batches are checkpointed; it printed:%n%s",
              step[0], batches, log())
          .isTrue();
      process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally, no rollback
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      System.out.printf(
          "[crash] %s killed at %d checkpointed batches (asked for >= %d)%n",
          step[0], checkpointedBatches(checkpoint), batches);
    } finally {
      process.destroyForcibly();
    }
  }

  /** Runs {@code step} to its end (at most 5 minutes) and returns its exit code. */
  public int runToEnd(String... step) throws Exception {
    Process process = start(List.of(step));
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  /** What the last step started printed. */
  public String log() throws Exception {
    return lastLog == null ? "" : Files.readString(lastLog);
  }

  private Process start(List<String> step) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath);
    command.add("io.shardwise.cli.ShardwiseCli");
    command.add("reshard");
    command.addAll(step);
    command.add("--plan");
    command.add(dir.resolve("plan.yaml").toString());
    lastLog = dir.resolve("child-" + System.nanoTime() + ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(lastLog.toFile())
        .start();
  }

  /** "table:source->target" to the rows the plan file predicts. */
  public static Map<String, Long> predictedPairs(Path plan) throws Exception {
    Map<?, ?> yaml =
        (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(plan));
    Map<String, Long> pairs = new TreeMap<>();
    for (Object node : (List<?>) yaml.get("pairs")) {
      Map<?, ?> p = (Map<?, ?>) node;
      pairs.put(
          p.get("table") + ":" + p.get("source") + "->" + p.get("target"),
          ((Number) p.get("rows")).longValue());
    }
    return pairs;
  }

  private static long checkpointedBatches(Path checkpoint) throws Exception {
    if (!Files.exists(checkpoint)) {
      return 0;
    }
    Map<?, ?> yaml =
        (Map<?, ?>)
            new Load(LoadSettings.builder().build()).loadFromString(Files.readString(checkpoint));
    long batches = 0;
    for (Object task : ((Map<?, ?>) yaml.get("tasks")).values()) {
      batches += ((Number) ((Map<?, ?>) task).get("batches")).longValue();
    }
    return batches;
  }
}
