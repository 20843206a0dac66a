package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Read-your-writes on real replication. One replica of shard s2 is held behind (PostgreSQL: replay
 * paused; MariaDB: a replication delay), with no lag limit, so it keeps serving reads. 1,000
 * write-then-read iterations never read a stale value with {@code readYourWrites: session}; the
 * same loop with it off does, and the count is printed. The cost per write is measured in the same
 * run.
 */
class ReadYourWritesTest {

  private static final int ITERATIONS = 1_000;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sessionModeNeverReadsStale_offModeDoes(Engine engine) throws Exception {
    Topology topology = RealTopology.require(engine);
    String on = url(topology, engine, "session");
    String off = url(topology, engine, "off");
    List<Long> keys = keysOnS2(on);
    try (Connection c = DriverManager.getConnection(on);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS ryw_items");
      s.execute("CREATE TABLE ryw_items (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO ryw_items (id, v) VALUES (?, 0)")) {
        for (long key : keys) {
          insert.setLong(1, key);
          insert.executeUpdate();
        }
      }
    }
    String lagging = topology.replicaUrls(engine, "s2").get(1);
    awaitRows(topology, engine, lagging, keys.size());
    Lag lag = new Lag(topology, engine, lagging);
    try {
      lag.start();
      Result withRyw = loop(on, keys, 1);
      Result withoutRyw = loop(off, keys, ITERATIONS + 1);
      System.out.printf(
          "%s read-your-writes: session mode %d stale of %d reads (%.0f us per write+read);"
              + " off %d stale of %d (%.0f us per write+read); cost %.0f us per iteration%n",
          engine.label(),
          withRyw.stale,
          ITERATIONS,
          withRyw.microsPerIteration(),
          withoutRyw.stale,
          ITERATIONS,
          withoutRyw.microsPerIteration(),
          withRyw.microsPerIteration() - withoutRyw.microsPerIteration());
      assertThat(withRyw.stale).as("stale reads with read-your-writes").isZero();
      assertThat(withoutRyw.stale)
          .as("stale reads without it (the replica is behind)")
          .isPositive();
    } finally {
      lag.stop();
      ShardwiseDriver.shutdown(on);
      ShardwiseDriver.shutdown(off);
    }
  }

  /** Write a new value, read it back at once; count reads that returned an older value. */
  private static Result loop(String url, List<Long> keys, long firstValue) throws Exception {
    int stale = 0;
    long started = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement write = c.prepareStatement("UPDATE ryw_items SET v = ? WHERE id = ?");
        PreparedStatement read = c.prepareStatement("SELECT v FROM ryw_items WHERE id = ?")) {
      for (int i = 0; i < ITERATIONS; i++) {
        long key = keys.get(i % keys.size());
        long value = firstValue + i;
        write.setLong(1, value);
        write.setLong(2, key);
        assertThat(write.executeUpdate()).isEqualTo(1);
        read.setLong(1, key);
        try (ResultSet rs = read.executeQuery()) {
          assertThat(rs.next()).isTrue();
          if (rs.getLong(1) != value) {
            stale++;
          }
        }
      }
    }
    return new Result(stale, System.nanoTime() - started);
  }

  private record Result(int stale, long nanos) {
    double microsPerIteration() {
      return nanos / 1000.0 / ITERATIONS;
    }
  }

  private static String url(Topology topology, Engine engine, String mode) throws Exception {
    Path map =
        topology.shardMap(
            engine,
            "tables:\n  ryw_items: { shardKey: id }\n"
                + "reads: { strategy: round-robin, maxReplicaLag: 1h, readYourWrites: "
                + mode
                + " }\n");
    return "jdbc:shardwise:" + map;
  }

  private static List<Long> keysOnS2(String url) throws Exception {
    var map = ShardMapLoader.load(Path.of(url.substring("jdbc:shardwise:".length())));
    HashRing ring = HashRing.of(map.ring(), map.shards());
    List<Long> keys = new ArrayList<>();
    for (long key = 1; keys.size() < 5; key++) {
      if (ring.shardFor(key).equals("s2")) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static void awaitRows(Topology topology, Engine engine, String replica, int rows) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (Connection c = topology.direct(replica, engine);
                  Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ryw_items")) {
                return rs.next() && rs.getInt(1) == rows;
              } catch (java.sql.SQLException e) {
                return false;
              }
            });
  }

  /** Holds one replica behind its primary, and lets it catch up again. */
  private record Lag(Topology topology, Engine engine, String replica) {

    void start() throws Exception {
      run(
          engine == Engine.PG
              ? new String[] {"SELECT pg_wal_replay_pause()"}
              : new String[] {"STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 60", "START SLAVE"});
    }

    void stop() throws Exception {
      run(
          engine == Engine.PG
              ? new String[] {"SELECT pg_wal_replay_resume()"}
              : new String[] {"STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 0", "START SLAVE"});
    }

    private void run(String... statements) throws Exception {
      try (Connection c = topology.direct(replica, engine);
          Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      }
    }
  }
}
