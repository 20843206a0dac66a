package io.shardwise.driver.node;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Picks the eligible replica with the fewest physical connections in use ({@link
 * NodeStats#outstanding()}). The scan starts at a rotating offset, so ties (an idle shard) are
 * spread in turn instead of always landing on the first replica.
 */
final class LeastOutstandingSelector implements ReplicaSelector {

  private final AtomicInteger cursor = new AtomicInteger();

  @Override
  public Node select(Node[] replicas, Predicate<Node> eligible) {
    int n = replicas.length;
    if (n == 0) {
      return null;
    }
    int start = Math.floorMod(cursor.getAndIncrement(), n);
    Node best = null;
    int fewest = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      Node replica = replicas[(start + i) % n];
      if (eligible.test(replica)) {
        int outstanding = replica.stats().outstanding();
        if (outstanding < fewest) {
          best = replica;
          fewest = outstanding;
        }
      }
    }
    return best;
  }
}
