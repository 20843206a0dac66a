package io.shardwise.bench.load;

import io.shardwise.bench.HandScatter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * One operation of a workload, on a connection borrowed for it (the pattern of an application or an
 * ORM: borrow, prepare, execute, give back). Table {@code bench_sbtest} as sysbench's {@code
 * sbtest}, sharded by {@code id}.
 */
enum Workload {
  /** sysbench {@code oltp_point_select}: one SELECT by primary key. */
  POINT_SELECT("point-select") {
    @Override
    void run(Connection c, Client client) throws SQLException {
      pointSelect(c, client.randomId());
    }
  },

  /** sysbench {@code oltp_update_index}: one autocommit UPDATE by primary key. */
  POINT_UPDATE("point-update") {
    @Override
    void run(Connection c, Client client) throws SQLException {
      try (PreparedStatement s =
          c.prepareStatement("UPDATE bench_sbtest SET k = k + 1 WHERE id = ?")) {
        s.setLong(1, client.randomId());
        s.executeUpdate();
      }
    }
  },

  /**
   * sysbench {@code oltp_read_write} with its defaults: one transaction of 10 point SELECTs, a
   * simple, a SUM, an ORDER BY and a DISTINCT range of 100 ids, an index and a non-index UPDATE, a
   * DELETE and an INSERT of the deleted row. Ranges of the shard key span every shard, as they
   * would for an application that shards sbtest by id. The writes of one transaction touch one id
   * the client owns, so clients never deadlock or collide on the re-insert.
   */
  MIXED("mixed") {
    @Override
    void run(Connection c, Client client) throws SQLException {
      c.setAutoCommit(false);
      try {
        for (int i = 0; i < 10; i++) {
          pointSelect(c, client.randomId());
        }
        range(c, "SELECT c FROM bench_sbtest WHERE id BETWEEN ? AND ?", client);
        range(c, "SELECT SUM(k) FROM bench_sbtest WHERE id BETWEEN ? AND ?", client);
        range(c, "SELECT c FROM bench_sbtest WHERE id BETWEEN ? AND ? ORDER BY c", client);
        range(c, "SELECT DISTINCT c FROM bench_sbtest WHERE id BETWEEN ? AND ? ORDER BY c", client);
        long id = client.ownedId();
        try (PreparedStatement s =
            c.prepareStatement("UPDATE bench_sbtest SET k = k + 1 WHERE id = ?")) {
          s.setLong(1, id);
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement("UPDATE bench_sbtest SET c = ? WHERE id = ?")) {
          s.setString(1, client.text(120));
          s.setLong(2, id);
          s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM bench_sbtest WHERE id = ?")) {
          s.setLong(1, id);
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement("INSERT INTO bench_sbtest (id, k, c, pad) VALUES (?, ?, ?, ?)")) {
          s.setLong(1, id);
          s.setInt(2, client.random.nextInt(1_000_000));
          s.setString(3, client.text(120));
          s.setString(4, client.text(60));
          s.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  },

  /** A cross-shard page, {@link HandScatter#SQL}: {@code ORDER BY id LIMIT 100} over every row. */
  SCATTER_ORDER_LIMIT("scatter-order-limit") {
    @Override
    void run(Connection c, Client client) throws SQLException {
      try (PreparedStatement s = c.prepareStatement(HandScatter.SQL);
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          client.sink += rs.getLong(1) + rs.getString(3).length();
        }
      }
    }
  };

  private final String label;

  Workload(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static Workload of(String label) {
    for (Workload w : values()) {
      if (w.label.equals(label)) {
        return w;
      }
    }
    throw new IllegalArgumentException("Unknown workload " + label);
  }

  abstract void run(Connection c, Client client) throws SQLException;

  private static void pointSelect(Connection c, long id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT k, c, pad FROM bench_sbtest WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("No row with id " + id);
        }
      }
    }
  }

  private static void range(Connection c, String sql, Client client) throws SQLException {
    long from = client.randomId();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, from);
      s.setLong(2, from + 99);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          client.sink += rs.getString(1) == null ? 0 : 1;
        }
      }
    }
  }

  /** One client thread's random source and the ids it owns for writes. */
  static final class Client {
    final SplittableRandom random;
    private final long rows;
    private final int clients;
    private final int index;
    long sink;

    Client(long seed, long rows, int clients, int index) {
      this.random = new SplittableRandom(seed);
      this.rows = rows;
      this.clients = clients;
      this.index = index;
    }

    long randomId() {
      return 1 + random.nextLong(rows);
    }

    /** An id with {@code id % clients == index}: no other client writes it. */
    long ownedId() {
      long id = randomId() / clients * clients + index;
      return id < 1 ? id + clients : id;
    }

    String text(int length) {
      StringBuilder b = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        b.append((char) ('a' + random.nextInt(26)));
      }
      return b.toString();
    }
  }
}
