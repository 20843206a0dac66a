package io.shardwise.bench.load;

import org.HdrHistogram.Histogram;

/** What one configuration did over all its rounds of one workload. */
final class Stats {

  /** Latencies in nanoseconds, up to a minute, 3 significant digits. */
  final Histogram latency = new Histogram(60_000_000_000L, 3);

  long operations;
  long nanos;

  /**
   * CPU time of the whole client JVM (every thread: clients, the driver's, JIT, GC) during this
   * configuration's rounds. Per operation it is what the client side costs whatever the servers are
   * doing, which on a 2-core host shared with the servers is steadier than throughput.
   */
  long clientCpuNanos;

  long errors;
  String firstError;

  synchronized void add(Histogram h, long ops, long errs, String error) {
    latency.add(h);
    operations += ops;
    errors += errs;
    if (firstError == null) {
      firstError = error;
    }
  }

  double perSecond() {
    return nanos == 0 ? 0 : operations * 1e9 / nanos;
  }

  double clientCpuMicrosPerOperation() {
    return operations == 0 ? 0 : clientCpuNanos / 1000.0 / operations;
  }

  double micros(double percentile) {
    return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
  }
}
