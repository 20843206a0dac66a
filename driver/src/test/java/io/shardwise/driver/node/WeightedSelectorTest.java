package io.shardwise.driver.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedSelectorTest {

  private final WeightedSelector selector = new WeightedSelector();

  @Test
  void weighted_splitsReadsInProportionToWeight() {
    Node[] replicas = Replicas.of(1, 3);
    Map<String, Integer> counts =
        Replicas.tally(40_000, () -> selector.select(replicas, Replicas.all()));
    // 10,000 and 30,000 expected; the bounds are over 10 standard deviations away.
    assertThat(counts.get("s1/replica-0")).isBetween(9_000, 11_000);
    assertThat(counts.get("s1/replica-1")).isBetween(29_000, 31_000);
  }

  @Test
  void weighted_givesAnExcludedReplicasShareToTheOthers() {
    Node[] replicas = Replicas.of(5, 1, 1);
    Map<String, Integer> counts =
        Replicas.tally(10_000, () -> selector.select(replicas, Replicas.except(replicas[0])));
    assertThat(counts).containsOnlyKeys("s1/replica-1", "s1/replica-2");
    assertThat(counts.get("s1/replica-1")).isBetween(4_500, 5_500);
  }

  @Test
  void weighted_zeroWeightTakesNoReadsWhileOthersCan() {
    Node[] replicas = Replicas.of(0, 2);
    assertThat(Replicas.tally(1_000, () -> selector.select(replicas, Replicas.all())))
        .containsOnlyKeys("s1/replica-1");
    assertThat(Replicas.tally(100, () -> selector.select(replicas, Replicas.except(replicas[1]))))
        .containsOnlyKeys("s1/replica-0");
  }

  @Test
  void weighted_returnsNullWhenNoReplicaIsEligible() {
    assertThat(selector.select(Replicas.of(1, 1), node -> false)).isNull();
  }
}
