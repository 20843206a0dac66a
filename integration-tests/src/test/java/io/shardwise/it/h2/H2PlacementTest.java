package io.shardwise.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.RouteTrace;
import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows written through {@code DriverManager} land only on their owning shard; reads use replicas.
 */
class H2PlacementTest {

  private static final int ROWS = 1_000;
  private static H2Shards shards;

  @BeforeAll
  static void load() throws Exception {
    shards = new H2Shards(3, "");
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
        for (long id = 1; id <= ROWS; id++) {
          insert.setLong(1, id);
          insert.setString(2, "user-" + id);
          assertThat(insert.executeUpdate()).isEqualTo(1);
        }
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  @Test
  void everyRowLivesOnlyOnItsOwningShard() throws Exception {
    HashRing ring = shards.ring();
    Map<Long, String> foundOn = new HashMap<>();
    Map<String, Integer> perShard = new HashMap<>();
    for (String shard : shards.names()) {
      try (Connection direct = shards.direct(shard);
          Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT user_id, name FROM users")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          assertThat(rs.getString(2)).isEqualTo("user-" + id);
          String previous = foundOn.put(id, shard);
          assertThat(previous).as("row %d on both %s and %s", id, previous, shard).isNull();
          assertThat(shard).as("owner of %d", id).isEqualTo(ring.shardFor(id));
          perShard.merge(shard, 1, Integer::sum);
        }
      }
    }
    assertThat(foundOn).hasSize(ROWS);
    System.out.println("rows per shard: " + perShard);
    assertThat(perShard).hasSize(3).allSatisfy((shard, n) -> assertThat(n).isGreaterThan(200));
  }

  @Test
  void readsOutsideTransactionsAreServedByTheOwnersReplica() throws Exception {
    HashRing ring = shards.ring();
    try (Connection c = DriverManager.getConnection(shards.url());
        PreparedStatement read =
            c.prepareStatement("SELECT name, CURRENT_USER FROM users WHERE user_id = ?")) {
      ShardwiseConnection shardwise = c.unwrap(ShardwiseConnection.class);
      for (long id = 1; id <= ROWS; id += 7) {
        read.setLong(1, id);
        try (ResultSet rs = read.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("user-" + id);
          assertThat(rs.getString(2)).as("H2 login that served the read").isEqualTo("REPLICA");
        }
        RouteTrace trace = shardwise.lastRoute();
        assertThat(trace.role()).isEqualTo(NodeRole.REPLICA);
        assertThat(trace.nodes()).containsExactly(ring.shardFor(id) + "/replica-0");
      }
    }
  }

  @Test
  void readsInsideATransactionAreServedByThePrimary() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url());
        PreparedStatement read =
            c.prepareStatement("SELECT CURRENT_USER FROM users WHERE user_id = ?")) {
      c.setAutoCommit(false);
      read.setLong(1, 17);
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("SA");
      }
      assertThat(c.unwrap(ShardwiseConnection.class).lastRoute().nodes())
          .containsExactly(shards.ring().shardFor(17L) + "/primary");
      c.commit();
    }
  }
}
