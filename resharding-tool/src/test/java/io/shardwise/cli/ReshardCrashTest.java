package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: {@code copy} and then {@code cleanup} run as separate JVMs, each SIGKILLed at three
 * points (after the first checkpointed batch, half way, and near the end) and rerun; no row is lost
 * or duplicated, verify passes, and every row ends on its new owner.
 */
class ReshardCrashTest {

  private static final int BATCH = 200;
  private static final String RATE = "1500";

  @TempDir Path dir;

  @Test
  void copyAndCleanup_killedAtThreePointsEach_resumeWithoutLossOrDuplicates() throws Exception {
    H2ReshardFixture f = H2ReshardFixture.create(dir, ReshardH2Test.ROWS);
    ReshardChild child = new ReshardChild(dir, RATE, BATCH);
    long[] usersBefore = f.contentChecksum("users", H2ReshardFixture.OLD_SHARDS);
    long[] ordersBefore = f.contentChecksum("orders", H2ReshardFixture.OLD_SHARDS);
    assertThat(ReshardH2Test.plan(f).exitCode()).isZero();
    Map<String, Long> predicted = ReshardChild.predictedPairs(f.plan);

    long copyBatches = expectedBatches(f, true);
    Path copyCheckpoint = dir.resolve("plan.copy-checkpoint.yaml");
    for (long killAt : ReshardChild.killPoints(copyBatches)) {
      child.killWhenCheckpointed(
          copyCheckpoint, killAt, "copy", "--writes-frozen", "--no-progress");
    }
    assertThat(child.runToEnd("copy", "--writes-frozen", "--no-progress")).isZero();
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
    for (long killAt : ReshardChild.killPoints(cleanupBatches)) {
      child.killWhenCheckpointed(cleanupCheckpoint, killAt, "cleanup");
    }
    assertThat(child.runToEnd("cleanup")).isZero();

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
}
