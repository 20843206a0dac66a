package io.shardwise.reshard;

import java.util.concurrent.TimeUnit;

/**
 * Spaces out rows so that all tasks together stay under a rate: each caller reserves the time its
 * rows take at that rate, after the reservations before it, and waits until its slot starts.
 */
final class RateLimiter {

  private final double nanosPerRow;
  private long nextFree = System.nanoTime();

  /** A limiter of {@code rowsPerSecond}; 0 or less means unlimited. */
  RateLimiter(long rowsPerSecond) {
    this.nanosPerRow = rowsPerSecond <= 0 ? 0 : 1e9 / rowsPerSecond;
  }

  void acquire(long rows) throws InterruptedException {
    if (nanosPerRow == 0 || rows == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long start = Math.max(now, nextFree);
      nextFree = start + (long) (rows * nanosPerRow);
      wait = start - now;
    }
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
