package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
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
  private Path mapFile;

  @AfterEach
  void tearDown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  /** A map over both shards' primaries, schema {@link #SCHEMA}, table perf_batch_t emptied. */
  private String map(Topology topology, String extraYaml) throws Exception {
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
    yaml.append("tables:\n  perf_batch_t: { shardKey: id }\ndefaultShard: s1\n").append(extraYaml);
    Path map = Files.createTempFile("shardwise-pg-batch-", ".yaml");
    map.toFile().deleteOnExit();
    Files.writeString(map, yaml);
    mapFile = map;
    return "jdbc:shardwise:" + map;
  }

  @Test
  void batchOverTwoShards_isServerPreparedOnEachShard_andCountsComeBackInOrder() throws Exception {
    Topology topology = RealTopology.require(Engine.PG);
    url = map(topology, "");

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

  /**
   * Autocommit, pools of one connection: an entry failing on one shard fails only that shard's part
   * (the other's rows are committed and named), the counts say which entries ran, every row is on
   * the shard that owns its key, and the connections the batch held between addBatch and
   * executeBatch are back in their pools (a statement on each shard would otherwise time out).
   */
  @Test
  void failingEntry_countsPerEntry_rowsOnOwningShards_connectionsBack() throws Exception {
    Topology topology = RealTopology.require(Engine.PG);
    url = map(topology, "pool: { maximumPoolSize: 1, connectionTimeout: 2s }\n");
    ShardMap loaded = ShardMapLoader.load(mapFile);
    HashRing ring = HashRing.of(loaded.ring(), loaded.shards());
    long duplicate = 7;
    String failing = ring.shardFor(duplicate);
    try (Connection c = topology.direct(topology.primaryUrl(Engine.PG, failing), Engine.PG);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + SCHEMA + ".perf_batch_t VALUES (" + duplicate + ", 'before')");
    }
    int rows = 20;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO perf_batch_t (id, v) VALUES (?, ?)")) {
      for (long id = 1; id <= rows; id++) {
        insert.setLong(1, id);
        insert.setString(2, "row " + id);
        insert.addBatch();
      }
      BatchUpdateException e =
          catchThrowableOfType(BatchUpdateException.class, insert::executeBatch);
      assertThat(e.getMessage()).startsWith("[" + failing + "/primary] ");
      assertThat(e.getSQLState()).isEqualTo("23505");
      long[] counts = e.getLargeUpdateCounts();
      assertThat(counts).hasSize(rows);
      assertThat(counts[(int) duplicate - 1]).isEqualTo(Statement.EXECUTE_FAILED);
      for (long id = 1; id <= rows; id++) {
        if (!ring.shardFor(id).equals(failing)) {
          assertThat(counts[(int) id - 1]).as("entry %d on the other shard", id).isEqualTo(1);
        }
      }
      // both pools of one connection are free again: a write on each shard does not time out
      try (PreparedStatement update =
          c.prepareStatement("UPDATE perf_batch_t SET v = v WHERE id = ?")) {
        for (long id = 1; id <= rows; id++) {
          update.setLong(1, id);
          update.executeUpdate();
        }
      }
    }
    for (String shard : Topology.SHARDS) {
      try (Connection c = topology.direct(topology.primaryUrl(Engine.PG, shard), Engine.PG);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM " + SCHEMA + ".perf_batch_t")) {
        while (rs.next()) {
          assertThat(ring.shardFor(rs.getLong(1))).as("row %d", rs.getLong(1)).isEqualTo(shard);
        }
      }
    }
  }
}
