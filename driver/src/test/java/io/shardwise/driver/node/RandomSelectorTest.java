package io.shardwise.driver.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomSelectorTest {

  private final RandomSelector selector = new RandomSelector();

  @Test
  void random_usesEveryEligibleReplicaAboutEqually() {
    Node[] replicas = Replicas.of(1, 1, 1);
    Map<String, Integer> counts =
        Replicas.tally(30_000, () -> selector.select(replicas, Replicas.all()));
    assertThat(counts).hasSize(3);
    // 10,000 expected each; 6 standard deviations (about 490) is far from a flaky bound.
    counts.values().forEach(n -> assertThat(n).isBetween(9_000, 11_000));
  }

  @Test
  void random_neverPicksAnIneligibleReplica() {
    Node[] replicas = Replicas.of(1, 1, 1);
    Map<String, Integer> counts =
        Replicas.tally(1_000, () -> selector.select(replicas, Replicas.except(replicas[1])));
    assertThat(counts).containsOnlyKeys("s1/replica-0", "s1/replica-2");
  }

  @Test
  void random_returnsNullWhenNoReplicaIsEligible() {
    assertThat(selector.select(Replicas.of(1, 1), node -> false)).isNull();
  }
}
