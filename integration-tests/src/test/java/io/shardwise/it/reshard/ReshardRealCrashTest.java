package io.shardwise.it.reshard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.cli.ReshardChild;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.reshard.PlanFile;
import io.shardwise.reshard.Planner;
import io.shardwise.reshard.Verifier;
import io.shardwise.router.ring.HashRing;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tier 3 crash safety: on the real PostgreSQL and MariaDB primaries, {@code reshard copy} and then
 * {@code reshard cleanup} run as separate JVMs (the CLI on the resharding tool's classpath), each
 * SIGKILLed at three checkpointed batch counts (after the first batch, half way, at nine tenths)
 * and rerun; afterwards no row is lost or duplicated (counts per moved range and placement by
 * direct connections, whole-content checksums) and verify passes. {@code
 * -Dshardwise.reshard.crash.rows=N} changes the size (default 24,000 rows in the group).
 */
class ReshardRealCrashTest {

  static final int ROWS = Integer.getInteger("shardwise.reshard.crash.rows", 24_000);
  private static final int BATCH = 500;
  private static final String RATE = "1000";
  private static final List<String> GROUP = List.of("users", "orders");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void copyAndCleanup_killedAtThreePointsEach_resumeWithoutLossOrDuplicates(Engine engine)
      throws Exception {
    RealReshardDatabases dbs =
        new RealReshardDatabases(RealTopology.require(engine), engine, "reshard_crash");
    dbs.recreate();
    List<String> oldShards = dbs.oldShards();
    List<String> newShards = dbs.names();
    HashRing oldRing = ReshardRealTopologyTest.ring(oldShards);
    HashRing newRing = ReshardRealTopologyTest.ring(newShards);
    ReshardRealTopologyTest.load(dbs, oldRing, oldShards, ROWS);
    Map<String, long[]> before = new HashMap<>();
    for (String table : GROUP) {
      before.put(table, ReshardRealTopologyTest.checksum(dbs, table, oldShards));
    }
    long[] countriesBefore =
        ReshardRealTopologyTest.checksum(dbs, "countries", List.of(dbs.broadcastSource()));
    Path oldMap = Files.writeString(dir.resolve("old.yaml"), dbs.mapYaml(oldShards));
    Path newMap = Files.writeString(dir.resolve("new.yaml"), dbs.mapYaml(newShards));
    PlanFile plan = new PlanFile(dir.resolve("plan.yaml"));
    Planner.of(oldMap, newMap).planTo(plan);
    Map<String, Long> predicted = ReshardChild.predictedPairs(plan.path());
    ReshardChild child = new ReshardChild(dir, RATE, BATCH);

    long copyBatches = 1; // countries: 50 rows, one batch
    for (String table : GROUP) {
      for (String shard : oldShards) {
        copyBatches += (count(dbs, shard, table) + BATCH - 1) / BATCH;
      }
    }
    Path copyCheckpoint = dir.resolve("plan.copy-checkpoint.yaml");
    for (long killAt : ReshardChild.killPoints(copyBatches)) {
      child.killWhenCheckpointed(
          copyCheckpoint, killAt, "copy", "--writes-frozen", "--no-progress");
    }
    assertThat(child.runToEnd("copy", "--writes-frozen", "--no-progress")).as(child.log()).isZero();
    // A lost checkpoint: the whole copy is redone over rows that are all there already (on
    // PostgreSQL every batch's COPY hits the primary key and goes through the stage table).
    Files.delete(copyCheckpoint);
    assertThat(child.runToEnd("copy", "--writes-frozen", "--no-progress")).as(child.log()).isZero();
    assertThat(child.log())
        .contains(
            "copied " + predicted.values().stream().mapToLong(Long::longValue).sum() + " rows");

    // Every row on the new shard came from the shard the plan says, as many as it says, once.
    for (String table : GROUP) {
      Map<String, Long> movedFrom = new TreeMap<>();
      for (long key : shardKeys(dbs, dbs.newShard(), table)) {
        movedFrom.merge(table + ":" + oldRing.shardFor(key) + "->" + dbs.newShard(), 1L, Long::sum);
      }
      Map<String, Long> planned = new TreeMap<>(predicted);
      planned.keySet().removeIf(pair -> !pair.startsWith(table + ":"));
      assertThat(movedFrom).as(table + " rows on " + dbs.newShard()).isEqualTo(planned);
    }
    assertThat(ReshardRealTopologyTest.checksum(dbs, "countries", List.of(dbs.newShard())))
        .containsExactly(countriesBefore);
    Verifier.Result verify = new Verifier(plan).run();
    verify.print(new PrintWriter(System.out, true));
    assertThat(verify.passed()).isTrue();

    long cleanupBatches = copyBatches - 1; // broadcast tables are not cleaned up
    Path cleanupCheckpoint = dir.resolve("plan.cleanup-checkpoint.yaml");
    for (long killAt : ReshardChild.killPoints(cleanupBatches)) {
      child.killWhenCheckpointed(cleanupCheckpoint, killAt, "cleanup");
    }
    assertThat(child.runToEnd("cleanup")).as(child.log()).isZero();

    for (String table : GROUP) {
      for (String shard : newShards) {
        for (long key : shardKeys(dbs, shard, table)) {
          assertThat(newRing.shardFor(key)).as(table + " " + key + " on " + shard).isEqualTo(shard);
        }
      }
      assertThat(ReshardRealTopologyTest.checksum(dbs, table, newShards))
          .as(table + ": rows and content checksum over all shards")
          .containsExactly(before.get(table));
    }
    dbs.dropAll();
  }

  /** "table:source->target" to predicted rows, read from the plan file. */
  private static long count(RealReshardDatabases dbs, String shard, String table)
      throws SQLException {
    try (Connection c = dbs.connect(shard);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Long> shardKeys(RealReshardDatabases dbs, String shard, String table)
      throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (Connection c = dbs.connect(shard);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id FROM " + table)) {
      while (rs.next()) {
        keys.add(rs.getLong(1));
      }
    }
    return keys;
  }
}
