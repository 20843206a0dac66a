package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Crash safety: {@code copy} and then {@code cleanup} run as separate JVMs, each SIGKILLed at three
 * points (after the first checkpointed batch, half way, and near the end) and rerun; no row is lost
 * or duplicated, verify passes, and every row ends on its new owner.
 */
class ReshardCrashTest {

  private static final int BATCH = 200;
  private static final String RATE = "1500";

  @TempDir Path dir;

  private Path lastLog;

  @Test
  void copyAndCleanup_killedAtThreePointsEach_resumeWithoutLossOrDuplicates() throws Exception {
    H2ReshardFixture f = H2ReshardFixture.create(dir, ReshardH2Test.ROWS);
    long[] usersBefore = f.contentChecksum("users", H2ReshardFixture.OLD_SHARDS);
    long[] ordersBefore = f.contentChecksum("orders", H2ReshardFixture.OLD_SHARDS);
    assertThat(ReshardH2Test.plan(f).exitCode()).isZero();
    Map<String, Long> predicted = ReshardH2Test.predictedPairs(f.plan);

    long copyBatches = expectedBatches(f, true);
    Path copyCheckpoint = dir.resolve("plan.copy-checkpoint.yaml");
    for (long killAt : killPoints(copyBatches)) {
      killWhenCheckpointed(copyCheckpoint, killAt, "copy", "--writes-frozen", "--no-progress");
    }
    assertThat(runToEnd("copy", "--writes-frozen", "--no-progress")).isZero();
    for (String table : List.of("users", "orders")) {
      long planned =
          predicted.entrySet().stream()
              .filter(e -> e.getKey().startsWith(table + ":"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      assertThat(f.count("s4", table)).as(table + " on s4").isEqualTo(planned);
    }
    CliRun verify = CliRun.of("reshard", "verify", "--plan", f.plan.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();

    long cleanupBatches = expectedBatches(f, false);
    Path cleanupCheckpoint = dir.resolve("plan.cleanup-checkpoint.yaml");
    for (long killAt : killPoints(cleanupBatches)) {
      killWhenCheckpointed(cleanupCheckpoint, killAt, "cleanup");
    }
    assertThat(runToEnd("cleanup")).isZero();

    for (String table : List.of("users", "orders")) {
      for (String shard : H2ReshardFixture.NEW_SHARDS) {
        for (long key : f.keysOn(shard, table)) {
          assertThat(f.newRing.shardFor(key))
              .as(table + " " + key + " on " + shard)
              .isEqualTo(shard);
        }
      }
    }
    assertThat(f.contentChecksum("users", H2ReshardFixture.NEW_SHARDS))
        .containsExactly(usersBefore);
    assertThat(f.contentChecksum("orders", H2ReshardFixture.NEW_SHARDS))
        .containsExactly(ordersBefore);
  }

  /** After the first batch, half way, and at nine tenths of the batches. */
  private static List<Long> killPoints(long batches) {
    return List.of(1L, batches / 2, batches * 9 / 10);
  }

  /** Batches a full run checkpoints: per (table, source) task, its rows over the batch size. */
  private static long expectedBatches(H2ReshardFixture f, boolean withBroadcast) throws Exception {
    long batches = 0;
    for (String table : H2ReshardFixture.TABLES) {
      if (table.equals("countries")) {
        batches += withBroadcast ? (H2ReshardFixture.COUNTRIES + BATCH - 1) / BATCH : 0;
        continue;
      }
      for (String shard : H2ReshardFixture.OLD_SHARDS) {
        batches += (f.count(shard, table) + BATCH - 1) / BATCH;
      }
    }
    return batches;
  }

  private void killWhenCheckpointed(Path checkpoint, long batches, String... step)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(step));
    args.addAll(
        List.of("--max-rows-per-second", RATE, "--parallelism", "2", "--batch-size", "" + BATCH));
    Process process = start(args);
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> checkpointedBatches(checkpoint) >= batches || !process.isAlive());
      assertThat(process.isAlive())
          .as(
              "%s still running when %d batches are checkpointed; it printed:%n%s",
              step[0], batches, Files.readString(lastLog))
          .isTrue();
      process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      System.out.printf(
          "[crash] %s killed at %d checkpointed batches (asked for >= %d)%n",
          step[0], checkpointedBatches(checkpoint), batches);
    } finally {
      process.destroyForcibly();
    }
  }

  private int runToEnd(String... step) throws Exception {
    Process process = start(List.of(step));
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
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
    File log = lastLog.toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
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
