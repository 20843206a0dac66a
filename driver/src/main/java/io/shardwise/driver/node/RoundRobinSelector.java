package io.shardwise.driver.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Takes the eligible replicas in turn. The cursor counts over the eligible ones only, so an
 * excluded replica's share is spread evenly over the others instead of falling on its neighbour.
 */
final class RoundRobinSelector implements ReplicaSelector {

  private final AtomicInteger cursor = new AtomicInteger();

  @Override
  public Node select(Node[] replicas, Predicate<Node> eligible) {
    int count = ReplicaSelector.countEligible(replicas, eligible);
    if (count == 0) {
      return null;
    }
    return ReplicaSelector.nthEligible(
        replicas, eligible, Math.floorMod(cursor.getAndIncrement(), count));
  }
}
