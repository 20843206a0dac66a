package io.shardwise.it.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.driver.node.Node;
import io.shardwise.driver.replication.GtidPosition;
import io.shardwise.driver.replication.ReplicationPosition;
import io.shardwise.driver.replication.WalLsn;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The positions read-your-writes is built on, on real replication: the primary's position after a
 * write, a replica that has replayed it (at once or after a bounded wait) and one that cannot
 * (replay paused / SQL thread stopped on replica2 of s2), which {@code selectReplica} never offers.
 */
class ReadYourWritesPositionTest {

  private String url;
  private long lastId;

  @AfterEach
  void tearDown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @Test
  void postgres_lsnAfterAWrite_isReplayedByTheLiveReplicaOnly() throws Exception {
    Topology topology = RealTopology.require(Engine.PG);
    url = HealthMaps.url(topology, Engine.PG, "{ maxReplicaLag: 30s }");
    try (Connection paused =
        topology.direct(topology.replicaUrls(Engine.PG, "s2").get(1), Engine.PG)) {
      try {
        PgReplicaLagTest.execute(paused, "SELECT pg_wal_replay_pause()");
        ReplicationPosition written =
            writeAndPosition(
                "CREATE TABLE IF NOT EXISTS shardwise_health_it"
                    + " (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())",
                "INSERT INTO shardwise_health_it DEFAULT VALUES");
        assertThat(written).isInstanceOf(WalLsn.class);
        checkPositions(written);
      } finally {
        PgReplicaLagTest.execute(paused, "SELECT pg_wal_replay_resume()");
      }
    }
  }

  @Test
  void mariadb_gtidAfterAWrite_isReplayedByTheLiveReplicaOnly() throws Exception {
    Topology topology = RealTopology.require(Engine.MARIADB);
    url = HealthMaps.url(topology, Engine.MARIADB, "{ maxReplicaLag: 30s }");
    try (Connection stopped =
        topology.direct(topology.replicaUrls(Engine.MARIADB, "s2").get(1), Engine.MARIADB)) {
      try {
        PgReplicaLagTest.execute(stopped, "STOP SLAVE SQL_THREAD");
        ReplicationPosition written =
            writeAndPosition(
                "CREATE TABLE IF NOT EXISTS shardwise_health_it"
                    + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP DEFAULT NOW())",
                "INSERT INTO shardwise_health_it () VALUES ()");
        assertThat(written).isInstanceOf(GtidPosition.class);
        checkPositions(written);
      } finally {
        PgReplicaLagTest.execute(stopped, "START SLAVE SQL_THREAD");
      }
    }
  }

  /** Writes on s2's primary through its pool and returns the position right after. */
  private ReplicationPosition writeAndPosition(String ddl, String insert) throws SQLException {
    ShardwiseRuntime runtime = HealthMaps.runtime(url);
    Node primary = runtime.shard("s2").primary();
    try (Connection c = runtime.pools().connection(primary)) {
      ReplicationPosition before = runtime.currentPosition(primary, c);
      PgReplicaLagTest.execute(c, ddl);
      PgReplicaLagTest.execute(c, insert);
      lastId = scalar(c, "SELECT max(id) FROM shardwise_health_it");
      ReplicationPosition after = runtime.currentPosition(primary, c);
      assertThat(after.isAtLeast(before)).isTrue();
      assertThat(before.isAtLeast(after)).isFalse();
      return after;
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void checkPositions(ReplicationPosition written) throws SQLException {
    ShardwiseRuntime runtime = HealthMaps.runtime(url);
    Node live = runtime.shard("s2").replicas().get(0);
    Node behind = runtime.shard("s2").replicas().get(1);
    try (Connection c = runtime.pools().connection(live)) {
      assertThat(runtime.awaitReplayed(live, c, written, Duration.ofSeconds(5))).isTrue();
      assertThat(scalar(c, "SELECT count(*) FROM shardwise_health_it WHERE id = " + lastId))
          .as("the write is visible on the replica that replayed its position")
          .isEqualTo(1);
    }
    try (Connection c = runtime.pools().connection(behind)) {
      long start = System.nanoTime();
      assertThat(runtime.awaitReplayed(behind, c, written, Duration.ofMillis(300))).isFalse();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 3_000L);
    }
    // The monitor learns the live replica's new position within a probe or two; the stopped one
    // is never offered for this position.
    await("the live replica qualifies by the monitor's state")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> runtime.selectReplica("s2", written) == live);
    for (int i = 0; i < 50; i++) {
      assertThat(runtime.selectReplica("s2", written)).isSameAs(live);
    }
  }
}
