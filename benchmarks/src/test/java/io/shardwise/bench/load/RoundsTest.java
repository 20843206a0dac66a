package io.shardwise.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundsTest {

  @Test
  void threeTargets_takeEveryOrderInSixRounds_andEveryTargetLeadsInTheFirstThree() {
    List<String> targets = List.of("direct", "shardwise-1", "shardwise-4");
    Set<List<String>> seen = new HashSet<>();
    Set<String> leaders = new HashSet<>();
    for (int round = 0; round < 6; round++) {
      List<String> order = Rounds.order(targets, round);
      assertThat(order).containsExactlyInAnyOrderElementsOf(targets);
      seen.add(order);
      if (round < 3) {
        leaders.add(order.get(0));
      }
    }
    assertThat(seen).hasSize(6);
    assertThat(leaders).containsExactlyInAnyOrderElementsOf(targets);
    assertThat(Rounds.order(targets, -1)).isEqualTo(Rounds.order(targets, 5));
  }

  @Test
  void fourTargets_leadInTurn() {
    List<String> targets = List.of("a", "b", "c", "d");
    Set<String> leaders = new HashSet<>();
    for (int round = 0; round < 4; round++) {
      leaders.add(Rounds.order(targets, round).get(0));
    }
    assertThat(leaders).containsExactlyInAnyOrderElementsOf(targets);
  }
}
