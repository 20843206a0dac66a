package io.shardwise.router.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code tables} mapping: which tables are sharded by which key (of which type), and which are
 * broadcast.
 */
final class TablesSchema {

  private static final List<String> TABLE_KEYS =
      List.of("shardKey", "group", "keyType", "broadcast");
  private static final String EITHER =
      "give either shardKey (rows spread over the shards by that column)"
          + " or broadcast: true (a full copy on every shard)";

  private TablesSchema() {}

  /** The rules by normalized table name. */
  static Map<String, TableRule> read(MapReader root) {
    Map<String, TableRule> rules = new LinkedHashMap<>();
    Map<String, String> spellingByName = new HashMap<>();
    Map<String, TableRule> firstOfGroup = new HashMap<>();
    for (Map.Entry<String, MapReader> entry : root.mappingsByKey("tables").entrySet()) {
      String spelling = entry.getKey();
      MapReader table = entry.getValue();
      String name = TableRule.normalize(spelling);
      if (name.isBlank()) {
        table.errorHere("a table name must not be empty");
        continue;
      }
      String first = spellingByName.putIfAbsent(name, spelling);
      if (first != null) {
        table.errorHere(
            "duplicate table '"
                + spelling
                + "'; table names ignore case and quotes, so it is the same table as '"
                + first
                + "'");
        continue;
      }
      Optional<TableRule> rule = rule(spelling, table);
      if (rule.isPresent()) {
        rules.put(name, rule.get());
        checkGroupKeyType(rule.get(), spelling, table, firstOfGroup, spellingByName);
      }
    }
    return rules;
  }

  /**
   * Tables of one group share one key domain: a key type on one of them and another (or none) on a
   * second would place one key value on two shards, so their rows could not be joined.
   */
  private static void checkGroupKeyType(
      TableRule rule,
      String spelling,
      MapReader table,
      Map<String, TableRule> firstOfGroup,
      Map<String, String> spellingByName) {
    if (!rule.isSharded()) {
      return;
    }
    TableRule first = firstOfGroup.putIfAbsent(rule.group(), rule);
    if (first != null && first.keyType() != rule.keyType()) {
      table.error(
          "keyType",
          spelling
              + " has "
              + keyTypeOf(rule)
              + " but "
              + spellingByName.get(first.name())
              + ", in the same group "
              + rule.group()
              + ", has "
              + keyTypeOf(first)
              + "; tables of one group share one key domain, so give them all the same keyType,"
              + " or none");
    }
  }

  private static String keyTypeOf(TableRule rule) {
    return rule.keyType() == null ? "no keyType" : "keyType " + rule.keyType().configName();
  }

  private static Optional<TableRule> rule(String name, MapReader table) {
    table.allowOnly(TABLE_KEYS);
    boolean sharded = table.has("shardKey");
    boolean broadcast = table.has("broadcast");
    if (sharded == broadcast) {
      table.errorHere(sharded ? EITHER + ", not both" : EITHER);
      return Optional.empty();
    }
    return broadcast ? broadcast(name, table) : sharded(name, table);
  }

  private static Optional<TableRule> broadcast(String name, MapReader table) {
    if (table.has("group")) {
      table.error(
          "group", "only sharded tables belong to a group; remove it from a broadcast table");
    }
    if (table.has("keyType")) {
      table.error(
          "keyType", "only sharded tables have a key type; remove it from a broadcast table");
    }
    Optional<String> value = table.text("broadcast");
    if (value.isPresent() && !value.get().equals("true")) {
      table.error(
          "broadcast",
          "expected true, got "
              + table.shown("broadcast")
              + "; a table that is not broadcast is sharded: give shardKey instead");
      return Optional.empty();
    }
    return value.map(v -> TableRule.broadcast(name));
  }

  private static Optional<TableRule> sharded(String name, MapReader table) {
    Optional<String> shardKey = table.text("shardKey");
    if (shardKey.isPresent() && shardKey.get().isBlank()) {
      table.error("shardKey", "must name the column whose value places each row");
      return Optional.empty();
    }
    Optional<String> group = table.text("group");
    if (group.isPresent() && group.get().isBlank()) {
      table.error("group", "must not be blank; leave it out to use the table's own name");
      return Optional.empty();
    }
    Optional<KeyType> keyType = table.choice("keyType", KeyType.values(), KeyType::configName);
    if (table.has("keyType") && keyType.isEmpty()) {
      return Optional.empty(); // reported by choice(): an unknown key type
    }
    return shardKey.map(
        key -> TableRule.sharded(name, key, group.orElse(null), keyType.orElse(null)));
  }
}
