package io.shardwise.bench.load;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;

/**
 * Runs a workload against every target in short alternating rounds: round {@code r} starts with
 * target {@code r mod n}, so drift of a busy machine (other builds, a GC, a CPU frequency change)
 * falls on every target alike, and ratios come from one run.
 */
final class Rounds {

  private static final com.sun.management.OperatingSystemMXBean CLIENT =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final int threads;
  private final long roundNanos;
  private final int rounds;
  private final long rows;

  Rounds(int threads, double roundSeconds, int rounds, long rows) {
    this.threads = threads;
    this.roundNanos = (long) (roundSeconds * 1e9);
    this.rounds = rounds;
    this.rows = rows;
  }

  /** One warm-up round per target (discarded), then the measured rounds. */
  Map<String, Stats> run(Workload workload, List<Target> targets) throws InterruptedException {
    for (Target target : targets) {
      round(workload, target, new Stats(), -1);
    }
    Map<String, Stats> stats = new LinkedHashMap<>();
    for (Target target : targets) {
      stats.put(target.name(), new Stats());
    }
    for (int r = 0; r < rounds; r++) {
      for (Target target : order(targets, r)) {
        round(workload, target, stats.get(target.name()), r);
      }
    }
    return stats;
  }

  /**
   * The order of the targets in round {@code round} (negative for warm-up rounds). A round of a
   * target slows the next one on the same server (InnoDB and PostgreSQL still flush and clean up
   * after it): with a fixed rotation each target always follows the same one, which measured a
   * one-shard batch on MariaDB at 0.75 of direct, and direct itself as slow once a second direct
   * pool ran just before it. So rounds rotate the targets, then rotate them in reverse: each leads
   * once in any {@code n} rounds and follows two others in turn, and for three targets the six
   * rounds are the six orders.
   */
  static <T> List<T> order(List<T> targets, int round) {
    int n = targets.size();
    int k = Math.floorMod(round, 2 * n);
    List<T> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(targets.get((k + i) % n));
    }
    if (k >= n) {
      Collections.reverse(order);
    }
    return order;
  }

  private void round(Workload workload, Target target, Stats stats, int round)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> clients = new ArrayList<>();
    long[] began = new long[1];
    for (int t = 0; t < threads; t++) {
      Workload.Client client = new Workload.Client(31L * round + t, rows, threads, t);
      Thread thread =
          new Thread(
              () -> client(workload, target, client, start, began, stats),
              "bench-" + target.name() + "-" + t);
      clients.add(thread);
      thread.start();
    }
    long cpu = CLIENT.getProcessCpuTime();
    began[0] = System.nanoTime();
    start.countDown();
    for (Thread thread : clients) {
      thread.join();
    }
    long elapsed = System.nanoTime() - began[0];
    cpu = CLIENT.getProcessCpuTime() - cpu;
    synchronized (stats) {
      stats.nanos += elapsed;
      stats.clientCpuNanos += cpu;
    }
  }

  private void client(
      Workload workload,
      Target target,
      Workload.Client client,
      CountDownLatch start,
      long[] began,
      Stats stats) {
    Histogram histogram = new Histogram(60_000_000_000L, 3);
    long ops = 0;
    long errors = 0;
    String error = null;
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long end = began[0] + roundNanos;
    long now = System.nanoTime();
    while (now < end) {
      try {
        target.operation().run(workload, client);
        long done = System.nanoTime();
        histogram.recordValue(done - now);
        ops++;
        now = done;
      } catch (SQLException | RuntimeException e) {
        errors++;
        if (error == null) {
          error = e.toString();
        }
        now = System.nanoTime();
      }
    }
    stats.add(histogram, ops, errors, error);
  }
}
