package io.shardwise.router.ring;

import io.shardwise.router.config.RingSettings;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.RoutingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.hashing.LongHashFunction;

/**
 * A consistent-hash ring over the 64-bit XXH64 space: each shard owns points on it, and a key
 * belongs to the shard owning the first point at or after the key's hash (in signed {@code long}
 * order), wrapping past the largest point to the smallest.
 *
 * <p>A shard of weight {@code w} gets {@code virtualNodes * w} points; its point {@code i} is the
 * XXH64 (seed 0) of the UTF-8 bytes of {@code name + "#" + i}, {@code i} in decimal from 0. Points
 * derive from the shard's name only, never from its position in the shard map, so reordering shards
 * moves nothing, adding a shard only takes keys onto the new one, and raising a shard's weight only
 * adds points to it. Two points of equal value (a 64-bit collision) go to the shard whose name
 * sorts first, so even that case does not depend on file order.
 *
 * <p>Immutable; lookups read three arrays and take no lock. A lookup does not binary-search the
 * points: {@link #buckets} cuts the hash space into at least as many equal ranges as there are
 * points and records where each range's points start, so a lookup jumps to its range and steps over
 * the (on average one) point in it. A binary search over 4,096 points took 12 dependent, mostly
 * mispredicted steps: a third of routing a prepared statement.
 */
public final class HashRing {

  private static final LongHashFunction XXH64 = LongHashFunction.xx();
  private static final double TWO_TO_THE_64 = Math.scalb(1.0, 64);
  private static final int INSERTION_SORT_MAX = 16;
  private static final int CHUNK = 4096;
  private static final int RADIX_BITS = 11;

  private final int virtualNodes;
  private final String[] names; // sorted; owners[] indexes into it
  private final long[] points; // sorted ascending, signed
  private final int[] owners; // owners[j] owns points[j]
  // A hash's bucket is its top 64 - bucketShift bits, in unsigned order; buckets[b] is the index
  // of the first point in bucket b or a later one.
  private final int bucketShift;
  private final int[] buckets;

