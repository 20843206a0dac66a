package io.shardwise.reshard;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapException;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.config.TableRule;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The old and the new shard map of one reshard, checked to differ only in what the tool can move:
 * shards added, removed or reweighted, and node URLs. Tables, their keys and groups, and the
 * default shard must stay as they are.
 */
final class ReshardMaps {

  private final ShardMap oldMap;
  private final ShardMap newMap;
  private final Placement placement;

  private ReshardMaps(ShardMap oldMap, ShardMap newMap) {
    this.oldMap = oldMap;
    this.newMap = newMap;
    this.placement = new Placement(oldMap, newMap);
  }

  static ReshardMaps load(Path from, Path to) {
    ShardMap oldMap = loadMap(from);
    ShardMap newMap = loadMap(to);
    checkMovable(oldMap, newMap);
    return new ReshardMaps(oldMap, newMap);
  }

  /** The maps a plan was made from, refusing a map edited since. */
  static ReshardMaps of(ReshardPlan plan) {
    requireUnchanged(plan.fromMap(), plan.fromSha256());
    requireUnchanged(plan.toMap(), plan.toSha256());
    return load(plan.fromMap(), plan.toMap());
  }

  private static void requireUnchanged(Path map, String sha256) {
    if (!YamlFiles.sha256(map).equals(sha256)) {
      throw new ReshardException(
          "Shard map "
              + map
              + " changed since the plan was made; run `shardwise reshard plan` again.");
    }
  }

  private static ShardMap loadMap(Path file) {
    try {
      return ShardMapLoader.load(file);
    } catch (ShardMapException e) {
      throw new ReshardException(e.getMessage(), e);
    }
  }

  private static void checkMovable(ShardMap oldMap, ShardMap newMap) {
    if (!oldMap.tables().equals(newMap.tables())) {
      throw new ReshardException(
          "The two shard maps list different tables, shard keys or groups. Resharding only moves"
              + " rows between shards: change tables in a separate step. Old: "
              + oldMap.tables().values()
              + "; new: "
              + newMap.tables().values());
    }
    if (!Objects.equals(oldMap.defaultShard(), newMap.defaultShard())) {
      throw new ReshardException(
          "The default shard changes from "
              + oldMap.defaultShard()
              + " to "
              + newMap.defaultShard()
              + "; unlisted tables are not moved, so keep the default shard.");
    }
    if (!oldMap.ring().hash().equals(newMap.ring().hash())) {
      throw new ReshardException("The ring hash function must not change.");
    }
  }

  ShardMap oldMap() {
    return oldMap;
  }

  ShardMap newMap() {
    return newMap;
  }

  Placement placement() {
    return placement;
  }

  Set<String> oldShards() {
    Set<String> names = new LinkedHashSet<>();
    oldMap.shards().forEach(s -> names.add(s.name()));
    return names;
  }

  Set<String> newShards() {
    Set<String> names = new LinkedHashSet<>();
    newMap.shards().forEach(s -> names.add(s.name()));
    return names;
  }

  /** Shards of the new map that the old map does not have: they receive broadcast tables. */
  Set<String> addedShards() {
    Set<String> added = newShards();
    added.removeAll(oldShards());
    return added;
  }

  /** The shard a broadcast table is copied from: the first old shard that the new map keeps. */
  String broadcastSource() {
    for (String shard : oldShards()) {
      if (newShards().contains(shard)) {
        return shard;
      }
    }
    throw new ReshardException("The new map keeps none of the old shards; nothing to copy from.");
  }

  TableRule rule(String table) {
    return oldMap.table(table).orElseThrow();
  }

  /**
   * A connection to a shard's primary as the old map names it: where rows are read and cleaned up.
   * A shard the old map lacks (a new one) is reached through the new map.
   */
  Connection connectSource(String shard) throws SQLException {
    return connect(oldMap.shard(shard).or(() -> newMap.shard(shard)).orElseThrow());
  }

  /**
   * A connection to a shard's primary as the new map names it: where rows are written. The URLs of
   * a shard may differ between the maps (a node moved); writes go where the application will read
   * after the switch.
   */
  Connection connectTarget(String shard) throws SQLException {
    return connect(newMap.shard(shard).or(() -> oldMap.shard(shard)).orElseThrow());
  }

  private static Connection connect(ShardSpec spec) throws SQLException {
    return DriverManager.getConnection(
        spec.primary().url(), spec.primary().user(), spec.primary().password());
  }

  CopyDialect dialect(String shard) {
    ShardSpec spec = newMap.shard(shard).or(() -> oldMap.shard(shard)).orElseThrow();
    return CopyDialect.of(spec.primary());
  }

  /** The share of rows that should move: what each shard gains in ring share, summed. */
  double idealMovedShare() {
    double ideal = 0;
    double oldTotal = oldMap.shards().stream().mapToInt(ShardSpec::weight).sum();
    double newTotal = newMap.shards().stream().mapToInt(ShardSpec::weight).sum();
    for (ShardSpec shard : newMap.shards()) {
      double before = oldMap.shard(shard.name()).map(s -> s.weight() / oldTotal).orElse(0.0);
      ideal += Math.max(0, shard.weight() / newTotal - before);
    }
    return ideal;
  }
}
