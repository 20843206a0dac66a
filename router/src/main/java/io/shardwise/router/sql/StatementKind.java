package io.shardwise.router.sql;

/** The broad kind of a statement, which decides whether it may read from a replica. */
public enum StatementKind {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  DDL,
  OTHER;

  /** Only plain SELECTs may be served by a replica. */
  public boolean isRead() {
    return this == SELECT;
  }
}
