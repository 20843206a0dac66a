package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.driver.ShardwiseDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A read whose replica cannot be reached is retried once on another node; a write is never retried
 * and fails with a connection-class SQLState naming its node. The unreachable node is a closed
 * loopback port, so no real server has to be stopped.
 */
class SafeRetryTest {

  private static final String DEAD = "127.0.0.1:1";
  private static final String DEAD_REPLICA = "127.0.0.1:2";

  private static Path map(Topology topology, Engine engine, boolean deadPrimary) throws Exception {
    String primary = topology.primaryUrl(engine, "s1");
    String live = topology.replicaUrls(engine, "s1").get(0);
    String dead = live.replaceFirst("127\\.0\\.0\\.1:\\d+", DEAD_REPLICA);
    String node = ", user: " + topology.user(engine) + ", password: " + topology.password(engine);
    String yaml =
        "version: 1\nshards:\n  - name: s1\n"
            + "    primary: { url: \""
            + (deadPrimary ? primary.replaceFirst("127\\.0\\.0\\.1:\\d+", DEAD) : primary)
            + "\""
            + node
            + " }\n"
            + "    replicas:\n"
            + "      - { url: \""
            + dead
            + "\""
            + node
            + " }\n"
            + "      - { url: \""
            + live
            + "\""
            + node
            + " }\n"
            + "pool: { connectionTimeout: 3s }\n";
    Path file = Files.createTempFile("shardwise-retry-", ".yaml");
    Files.writeString(file, yaml);
    file.toFile().deleteOnExit();
    return file;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void readOnAnUnreachableReplicaIsRetriedOnAnotherNode(Engine engine) throws Exception {
    Topology topology = RealTopology.require(engine);
    String url = "jdbc:shardwise:" + map(topology, engine, false);
    int live = Topology.port(topology.replicaUrls(engine, "s1").get(0));
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      // round-robin sends the first read to the unreachable replica-0, the second to replica-1
      for (int i = 0; i < 2; i++) {
        try (ResultSet rs = s.executeQuery("SELECT " + engine.portQuery().substring(7))) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).as("read %d", i).isEqualTo(live);
        }
        assertThat(c.unwrap(ShardwiseConnection.class).lastRoute().nodes())
            .containsExactly("s1/replica-1");
      }
    } finally {
      ShardwiseDriver.shutdown(url);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void writeToAnUnreachablePrimaryFailsWithAConnectionStateAndIsNotRetried(Engine engine)
      throws Exception {
    Topology topology = RealTopology.require(engine);
    String url = "jdbc:shardwise:" + map(topology, engine, true);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("CREATE TABLE never_created (id INT)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("[s1/primary] cannot get a connection")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"))
          .satisfies(e -> assertThat(e.getSuppressed()).as("no second attempt").isEmpty());
    } finally {
      ShardwiseDriver.shutdown(url);
    }
  }
}
