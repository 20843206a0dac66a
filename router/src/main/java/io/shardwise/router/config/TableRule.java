package io.shardwise.router.config;

import java.util.Locale;

/**
 * How one logical table is placed.
 *
 * @param name the lower-case table name
 * @param kind sharded by a key, or broadcast to every shard
 * @param shardKey the lower-case shard-key column of a sharded table, null for a broadcast one
 * @param group the table group of a sharded table: tables of one group share the key domain and are
 *     co-located, so they can be joined on the key. Defaults to the table's own name.
 * @param keyType the declared type family of the shard key, which key values are converted to
 *     before hashing; null when the map declares none (each value hashes as its own Java type)
 */
public record TableRule(String name, Kind kind, String shardKey, String group, KeyType keyType) {

  /** Where a table's rows live. */
  public enum Kind {
    /** Each row lives on the shard that owns its shard-key value. */
    SHARDED,
    /** A full copy on every shard. */
    BROADCAST
  }

  public static TableRule sharded(String name, String shardKey, String group) {
    return sharded(name, shardKey, group, null);
  }

  /** A sharded table whose key values are converted to {@code keyType} (null: none declared). */
  public static TableRule sharded(String name, String shardKey, String group, KeyType keyType) {
    return new TableRule(
        normalize(name),
        Kind.SHARDED,
        normalize(shardKey),
        group == null ? normalize(name) : group,
        keyType);
  }

  public static TableRule broadcast(String name) {
    return new TableRule(normalize(name), Kind.BROADCAST, null, null, null);
  }

  public boolean isSharded() {
    return kind == Kind.SHARDED;
  }

  /**
   * Identifiers are matched case-insensitively, with SQL quotes removed: {@code "Users"}, {@code
   * `users`} and {@code USERS} name the same table.
   */
  public static String normalize(String identifier) {
    String s = identifier;
    if (s.length() >= 2) {
      char first = s.charAt(0);
      char last = s.charAt(s.length() - 1);
      if ((first == '"' && last == '"')
          || (first == '`' && last == '`')
          || (first == '[' && last == ']')) {
        s = s.substring(1, s.length() - 1);
      }
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
