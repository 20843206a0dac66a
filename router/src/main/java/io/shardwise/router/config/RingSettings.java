package io.shardwise.router.config;

/**
 * How keys are placed on the ring.
 *
 * @param hash the hash function name; only {@code xxh64} exists in version 1
 * @param virtualNodes ring points per unit of shard weight
 */
public record RingSettings(String hash, int virtualNodes) {

  public static final String XXH64 = "xxh64";

  /**
   * The smallest of 256, 512 and 1024 that keeps the most loaded of 8 equal shards within 1.10x of
   * the mean load: 256 measured 1.101x on a million keys, 512 measured 1.049x (docs/ring.md).
   * Changing it moves the data of every shard map that does not set {@code virtualNodes}.
   */
  public static final int DEFAULT_VIRTUAL_NODES = 512;

  /**
   * The most points a ring may have: virtualNodes x the sum of the shard weights. It bounds the
   * time and memory of building a ring when a runtime starts (docs/ring.md, "Limits").
   */
  public static final int MAX_POINTS = 1 << 20;

  public static RingSettings defaults() {
    return new RingSettings(XXH64, DEFAULT_VIRTUAL_NODES);
  }
}
