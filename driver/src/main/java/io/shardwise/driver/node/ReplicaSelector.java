package io.shardwise.driver.node;

import io.shardwise.router.config.ReadRouting.Strategy;
import java.util.function.Predicate;

/**
 * Picks the replica that serves a read among those {@code eligible} (healthy, fresh enough, past a
 * required position). Implementations take no lock and allocate nothing: they run on every read.
 * One instance serves one shard, so a cursor is per shard.
 */
public interface ReplicaSelector {

  /** One of the eligible {@code replicas}, or null when none is. */
  Node select(Node[] replicas, Predicate<Node> eligible);

  /** A new selector for {@code strategy} (the shard map's {@code reads.strategy}). */
  static ReplicaSelector of(Strategy strategy) {
    return switch (strategy) {
      case ROUND_ROBIN -> new RoundRobinSelector();
      case RANDOM -> new RandomSelector();
      case WEIGHTED -> new WeightedSelector();
      case LEAST_OUTSTANDING -> new LeastOutstandingSelector();
    };
  }

  /** How many of {@code replicas} are eligible. */
  static int countEligible(Node[] replicas, Predicate<Node> eligible) {
    int count = 0;
    for (Node replica : replicas) {
      if (eligible.test(replica)) {
        count++;
      }
    }
    return count;
  }

  /**
   * The {@code k}-th eligible replica (from 0). Health may change between counting and this pass;
   * then the last eligible replica seen stands in, or null when none is left.
   */
  static Node nthEligible(Node[] replicas, Predicate<Node> eligible, int k) {
    Node last = null;
    int seen = 0;
    for (Node replica : replicas) {
      if (eligible.test(replica)) {
        if (seen++ == k) {
          return replica;
        }
        last = replica;
      }
    }
    return last;
  }
}
