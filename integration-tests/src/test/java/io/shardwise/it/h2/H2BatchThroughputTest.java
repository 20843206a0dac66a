package io.shardwise.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.router.ring.HashRing;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * 10,000 rows through {@code executeBatch}: via shardwise over four H2 shards, and directly into
 * one H2 database. Checks placement and per-row counts; prints the time ratio for
 * docs/benchmarks.md without asserting it (machine noise).
 */
class H2BatchThroughputTest {

  private static final int ROWS = 10_000;
  private static final String INSERT = "INSERT INTO items (user_id, payload) VALUES (?, ?)";
  private static final String DDL =
      "CREATE TABLE items (user_id BIGINT PRIMARY KEY, payload VARCHAR(40))";

  @Test
  void tenThousandRowsLandOnTheirShardsWithCountsInOrder() throws Exception {
    try (H2Shards shards = new H2Shards(4, "");
        Connection sharded = DriverManager.getConnection(shards.url());
        Connection direct =
            DriverManager.getConnection(
                "jdbc:h2:mem:batch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
      for (Connection c : new Connection[] {sharded, direct}) {
        try (Statement s = c.createStatement()) {
          s.execute(DDL.replace("items", "users"));
          s.execute("DROP TABLE users");
          s.execute(DDL.replace("items", "users"));
        }
      }
      warmUp(sharded);
      warmUp(direct);
      long shardedNanos = run(sharded, 1_000_000);
      long directNanos = run(direct, 1_000_000);
      HashRing ring = shards.ring();
      long total = 0;
      for (String shard : shards.names()) {
        try (Connection c = shards.direct(shard);
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT user_id FROM users WHERE user_id >= 1000000")) {
          while (rs.next()) {
            assertThat(ring.shardFor(rs.getLong(1))).isEqualTo(shard);
            total++;
          }
        }
      }
      assertThat(total).isEqualTo(ROWS);
      System.out.printf(
          "[batch] %d rows: shardwise over 4 H2 shards %.1f ms, one H2 database %.1f ms,"
              + " ratio %.2f%n",
          ROWS, shardedNanos / 1e6, directNanos / 1e6, (double) shardedNanos / directNanos);
    }
  }

  private static void warmUp(Connection c) throws Exception {
    run(c, 0);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM users WHERE user_id < 1000000");
    }
  }

  /** Inserts ROWS rows from {@code first} in one batch; checks every count, in order. */
  private static long run(Connection c, long first) throws Exception {
    try (PreparedStatement p = c.prepareStatement(INSERT.replace("items", "users"))) {
      long start = System.nanoTime();
      for (int i = 0; i < ROWS; i++) {
        p.setLong(1, first + i);
        p.setString(2, "payload-" + i);
        p.addBatch();
      }
      int[] counts = p.executeBatch();
      long elapsed = System.nanoTime() - start;
      assertThat(counts).hasSize(ROWS).containsOnly(1);
      return elapsed;
    }
  }
}
