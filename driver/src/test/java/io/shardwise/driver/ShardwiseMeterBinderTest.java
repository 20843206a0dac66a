package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardwise.driver.micrometer.ShardwiseMeterBinder;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Micrometer binding: the node counters of the metrics API, as meters tagged per node. */
class ShardwiseMeterBinderTest {

  private H2Shards shards;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void shards() throws Exception {
    shards = new H2Shards("micrometer", 2, "");
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20))");
    }
    registry = new SimpleMeterRegistry();
    new ShardwiseMeterBinder(shards.url(), Tags.of("app", "test")).bindTo(registry);
  }

  @AfterEach
  void close() throws Exception {
    registry.close();
    shards.close();
  }

  private double counter(String name, String node) {
    return registry.get("shardwise.node." + name).tag("node", node).functionCounter().count();
  }

  private double gauge(String name, String node) {
    return registry.get("shardwise.node." + name).tag("node", node).gauge().value();
  }

  @Test
  void everyNodeHasItsMeters_taggedWithMapShardNodeAndRole() {
    List<String> nodes = List.of("s1/primary", "s1/replica-0", "s2/primary", "s2/replica-0");
    for (String node : nodes) {
      Meter.Id id = registry.get("shardwise.node.statements").tag("node", node).meter().getId();
      assertThat(id.getTag("shard")).isEqualTo(node.substring(0, 2));
      assertThat(id.getTag("role")).isEqualTo(node.endsWith("primary") ? "primary" : "replica");
      assertThat(id.getTag("map")).isEqualTo(shards.map().getFileName().toString());
      assertThat(id.getTag("app")).isEqualTo("test");
    }
    for (String name :
        List.of(
            "up",
            "eligible",
            "replica.lag",
            "replica.behind",
            "connections.active",
            "statements",
            "errors",
            "ejections",
            "fallbacks")) {
      assertThat(registry.find("shardwise.node." + name).meters()).as(name).hasSize(nodes.size());
    }
    assertThat(registry.get("shardwise.node.statements").meter())
        .isInstanceOf(FunctionCounter.class);
    assertThat(registry.get("shardwise.node.replica.lag").meter()).isInstanceOf(TimeGauge.class);
  }

  @Test
  void statementsCount_followsWhereStatementsWereRouted() throws Exception {
    long key = 7;
    String owner = shards.shardFor(key);
    double primaryBefore = counter("statements", owner + "/primary");
    double replicaBefore = counter("statements", owner + "/replica-0");
    try (Connection c = DriverManager.getConnection(shards.url())) {
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
        insert.setLong(1, key);
        insert.setString(2, "seven");
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      for (int i = 0; i < 3; i++) {
        try (PreparedStatement read =
            c.prepareStatement("SELECT CURRENT_USER FROM users WHERE user_id = ?")) {
          read.setLong(1, key);
          try (ResultSet rs = read.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("served by the replica login").isEqualTo("REPLICA");
          }
        }
      }
    }
    assertThat(counter("statements", owner + "/primary") - primaryBefore).isEqualTo(1);
    assertThat(counter("statements", owner + "/replica-0") - replicaBefore).isEqualTo(3);
    NodeMetrics api = ShardwiseDriver.metrics(shards.url()).node(owner + "/primary").orElseThrow();
    assertThat(counter("statements", owner + "/primary")).isEqualTo(api.routed());
    assertThat(gauge("connections.active", owner + "/primary")).isZero();
    assertThat(gauge("up", owner + "/primary")).isEqualTo(1);
    assertThat(gauge("eligible", owner + "/replica-0")).isEqualTo(1);
    assertThat(registry.get("shardwise.node.replica.lag").tag("node", owner + "/replica-0"))
        .extracting(search -> search.timeGauge().value(TimeUnit.MILLISECONDS))
        .isEqualTo(0.0);
  }

  @Test
  void afterShutdown_metersReadNaN_andDoNotReopenTheRuntime() throws Exception {
    ShardwiseDriver.shutdown(shards.url());
    Gauge up = registry.get("shardwise.node.up").tag("node", "s1/primary").gauge();
    assertThat(up.value()).isNaN();
    assertThat(counter("statements", "s1/primary")).isNaN();
    assertThat(RuntimeRegistry.find(ShardwiseUrl.parse(shards.url())))
        .as("reading a meter starts no runtime")
        .isEmpty();
  }

  @Test
  void notAShardwiseUrl_isRefusedWithSw009() {
    assertThatThrownBy(() -> new ShardwiseMeterBinder("jdbc:h2:mem:x"))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "SW009");
  }

  @Test
  void aMapThatCannotLoad_failsTheBindingWithTheReason() throws Exception {
    ShardwiseMeterBinder binder = new ShardwiseMeterBinder("jdbc:shardwise:/nonexistent/map.yaml");
    assertThatThrownBy(() -> binder.bindTo(new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nonexistent/map.yaml")
        .hasCauseInstanceOf(SQLException.class);
  }
}
