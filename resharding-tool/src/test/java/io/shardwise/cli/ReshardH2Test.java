package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3 -> 4 shards on file-based H2: plan, copy, verify, cleanup through the CLI, checked with direct
 * connections. {@code -Dshardwise.reshard.rows=1000000} runs the million-row variant.
 */
class ReshardH2Test {

  static final int ROWS = Integer.getInteger("shardwise.reshard.rows", 30_000);

  @TempDir Path dir;

  @Test
  void reshard_threeToFour_movesExactlyThePlannedRows_andEveryRowEndsOnItsNewOwner()
      throws Exception {
    H2ReshardFixture f = H2ReshardFixture.create(dir, ROWS);
    Map<String, long[]> before = new HashMap<>();
    for (String table : List.of("users", "orders")) {
      before.put(table, f.contentChecksum(table, H2ReshardFixture.OLD_SHARDS));
    }
    long[] countriesBefore = f.contentChecksum("countries", List.of("s1"));

    CliRun plan = plan(f);
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out()).contains("ideal 25.00%");
    Map<String, Long> predicted = ReshardChild.predictedPairs(f.plan);
    long predictedGroupRows =
        predicted.entrySet().stream()
            .filter(e -> !e.getKey().startsWith("countries"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    double share = (double) predictedGroupRows / ROWS;
    assertThat(share / 0.25).isBetween(0.8, 1.2);
    assertThat(predicted).containsEntry("countries:s1->s4", (long) H2ReshardFixture.COUNTRIES);

    CliRun copy =
        CliRun.of(
            "reshard",
            "copy",
            "--plan",
            f.plan.toString(),
            "--writes-frozen",
            "--no-progress",
            "--batch-size",
            "500");
    assertThat(copy.exitCode()).as(copy.err()).isZero();
    CliRun rerun =
        CliRun.of(
            "reshard", "copy", "--plan", f.plan.toString(), "--writes-frozen", "--no-progress");
    assertThat(rerun.out()).startsWith("copied 0 rows");

    // Rows moved equal the plan: every row now on s4 came from the shard the plan says.
    for (String table : List.of("users", "orders")) {
      Map<String, Long> movedFrom = new HashMap<>();
      for (long key : f.keysOn("s4", table)) {
        movedFrom.merge(table + ":" + f.oldRing.shardFor(key) + "->s4", 1L, Long::sum);
      }
      for (Map.Entry<String, Long> e : movedFrom.entrySet()) {
        assertThat(predicted.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(movedFrom.values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(
              predicted.entrySet().stream()
                  .filter(e -> e.getKey().startsWith(table + ":"))
                  .mapToLong(Map.Entry::getValue)
                  .sum());
    }

    CliRun verify = CliRun.of("reshard", "verify", "--plan", f.plan.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(verify.out()).contains("verify passed");

    CliRun cleanup =
        CliRun.of("reshard", "cleanup", "--plan", f.plan.toString(), "--batch-size", "700");
    assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
    assertThat(cleanup.out()).contains("deleted " + predictedGroupRows + " ");

    for (String table : List.of("users", "orders")) {
      for (String shard : H2ReshardFixture.NEW_SHARDS) {
        for (long key : f.keysOn(shard, table)) {
          assertThat(f.newRing.shardFor(key))
              .as(table + " key " + key + " on " + shard)
              .isEqualTo(shard);
        }
      }
      assertThat(f.contentChecksum(table, H2ReshardFixture.NEW_SHARDS))
          .containsExactly(before.get(table));
    }
    for (String shard : H2ReshardFixture.NEW_SHARDS) {
      assertThat(f.contentChecksum("countries", List.of(shard))).containsExactly(countriesBefore);
    }

    CliRun status = CliRun.of("reshard", "status", "--plan", f.plan.toString());
    assertThat(status.out()).contains("copy     done", "verify   passed", "cleanup  done");
  }

  @Test
  void plan_refusesATableWithoutAKey(@TempDir Path other) throws Exception {
    H2ReshardFixture f = H2ReshardFixture.create(other, 300);
    f.execute("s2", "ALTER TABLE countries DROP PRIMARY KEY");
    CliRun plan = plan(f);
    assertThat(plan.exitCode()).isEqualTo(ShardwiseCli.INVALID);
    assertThat(plan.err()).contains("has no primary key and no unique key");
  }

  @Test
  void copy_refusesWithoutWritesFrozen(@TempDir Path other) throws Exception {
    H2ReshardFixture f = H2ReshardFixture.create(other, 300);
    assertThat(plan(f).exitCode()).isZero();
    CliRun copy = CliRun.of("reshard", "copy", "--plan", f.plan.toString());
    assertThat(copy.exitCode()).isEqualTo(ShardwiseCli.INVALID);
    assertThat(copy.err()).contains("--writes-frozen");
    assertThat(f.count("s4", "users")).isZero();
  }

  static CliRun plan(H2ReshardFixture f) {
    return CliRun.of(
        "reshard",
        "plan",
        "--from",
        f.oldMap.toString(),
        "--to",
        f.newMap.toString(),
        "--out",
        f.plan.toString());
  }
}
