package io.shardwise.driver.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastOutstandingSelectorTest {

  private final LeastOutstandingSelector selector = new LeastOutstandingSelector();

  @Test
  void leastOutstanding_picksTheReplicaWithFewestConnectionsInUse() {
    Node[] replicas = Replicas.of(1, 1, 1);
    replicas[0].stats().begin();
    replicas[0].stats().begin();
    replicas[2].stats().begin();
    for (int i = 0; i < 10; i++) {
      assertThat(selector.select(replicas, Replicas.all())).isSameAs(replicas[1]);
    }
  }

  @Test
  void leastOutstanding_followsEndOfUse() {
    Node[] replicas = Replicas.of(1, 1);
    replicas[0].stats().begin();
    assertThat(selector.select(replicas, Replicas.all())).isSameAs(replicas[1]);
    replicas[1].stats().begin();
    replicas[1].stats().begin();
    replicas[0].stats().end();
    assertThat(selector.select(replicas, Replicas.all())).isSameAs(replicas[0]);
  }

  @Test
  void leastOutstanding_spreadsTiesInTurn() {
    Node[] replicas = Replicas.of(1, 1, 1);
    Map<String, Integer> counts =
        Replicas.tally(300, () -> selector.select(replicas, Replicas.all()));
    assertThat(counts.values()).containsOnly(100);
  }

  @Test
  void leastOutstanding_skipsIneligibleReplicasEvenWhenIdle() {
    Node[] replicas = Replicas.of(1, 1);
    replicas[1].stats().begin();
    assertThat(selector.select(replicas, Replicas.except(replicas[0]))).isSameAs(replicas[1]);
    assertThat(selector.select(replicas, node -> false)).isNull();
  }
}
