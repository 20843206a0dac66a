package io.shardwise.router.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.shardwise.router.config.RingSettings;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * How a ring is built: whatever the shard names, weights, virtual nodes and points (random ones,
 * colliding ones, ones crowded into one bucket), the ring answers every lookup as the plain
 * definition does (all points sorted, ties to the first shard name, the first point at or after the
 * hash); and the largest ring a shard map may ask for builds within its time and memory budget.
 */
class HashRingBuildTest {

  private static final long SEED = 20_261_204L;
  private static final String NAME_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-#é";

  @Test
  void randomMaps_placeEveryHashAsTheDefinitionDoes() {
    Random random = new Random(SEED);
    int[] virtualNodeChoices = {1, 2, 3, 5, 17, 100, 512, 1000};
    for (int map = 0; map < 60; map++) {
      Map<String, Integer> weights = new LinkedHashMap<>();
      int shards = 1 + random.nextInt(12);
      while (weights.size() < shards) {
        weights.put(randomName(random), 1 + random.nextInt(5));
      }
      int virtualNodes = virtualNodeChoices[random.nextInt(virtualNodeChoices.length)];
      assertAgreesWithTheDefinition(
          virtualNodes, weights, new HashRing.PointText(), random, "map " + map);
    }
  }

  /**
   * Points no real name produces: every point equal, points crowded into one bucket (so a bucket is
   * sorted by the heap sort, not the insertion sort), descending points, points at both ends of the
   * space, and few distinct values shared by every shard.
   */
  @Test
  void collidingAndCrowdedPoints_placeEveryHashAsTheDefinitionDoes() {
    Map<String, HashRing.PointDerivation> derivations = new LinkedHashMap<>();
    derivations.put("all equal", (name, i) -> 42L);
    derivations.put("one bucket", (name, i) -> 1000L + (i * 7L + name.length()) % 97);
    derivations.put("descending", (name, i) -> -i * 1_000_003L - name.hashCode());
    derivations.put("both ends", (name, i) -> i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i);
    derivations.put("five values", (name, i) -> (long) (i % 5) << 60);
    Random random = new Random(SEED);
    for (Map.Entry<String, HashRing.PointDerivation> derivation : derivations.entrySet()) {
      for (int virtualNodes : new int[] {1, 3, 64, 700}) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("s3", 2);
        weights.put("s1", 1);
        weights.put("s2", 3);
        assertAgreesWithTheDefinition(
            virtualNodes,
            weights,
            derivation.getValue(),
            random,
            derivation.getKey() + ", " + virtualNodes + " virtual nodes");
      }
    }
  }

  @Test
  void aRingOfTheLimit_builds_oneMorePointIsRefused() {
    int half = RingSettings.MAX_POINTS / 2;
    HashRing ring = HashRing.of(half, Map.of("s1", 1, "s2", 1));
    assertThat(ring.pointCount()).isEqualTo(RingSettings.MAX_POINTS);
    assertThat(ring.ownershipShares().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    for (Map<String, Integer> weights :
        List.of(Map.of("s1", 1, "s2", 1, "s3", 1), Map.of("s1", 2, "s2", 1), Map.of("s1", 3))) {
      assertThatThrownBy(() -> HashRing.of(half + 1, weights))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too large")
          .hasMessageContaining(String.valueOf(RingSettings.MAX_POINTS));
    }
    assertThatThrownBy(() -> HashRing.of(10_000, Map.of("s1", 1000, "s2", 1000)))
        .hasMessageContaining("20000000 points");
  }

  /**
   * The largest ring a shard map may ask for, spread over 2 shards and over 256, builds in at most
   * 1 s of this thread's CPU time and allocates at most 40 MB: the ring's arrays (16 MB) and one
   * copy of the points and owners for the sort. CPU time rather than elapsed time, so that other
   * processes on a busy machine do not decide the result; docs/ring.md has the elapsed times.
   */
  @Test
  void theLargestRing_buildsWithinOneSecondOfCpuAndFortyMegabytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int shards : new int[] {2, 256}) {
      Map<String, Integer> weights = new LinkedHashMap<>();
      for (int s = 1; s <= shards; s++) {
        weights.put("shard-" + s, 1);
      }
      int virtualNodes = RingSettings.MAX_POINTS / shards;
      long cpu = threads.getCurrentThreadCpuTime();
      long allocated = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      HashRing ring = HashRing.of(virtualNodes, weights);
      long elapsed = System.nanoTime() - start;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
      System.out.printf(
          "[ring] build of %d points on %d shards: %d ms elapsed, %d ms CPU, %.1f MB allocated%n",
          ring.pointCount(), shards, elapsed / 1_000_000, cpu / 1_000_000, allocated / 1e6);
      assertThat(ring.pointCount()).isEqualTo(RingSettings.MAX_POINTS);
      assertThat(cpu).as("CPU nanoseconds, %d shards", shards).isLessThanOrEqualTo(1_000_000_000L);
      assertThat(allocated).as("bytes allocated, %d shards", shards).isLessThanOrEqualTo(40L << 20);
    }
  }

  /**
   * Builds the ring, and the definition's sorted list of points, and compares their answers on
   * every point, its neighbours, the ends of the space and random hashes.
   */
  private static void assertAgreesWithTheDefinition(
      int virtualNodes,
      Map<String, Integer> weights,
      HashRing.PointDerivation derivation,
      Random random,
      String what) {
    HashRing ring = HashRing.of(virtualNodes, weights, derivation);
    List<String> names = new ArrayList<>(new TreeSet<>(weights.keySet()));
    List<long[]> points = new ArrayList<>(); // {value, owner's position in the sorted names}
    for (int s = 0; s < names.size(); s++) {
      for (int i = 0; i < virtualNodes * weights.get(names.get(s)); i++) {
        points.add(new long[] {derivation.point(names.get(s), i), s});
      }
    }
    points.sort(
        Comparator.<long[]>comparingLong(point -> point[0]).thenComparingLong(point -> point[1]));
    assertThat(ring.pointCount()).as(what).isEqualTo(points.size());
    assertThat(ring.shardNames()).as(what).isEqualTo(names);
    List<Long> probes = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
    for (long[] point : points) {
      probes.addAll(List.of(point[0] - 1, point[0], point[0] + 1));
    }
    for (int i = 0; i < 2_000; i++) {
      probes.add(random.nextLong());
    }
    for (long probe : probes) {
      int low = 0; // the first point >= probe, by a plain binary search
      int high = points.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (points.get(mid)[0] < probe) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      String expected = names.get((int) points.get(low == points.size() ? 0 : low)[1]);
      String actual = ring.shardForHash(probe);
      if (!actual.equals(expected)) {
        assertThat(actual).as("%s, %s: hash %d", what, weights, probe).isEqualTo(expected);
      }
    }
  }

  /** A shard name of 1 to 12 characters, some of them outside what a shard map allows. */
  private static String randomName(Random random) {
    StringBuilder name = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return name.toString();
  }
}
