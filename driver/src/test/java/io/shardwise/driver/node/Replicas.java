package io.shardwise.driver.node;

import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.route.NodeRole;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Replica fixtures for selector tests: no database, only ids, weights and counters. */
final class Replicas {

  private Replicas() {}

  static Node[] of(int... weights) {
    Node[] nodes = new Node[weights.length];
    for (int i = 0; i < weights.length; i++) {
      nodes[i] =
          new Node(
              i,
              "s1",
              NodeRole.REPLICA,
              "s1/replica-" + i,
              new NodeSpec("jdbc:h2:mem:r" + i, "sa", null, weights[i]));
    }
    return nodes;
  }

  static Predicate<Node> all() {
    return node -> true;
  }

  static Predicate<Node> except(Node excluded) {
    return node -> node != excluded;
  }

  /** How many of {@code picks} selections went to each replica id. */
  static Map<String, Integer> tally(int picks, Supplier<Node> selection) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      Node node = selection.get();
      counts.merge(node == null ? "none" : node.id(), 1, Integer::sum);
    }
    return counts;
  }
}
