package io.shardwise.driver.node;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** Picks an eligible replica uniformly at random; no shared state between threads. */
final class RandomSelector implements ReplicaSelector {

  @Override
  public Node select(Node[] replicas, Predicate<Node> eligible) {
    int count = ReplicaSelector.countEligible(replicas, eligible);
    if (count == 0) {
      return null;
    }
    return ReplicaSelector.nthEligible(
        replicas, eligible, ThreadLocalRandom.current().nextInt(count));
  }
}
