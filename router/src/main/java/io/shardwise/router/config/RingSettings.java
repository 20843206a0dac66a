package io.shardwise.router.config;

/**
 * How keys are placed on the ring.
 *
 * @param hash the hash function name; only {@code xxh64} exists in version 1
 * @param virtualNodes ring points per unit of shard weight
 */
public record RingSettings(String hash, int virtualNodes) {

  public static final String XXH64 = "xxh64";

  /** Chosen so that 8 equal shards stay within 1.10x of the mean load (see docs/ring.md). */
  public static final int DEFAULT_VIRTUAL_NODES = 256;

  public static RingSettings defaults() {
    return new RingSettings(XXH64, DEFAULT_VIRTUAL_NODES);
  }
}
