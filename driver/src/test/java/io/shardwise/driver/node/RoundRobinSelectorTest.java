package io.shardwise.driver.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinSelectorTest {

  private final RoundRobinSelector selector = new RoundRobinSelector();

  @Test
  void roundRobin_takesReplicasInTurn() {
    Node[] replicas = Replicas.of(1, 1, 1);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      order.add(selector.select(replicas, Replicas.all()).id());
    }
    assertThat(order)
        .containsExactly(
            "s1/replica-0",
            "s1/replica-1",
            "s1/replica-2",
            "s1/replica-0",
            "s1/replica-1",
            "s1/replica-2");
  }

  @Test
  void roundRobin_spreadsAnExcludedReplicasShareEvenly() {
    Node[] replicas = Replicas.of(1, 1, 1);
    Map<String, Integer> counts =
        Replicas.tally(600, () -> selector.select(replicas, Replicas.except(replicas[0])));
    assertThat(counts).containsOnlyKeys("s1/replica-1", "s1/replica-2");
    assertThat(counts.get("s1/replica-1")).isEqualTo(300);
    assertThat(counts.get("s1/replica-2")).isEqualTo(300);
  }

  @Test
  void roundRobin_returnsNullWhenNoReplicaIsEligible() {
    assertThat(selector.select(Replicas.of(1, 1), node -> false)).isNull();
    assertThat(selector.select(Replicas.of(), Replicas.all())).isNull();
  }
}
