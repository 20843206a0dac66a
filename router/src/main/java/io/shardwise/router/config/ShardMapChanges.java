package io.shardwise.router.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between two shard maps, split by whether a running driver may take the change
 * without moving data. A reload applies {@link #live()} changes and refuses a map with any {@link
 * #movingData()} change.
 *
 * <p>Data moves when a row's owning shard could change, or when a shard's writes could reach
 * another database: the ring settings, the set of shards or their weights, a table's rule, the
 * default shard, or a primary's URL or user. Replicas (added, removed, re-weighted, new
 * credentials), the {@code reads} and {@code pool} sections and the {@code unanalysable} policy
 * change only where reads go and how connections are kept.
 *
 * @param live changes a running driver may apply, one readable line each
 * @param movingData changes that need a reshard (or a restart for a re-pointed primary)
 */
public record ShardMapChanges(List<String> live, List<String> movingData) {

  public ShardMapChanges {
    live = List.copyOf(live);
    movingData = List.copyOf(movingData);
  }

  /** The changes from {@code before} to {@code after}. Passwords are never printed. */
  public static ShardMapChanges between(ShardMap before, ShardMap after) {
    List<String> live = new ArrayList<>();
    List<String> moving = new ArrayList<>();
    if (!before.ring().equals(after.ring())) {
      moving.add("ring: " + ring(before.ring()) + " -> " + ring(after.ring()));
    }
    compareShards(before, after, live, moving);
    compareTables(before.tables(), after.tables(), moving);
    if (!before.defaultShard().equals(after.defaultShard())) {
      moving.add("defaultShard: " + before.defaultShard() + " -> " + after.defaultShard());
    }
    if (!before.reads().equals(after.reads())) {
      live.add("reads: " + before.reads() + " -> " + after.reads());
    }
    comparePool(before.pool(), after.pool(), live);
    if (before.unanalysable() != after.unanalysable()) {
      live.add("unanalysable: " + before.unanalysable() + " -> " + after.unanalysable());
    }
    return new ShardMapChanges(live, moving);
  }

  /** True when the maps are the same for every purpose. */
  public boolean isEmpty() {
    return live.isEmpty() && movingData.isEmpty();
  }

  /** True when applying the new map would move data: a reload must refuse it. */
  public boolean movesData() {
    return !movingData.isEmpty();
  }

  private static String ring(RingSettings ring) {
    return "{hash: " + ring.hash() + ", virtualNodes: " + ring.virtualNodes() + "}";
  }

  private static void compareShards(
      ShardMap before, ShardMap after, List<String> live, List<String> moving) {
    Set<String> names = new TreeSet<>();
    before.shards().forEach(shard -> names.add(shard.name()));
    after.shards().forEach(shard -> names.add(shard.name()));
    for (String name : names) {
      ShardSpec old = before.shard(name).orElse(null);
      ShardSpec now = after.shard(name).orElse(null);
      if (old == null) {
        moving.add("shard " + name + " added");
      } else if (now == null) {
        moving.add("shard " + name + " removed");
      } else {
        if (old.weight() != now.weight()) {
          moving.add("shards." + name + ".weight: " + old.weight() + " -> " + now.weight());
        }
        comparePrimary(name, old.primary(), now.primary(), live, moving);
        compareReplicas(name, old.replicas(), now.replicas(), live);
      }
    }
  }

  private static void comparePrimary(
      String shard, NodeSpec old, NodeSpec now, List<String> live, List<String> moving) {
    String field = "shards." + shard + ".primary";
    if (!old.url().equals(now.url()) || !Objects.equals(old.user(), now.user())) {
      moving.add(field + ": " + node(old) + " -> " + node(now));
    } else if (!Objects.equals(old.password(), now.password())) {
      live.add(field + ": new password for " + node(now));
    }
  }

  /** Replicas are matched by URL and user: their position in the list does not matter. */
  private static void compareReplicas(
      String shard, List<NodeSpec> before, List<NodeSpec> after, List<String> live) {
    Map<String, NodeSpec> old = byIdentity(before);
    Map<String, NodeSpec> now = byIdentity(after);
    String field = "shards." + shard + ".replicas";
    for (Map.Entry<String, NodeSpec> entry : now.entrySet()) {
      NodeSpec was = old.get(entry.getKey());
      NodeSpec is = entry.getValue();
      if (was == null) {
        live.add(field + ": added " + node(is));
      } else {
        if (was.weight() != is.weight()) {
          live.add(field + ": " + node(is) + " weight " + was.weight() + " -> " + is.weight());
        }
        if (!Objects.equals(was.password(), is.password())) {
          live.add(field + ": new password for " + node(is));
        }
      }
    }
    for (Map.Entry<String, NodeSpec> entry : old.entrySet()) {
      if (!now.containsKey(entry.getKey())) {
        live.add(field + ": removed " + node(entry.getValue()));
      }
    }
  }

  /** The identity of a node across two maps: the database it reaches and as whom. */
  public static String identity(NodeSpec node) {
    return node.url() + " as " + node.user();
  }

  private static Map<String, NodeSpec> byIdentity(List<NodeSpec> nodes) {
    Map<String, NodeSpec> map = new LinkedHashMap<>();
    nodes.forEach(node -> map.put(identity(node), node));
    return map;
  }

  private static String node(NodeSpec node) {
    return node.maskedUrl() + (node.user() == null ? "" : " (user " + node.user() + ")");
  }

  private static void compareTables(
      Map<String, TableRule> before, Map<String, TableRule> after, List<String> moving) {
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String name : names) {
      TableRule old = before.get(name);
      TableRule now = after.get(name);
      if (!Objects.equals(old, now)) {
        moving.add("tables." + name + ": " + table(old) + " -> " + table(now));
      }
    }
  }

  private static String table(TableRule rule) {
    if (rule == null) {
      return "(not listed: default shard)";
    }
    if (!rule.isSharded()) {
      return "{broadcast: true}";
    }
    return "{shardKey: "
        + rule.shardKey()
        + ", group: "
        + rule.group()
        + (rule.keyType() == null ? "" : ", keyType: " + rule.keyType().configName())
        + "}";
  }

  private static void comparePool(PoolSettings before, PoolSettings after, List<String> live) {
    field("maximumPoolSize", before.maximumPoolSize(), after.maximumPoolSize(), live);
    field("minimumIdle", before.minimumIdle(), after.minimumIdle(), live);
    field("connectionTimeout", before.connectionTimeout(), after.connectionTimeout(), live);
    field("idleTimeout", before.idleTimeout(), after.idleTimeout(), live);
    field("maxLifetime", before.maxLifetime(), after.maxLifetime(), live);
    field("validationTimeout", before.validationTimeout(), after.validationTimeout(), live);
    field("keepaliveTime", before.keepaliveTime(), after.keepaliveTime(), live);
    field(
        "leakDetectionThreshold",
        before.leakDetectionThreshold(),
        after.leakDetectionThreshold(),
        live);
  }

  private static void field(String name, Object before, Object after, List<String> live) {
    if (!Objects.equals(before, after)) {
      live.add(
          "pool."
              + name
              + ": "
              + (before == null ? "default" : before)
              + " -> "
              + (after == null ? "default" : after));
    }
  }
}
