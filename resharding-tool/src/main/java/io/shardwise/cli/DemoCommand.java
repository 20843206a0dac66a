package io.shardwise.cli;

import io.shardwise.driver.RouteTrace;
import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.driver.ShardwiseDriver;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs shardwise on three embedded H2 shards: creates tables and loads rows through the driver with
 * plain JDBC, then shows where rows landed and which node served each read.
 */
@Command(
    name = "demo",
    description = "Run shardwise on 3 embedded H2 shards and show where rows and reads go.")
final class DemoCommand implements Callable<Integer> {

  static final int SHARDS = 3;
  static final int USERS = 12;
  static final String[][] COUNTRIES = {{"FR", "France"}, {"JP", "Japan"}, {"BR", "Brazil"}};

  @Spec CommandSpec spec;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    String run = Long.toString(System.nanoTime(), 36);
    List<String> shardUrls = new ArrayList<>();
    for (int i = 1; i <= SHARDS; i++) {
      shardUrls.add("jdbc:h2:mem:shardwise-demo-" + run + "-s" + i + ";DB_CLOSE_DELAY=-1");
    }
    Path map = Files.createTempFile("shardwise-demo-", ".yaml");
    try {
      createReplicaLogins(shardUrls);
      Files.writeString(map, DemoShardMap.yaml(shardUrls));
      heading("Shard map " + map);
      out.print(Files.readString(map));
      out.println(
          "Each shard is an in-memory H2 database. Its 'replica' is a read-only login (user"
              + " REPLICA) to the same database: H2 has no replication, so the demo shows where"
              + " reads are sent, not replica lag.");
      String url = "jdbc:shardwise:" + map;
      try (Connection connection = DriverManager.getConnection(url)) {
        ShardwiseConnection shardwise = connection.unwrap(ShardwiseConnection.class);
        createSchema(connection, shardwise);
        load(connection, shardwise);
        showPlacement(shardUrls);
        showReads(connection, shardwise);
        showRefusals(connection);
      } finally {
        ShardwiseDriver.shutdown(url);
      }
      return 0;
    } finally {
      Files.deleteIfExists(map);
    }
  }

  /** The replica login may only read: a write sent to it by mistake would fail. */
  private static void createReplicaLogins(List<String> shardUrls) throws SQLException {
    for (String shardUrl : shardUrls) {
      try (Connection c = DriverManager.getConnection(shardUrl, "sa", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE USER IF NOT EXISTS replica PASSWORD 'replica'");
        s.execute("GRANT SELECT ON SCHEMA PUBLIC TO replica");
      }
    }
  }

  private void createSchema(Connection connection, ShardwiseConnection shardwise)
      throws SQLException {
    heading("DDL through the driver");
    try (Statement s = connection.createStatement()) {
      run(
          s,
          shardwise,
          "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40),"
              + " country CHAR(2))");
      run(
          s,
          shardwise,
          "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL,"
              + " total DECIMAL(10,2))");
      run(s, shardwise, "CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(40))");
      run(s, shardwise, "CREATE TABLE audit_log (id BIGINT PRIMARY KEY, note VARCHAR(80))");
    }
  }

  private void run(Statement s, ShardwiseConnection shardwise, String sql) throws SQLException {
    s.execute(sql);
    out.printf("%-60.60s -> %s%n", sql, shardwise.lastRoute().route());
  }

  private void load(Connection connection, ShardwiseConnection shardwise) throws SQLException {
    heading("Rows loaded through the driver");
    try (PreparedStatement country =
        connection.prepareStatement("INSERT INTO countries (code, name) VALUES (?, ?)")) {
      for (String[] c : COUNTRIES) {
        country.setString(1, c[0]);
        country.setString(2, c[1]);
        country.executeUpdate();
      }
      out.printf(
          "%d countries (broadcast) -> %s%n", COUNTRIES.length, shardwise.lastRoute().route());
    }
    try (PreparedStatement user =
        connection.prepareStatement(
            "INSERT INTO users (user_id, name, country) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= USERS; id++) {
        user.setLong(1, id);
        user.setString(2, "user-" + id);
        user.setString(3, COUNTRIES[(int) (id % COUNTRIES.length)][0]);
        user.executeUpdate();
        out.printf("user %2d -> %s%n", id, shardwise.lastRoute().nodes());
      }
    }
    try (PreparedStatement order =
        connection.prepareStatement(
            "INSERT INTO orders (order_id, user_id, total) VALUES (?, ?, ?)")) {
      for (long id = 1; id <= USERS * 2; id++) {
        order.setLong(1, 1000 + id);
        order.setLong(2, (id % USERS) + 1);
        order.setBigDecimal(3, java.math.BigDecimal.valueOf(id * 250, 2));
        order.addBatch();
      }
      int[] counts = order.executeBatch();
      out.printf(
          "%d orders in one JDBC batch, split per shard: %d rows inserted%n",
          counts.length, java.util.Arrays.stream(counts).sum());
    }
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("INSERT INTO audit_log (id, note) VALUES (1, 'demo loaded')");
      out.printf("audit_log (unsharded) -> %s%n", shardwise.lastRoute().route());
    }
  }

  /** Opens each shard directly, bypassing the driver, to show what it holds. */
  private void showPlacement(List<String> shardUrls) throws SQLException {
    heading("What each shard holds (read directly from H2, not through the driver)");
    for (int i = 0; i < shardUrls.size(); i++) {
      try (Connection c = DriverManager.getConnection(shardUrls.get(i), "sa", "");
          Statement s = c.createStatement()) {
        out.printf(
            "s%d: users %s | orders %d | countries %d | audit_log %s%n",
            i + 1,
            ids(s, "SELECT user_id FROM users ORDER BY user_id"),
            count(s, "orders"),
            count(s, "countries"),
            i == 0 ? Integer.toString(count(s, "audit_log")) : "- (unsharded: only on s1)");
      }
    }
  }

  private void showReads(Connection connection, ShardwiseConnection shardwise) throws SQLException {
    heading("Reads: which node served each one");
    String byKey = "SELECT name, CURRENT_USER FROM users WHERE user_id = ?";
    try (PreparedStatement read = connection.prepareStatement(byKey)) {
      for (long id = 1; id <= 4; id++) {
        read.setLong(1, id);
        try (ResultSet rs = read.executeQuery()) {
          rs.next();
          describeRead("user " + id + " -> " + rs.getString(1), rs.getString(2), shardwise);
        }
      }
    }
    String join =
        "SELECT u.name, c.name, CURRENT_USER FROM users u JOIN countries c ON c.code = u.country"
            + " WHERE u.user_id = ?";
    try (PreparedStatement read = connection.prepareStatement(join)) {
      read.setLong(1, 5);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        describeRead(
            "join with broadcast table: " + rs.getString(1) + " lives in " + rs.getString(2),
            rs.getString(3),
            shardwise);
      }
    }
    connection.setAutoCommit(false);
    try (PreparedStatement read = connection.prepareStatement(byKey)) {
      read.setLong(1, 6);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        describeRead(
            "inside a transaction: user 6 -> " + rs.getString(1), rs.getString(2), shardwise);
      }
      connection.commit();
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private void describeRead(String what, String h2User, ShardwiseConnection shardwise) {
    RouteTrace trace = shardwise.lastRoute();
    out.printf(
        "%-50s served by %s (H2 login %s): %s%n",
        what, trace.nodes(), h2User, trace.roleReason().description());
  }

  private void showRefusals(Connection connection) throws SQLException {
    heading("What shardwise refuses rather than answer wrongly");
    String[] refused = {
      "SELECT COUNT(DISTINCT name) FROM users",
      "UPDATE users SET user_id = 99 WHERE user_id = 3",
      "INSERT INTO users (user_id, name) VALUES (NULL, 'nobody')"
    };
    try (Statement s = connection.createStatement()) {
      for (String sql : refused) {
        try {
          s.execute(sql);
          out.printf("%s -> unexpectedly accepted%n", sql);
        } catch (SQLException e) {
          out.printf("%s%n  -> SQLState %s: %s%n", sql, e.getSQLState(), e.getMessage());
        }
      }
    }
  }

  private static String ids(Statement s, String sql) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids.toString();
  }

  private static int count(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void heading(String title) {
    out.printf("%n== %s%n", title);
  }
}
