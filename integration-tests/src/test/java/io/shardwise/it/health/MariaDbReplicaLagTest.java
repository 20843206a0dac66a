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
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB replication stopped on replica2 of shard s2 (port 23318): with its SQL thread stopped
 * {@code Seconds_Behind_Master} is NULL, the replica is not replicating and takes no reads until
 * the thread starts again.
 */
class MariaDbReplicaLagTest {

  private static final Engine MARIADB = Engine.MARIADB;

  private Topology topology;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    topology = RealTopology.require(MARIADB);
    url = HealthMaps.url(topology, MARIADB, "{ strategy: round-robin, maxReplicaLag: 1s }");
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @Test
  void stoppedSqlThread_excludesTheReplica_andStartReadmitsIt() throws Exception {
    String stopped = topology.replicaUrls(MARIADB, "s2").get(1);
    int stoppedPort = Topology.port(stopped);
    int otherPort = Topology.port(topology.replicaUrls(MARIADB, "s2").get(0));
    try (Connection app = DriverManager.getConnection(url);
        Connection replica = topology.direct(stopped, MARIADB)) {
      assertThat(HealthMaps.servedBy(app, MARIADB, 10))
          .containsExactlyInAnyOrder(otherPort, stoppedPort);
      try {
        PgReplicaLagTest.execute(replica, "STOP SLAVE SQL_THREAD");
        long stoppedAt = System.nanoTime();
        await("s2/replica-1 excluded")
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(25))
            .until(() -> !HealthMaps.metrics(url, "s2/replica-1").eligible());
        NodeMetrics excluded = HealthMaps.metrics(url, "s2/replica-1");
        System.out.printf(
            "MariaDB: STOP SLAVE SQL_THREAD -> excluded after %d ms (%s)%n",
            (System.nanoTime() - stoppedAt) / 1_000_000, excluded.reason());
        assertThat(excluded.lagMillis()).isEqualTo(-1);
        assertThat(excluded.reason()).contains("not replicating").contains("Slave_SQL_Running=No");
        assertThat(HealthMaps.servedBy(app, MARIADB, 20)).containsExactly(otherPort);
      } finally {
        PgReplicaLagTest.execute(replica, "START SLAVE SQL_THREAD");
      }
      long startedAt = System.nanoTime();
      await("s2/replica-1 readmitted")
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(25))
          .until(() -> HealthMaps.metrics(url, "s2/replica-1").eligible());
      System.out.printf(
          "MariaDB: START SLAVE SQL_THREAD -> eligible again after %d ms%n",
          (System.nanoTime() - startedAt) / 1_000_000);
      Set<Integer> served = new HashSet<>();
      await("reads reach the restarted replica")
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                served.addAll(HealthMaps.servedBy(app, MARIADB, 4));
                return served.contains(stoppedPort);
              });
    }
  }
}
