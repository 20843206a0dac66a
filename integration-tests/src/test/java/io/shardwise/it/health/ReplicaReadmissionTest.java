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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shard s2's only replica is reached through a TCP proxy the test controls (forwarding to 25443):
 * stopping the proxy makes the replica unreachable without touching the server; it is ejected after
 * 3 failed probes and readmitted only after 3 successful ones once the proxy is back.
 */
class ReplicaReadmissionTest {

  private static final Engine PG = Engine.PG;

  private String url;

  @AfterEach
  void tearDown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @Test
  void unreachableReplica_isEjected_thenReadmittedWithHysteresis() throws Exception {
    Topology topology = RealTopology.require(PG);
    String target = topology.replicaUrls(PG, "s2").get(0);
    int replicaPort = Topology.port(target);
    int primaryPort = Topology.port(topology.primaryUrl(PG, "s2"));
    try (TcpProxy proxy = new TcpProxy(replicaPort).start()) {
      String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/app";
      url = HealthMaps.url(topology, PG, List.of(viaProxy), "{ whenNoReplica: primary }");
      try (Connection app = DriverManager.getConnection(url)) {
        assertThat(HealthMaps.metrics(url, "s2/replica-0").state()).isEqualTo("UP");
        assertThat(HealthMaps.servedBy(app, PG, 5)).containsExactly(replicaPort);

        proxy.stop();
        long stoppedAt = System.nanoTime();
        await("ejected")
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> HealthMaps.metrics(url, "s2/replica-0").state().equals("DOWN"));
        long ejectedAfter = (System.nanoTime() - stoppedAt) / 1_000_000;
        NodeMetrics down = HealthMaps.metrics(url, "s2/replica-0");
        assertThat(down.ejections()).isEqualTo(1);
        assertThat(HealthMaps.servedBy(app, PG, 5)).containsExactly(primaryPort);
        assertThat(HealthMaps.metrics(url, "s2/primary").fallbacks()).isGreaterThanOrEqualTo(5);

        proxy.start();
        long restartedAt = System.nanoTime();
        await("readmitted")
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> HealthMaps.metrics(url, "s2/replica-0").state().equals("UP"));
        long readmittedAfter = (System.nanoTime() - restartedAt) / 1_000_000;
        System.out.printf(
            "PG via proxy: stop -> ejected after %d ms (%s); restart -> readmitted after %d ms%n",
            ejectedAfter, down.reason(), readmittedAfter);
        // 3 consecutive successes are 2 probe intervals (2 x 500 ms) apart at least.
        assertThat(readmittedAfter).isGreaterThanOrEqualTo(950);
        assertThat(HealthMaps.metrics(url, "s2/replica-0").ejections()).isEqualTo(1);
        assertThat(HealthMaps.servedBy(app, PG, 5)).containsExactly(replicaPort);
      }
    }
  }
}
