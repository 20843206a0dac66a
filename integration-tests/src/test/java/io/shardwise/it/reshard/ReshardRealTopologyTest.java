package io.shardwise.it.reshard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.reshard.Cleaner;
import io.shardwise.reshard.Copier;
import io.shardwise.reshard.CopySettings;
import io.shardwise.reshard.PlanFile;
import io.shardwise.reshard.Planner;
import io.shardwise.reshard.ReshardPlanSummary;
import io.shardwise.reshard.Verifier;
import io.shardwise.router.ring.HashRing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Tier 3: 3 -> 4 shards on the real PostgreSQL and MariaDB primaries, in four dedicated databases
 * (schemas on PostgreSQL), with {@code copy}'s rows/s next to a plain bulk copy between the same
 * two databases in the same run. {@code -Dshardwise.reshard.rows=1000000} for the big variant.
 */
class ReshardRealTopologyTest {

  static final int ROWS = Integer.getInteger("shardwise.reshard.rows", 30_000);
  static final int BATCH = Integer.getInteger("shardwise.reshard.batch", 5_000);

  static final Map<String, String> PRIMARY_KEYS =
      Map.of("users", "user_id", "orders", "order_id", "countries", "code");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void reshard_threeToFour_onRealPrimaries(Engine engine) throws Exception {
    RealReshardDatabases dbs =
        new RealReshardDatabases(RealTopology.require(engine), engine, "reshard");
    List<String> oldShards = dbs.oldShards();
    List<String> newShards = dbs.names();
    dbs.recreate();
    HashRing oldRing = ring(oldShards);
    HashRing newRing = ring(newShards);
    load(dbs, oldRing, oldShards, ROWS);
    Map<String, long[]> before = new HashMap<>();
    for (String table : List.of("users", "orders")) {
      before.put(table, checksum(dbs, table, oldShards));
    }
    Path oldMap = Files.writeString(dir.resolve("old.yaml"), dbs.mapYaml(oldShards));
    Path newMap = Files.writeString(dir.resolve("new.yaml"), dbs.mapYaml(newShards));
    PlanFile plan = new PlanFile(dir.resolve("plan.yaml"));

    ReshardPlanSummary summary = Planner.of(oldMap, newMap).planTo(plan);
    summary.print(new PrintWriter(System.out, true));
    assertThat(summary.movedShare() / 0.25).isBetween(0.8, 1.2);

    // The read side alone: every source row scanned, placed and hashed, nothing written.
    Copier.Result scan = new Copier(plan, new CopySettings(4, 0, BATCH, true, false)).run();
    Copier.Result copy = new Copier(plan, new CopySettings(4, 0, BATCH, false, false)).run();
    assertThat(copy.rowsMoved()).isEqualTo(summary.movedRows());
    Map<String, Map<String, Long>> moved = movedRowsOnNewShard(dbs, oldRing);
    assertThat(
            moved.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(summary.movedRows());
    // The limit is the faster of two runs: a busy host must not flatter the ratio.
    double bulk = plainBulkCopyRowsPerSecond(dbs, engine, moved);
    truncateBenchTables(dbs);
    bulk = Math.max(bulk, plainBulkCopyRowsPerSecond(dbs, engine, moved));
    // The earlier reference, for comparison with older figures: one whole table in one go.
    String firstSource = dbs.oldShards().get(0);
    truncateBenchTables(dbs);
    long started = System.nanoTime();
    long wholeTable = plainBulkCopy(dbs, engine, "orders", firstSource, -1);
    double wholeTableRate = wholeTable / ((System.nanoTime() - started) / 1e9);
    System.out.printf(
        "[reshard-bench] %s rows=%d batch=%d copy: %d rows moved in %.2f s = %.0f rows/s;"
            + " plain bulk copy of as many rows of each table from each source: %.0f rows/s;"
            + " ratio %.2f; dry run (read, place, hash only) %.2f s; whole orders table of the"
            + " first source (%d rows) in one bulk copy: %.0f rows/s%n",
        engine.label(),
        ROWS,
        BATCH,
        copy.rowsMoved(),
        copy.elapsed().toNanos() / 1e9,
        copy.rowsPerSecond(),
        bulk,
        copy.rowsPerSecond() / bulk,
        scan.elapsed().toNanos() / 1e9,
        wholeTable,
        wholeTableRate);

    Verifier.Result verify = new Verifier(plan).run();
    verify.print(new PrintWriter(System.out, true));
    assertThat(verify.passed()).isTrue();
    verifyCatchesAChangedRowAMissingRowAndAWriteToTheFrozenSource(dbs, plan, oldRing);
    assertThat(new Cleaner(plan, BATCH, 4, 0).run()).isEqualTo(summary.movedRows() - 50);

    for (String table : List.of("users", "orders")) {
      for (String shard : newShards) {
        try (Connection c = dbs.connect(shard);
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT user_id FROM " + table)) {
          while (rs.next()) {
            assertThat(newRing.shardFor(rs.getLong(1))).isEqualTo(shard);
          }
        }
      }
      assertThat(checksum(dbs, table, newShards)).containsExactly(before.get(table));
    }
    dbs.dropAll();
  }

  /**
   * On the real engine: a changed row on the target, a deleted row on the target and a write to the
   * frozen source each fail verify naming the key; each repaired, verify passes again.
   */
  private static void verifyCatchesAChangedRowAMissingRowAndAWriteToTheFrozenSource(
      RealReshardDatabases dbs, PlanFile plan, HashRing oldRing) throws SQLException {
    String target = dbs.newShard();
    long order;
    long user;
    try (Connection c = dbs.connect(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MIN(order_id) FROM orders")) {
      rs.next();
      order = rs.getLong(1);
    }
    try (Connection c = dbs.connect(target);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_id FROM orders WHERE order_id = " + order)) {
      rs.next();
      user = rs.getLong(1);
    }
    String source = oldRing.shardFor(user);
    String where = " WHERE order_id = " + order;
    String range = "orders:" + source + "->" + target;
    Object[] original = orderRow(dbs, target, order);

    execute(dbs, target, "UPDATE orders SET amount = amount + 1" + where);
    assertThat(failedVerify(plan))
        .contains(range, "TARGET DIFFERS", "key int:" + order + ": row differs between");
    putOrderRow(dbs, target, original);
    assertThat(new Verifier(plan).run().passed()).isTrue();

    execute(dbs, target, "DELETE FROM orders" + where);
    assertThat(failedVerify(plan)).contains(range, "key int:" + order + ": missing on " + target);
    putOrderRow(dbs, target, original);
    assertThat(new Verifier(plan).run().passed()).isTrue();

    execute(dbs, source, "UPDATE orders SET note = 'written while frozen'" + where);
    assertThat(failedVerify(plan))
        .contains(range, "SOURCE CHANGED SINCE COPY", "key int:" + order + ": row differs");
    putOrderRow(dbs, source, original);
    assertThat(new Verifier(plan).run().passed()).isTrue();
  }

  private static Object[] orderRow(RealReshardDatabases dbs, String shard, long order)
      throws SQLException {
    try (Connection c = dbs.connect(shard);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT order_id, user_id, amount, note FROM orders WHERE order_id = " + order)) {
      assertThat(rs.next()).isTrue();
      return new Object[] {rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4)};
    }
  }

  /** Replaces (or restores) one orders row on one shard with {@code row}. */
  private static void putOrderRow(RealReshardDatabases dbs, String shard, Object[] row)
      throws SQLException {
    try (Connection c = dbs.connect(shard);
        PreparedStatement delete = c.prepareStatement("DELETE FROM orders WHERE order_id = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO orders (order_id, user_id, amount, note) VALUES (?, ?, ?, ?)")) {
      delete.setObject(1, row[0]);
      delete.executeUpdate();
      for (int i = 0; i < row.length; i++) {
        insert.setObject(i + 1, row[i]);
      }
      insert.executeUpdate();
    }
  }

  private static String failedVerify(PlanFile plan) throws SQLException {
    Verifier.Result result = new Verifier(plan).run();
    StringWriter out = new StringWriter();
    result.print(new PrintWriter(out, true));
    assertThat(result.passed()).as(out.toString()).isFalse();
    return out.toString();
  }

  private static void execute(RealReshardDatabases dbs, String shard, String sql)
      throws SQLException {
    try (Connection c = dbs.connect(shard);
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  static HashRing ring(List<String> shards) {
    Map<String, Integer> weights = new TreeMap<>();
    shards.forEach(s -> weights.put(s, 1));
    return HashRing.of(512, weights);
  }

  static void load(RealReshardDatabases dbs, HashRing oldRing, List<String> oldShards, int rowCount)
      throws SQLException {
    int users = rowCount / 3;
    int orders = rowCount - users;
    LocalDateTime epoch = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (String shard : oldShards) {
      try (Connection c = dbs.connect(shard);
          PreparedStatement u = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)");
          PreparedStatement o = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)");
          PreparedStatement k = c.prepareStatement("INSERT INTO countries VALUES (?, ?)")) {
        c.setAutoCommit(false);
        for (int i = 0; i < 50; i++) {
          k.setString(1, "" + (char) ('A' + i / 26) + (char) ('A' + i % 26));
          k.setString(2, "Country " + i + " – ünïcödé");
          k.addBatch();
        }
        k.executeBatch();
        int pending = 0;
        for (long id = 1; id <= users; id++) {
          if (oldRing.shardFor(id).equals(shard)) {
            u.setLong(1, id);
            u.setString(2, "user-" + id + (id % 5 == 0 ? " ß" : ""));
            u.setBigDecimal(3, id % 11 == 0 ? null : BigDecimal.valueOf(id * 37 % 100_000, 2));
            u.setTimestamp(4, Timestamp.valueOf(epoch.plusSeconds(id * 61)));
            u.addBatch();
            if (++pending % 5000 == 0) {
              u.executeBatch();
            }
          }
        }
        u.executeBatch();
        for (long id = 1; id <= orders; id++) {
          long userId = id % users + 1;
          if (oldRing.shardFor(userId).equals(shard)) {
            o.setLong(1, id);
            o.setLong(2, userId);
            o.setBigDecimal(3, BigDecimal.valueOf(id * 13 % 1_000_000, 2));
            // Tabs, newlines and backslashes: COPY text escapes them.
            o.setString(
                4,
                id % 7 == 0
                    ? null
                    : "order " + id + (id % 10 == 3 ? "\ttab\nline\r\\ back\\slash" : ""));
            o.addBatch();
            if (++pending % 5000 == 0) {
              o.executeBatch();
            }
          }
        }
        o.executeBatch();
        c.commit();
      }
    }
  }

  /**
   * The limit: the same number of rows of the same tables as {@code copy} moved, from the same
   * source databases into the same target database ({@code bench_*} tables of reshard_d, shaped
   * like the real ones), copied the plainest fast way, one (table, source) after the other, no
   * filtering, no checkpoint, no idempotence: PostgreSQL {@code COPY (SELECT … ORDER BY pk LIMIT n)
   * TO STDOUT (FORMAT binary)} then {@code COPY … FROM STDIN (FORMAT binary)}; MariaDB a streamed
   * {@code SELECT … ORDER BY pk LIMIT n} into JDBC batches of 1,000 inserts.
   */
  private static double plainBulkCopyRowsPerSecond(
      RealReshardDatabases dbs, Engine engine, Map<String, Map<String, Long>> movedRows)
      throws Exception {
    long started = System.nanoTime();
    long rows = 0;
    for (Map.Entry<String, Map<String, Long>> table : movedRows.entrySet()) {
      for (Map.Entry<String, Long> source : table.getValue().entrySet()) {
        rows += plainBulkCopy(dbs, engine, table.getKey(), source.getKey(), source.getValue());
      }
    }
    return rows / ((System.nanoTime() - started) / 1e9);
  }

  private static long plainBulkCopy(
      RealReshardDatabases dbs,
      Engine engine,
      String table,
      String sourceDb,
      long limit /* -1: all */)
      throws Exception {
    String select =
        "SELECT * FROM "
            + table
            + (limit < 0 ? "" : " ORDER BY " + PRIMARY_KEYS.get(table) + " LIMIT " + limit);
    try (Connection source = dbs.connect(sourceDb);
        Connection target = dbs.connect(dbs.newShard())) {
      if (engine == Engine.PG) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CopyManager out = source.unwrap(PGConnection.class).getCopyAPI();
        long rows = out.copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)", buffer);
        target
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY bench_" + table + " FROM STDIN (FORMAT binary)",
                new ByteArrayInputStream(buffer.toByteArray()));
        return rows;
      }
      target.setAutoCommit(false);
      long rows = 0;
      try (Statement read = source.createStatement();
          ResultSet rs = streamed(read).executeQuery(select)) {
        int columns = rs.getMetaData().getColumnCount();
        try (PreparedStatement write =
            target.prepareStatement(
                "INSERT INTO bench_" + table + " VALUES (" + "?, ".repeat(columns - 1) + "?)")) {
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              write.setObject(i, rs.getObject(i));
            }
            write.addBatch();
            if (++rows % 1000 == 0) {
              write.executeBatch();
            }
          }
          write.executeBatch();
          target.commit();
        }
      }
      return rows;
    }
  }

  private static void truncateBenchTables(RealReshardDatabases dbs) throws SQLException {
    try (Connection c = dbs.connect(dbs.newShard());
        Statement s = c.createStatement()) {
      for (String table : PRIMARY_KEYS.keySet()) {
        s.execute("TRUNCATE TABLE bench_" + table);
      }
    }
  }

  private static Statement streamed(Statement statement) throws SQLException {
    statement.setFetchSize(5000);
    return statement;
  }

  /** Per table, per old shard: how many rows reshard_d received from it, by direct connection. */
  private static Map<String, Map<String, Long>> movedRowsOnNewShard(
      RealReshardDatabases dbs, HashRing oldRing) throws SQLException {
    Map<String, Map<String, Long>> moved = new LinkedHashMap<>();
    try (Connection c = dbs.connect(dbs.newShard());
        Statement s = c.createStatement()) {
      for (String table : List.of("users", "orders")) {
        Map<String, Long> bySource = new TreeMap<>();
        try (ResultSet rs = s.executeQuery("SELECT user_id FROM " + table)) {
          while (rs.next()) {
            bySource.merge(oldRing.shardFor(rs.getLong(1)), 1L, Long::sum);
          }
        }
        moved.put(table, bySource);
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM countries")) {
        rs.next();
        moved.put("countries", Map.of(dbs.broadcastSource(), rs.getLong(1)));
      }
    }
    return moved;
  }

  static long[] checksum(RealReshardDatabases dbs, String table, List<String> shards)
      throws SQLException {
    long rows = 0;
    long sum = 0;
    LongHashFunction xxh = LongHashFunction.xx();
    for (String shard : shards) {
      try (Connection c = dbs.connect(shard);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          StringBuilder text = new StringBuilder();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            text.append(rs.getString(i)).append('|');
          }
          rows++;
          sum += xxh.hashChars(text);
        }
      }
    }
    return new long[] {rows, sum};
  }
}
