package io.shardwise.driver.node;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Picks an eligible replica at random in proportion to its {@code weight} in the shard map. A
 * weight of 0 takes no reads unless every eligible replica weighs 0, when they share evenly.
 */
final class WeightedSelector implements ReplicaSelector {

  @Override
  public Node select(Node[] replicas, Predicate<Node> eligible) {
    long total = 0;
    int count = 0;
    for (Node replica : replicas) {
      if (eligible.test(replica)) {
        total += Math.max(0, replica.spec().weight());
        count++;
      }
    }
    if (count == 0) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (total == 0) {
      return ReplicaSelector.nthEligible(replicas, eligible, random.nextInt(count));
    }
    long point = random.nextLong(total);
    Node last = null;
    for (Node replica : replicas) {
      if (eligible.test(replica)) {
        last = replica;
        point -= Math.max(0, replica.spec().weight());
        if (point < 0) {
          return replica;
        }
      }
    }
    return last;
  }
}
