package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.ShardwiseDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JDBC batch through shardwise on PostgreSQL runs as pgjdbc runs it directly: {@code
 * executeBatch} of a prepared statement server-prepares the statement once per shard instead of
 * parsing it again for every row (pgjdbc does that only in {@code executeBatch}, not in {@code
 * executeLargeBatch}, so the driver calls the one the application called).
 */
class PgBatchTest {

  private static final String SCHEMA = "perf_batch_it";

  private String url;

  @AfterEach
  void tearDown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @Test
  void batchOverTwoShards_isServerPreparedOnEachShard_andCountsComeBackInOrder() throws Exception {
    Topology topology = RealTopology.require(Engine.PG);
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : Topology.SHARDS) {
      String primary = topology.primaryUrl(Engine.PG, shard);
      try (Connection c = topology.direct(primary, Engine.PG);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        s.execute("DROP TABLE IF EXISTS " + SCHEMA + ".perf_batch_t");
        s.execute("CREATE TABLE " + SCHEMA + ".perf_batch_t (id BIGINT PRIMARY KEY, v TEXT)");
      }
      yaml.append("  - name: ").append(shard).append('\n');
      yaml.append("    primary: { url: \"")
          .append(primary)
          .append("?currentSchema=")
          .append(SCHEMA)
          .append("\", user: ")
          .append(topology.user(Engine.PG))
          .append(", password: ")
          .append(topology.password(Engine.PG))
          .append(" }\n");
    }
    yaml.append("tables:\n  perf_batch_t: { shardKey: id }\ndefaultShard: s1\n");
    Path map = Files.createTempFile("shardwise-pg-batch-", ".yaml");
    map.toFile().deleteOnExit();
    Files.writeString(map, yaml);
    url = "jdbc:shardwise:" + map;

    int rows = 50;
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      int[] counts;
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO perf_batch_t (id, v) VALUES (?, ?)")) {
        for (long id = 1; id <= rows; id++) {
          insert.setLong(1, id);
          insert.setString(2, "row " + id);
          insert.addBatch();
        }
        counts = insert.executeBatch();
      }
      assertThat(counts).hasSize(rows).containsOnly(1);
      // Inside the transaction the default shard s1 answers on the connection its part of the
      // batch ran on: the statement is there as a server-prepared (protocol-level) statement.
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_prepared_statements"
                      + " WHERE statement LIKE 'INSERT INTO perf_batch_t%' AND NOT from_sql")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
      c.commit();
    }
    long[] perShard = new long[Topology.SHARDS.size()];
    for (int i = 0; i < perShard.length; i++) {
      try (Connection c =
              topology.direct(topology.primaryUrl(Engine.PG, Topology.SHARDS.get(i)), Engine.PG);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".perf_batch_t")) {
        rs.next();
        perShard[i] = rs.getLong(1);
      }
    }
    assertThat(Arrays.stream(perShard).sum()).isEqualTo(rows);
    assertThat(perShard).doesNotContain(0L); // the batch was split over both shards
  }
}
