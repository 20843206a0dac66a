package io.shardwise.it.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica lag on real PostgreSQL streaming replication: WAL replay paused on replica2 of shard s2
 * (port 25444) while its primary writes. With {@code maxReplicaLag: 1s} reads leave it once its lag
 * passes the limit, and come back once replay resumes.
 */
class PgReplicaLagTest {

  private static final Engine PG = Engine.PG;

  private Topology topology;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    topology = RealTopology.require(PG);
    url = HealthMaps.url(topology, PG, "{ strategy: round-robin, maxReplicaLag: 1s }");
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @Test
  void pausedReplay_excludesTheReplicaPastTheLagLimit_andResumeReadmitsIt() throws Exception {
    String paused = topology.replicaUrls(PG, "s2").get(1);
    int pausedPort = Topology.port(paused);
    int otherPort = Topology.port(topology.replicaUrls(PG, "s2").get(0));
    try (Connection app = DriverManager.getConnection(url);
        Connection replica = topology.direct(paused, PG);
        Connection primary = topology.direct(topology.primaryUrl(PG, "s2"), PG)) {
      assertThat(HealthMaps.servedBy(app, PG, 10)).containsExactlyInAnyOrder(otherPort, pausedPort);
      long pausedAt = 0;
      try {
        execute(replica, "SELECT pg_wal_replay_pause()");
        execute(
            primary,
            "CREATE TABLE IF NOT EXISTS shardwise_health_it"
                + " (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())");
        execute(primary, "INSERT INTO shardwise_health_it DEFAULT VALUES");
        pausedAt = System.nanoTime();

        await("s2/replica-1 excluded for lag")
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(25))
            .until(() -> !HealthMaps.metrics(url, "s2/replica-1").eligible());
        long excludedAfter = (System.nanoTime() - pausedAt) / 1_000_000;
        NodeMetrics lagging = HealthMaps.metrics(url, "s2/replica-1");
        System.out.printf(
            "PG: write behind paused replay -> excluded after %d ms (lag %d ms, %d bytes)%n",
            excludedAfter, lagging.lagMillis(), lagging.behind());
        assertThat(lagging.state()).isEqualTo("UP");
        assertThat(lagging.lagMillis()).isGreaterThan(1000);
        assertThat(lagging.behind()).isPositive();
        assertThat(lagging.reason()).contains("over the limit of 1000 ms");
        assertThat(HealthMaps.servedBy(app, PG, 20)).containsExactly(otherPort);
      } finally {
        execute(replica, "SELECT pg_wal_replay_resume()");
      }
      long resumedAt = System.nanoTime();
      await("s2/replica-1 readmitted")
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(25))
          .until(() -> HealthMaps.metrics(url, "s2/replica-1").eligible());
      System.out.printf(
          "PG: replay resumed -> eligible again after %d ms%n",
          (System.nanoTime() - resumedAt) / 1_000_000);
      assertThat(HealthMaps.metrics(url, "s2/replica-1").lagMillis()).isZero();
      Set<Integer> served = new HashSet<>();
      await("reads reach the resumed replica")
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                served.addAll(HealthMaps.servedBy(app, PG, 4));
                return served.contains(pausedPort);
              });
    }
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
