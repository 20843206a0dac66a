package io.shardwise.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the real PostgreSQL topology: one connection shared by 8 threads (scatter aggregates, writes
 * in a transaction) closed at a random moment, seeded and bounded. Only SQLExceptions with an
 * SQLState escape, every aggregate is exact or throws, every node's outstanding count returns to 0,
 * and after {@link ShardwiseDriver#shutdown} no session of the test is left on any server ({@code
 * pg_stat_activity} by application name).
 */
class PgConcurrentCloseTest {

  private static final String SCHEMA = "hostile_close";
  private static final String APPLICATION = "shardwise-hostile-close";
  private static final long ROWS = 60;

  private Topology topology;
  private Path map;
  private String url;
  private ExecutorService workers;

  @BeforeEach
  void topology() throws Exception {
    topology = RealTopology.require(Engine.PG);
    for (String shard : Topology.SHARDS) {
      topology.recreateNamespace(Engine.PG, topology.primaryUrl(Engine.PG, shard), SCHEMA);
    }
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : Topology.SHARDS) {
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: ")
          .append(topology.node(Engine.PG, own(topology.primaryUrl(Engine.PG, shard))))
          .append('\n');
      yaml.append("    replicas:\n");
      for (String replica : topology.replicaUrls(Engine.PG, shard)) {
        yaml.append("      - ").append(topology.node(Engine.PG, own(replica))).append('\n');
      }
    }
    yaml.append("tables:\n  hc_users: { shardKey: user_id }\n")
        .append("defaultShard: s1\n")
        .append("pool: { maximumPoolSize: 8, connectionTimeout: 5s }\n");
    map = Files.createTempFile("shardwise-hostile-close-", ".yaml");
    Files.writeString(map, yaml);
    url = "jdbc:shardwise:" + map;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE hc_users (user_id BIGINT PRIMARY KEY, amount INT)");
      for (long key = 1; key <= ROWS; key++) {
        s.executeUpdate("INSERT INTO hc_users (user_id, amount) VALUES (" + key + ", " + key + ")");
      }
    }
    workers = Executors.newCachedThreadPool();
  }

  @AfterEach
  void close() throws Exception {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
    if (map != null) {
      Files.deleteIfExists(map);
    }
  }

  private static String own(String nodeUrl) {
    return nodeUrl + "?currentSchema=" + SCHEMA + "&ApplicationName=" + APPLICATION;
  }

  @Test
  void sharedConnectionClosedUnderLoad_leavesNoSessionAfterShutdown() throws Exception {
    Random random = new Random(20261204L);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    for (int round = 0; round < 5; round++) {
      Connection c = DriverManager.getConnection(url);
      AtomicInteger ops = new AtomicInteger();
      int closeAfter = random.nextInt(80);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long seed = random.nextLong();
        running.add(workers.submit(() -> work(c, new Random(seed), ops, problems)));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> ops.get() >= closeAfter);
      c.close();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(c.isClosed()).isTrue();
    }
    assertThat(problems).isEmpty();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        ShardwiseDriver.metrics(url).nodes().stream()
                            .mapToInt(NodeMetrics::outstanding)
                            .sum())
                    .isZero());
    assertThat(sessions()).isPositive();

    ShardwiseDriver.shutdown(url);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sessions()).isZero());
  }

  private Void work(Connection c, Random random, AtomicInteger ops, Queue<String> problems) {
    for (int i = 0; i < 20; i++) {
      ops.incrementAndGet();
      try {
        if (random.nextBoolean()) {
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT COUNT(*), SUM(amount) FROM hc_users /* shardwise:primary */")) {
            rs.next();
            if (rs.getLong(1) != ROWS || rs.getLong(2) != 1830) {
              problems.add("wrong answer: " + rs.getLong(1) + "/" + rs.getLong(2));
            }
          }
        } else {
          synchronized (c) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
              s.executeUpdate("UPDATE hc_users SET amount = amount WHERE user_id = " + (1 + i));
              c.rollback();
            } finally {
              if (!c.isClosed()) {
                c.setAutoCommit(true);
              }
            }
          }
        }
      } catch (SQLException e) {
        if (e.getSQLState() == null) {
          problems.add("no SQLState: " + e);
        }
      } catch (RuntimeException e) {
        problems.add("escaped: " + e);
      }
    }
    return null;
  }

  /** Sessions of this test on every node of the topology. */
  private long sessions() throws SQLException {
    long total = 0;
    for (String shard : Topology.SHARDS) {
      List<String> urls = new ArrayList<>(topology.replicaUrls(Engine.PG, shard));
      urls.add(topology.primaryUrl(Engine.PG, shard));
      for (String nodeUrl : urls) {
        try (Connection direct = topology.direct(nodeUrl, Engine.PG);
            Statement s = direct.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                        + APPLICATION
                        + "'")) {
          rs.next();
          total += rs.getLong(1);
        }
      }
    }
    return total;
  }
}
