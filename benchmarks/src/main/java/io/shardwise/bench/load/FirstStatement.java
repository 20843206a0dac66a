package io.shardwise.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Run in a fresh JVM by the harness: times {@code DriverManager.getConnection} for a large shard
 * map with lazy pools, then the first statement (an ORM-style point SELECT): prepare (analysis),
 * and the first execution (routing, the lazy start of one node's pool, the database's connect, the
 * query). Prints one line: {@code h2Cold=<ms> getConnection=<ms> prepare=<ms> firstExecute=<ms>
 * getConnectionCpu=<ms> prepareCpu=<ms>}, where h2Cold is a plain H2 connect done first (H2's own
 * cold start, excluded) and the last two are the CPU time of the calling thread in those steps: on
 * a machine shared with other work the wall-clock figures mostly measure waiting for a core.
 */
public final class FirstStatement {

  private FirstStatement() {}

  public static void main(String[] args) throws SQLException {
    String url = args[0];
    String probeUrl = args[1];
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean(); // not the MBean server: no JMX start
    long cold = System.nanoTime();
    DriverManager.getConnection(probeUrl, "sa", "").close();
    long c0 = cpu.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url)) {
      long t1 = System.nanoTime();
      long c1 = cpu.getCurrentThreadCpuTime();
      try (PreparedStatement s =
          c.prepareStatement(
              "select u1_0.user_id,u1_0.name from users u1_0 where u1_0.user_id=?")) {
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        s.setLong(1, 42L);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
        }
        long t3 = System.nanoTime();
        System.out.printf(
            "h2Cold=%.1f getConnection=%.1f prepare=%.1f firstExecute=%.1f getConnectionCpu=%.1f"
                + " prepareCpu=%.1f%n",
            (t0 - cold) / 1e6,
            (t1 - t0) / 1e6,
            (t2 - t1) / 1e6,
            (t3 - t2) / 1e6,
            (c1 - c0) / 1e6,
            (c2 - c1) / 1e6);
      }
    }
  }
}
