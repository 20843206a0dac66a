package io.shardwise.driver.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseMetrics;
import io.shardwise.driver.metrics.NodeMBeans;
import io.shardwise.driver.node.Node;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.NodeRole;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's read selection over an H2 shard whose replica cannot be reached (its URL names no
 * installed driver, which fails at once; tier-3 tests use a closed port): the monitor finds it down
 * on its first probe, before the constructor returns.
 */
class RuntimeHealthTest {

  @TempDir Path dir;

  private ShardwiseRuntime runtime(String whenNoReplica) throws Exception {
    String db = "jdbc:h2:mem:rh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String yaml =
        "version: 1\n"
            + "shards:\n"
            + "  - name: s1\n"
            + "    primary: { url: \""
            + db
            + "\", user: sa }\n"
            + "    replicas:\n"
            + "      - { url: \"jdbc:unreachable://127.0.0.1:1/nothing\", user: sa }\n"
            + "reads: { whenNoReplica: "
            + whenNoReplica
            + " }\n";
    Path map = dir.resolve("health-" + whenNoReplica + ".yaml");
    Files.writeString(map, yaml);
    return new ShardwiseRuntime(map.toString(), ShardMapLoader.load(map));
  }

  @Test
  void unreachableReplica_isDownAfterTheFirstProbe_andReadsFallBackToThePrimary() throws Exception {
    try (ShardwiseRuntime runtime = runtime("primary")) {
      Node read = runtime.select("s1", NodeRole.REPLICA);
      assertThat(read.id()).isEqualTo("s1/primary");
      assertThat(runtime.selectReplica("s1", null)).isNull();
      ShardwiseMetrics metrics = runtime.metrics();
      NodeMetrics replica = metrics.node("s1/replica-0").orElseThrow();
      assertThat(replica.state()).isEqualTo("DOWN");
      assertThat(replica.eligible()).isFalse();
      assertThat(replica.ejections()).isEqualTo(1);
      assertThat(replica.reason()).startsWith("is down (");
      NodeMetrics primary = metrics.node("s1/primary").orElseThrow();
      assertThat(primary.state()).isEqualTo("UP");
      assertThat(primary.fallbacks()).isEqualTo(1);
      assertThat(primary.routed()).isEqualTo(1);
    }
  }

  @Test
  void unreachableReplica_withWhenNoReplicaFail_raisesSw011NamingShardAndReason() throws Exception {
    try (ShardwiseRuntime runtime = runtime("fail")) {
      assertThatThrownBy(() -> runtime.select("s1", NodeRole.REPLICA))
          .isInstanceOf(RoutingException.class)
          .hasFieldOrPropertyWithValue("SQLState", "SW011")
          .hasMessageContaining("No replica of shard s1")
          .hasMessageContaining("s1/replica-0 is down (")
          .hasMessageContaining("'reads.whenNoReplica: fail'");
      assertThat(runtime.select("s1", NodeRole.PRIMARY).id()).isEqualTo("s1/primary");
    }
  }

  @Test
  void mbeans_areRegisteredWhileTheRuntimeIsOpen() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name;
    try (ShardwiseRuntime runtime = runtime("primary")) {
      String map = runtime.metrics().map();
      assertThat(map).startsWith("health-primary.yaml");
      name = NodeMBeans.objectName(map, "s1/replica-0");
      assertThat(name.toString())
          .isEqualTo("io.shardwise:type=Node,map=" + map + ",node=s1/replica-0");
      assertThat(server.isRegistered(name)).isTrue();
      assertThat(server.getAttribute(name, "State")).isEqualTo("DOWN");
      assertThat(server.getAttribute(name, "Ejections")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "Eligible")).isEqualTo(false);
      runtime.select("s1", NodeRole.REPLICA);
      assertThat(
              server.getAttribute(NodeMBeans.objectName(map, "s1/primary"), "FallbacksToPrimary"))
          .isEqualTo(1L);
    }
    assertThat(server.isRegistered(name)).isFalse();
  }

  @Test
  void mbeans_areRegisteredAtTheFirstStatement_notWithTheRuntime() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName ours = new ObjectName("io.shardwise:type=Node,map=health-primary.yaml*,*");
    try (ShardwiseRuntime runtime = runtime("primary")) {
      assertThat(server.queryNames(ours, null)).isEmpty(); // due after 5 s without a statement
      runtime.select("s1", NodeRole.PRIMARY);
      await().untilAsserted(() -> assertThat(server.queryNames(ours, null)).hasSize(2));
    }
    assertThat(server.queryNames(ours, null)).isEmpty();
  }

  @Test
  void outstanding_countsPooledConnectionsInUse() throws Exception {
    try (ShardwiseRuntime runtime = runtime("primary")) {
      Node primary = runtime.shard("s1").primary();
      try (var first = runtime.pools().connection(primary);
          var second = runtime.pools().connection(primary)) {
        assertThat(primary.stats().outstanding()).isEqualTo(2);
        assertThat(first.isValid(1) && second.isValid(1)).isTrue();
      }
      assertThat(primary.stats().outstanding()).isZero();
    }
  }

  @Test
  void monitorThreads_stopWhenTheRuntimeCloses() throws Exception {
    ShardwiseRuntime runtime = runtime("primary");
    assertThat(healthThreads()).isPositive();
    long before = healthThreads();
    runtime.close();
    assertThat(healthThreads()).isLessThan(before);
  }

  private static long healthThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("shardwise-health-") && t.isAlive())
        .count();
  }
}
