package io.shardwise.bench.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Run in a fresh JVM by the harness: times {@code DriverManager.getConnection} for a large shard
 * map with lazy pools, then the first statement (an ORM-style point SELECT): prepare (analysis),
 * and the first execution (routing, the lazy start of one node's pool, the database's connect, the
 * query). Prints one line: {@code getConnection=<ms> prepare=<ms> firstExecute=<ms>
 * connectOnly=<ms>}, where connectOnly is a plain JDBC connect to another database of the same
 * engine, done afterwards.
 */
public final class FirstStatement {

  private FirstStatement() {}

  public static void main(String[] args) throws SQLException {
    String url = args[0];
    String probeUrl = args[1];
    long cold = System.nanoTime();
    DriverManager.getConnection(probeUrl, "sa", "").close();
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url)) {
      long t1 = System.nanoTime();
      try (PreparedStatement s =
          c.prepareStatement(
              "select u1_0.user_id,u1_0.name from users u1_0 where u1_0.user_id=?")) {
        long t2 = System.nanoTime();
        s.setLong(1, 42L);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
        }
        long t3 = System.nanoTime();
        System.out.printf(
            "h2Cold=%.1f getConnection=%.1f prepare=%.1f firstExecute=%.1f%n",
            (t0 - cold) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
      }
    }
  }
}
