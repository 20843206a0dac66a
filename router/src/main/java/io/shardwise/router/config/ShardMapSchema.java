package io.shardwise.router.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Version 1 of the shard-map format: the top-level keys, the ring, the default shard, read routing
 * and the unanalysable policy. Shards, tables and pool settings have a class each.
 */
final class ShardMapSchema {

  private static final int VERSION = 1;
  private static final int MAX_VIRTUAL_NODES = 10_000;

  private static final List<String> TOP_LEVEL_KEYS =
      List.of(
          "version", "ring", "shards", "tables", "defaultShard", "reads", "pool", "unanalysable");
  private static final List<String> RING_KEYS = List.of("hash", "virtualNodes");
  private static final List<String> READS_KEYS =
      List.of("strategy", "maxReplicaLag", "readYourWrites", "whenNoReplica");

  private ShardMapSchema() {}

  /** The shard map; only meaningful when the walk found no error. */
  static ShardMap read(MapReader root) {
    root.allowOnly(TOP_LEVEL_KEYS);
    checkVersion(root);
    RingSettings ring =
        root.mapping("ring").map(ShardMapSchema::ring).orElseGet(RingSettings::defaults);
    List<ShardSpec> shards = ShardsSchema.read(root);
    checkRingSize(root, ring, shards);
    Map<String, TableRule> tables = TablesSchema.read(root);
    String defaultShard = defaultShard(root, shards);
    ReadRouting reads =
        root.mapping("reads").map(ShardMapSchema::reads).orElseGet(ReadRouting::defaults);
    PoolSettings pool =
        root.mapping("pool").map(PoolSchema::read).orElseGet(PoolSettings::defaults);
    UnanalysablePolicy unanalysable =
        root.choice("unanalysable", UnanalysablePolicy.values(), UnanalysablePolicy::configName)
            .orElse(UnanalysablePolicy.REFUSE);
    return new ShardMap(VERSION, ring, shards, tables, defaultShard, reads, pool, unanalysable);
  }

  private static void checkVersion(MapReader root) {
    if (root.require("version", "write 'version: 1' as the first line")) {
      root.wholeNumber("version", Integer.MIN_VALUE, Integer.MAX_VALUE)
          .filter(version -> version != VERSION)
          .ifPresent(
              version ->
                  root.error(
                      "version",
                      "unsupported version "
                          + version
                          + "; this shardwise reads version "
                          + VERSION));
    }
  }

  private static RingSettings ring(MapReader ring) {
    ring.allowOnly(RING_KEYS);
    String[] hashes = {RingSettings.XXH64};
    return new RingSettings(
        ring.choice("hash", hashes, Function.identity()).orElse(RingSettings.XXH64),
        ring.wholeNumber("virtualNodes", 1, MAX_VIRTUAL_NODES)
            .orElse(RingSettings.DEFAULT_VIRTUAL_NODES));
  }

  /**
   * Bounds the ring's points, virtualNodes x the sum of the shard weights: a runtime builds the
   * ring when it starts, in time and memory proportional to them (docs/ring.md, "Limits").
   */
  private static void checkRingSize(MapReader root, RingSettings ring, List<ShardSpec> shards) {
    long weights = 0;
    for (ShardSpec shard : shards) {
      weights += shard.weight();
    }
    long points = weights * ring.virtualNodes();
    if (points > RingSettings.MAX_POINTS) {
      String message =
          String.format(
              Locale.ROOT,
              "the ring would have %,d points (virtualNodes %d x total shard weight %d), more"
                  + " than the limit of %,d; lower ring.virtualNodes or the shards' weights",
              points,
              ring.virtualNodes(),
              weights,
              RingSettings.MAX_POINTS);
      Optional<MapReader> written = root.mapping("ring").filter(r -> r.has("virtualNodes"));
      if (written.isPresent()) {
        written.get().error("virtualNodes", message);
      } else {
        root.error("shards", message);
      }
    }
  }

  /** The named shard; with a single shard it may be left out, as there is nothing to choose. */
  private static String defaultShard(MapReader root, List<ShardSpec> shards) {
    List<String> names = shards.stream().map(ShardSpec::name).filter(Objects::nonNull).toList();
    Optional<String> named = root.text("defaultShard");
    if (named.isPresent()) {
      if (!names.isEmpty() && !names.contains(named.get())) {
        root.error(
            "defaultShard",
            "no shard is named "
                + root.shown("defaultShard")
                + "; name one of "
                + String.join(", ", names));
      }
      return named.get();
    }
    if (shards.size() == 1) {
      return shards.get(0).name();
    }
    if (shards.size() > 1 && !root.has("defaultShard")) {
      root.error(
          "defaultShard",
          "missing; with more than one shard, name the one that holds the tables not listed under"
              + " tables (one of "
              + String.join(", ", names)
              + ")");
    }
    return null;
  }

  private static ReadRouting reads(MapReader reads) {
    reads.allowOnly(READS_KEYS);
    ReadRouting defaults = ReadRouting.defaults();
    return new ReadRouting(
        reads
            .choice("strategy", ReadRouting.Strategy.values(), ReadRouting.Strategy::configName)
            .orElse(defaults.strategy()),
        reads.duration("maxReplicaLag").orElse(defaults.maxReplicaLag()),
        reads
            .choice(
                "readYourWrites",
                ReadRouting.ReadYourWrites.values(),
                ReadRouting.ReadYourWrites::configName)
            .orElse(defaults.readYourWrites()),
        reads
            .choice(
                "whenNoReplica", ReadRouting.NoReplica.values(), ReadRouting.NoReplica::configName)
            .orElse(defaults.whenNoReplica()));
  }
}
