package io.shardwise.it.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shard s2's only replica points at a closed port (127.0.0.1:1): the monitor ejects it on its first
 * probe; reads fall back to the primary or fail with SW011, as {@code whenNoReplica} says. No
 * server is touched.
 */
class UnreachableReplicaTest {

  private static final Engine PG = Engine.PG;
  private static final String CLOSED = "jdbc:postgresql://127.0.0.1:1/app";

  private String url;

  @AfterEach
  void tearDown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @Test
  void unreachableReplica_isEjected_andReadsFallBackToThePrimary() throws Exception {
    Topology topology = RealTopology.require(PG);
    url = HealthMaps.url(topology, PG, List.of(CLOSED), "{ whenNoReplica: primary }");
    int primaryPort = Topology.port(topology.primaryUrl(PG, "s2"));
    try (Connection app = DriverManager.getConnection(url)) {
      assertThat(HealthMaps.servedBy(app, PG, 5)).containsExactly(primaryPort);
    }
    NodeMetrics replica = HealthMaps.metrics(url, "s2/replica-0");
    assertThat(replica.state()).isEqualTo("DOWN");
    assertThat(replica.ejections()).isEqualTo(1);
    assertThat(replica.reason()).startsWith("is down (").contains("08001");
    assertThat(replica.routed()).isZero();
    NodeMetrics primary = HealthMaps.metrics(url, "s2/primary");
    assertThat(primary.fallbacks()).isEqualTo(5);
    assertThat(primary.routed()).isEqualTo(5);
  }

  @Test
  void unreachableReplica_withWhenNoReplicaFail_raisesSw011NamingTheShardAndWhy() throws Exception {
    Topology topology = RealTopology.require(PG);
    url = HealthMaps.url(topology, PG, List.of(CLOSED), "{ whenNoReplica: fail }");
    try (Connection app = DriverManager.getConnection(url)) {
      assertThatThrownBy(() -> HealthMaps.servedBy(app, PG, 1))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "SW011")
          .hasMessageContaining("No replica of shard s2 can serve a read now")
          .hasMessageContaining("s2/replica-0 is down (")
          .hasMessageContaining("s2/primary");
    }
    assertThat(HealthMaps.runtime(url).selectReplica("s2", null)).isNull();
  }
}
