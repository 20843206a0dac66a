package io.shardwise.router.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.RingSettings;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.error.RoutingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The placement contract of the ring, measured on a million random keys. Prints its figures (lines
 * starting with {@code [ring]}); docs/ring.md records them.
 */
class HashRingTest {

  private static final int KEYS = 1_000_000;
  private static final long SEED = 20_261_128L;

  /** The hashes of {@link #KEYS} random long keys from a seeded Random: the same every run. */
  private static long[] hashes;

  @BeforeAll
  static void hashRandomKeys() throws RoutingException {
    Random random = new Random(SEED);
    hashes = new long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      hashes[i] = ShardKeyHasher.hash(random.nextLong());
    }
  }

  @Test
  void points_areTheXxh64OfNameHashIndex_whateverTheOrderTheyAreAskedIn() {
    LongHashFunction xxh64 = LongHashFunction.xx();
    List<String> names =
        List.of("s1", "shard-07", "\u00e9-shard", "a-shard-name-longer-than-32-bytes-x");
    int[] indexes = {0, 1, 9, 10, 99, 100, 511, 512, 9_999_999, Integer.MAX_VALUE};
    HashRing.PointText shared = new HashRing.PointText();
    for (int index : indexes) {
      for (String name : names) {
        long expected = xxh64.hashBytes((name + "#" + index).getBytes(StandardCharsets.UTF_8));
        assertThat(shared.point(name, index)).as(name + "#" + index).isEqualTo(expected);
        assertThat(HashRing.point(name, index)).as(name + "#" + index).isEqualTo(expected);
      }
    }
  }

  // Pinned placements, computed by an independent implementation of the ring. If one fails, a
  // change moved data on every existing deployment. Do not update them; revert the change.
  @Test
  void placement_isPinned() throws RoutingException {
    HashRing ring = HashRing.of(256, weights("s1", 1, "s2", 1, "s3", 1, "s4", 1));
    assertThat(HashRing.point("s1", 0)).isEqualTo(0xA960EA41DA029655L);
    assertThat(ring.shardFor(42)).isEqualTo("s1");
    assertThat(ring.shardFor(-1L)).isEqualTo("s4");
    assertThat(ring.shardFor(1_000_000L)).isEqualTo("s1");
    assertThat(ring.shardFor("user-1")).isEqualTo("s3");
    assertThat(ring.shardFor("user-2")).isEqualTo("s1");
    assertThat(ring.shardFor("42")).isEqualTo("s3");
    assertThat(ring.shardFor(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
        .isEqualTo("s2");
    assertThat(ring.shardFor(new byte[] {1, 2, 3, 4, (byte) 0xff})).isEqualTo("s2");
    assertThat(ring.shardFor(BigInteger.ONE.shiftLeft(64))).isEqualTo("s3");

    HashRing weighted = HashRing.of(256, weights("s1", 2, "s2", 1, "s3", 1, "s4", 1));
    assertThat(weighted.shardFor(new byte[] {1, 2, 3, 4, (byte) 0xff})).isEqualTo("s1");
    assertThat(weighted.shardFor("user-1")).isEqualTo("s3");
  }

  @Test
  void defaultVirtualNodes_isPinned() {
    // Maps that omit ring.virtualNodes use the default: changing it moves their data.
    assertThat(RingSettings.DEFAULT_VIRTUAL_NODES).isEqualTo(512);
  }

  @Test
  void equalValuesOfDifferentTypes_landOnOneShard() throws RoutingException {
    HashRing ring = HashRing.of(RingSettings.defaults(), shards("s1", "s2", "s3", "s4"));
    for (long v = -50; v <= 50; v++) {
      String shard = ring.shardFor(v);
      assertThat(ring.shardFor((int) v)).isEqualTo(shard);
      assertThat(ring.shardFor((short) v)).isEqualTo(shard);
      assertThat(ring.shardFor(BigInteger.valueOf(v))).isEqualTo(shard);
      assertThat(ring.shardFor(BigDecimal.valueOf(v).setScale(3))).isEqualTo(shard);
    }
  }

  @Test
  void lookup_takesFirstPointAtOrAfterTheHash_andWraps() {
    HashRing ring = HashRing.of(4, weights("a", 1, "b", 1));
    List<long[]> points = new ArrayList<>(); // {value, shard 0=a 1=b}
    for (int i = 0; i < 4; i++) {
      points.add(new long[] {HashRing.point("a", i), 0});
      points.add(new long[] {HashRing.point("b", i), 1});
    }
    points.sort((x, y) -> Long.compare(x[0], y[0]));
    String[] names = {"a", "b"};
    for (int j = 0; j < points.size(); j++) {
      long value = points.get(j)[0];
      String owner = names[(int) points.get(j)[1]];
      assertThat(ring.shardForHash(value)).as("exactly on point %d", j).isEqualTo(owner);
      assertThat(ring.shardForHash(value - 1)).as("just before point %d", j).isEqualTo(owner);
    }
    String first = names[(int) points.get(0)[1]];
    long last = points.get(points.size() - 1)[0];
    assertThat(ring.shardForHash(last + 1)).as("past the last point").isEqualTo(first);
    assertThat(ring.shardForHash(Long.MAX_VALUE)).isEqualTo(first);
    assertThat(ring.shardForHash(Long.MIN_VALUE)).isEqualTo(first);
  }

  /**
   * The bucketed lookup answers as the plain definition does (the first point at or after the hash,
   * ties to the first name, wrapping), for rings from one point to thousands, on every point, its
   * neighbours, the ends of the space and a million random hashes.
   */
  @Test
  void lookup_agreesWithTheDefinition_forEveryRingSize() {
    for (int virtualNodes : new int[] {1, 2, 3, 7, 64, 256, 1000}) {
      for (Map<String, Integer> weights :
          List.of(weights("only", 1), weights("a", 1, "b", 2, "c", 1))) {
        HashRing ring = HashRing.of(virtualNodes, weights);
        List<long[]> points = new ArrayList<>(); // {value, owner's position in sorted names}
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(weights.keySet()));
        for (int s = 0; s < names.size(); s++) {
          for (int i = 0; i < virtualNodes * weights.get(names.get(s)); i++) {
            points.add(new long[] {HashRing.point(names.get(s), i), s});
          }
        }
        points.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        List<Long> probes = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
        for (long[] point : points) {
          probes.addAll(List.of(point[0] - 1, point[0], point[0] + 1));
        }
        for (long hash : hashes) {
          probes.add(hash);
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
          if (!ring.shardForHash(probe).equals(expected)) {
            assertThat(ring.shardForHash(probe))
                .as("%s, %d virtual nodes, hash %d", weights, virtualNodes, probe)
                .isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void equalPoints_goToTheFirstShardName_whateverTheOrder() {
    // Every shard's point i is i: all points collide, which XXH64 never does in practice.
    Map<String, Integer> forward = weights("s1", 1, "s2", 1, "s3", 1);
    Map<String, Integer> backward = weights("s3", 1, "s2", 1, "s1", 1);
    for (Map<String, Integer> order : List.of(forward, backward)) {
      HashRing ring = HashRing.of(3, order, (name, i) -> i);
      assertThat(ring.shardForHash(0)).isEqualTo("s1");
      assertThat(ring.shardForHash(2)).isEqualTo("s1");
      assertThat(ring.shardForHash(3)).isEqualTo("s1"); // wraps
      assertThat(ring.ownershipShares()).containsEntry("s1", 1.0).containsEntry("s2", 0.0);
    }
  }

  @Test
  void reorderingShards_movesNoKey() {
    List<ShardSpec> specs = shards("s1", "s2", "s3", "s4", "s5");
    List<ShardSpec> reversed = new ArrayList<>(specs);
    Collections.reverse(reversed);
    List<ShardSpec> shuffled = new ArrayList<>(specs);
    Collections.shuffle(shuffled, new Random(SEED));
    HashRing ring = HashRing.of(RingSettings.defaults(), specs);
    String[] owners = owners(ring);
    for (List<ShardSpec> order : List.of(reversed, shuffled)) {
      HashRing reordered = HashRing.of(RingSettings.defaults(), order);
      assertThat(moved(owners, owners(reordered))).isZero();
    }
    System.out.printf("[ring] reorder: 5 shards, %d keys, 0 moved%n", KEYS);
  }

  @Test
  void addingAFifthShard_movesAboutAFifth_allOntoTheNewShard() {
    String[] before = owners(HashRing.of(RingSettings.defaults(), shards("s1", "s2", "s3", "s4")));
    String[] after =
        owners(HashRing.of(RingSettings.defaults(), shards("s1", "s2", "s3", "s4", "s5")));
    int moved = moved(before, after);
    assertThat(movedOntoOthers(before, after, "s5")).as("keys moved onto an old shard").isZero();
    double fraction = (double) moved / KEYS;
    System.out.printf(
        "[ring] add s5 to s1..s4: moved %d of %d keys = %.4f (ideal 1/5 = 0.2000), all onto s5%n",
        moved, KEYS, fraction);
    assertThat(fraction).isBetween(0.8 / 5, 1.2 / 5);
  }

  @Test
  void removingAShard_movesOnlyItsKeys() {
    String[] before = owners(HashRing.of(RingSettings.defaults(), shards("s1", "s2", "s3", "s4")));
    String[] after = owners(HashRing.of(RingSettings.defaults(), shards("s1", "s3", "s4")));
    int moved = moved(before, after);
    int owned = 0;
    int movedFromOthers = 0;
    for (int k = 0; k < KEYS; k++) {
      if (before[k].equals("s2")) {
        owned++;
      } else if (!before[k].equals(after[k])) {
        movedFromOthers++;
      }
    }
    assertThat(movedFromOthers).as("keys moved that s2 did not hold").isZero();
    assertThat(after).doesNotContain("s2");
    System.out.printf(
        "[ring] remove s2 from s1..s4: moved %d of %d keys = %.4f, exactly s2's %d%n",
        moved, KEYS, (double) moved / KEYS, owned);
    assertThat(moved).isEqualTo(owned);
  }

  @Test
  void raisingAWeight_movesKeysOnlyOntoThatShard() {
    String[] before = owners(HashRing.of(256, weights("s1", 1, "s2", 1, "s3", 1, "s4", 1)));
    String[] after = owners(HashRing.of(256, weights("s1", 2, "s2", 1, "s3", 1, "s4", 1)));
    int moved = moved(before, after);
    assertThat(movedOntoOthers(before, after, "s1")).as("keys moved onto another shard").isZero();
    System.out.printf(
        "[ring] s1 weight 1 -> 2 among 4 shards: moved %d of %d keys = %.4f (ideal 2/5 - 1/4 ="
            + " 0.1500), all onto s1%n",
        moved, KEYS, (double) moved / KEYS);
    assertThat((double) moved / KEYS).isBetween(0.10, 0.20);
  }

  @Test
  void weightTwo_getsAboutTwiceTheKeysOfWeightOne() {
    HashRing ring = HashRing.of(RingSettings.DEFAULT_VIRTUAL_NODES, weights("s1", 2, "s2", 1));
    Map<String, Integer> counts = counts(ring);
    double ratio = (double) counts.get("s1") / counts.get("s2");
    System.out.printf(
        "[ring] weights s1=2 s2=1 at %d virtual nodes: %s, ratio %.3f (ideal 2)%n",
        RingSettings.DEFAULT_VIRTUAL_NODES, counts, ratio);
    assertThat(ratio).isBetween(1.8, 2.2);
  }

  @Test
  void eightEqualShards_stayWithinTenPercentOfTheMean_withDefaultSettings() {
    // The candidates for the default; docs/ring.md records why the default is what it is.
    Map<Integer, Double> maxOverMean = new LinkedHashMap<>();
    for (int virtualNodes : new int[] {256, 512, 1024}) {
      RingSettings settings = new RingSettings(RingSettings.XXH64, virtualNodes);
      maxOverMean.put(virtualNodes, balance(HashRing.of(settings, eightShards())));
    }
    assertThat(maxOverMean.get(RingSettings.DEFAULT_VIRTUAL_NODES)).isLessThanOrEqualTo(1.10);
  }

  @Test
  void ownershipShares_sumToOne_andPredictKeyCounts() {
    HashRing ring = HashRing.of(RingSettings.defaults(), eightShards());
    Map<String, Double> shares = ring.ownershipShares();
    assertThat(shares.keySet()).containsExactlyElementsOf(ring.shardNames());
    assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    Map<String, Integer> counts = counts(ring);
    shares.forEach(
        (shard, share) ->
            assertThat((double) counts.get(shard) / KEYS)
                .as(shard)
                .isCloseTo(share, within(0.003)));
    assertThat(HashRing.of(1, weights("only", 1)).ownershipShares()).containsEntry("only", 1.0);
  }

  @Test
  void concurrentLookups_agreeWithSequentialOnes() {
    HashRing ring = HashRing.of(RingSettings.defaults(), eightShards());
    String[] sequential = owners(ring);
    String[] parallel = new String[KEYS];
    IntStream.range(0, KEYS).parallel().forEach(k -> parallel[k] = ring.shardForHash(hashes[k]));
    assertThat(parallel).isEqualTo(sequential);
  }

  @Test
  void describesItself() {
    HashRing ring = HashRing.of(RingSettings.defaults(), shards("s2", "s1"));
    assertThat(ring.shardNames()).containsExactly("s1", "s2");
    assertThat(ring.pointCount()).isEqualTo(2 * RingSettings.DEFAULT_VIRTUAL_NODES);
    assertThat(ring).hasToString("HashRing[xxh64, 2 shards, 512 virtual nodes, 1024 points]");
  }

  @Test
  void refusesWhatCannotBeARing() {
    assertThatThrownBy(() -> HashRing.of(new RingSettings("murmur3", 256), shards("s1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("murmur3")
        .hasMessageContaining("xxh64");
    assertThatThrownBy(() -> HashRing.of(RingSettings.defaults(), shards("s1", "s1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s1");
    assertThatThrownBy(() -> HashRing.of(RingSettings.defaults(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashRing.of(0, weights("s1", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashRing.of(256, weights("s1", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s1");
    assertThatThrownBy(() -> HashRing.of(256, weights("", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashRing.of(Integer.MAX_VALUE, weights("s1", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  /** Prints the load of each shard relative to the mean, returns the largest. */
  private static double balance(HashRing ring) {
    Map<String, Integer> counts = counts(ring);
    double mean = (double) KEYS / counts.size();
    int max = Collections.max(counts.values());
    int min = Collections.min(counts.values());
    double maxShare = Collections.max(ring.ownershipShares().values());
    System.out.printf(
        "[ring] balance, 8 equal shards, %4d virtual nodes: max/mean %.4f, min/mean %.4f by %d"
            + " keys; largest owned arc %.4f of the mean%n",
        ring.pointCount() / 8, max / mean, min / mean, KEYS, maxShare * counts.size());
    return max / mean;
  }

  private static Map<String, Integer> counts(HashRing ring) {
    List<String> names = ring.shardNames(); // sorted, so a binary search finds the index
    int[] perShard = new int[names.size()];
    for (long hash : hashes) {
      perShard[Collections.binarySearch(names, ring.shardForHash(hash))]++;
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int s = 0; s < perShard.length; s++) {
      counts.put(names.get(s), perShard[s]);
    }
    return counts;
  }

  private static String[] owners(HashRing ring) {
    String[] owners = new String[KEYS];
    for (int k = 0; k < KEYS; k++) {
      owners[k] = ring.shardForHash(hashes[k]);
    }
    return owners;
  }

  private static int moved(String[] before, String[] after) {
    int moved = 0;
    for (int k = 0; k < KEYS; k++) {
      if (!before[k].equals(after[k])) {
        moved++;
      }
    }
    return moved;
  }

  /** How many keys changed owner to a shard other than {@code target}. */
  private static int movedOntoOthers(String[] before, String[] after, String target) {
    int strays = 0;
    for (int k = 0; k < KEYS; k++) {
      if (!before[k].equals(after[k]) && !after[k].equals(target)) {
        strays++;
      }
    }
    return strays;
  }

  private static List<ShardSpec> eightShards() {
    return shards("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8");
  }

  private static List<ShardSpec> shards(String... names) {
    List<ShardSpec> shards = new ArrayList<>();
    for (String name : names) {
      NodeSpec primary = new NodeSpec("jdbc:h2:mem:" + name, null, null, 1);
      shards.add(new ShardSpec(name, 1, primary, List.of()));
    }
    return shards;
  }

  /** An ordered map from alternating name, weight arguments. */
  private static Map<String, Integer> weights(Object... nameWeightPairs) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (int i = 0; i < nameWeightPairs.length; i += 2) {
      weights.put((String) nameWeightPairs[i], (Integer) nameWeightPairs[i + 1]);
    }
    return weights;
  }
}
