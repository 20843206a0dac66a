package io.shardwise.router.error;

/**
 * The SQLStates shardwise raises of its own. Class {@code SW} is implementation-defined (ISO 9075
 * reserves classes starting with I-Z for implementations), so connection pools never mistake a
 * routing refusal for a dead connection ({@code 08xxx}) or an unsupported feature ({@code 0A000}),
 * both of which make HikariCP evict the connection. The catalog is docs/errors.md.
 */
public enum ErrorCode {
  /** The statement is valid SQL but this version of shardwise does not route it. */
  UNSUPPORTED("SW001"),
  /** A statement on a sharded table does not fix the shard key, and scatter is not allowed. */
  NO_SHARD_KEY("SW002"),
  /** The shard key is NULL: a row without a key has no owning shard. */
  NULL_SHARD_KEY("SW003"),
  /** An UPDATE would move a row to another shard. */
  SHARD_KEY_UPDATE("SW004"),
  /** The statement spans shards in a way that cannot be answered correctly. */
  CROSS_SHARD("SW005"),
  /** The SQL could not be parsed or analysed, and the policy is to refuse. */
  UNANALYSABLE("SW006"),
  /** The shard map file is missing or invalid. */
  INVALID_SHARD_MAP("SW007"),
  /** A shard-key value has a type that has no canonical encoding. */
  UNSUPPORTED_KEY_TYPE("SW008"),
  /** The JDBC URL is not a valid shardwise URL. */
  INVALID_URL("SW009"),
  /** A statement was used in a way its state does not allow (closed, missing parameter). */
  INVALID_USE("SW010"),
  /** No node of the shard may serve the statement (no eligible replica and no fallback). */
  NO_ELIGIBLE_NODE("SW011"),
  /** A shard hint names a shard the map does not have, or disagrees with the key's owner. */
  SHARD_HINT("SW012"),
  /**
   * A shard-map reload was refused: the new map would move data (ring, shards, tables, default
   * shard) or re-point a primary. The old map stays in force.
   */
  RELOAD_REFUSED("SW013"),
  /** The statement is longer than the analyser accepts ({@code SqlLimits.maxLength}). */
  SQL_TOO_LONG("SW020"),
  /** The statement nests parentheses deeper than the analyser accepts. */
  SQL_TOO_DEEP("SW021"),
  /** Parsing the statement took longer than the analysis time budget; it is refused. */
  ANALYSIS_BUDGET("SW022"),
  /**
   * The statement's literals or comments may be read differently by the database than by the
   * analyser (or, for a map of unknown or mixed engines, differently by one engine than another),
   * so neither its shard key nor its hints can be trusted.
   */
  AMBIGUOUS_SQL("SW023"),
  /** The analyser failed on the statement (its parser or a check ran out of stack, say). */
  ANALYSIS_FAILED("SW024"),
  /**
   * A statement's execution or result was cut short: its statement was closed, cancelled or run
   * again by another thread, or the connection was closed under it. The result is incomplete and is
   * never handed out as if it were whole.
   */
  RESULT_CUT_SHORT("SW025"),
  /**
   * A JDBC call got an argument it cannot take: null SQL text, a parameter index below 1, a
   * negative fetch size, row limit or timeout.
   */
  INVALID_ARGUMENT("SW026"),
  /** A node's JDBC driver or pool reported an error without an SQLState; its message is kept. */
  NODE_ERROR_WITHOUT_STATE("SW027"),
  /**
   * A shard-key value does not convert to the {@code keyType} its table declares: the string {@code
   * "abc"} for an integer key. The standard state for an invalid character value for cast: a data
   * exception (class 22) like the database's own refusal of such a value (MariaDB 22007, PostgreSQL
   * 22P02), which no pool takes for a dead connection.
   */
  KEY_TYPE_MISMATCH("22018"),
  /** A write was attempted inside a read-only transaction. */
  READ_ONLY_TRANSACTION("25006"),
  /** A connection setting was changed where JDBC does not allow it, e.g. inside a transaction. */
  INVALID_TRANSACTION_STATE("25001");

  private final String sqlState;

  ErrorCode(String sqlState) {
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
