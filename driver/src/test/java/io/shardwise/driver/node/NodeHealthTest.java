package io.shardwise.driver.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.node.NodeHealth.State;
import org.junit.jupiter.api.Test;

class NodeHealthTest {

  private static NodeHealth up(long lagMillis) {
    return new NodeHealth(State.UP, lagMillis, lagMillis > 0 ? 100 : 0, null, null, 1);
  }

  @Test
  void eligible_whenUpAndWithinTheLagLimit() {
    assertThat(up(0).eligible(2000)).isTrue();
    assertThat(up(2000).eligible(2000)).isTrue();
    assertThat(up(2001).eligible(2000)).isFalse();
    assertThat(up(2001).exclusion(2000)).contains("lags 2001 ms").contains("limit of 2000 ms");
  }

  @Test
  void eligible_withoutLimitWhateverTheLag() {
    assertThat(up(3_600_000).eligible(-1)).isTrue();
  }

  @Test
  void notEligible_whenDownOrNotReplicating() {
    NodeHealth down = new NodeHealth(State.DOWN, -1, -1, null, "Connection refused", 1);
    assertThat(down.eligible(-1)).isFalse();
    assertThat(down.exclusion(-1)).isEqualTo("is down (Connection refused)");
    NodeHealth stopped = new NodeHealth(State.UP, -1, -1, null, "Slave_SQL_Running=No", 1);
    assertThat(stopped.eligible(-1)).isFalse();
    assertThat(stopped.exclusion(-1)).contains("not replicating").contains("Slave_SQL_Running=No");
  }

  @Test
  void unknown_isEligibleUntilTheFirstProbe() {
    assertThat(NodeHealth.UNKNOWN.eligible(1000)).isTrue();
  }
}
