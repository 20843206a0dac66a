package io.shardwise.router.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable shard map: the one input from which the ring, the router and the node
 * pools are built. Obtain it from {@link ShardMapLoader}; every field has passed validation.
 *
 * @param version the file format version (only 1 exists)
 * @param ring how keys are placed on shards
 * @param shards the shards, in file order (order never affects placement)
 * @param tables the table rules by lower-case logical table name
 * @param defaultShard the shard that holds every table not listed in {@code tables}
 * @param reads how reads choose a node
 * @param pool HikariCP settings applied to every node's pool
 * @param unanalysable what to do with SQL the router cannot analyse
 */
public record ShardMap(
    int version,
    RingSettings ring,
    List<ShardSpec> shards,
    Map<String, TableRule> tables,
    String defaultShard,
    ReadRouting reads,
    PoolSettings pool,
    UnanalysablePolicy unanalysable) {

  public ShardMap {
    shards = List.copyOf(shards);
    tables = Map.copyOf(tables);
  }

  /** The rule for a logical table name, matched case-insensitively; empty for unlisted tables. */
  public Optional<TableRule> table(String name) {
    return Optional.ofNullable(tables.get(TableRule.normalize(name)));
  }

  /** The shard with this name, or empty. */
  public Optional<ShardSpec> shard(String name) {
    for (ShardSpec shard : shards) {
      if (shard.name().equals(name)) {
        return Optional.of(shard);
      }
    }
    return Optional.empty();
  }
}
