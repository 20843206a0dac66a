package io.shardwise.driver.runtime;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Connects once through {@code DriverManager} to a shard map of H2 in-memory shards and prints what
 * the first connection cost: run in a JVM of its own (by {@link LargestMapStartTest}, with {@code
 * -Xmx64m}) so that the figures are those of a cold start.
 *
 * <p>Arguments: shards, weight of each, virtualNodes. Prints one line {@code connect elapsedMs=...
 * cpuMs=... allocatedMb=... heapAfterGcMb=... points=...}; exits with 1 on an SQLException.
 */
public final class LargestMapStart {

  private LargestMapStart() {}

  public static void main(String[] args) throws Exception {
    int shards = Integer.parseInt(args[0]);
    int weight = Integer.parseInt(args[1]);
    int virtualNodes = Integer.parseInt(args[2]);
    Path map = Files.createTempFile("largest-map", ".yaml");
    Files.writeString(
        map, yaml("largest-" + ProcessHandle.current().pid(), shards, weight, virtualNodes));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocated = threads.getCurrentThreadAllocatedBytes();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    try (Connection connection = DriverManager.getConnection("jdbc:shardwise:" + map)) {
      long elapsed = System.nanoTime() - start;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT 1")) {
        rows.next();
      }
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      int points =
          RuntimeRegistry.find(ShardwiseUrl.parse("jdbc:shardwise:" + map))
              .orElseThrow()
              .router()
              .ring()
              .pointCount();
      System.out.printf(
          Locale.ROOT,
          "connect elapsedMs=%d cpuMs=%d allocatedMb=%.1f heapAfterGcMb=%.1f points=%d%n",
          elapsed / 1_000_000,
          cpu / 1_000_000,
          allocated / 1e6,
          heap / 1e6,
          points);
    } catch (SQLException e) {
      System.out.println("refused " + e.getSQLState() + " " + e.getMessage());
      System.exit(1);
    } finally {
      RuntimeRegistry.shutdownAll();
      Files.deleteIfExists(map);
    }
  }

  /** A map of {@code shards} H2 in-memory shards, each of {@code weight}. */
  static String yaml(String prefix, int shards, int weight, int virtualNodes) {
    StringBuilder yaml =
        new StringBuilder("version: 1\nring: { virtualNodes: ")
            .append(virtualNodes)
            .append(" }\nshards:\n");
    for (int s = 1; s <= shards; s++) {
      yaml.append("  - name: s")
          .append(s)
          .append("\n    weight: ")
          .append(weight)
          .append("\n    primary: { url: \"jdbc:h2:mem:")
          .append(prefix)
          .append("-s")
          .append(s)
          .append(";DB_CLOSE_DELAY=-1\", user: sa }\n");
    }
    return yaml.append("tables:\n  users: { shardKey: user_id }\ndefaultShard: s1\n").toString();
  }
}
