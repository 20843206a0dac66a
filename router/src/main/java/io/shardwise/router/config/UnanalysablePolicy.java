package io.shardwise.router.config;

/** What the router does with SQL it cannot analyse. */
public enum UnanalysablePolicy {
  /** Refuse the statement with SQLState SW006. The safe default. */
  REFUSE("refuse"),
  /**
   * Send it to the default shard's primary, with a WARN log line. Never applied to a statement that
   * names a sharded table.
   */
  DEFAULT_PRIMARY("default-primary");

  private final String configName;

  UnanalysablePolicy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
