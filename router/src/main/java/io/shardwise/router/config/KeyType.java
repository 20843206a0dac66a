package io.shardwise.router.config;

/**
 * The SQL type family of a sharded table's key column, declared by {@code keyType} in the shard
 * map. A key value bound with a Java type of another family is converted to this one before it is
 * hashed, as the database converts it when it stores the row: the string {@code "42"} bound to a
 * {@code BIGINT} key lands where the number 42 does. Without a declared key type the family of the
 * bound value decides, and {@code "42"} and 42 are different keys (docs/ring.md).
 */
public enum KeyType {
  /** Integral numbers; a string of decimal digits stands for its number. */
  INTEGER("integer"),
  /** Text; an integral number stands for its decimal text. */
  TEXT("text"),
  /** UUIDs; a string in the canonical 8-4-4-4-12 hex form stands for its UUID. */
  UUID("uuid");

  private final String configName;

  KeyType(String configName) {
    this.configName = configName;
  }

  /** The value written in the shard map. */
  public String configName() {
    return configName;
  }
}
