package io.shardwise.router.config;

import java.time.Duration;

/**
 * How reads choose a node.
 *
 * @param strategy how a replica is picked among the eligible ones
 * @param maxReplicaLag replicas further behind than this are not read from; null means no limit
 * @param readYourWrites whether a session's reads must see its own earlier writes
 * @param whenNoReplica what a read does when no replica is eligible
 */
public record ReadRouting(
    Strategy strategy,
    Duration maxReplicaLag,
    ReadYourWrites readYourWrites,
    NoReplica whenNoReplica) {

  public static ReadRouting defaults() {
    return new ReadRouting(
        Strategy.ROUND_ROBIN, Duration.ofSeconds(2), ReadYourWrites.SESSION, NoReplica.PRIMARY);
  }

  /** Replica selection strategies, by their name in the shard map. */
  public enum Strategy {
    ROUND_ROBIN("round-robin"),
    RANDOM("random"),
    WEIGHTED("weighted"),
    LEAST_OUTSTANDING("least-outstanding");

    private final String configName;

    Strategy(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** Read-your-writes modes. */
  public enum ReadYourWrites {
    OFF("off"),
    SESSION("session"),
    GLOBAL("global");

    private final String configName;

    ReadYourWrites(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** What a read does when no replica qualifies. */
  public enum NoReplica {
    PRIMARY("primary"),
    FAIL("fail");

    private final String configName;

    NoReplica(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }
}
