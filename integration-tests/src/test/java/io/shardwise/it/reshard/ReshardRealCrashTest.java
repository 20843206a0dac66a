package io.shardwise.it.reshard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

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

  private Path lastLog;

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
    Map<String, Long> predicted = predictedPairs(plan.path());

    long copyBatches = 1; // countries: 50 rows, one batch
    for (String table : GROUP) {
      for (String shard : oldShards) {
        copyBatches += (count(dbs, shard, table) + BATCH - 1) / BATCH;
      }
    }
    Path copyCheckpoint = dir.resolve("plan.copy-checkpoint.yaml");
    for (long killAt : killPoints(copyBatches)) {
      killWhenCheckpointed(copyCheckpoint, killAt, "copy", "--writes-frozen", "--no-progress");
    }
    assertThat(runToEnd("copy", "--writes-frozen", "--no-progress")).as(log()).isZero();
    // A lost checkpoint: the whole copy is redone over rows that are all there already (on
    // PostgreSQL every batch's COPY hits the primary key and goes through the stage table).
    Files.delete(copyCheckpoint);
    assertThat(runToEnd("copy", "--writes-frozen", "--no-progress")).as(log()).isZero();
    assertThat(log())
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
    for (long killAt : killPoints(cleanupBatches)) {
      killWhenCheckpointed(cleanupCheckpoint, killAt, "cleanup");
    }
    assertThat(runToEnd("cleanup")).as(log()).isZero();

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

  /** After the first batch, half way, and at nine tenths of the batches. */
  private static List<Long> killPoints(long batches) {
    return List.of(1L, batches / 2, batches * 9 / 10);
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
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(lastLog.toFile())
        .start();
  }

  private String log() throws Exception {
    return lastLog == null ? "" : Files.readString(lastLog);
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

  /** "table:source->target" to predicted rows, read from the plan file. */
  private static Map<String, Long> predictedPairs(Path plan) throws Exception {
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
