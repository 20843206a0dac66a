package io.shardwise.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.router.ring.HashRing;
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
 * Logical connections hold physical ones only while a statement needs them, batches split per shard
 * with counts in the caller's order, DDL and broadcast writes reach every shard. Each node's pool
 * has one connection, so a leaked physical connection would make the next statement time out.
 */
class H2ConnectionUseTest {

  private static H2Shards shards;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards(3, "pool: { maximumPoolSize: 1, connectionTimeout: 1s }\n");
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, user_id BIGINT, total INT)");
      s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(20))");
    }
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  @Test
  void autocommitConnectionsGiveTheirPhysicalConnectionBackAfterEachStatement() throws Exception {
    try (Connection first = DriverManager.getConnection(shards.url());
        Connection second = DriverManager.getConnection(shards.url())) {
      for (int i = 0; i < 5; i++) {
        for (Connection c : new Connection[] {first, second}) {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM countries")) {
            assertThat(rs.next()).isTrue();
          }
          // the write goes to s1's primary, whose pool holds a single connection
          try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM countries WHERE code = 'ZZ'");
          }
        }
      }
    }
  }

  @Test
  void aTransactionKeepsOneConnectionPerShardUntilCommit() throws Exception {
    HashRing ring = shards.ring();
    try (Connection c = DriverManager.getConnection(shards.url())) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO orders (order_id, user_id, total) VALUES (?, ?, ?)")) {
        for (long id = 500; id < 510; id++) {
          insert.setLong(1, id);
          insert.setLong(2, id);
          insert.setInt(3, 1);
          insert.executeUpdate();
        }
      }
      // not visible on the shards before commit
      assertThat(directCount("orders", "order_id >= 500")).isZero();
      c.rollback();
      assertThat(directCount("orders", "order_id >= 500")).isZero();
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO orders (order_id, user_id, total) VALUES (?, ?, ?)")) {
        insert.setLong(1, 600);
        insert.setLong(2, 600);
        insert.setInt(3, 1);
        insert.executeUpdate();
      }
      c.commit();
      assertThat(directCount("orders", "order_id = 600")).isEqualTo(1);
      try (Connection direct = shards.direct(ring.shardFor(600L));
          Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE order_id = 600")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void batchesSplitPerShardWithCountsInTheCallersOrder() throws Exception {
    HashRing ring = shards.ring();
    Map<String, Integer> expected = new HashMap<>();
    try (Connection c = DriverManager.getConnection(shards.url());
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO orders (order_id, user_id, total) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= 300; id++) {
        insert.setLong(1, id);
        insert.setLong(2, id);
        insert.setInt(3, (int) id);
        insert.addBatch();
        expected.merge(ring.shardFor(id), 1, Integer::sum);
      }
      int[] counts = insert.executeBatch();
      assertThat(counts).hasSize(300).containsOnly(1);
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE orders SET total = total + 1 WHERE user_id = ? AND total = ?")) {
        // every other entry matches no row: the counts must come back in the caller's order
        for (long id = 1; id <= 20; id++) {
          update.setLong(1, id);
          update.setInt(2, id % 2 == 0 ? (int) id : -1);
          update.addBatch();
        }
        int[] updated = update.executeBatch();
        for (int i = 0; i < 20; i++) {
          assertThat(updated[i]).as("entry %d", i).isEqualTo((i + 1) % 2 == 0 ? 1 : 0);
        }
      }
    }
    for (String shard : shards.names()) {
      try (Connection direct = shards.direct(shard);
          Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE order_id <= 300")) {
        rs.next();
        assertThat(rs.getInt(1)).as(shard).isEqualTo(expected.get(shard));
      }
    }
  }

  @Test
  void broadcastWritesReachEveryShard() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("INSERT INTO countries (code, name) VALUES ('FR', 'France')"))
          .isEqualTo(1);
      assertThat(c.unwrap(ShardwiseConnection.class).lastRoute().nodes())
          .containsExactly("s1/primary", "s2/primary", "s3/primary");
    }
    for (String shard : shards.names()) {
      try (Connection direct = shards.direct(shard);
          Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM countries WHERE code = 'FR'")) {
        assertThat(rs.next()).as(shard).isTrue();
        assertThat(rs.getString(1)).isEqualTo("France");
      }
    }
  }

  private static int directCount(String table, String where) throws Exception {
    int total = 0;
    for (String shard : shards.names()) {
      try (Connection direct = shards.direct(shard);
          Statement s = direct.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
        rs.next();
        total += rs.getInt(1);
      }
    }
    return total;
  }
}