  /**
   * Derives every point once, in shard-name order, then sorts them by bucket with a least
   * significant digit radix sort over the bucket bits (a digit of {@value #RADIX_BITS} bits per
   * pass, so each pass counts into an array that stays in the CPU cache), then sorts each bucket's
   * one or so points, and records where each bucket starts. Linear time; no boxing, no object or
   * search per point; the arrays of the ring and one copy of them for the sort.
   */
  private HashRing(int virtualNodes, TreeMap<String, Integer> weights, PointDerivation derivation) {
    this.virtualNodes = virtualNodes;
    this.names = weights.keySet().toArray(new String[0]);
    int total = totalPoints(virtualNodes, weights);
    int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(total - 1)); // 2^bits >= total
    this.bucketShift = 64 - bits;
    long[] sorted = new long[total];
    int[] sortedOwners = new int[total];
    int next = 0;
    for (int s = 0; s < names.length; s++) {
      int count = virtualNodes * weights.get(names[s]); // at most total: no overflow
      for (int from = 0; from < count; from += CHUNK) {
        derive(derivation, s, from, Math.min(count, from + CHUNK), sorted, sortedOwners, next);
        next += Math.min(CHUNK, count - from);
      }
    }
    long[] spare = new long[total];
    int[] spareOwners = new int[total];
    for (int shift = bucketShift; shift < Long.SIZE; shift += RADIX_BITS) {
      radixPass(
          shift, Math.min(RADIX_BITS, Long.SIZE - shift), sorted, sortedOwners, spare, spareOwners);
      long[] points = sorted;
      sorted = spare;
      spare = points;
      int[] owners = sortedOwners;
      sortedOwners = spareOwners;
      spareOwners = owners;
    }
    this.points = sorted;
    this.owners = sortedOwners;
    this.buckets = new int[(1 << bits) + 1];
    int p = 0;
    for (int b = 0; b < buckets.length; b++) {
      buckets[b] = p;
      while (p < total && bucket(points[p]) == b) {
        p++;
      }
      sortBucket(buckets[b], p);
    }
  }

  /**
   * Derives points {@code from} to {@code to} (exclusive) of shard {@code s} into {@code points}
   * from index {@code at}. A method per chunk of points rather than one long loop, so that the JIT
   * compiles it early and whole.
   */
  private void derive(
      PointDerivation derivation, int s, int from, int to, long[] points, int[] owners, int at) {
    String name = names[s];
    for (int i = from; i < to; i++, at++) {
      points[at] = derivation.point(name, i);
      owners[at] = s;
    }
  }

  /**
   * One stable pass of the radix sort: copies every point and its owner from {@code points} to
   * {@code into}, ordered by the {@code width} bits of its bucket order starting at bit {@code
   * shift}.
   */
  private static void radixPass(
      int shift, int width, long[] points, int[] owners, long[] into, int[] intoOwners) {
    int mask = (1 << width) - 1;
    int[] starts = new int[(1 << width) + 1];
    for (long point : points) {
      starts[digit(point, shift, mask) + 1]++;
    }
    for (int d = 1; d < starts.length; d++) {
      starts[d] += starts[d - 1];
    }
    for (int j = 0; j < points.length; j++) {
      int at = starts[digit(points[j], shift, mask)]++;
      into[at] = points[j];
      intoOwners[at] = owners[j];
    }
  }

  private static int digit(long point, int shift, int mask) {
    return (int) ((point ^ Long.MIN_VALUE) >>> shift) & mask;
  }

  /**
   * Sorts {@code points[from, to)} with their owners, equal points by owner: that is by shard name,
   * the tie rule. A bucket holds about one point, so insertion sort; a crowded bucket (points that
   * only a crafted set of shard names could pile up) takes a heap sort, which stays n log n.
   */
  private void sortBucket(int from, int to) {
    if (to - from <= INSERTION_SORT_MAX) {
      for (int i = from + 1; i < to; i++) {
        for (int j = i; j > from && precedes(j, j - 1); j--) {
          swap(j, j - 1);
        }
      }
      return;
    }
    int n = to - from;
    for (int root = n / 2 - 1; root >= 0; root--) {
      siftDown(from, root, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(from, from + end);
      siftDown(from, 0, end);
    }
  }

  private void siftDown(int from, int root, int size) {
    while (2 * root + 1 < size) {
      int child = 2 * root + 1;
      if (child + 1 < size && precedes(from + child, from + child + 1)) {
        child++;
      }
      if (!precedes(from + root, from + child)) {
        return;
      }
      swap(from + root, from + child);
      root = child;
    }
  }

  /** Whether entry i comes before entry j: by point, then by owner (shard-name order). */
  private boolean precedes(int i, int j) {
    return points[i] < points[j] || (points[i] == points[j] && owners[i] < owners[j]);
  }

  private void swap(int i, int j) {
    long point = points[i];
    points[i] = points[j];
    points[j] = point;
    int owner = owners[i];
    owners[i] = owners[j];
    owners[j] = owner;
  }

  /** Buckets follow the signed order of the points: flipping the sign bit makes it unsigned. */
  private int bucket(long hash) {
    return (int) ((hash ^ Long.MIN_VALUE) >>> bucketShift);
  }

  /**
   * The ring of a shard map.
   *
   * @throws IllegalArgumentException if the hash is not {@code xxh64}, a shard name repeats, or a
   *     count is not positive
   */
  public static HashRing of(RingSettings settings, List<ShardSpec> shards) {
    if (!RingSettings.XXH64.equals(settings.hash())) {
      throw new IllegalArgumentException(
          "Unsupported ring hash '"
              + settings.hash()
              + "': only "
              + RingSettings.XXH64
              + " is supported");
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (ShardSpec shard : shards) {
      if (weights.put(shard.name(), shard.weight()) != null) {
        throw new IllegalArgumentException("Shard name '" + shard.name() + "' appears twice");
      }
    }
    return of(settings.virtualNodes(), weights);
  }

  /**
   * A ring of {@code virtualNodes} points per unit of weight, for the named shards.
   *
   * @throws IllegalArgumentException if there is no shard, a name is null or empty, or a count is
   *     not positive
   */
  public static HashRing of(int virtualNodes, Map<String, Integer> weightsByShardName) {
    return of(virtualNodes, weightsByShardName, new PointText());
  }

  /** As {@link #of(int, Map)} with other points: lets tests force colliding points. */
  static HashRing of(
      int virtualNodes, Map<String, Integer> weightsByShardName, PointDerivation derivation) {
    if (virtualNodes < 1) {
      throw new IllegalArgumentException("virtualNodes must be at least 1, was " + virtualNodes);
    }
    if (weightsByShardName.isEmpty()) {
      throw new IllegalArgumentException("A ring needs at least one shard");
    }
    TreeMap<String, Integer> weights = new TreeMap<>();
    weightsByShardName.forEach(
        (name, weight) -> {
          if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A shard name must not be empty");
          }
          if (weight == null || weight < 1) {
            throw new IllegalArgumentException(
                "Shard '" + name + "' has weight " + weight + "; weights must be at least 1");
          }
          weights.put(name, weight);
        });
    return new HashRing(virtualNodes, weights, derivation);
  }

  /** Where a shard's points lie; one implementation outside tests: {@link PointText}. */
  @FunctionalInterface
  interface PointDerivation {
    long point(String shard, int index);
  }

  /** The ring position of point {@code index} of shard {@code name}; see the class comment. */
  static long point(String name, int index) {
    return new PointText().point(name, index);
  }

  /**
   * Hashes the UTF-8 bytes of {@code name + "#" + index} from one buffer: the name is encoded once
   * for all of a shard's points, and each point writes only its index's digits. Building a string
   * per point cost about half of a cold ring build (thousands of points, run interpreted).
   */
  static final class PointText implements PointDerivation {

    private String name;
    private byte[] text;
    private int prefix; // the bytes of name + "#"

    @Override
    public long point(String shard, int index) {
      if (!shard.equals(name)) {
        byte[] encoded = shard.getBytes(StandardCharsets.UTF_8);
        text = Arrays.copyOf(encoded, encoded.length + 11); // '#' and an int's digits
        text[encoded.length] = '#';
        prefix = encoded.length + 1;
        name = shard;
      }
      int digits = 1;
      for (int rest = index / 10; rest > 0; rest /= 10) {
        digits++;
      }
      int value = index;
      for (int at = prefix + digits - 1; at >= prefix; at--) {
        text[at] = (byte) ('0' + value % 10);
        value /= 10;
      }
      return XXH64.hashBytes(text, 0, prefix + digits);
    }
  }

  /**
   * The shard that owns a shard-key value, hashed as the family of its own Java type. For a key of
   * a table that may declare a key type, use {@link #shardFor(Object, TableRule)}.
   *
   * @throws RoutingException if the key is null or of a type without a canonical encoding
   */
  public String shardFor(Object key) throws RoutingException {
    return shardForHash(ShardKeyHasher.hash(key));
  }

  /**
   * The shard that owns a row of {@code table} whose shard key has this value, converted to the
   * table's declared key type ({@link ShardKeyHasher#hash(Object, TableRule)}).
   *
   * @throws RoutingException if the key is null, of a type without a canonical encoding, or does
   *     not convert to the table's key type
   */
  public String shardFor(Object key, TableRule table) throws RoutingException {
    return shardForHash(ShardKeyHasher.hash(key, table));
  }

  /** The shard that owns a position on the ring, as computed by {@link ShardKeyHasher#hash}. */
  public String shardForHash(long hash) {
    int b = bucket(hash);
    int at = buckets[b];
    int end = buckets[b + 1]; // every point from here on is greater than the hash
    while (at < end && points[at] < hash) {
      at++;
    }
    return names[owners[at == points.length ? 0 : at]];
  }

  /** The shard names, sorted. */
  public List<String> shardNames() {
    return List.of(names);
  }

  /** The number of points on the ring: virtual nodes times the sum of the weights. */
  public int pointCount() {
    return points.length;
  }

  /**
   * The fraction of the 2^64 hash space each shard owns, by shard name in sorted order; the
   * fractions sum to 1 (up to rounding). A point owns the arc from just after the previous point up
   * to itself.
   */
  public Map<String, Double> ownershipShares() {
    double[] owned = new double[names.length];
    int n = points.length;
    if (points[0] == points[n - 1]) { // every point in one place: its first owner takes all
      owned[owners[0]] = TWO_TO_THE_64;
    } else {
      for (int j = 0; j < n; j++) {
        // Subtraction modulo 2^64 also measures the arc that wraps past the largest point.
        long arc = points[j] - points[j == 0 ? n - 1 : j - 1];
        owned[owners[j]] += unsigned(arc);
      }
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int s = 0; s < names.length; s++) {
      shares.put(names[s], owned[s] / TWO_TO_THE_64);
    }
    return Collections.unmodifiableMap(shares);
  }

  @Override
  public String toString() {
    return "HashRing[xxh64, "
        + names.length
        + " shards, "
        + virtualNodes
        + " virtual nodes, "
        + points.length
        + " points]";
  }

  private static int totalPoints(int virtualNodes, Map<String, Integer> weights) {
    long total = 0;
    for (int weight : weights.values()) {
      total += (long) virtualNodes * weight;
    }
    if (total > RingSettings.MAX_POINTS) {
      throw new IllegalArgumentException(
          "A ring of "
              + total
              + " points (virtualNodes x the sum of the weights) is too large: the limit is "
              + RingSettings.MAX_POINTS
              + "; lower virtualNodes or the weights");
    }
    return (int) total;
  }

  private static double unsigned(long value) {
    double d = (double) (value >>> 1) * 2.0;
    return d + (value & 1);
  }
}
