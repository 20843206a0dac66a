package io.shardwise.bench.jmh;

import java.util.SplittableRandom;

/**
 * Pre-boxed random keys, so a benchmark measures routing, not {@code Long.valueOf}: the driver
 * receives keys already boxed by {@code setLong}'s storage too (see docs/benchmarks.md).
 */
final class Keys {

  static final int COUNT = 4096; // a power of two

  private final Long[] keys = new Long[COUNT];
  private int next;

  Keys() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < COUNT; i++) {
      keys[i] = random.nextLong(1, 10_000_000);
    }
  }

  Long next() {
    return keys[next++ & (COUNT - 1)];
  }
}
