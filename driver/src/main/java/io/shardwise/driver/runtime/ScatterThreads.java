package io.shardwise.driver.runtime;

import java.util.concurrent.ExecutorService;

/**
 * The runtime's scatter threads, which run the per-shard parts of cross-shard statements in
 * parallel, and what such a part has recently cost, which decides whether handing parts to them is
 * worth it.
 *
 * <p>A hand-off costs the caller a wake-up of another thread and, when that thread wins the race
 * for a part, a wait for it to be scheduled: tens of microseconds of latency, and CPU on both
 * threads. A shard on another host answers in hundreds of microseconds or more, so running the
 * parts side by side saves far more than that; an in-process database (H2) or a warm local server
 * answers a simple query in a few microseconds, and there the hand-offs cost more than the query
 * they overlap. So the parts run on the caller's thread, one after another, while a recent part
 * took less than {@link #handOffNanos()}; the first parts of a runtime, whose cost is unknown, are
 * handed off.
 */
public final class ScatterThreads {

  /** Parts cheaper than this run on the caller's thread: about the cost of one hand-off. */
  public static final long DEFAULT_HAND_OFF_NANOS = 50_000;

  private final ExecutorService executor;
  private final long handOffNanos;

  /**
   * A moving average of the time one part took, in nanoseconds; negative until one was measured.
   * Updated without a lock by every caller: a lost update only delays the average by one sample.
   */
  private volatile long recentPartNanos = -1;

  public ScatterThreads(ExecutorService executor, long handOffNanos) {
    this.executor = executor;
    this.handOffNanos = handOffNanos;
  }

  public ExecutorService executor() {
    return executor;
  }

  public long handOffNanos() {
    return handOffNanos;
  }

  /** Whether the parts of the next statement should be offered to the scatter threads. */
  public boolean worthHandingOff() {
    long recent = recentPartNanos;
    return recent < 0 || recent >= handOffNanos;
  }

  /** Records that one part took {@code nanos}. */
  public void partTook(long nanos) {
    long recent = recentPartNanos;
    recentPartNanos = recent < 0 ? nanos : recent - (recent >> 3) + (nanos >> 3);
  }
}
