package io.shardwise.driver.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.health.Hysteresis.Change;
import io.shardwise.driver.node.NodeHealth.State;
import org.junit.jupiter.api.Test;

class HysteresisTest {

  private final Hysteresis hysteresis = new Hysteresis(3, 2);

  @Test
  void firstProbe_decidesTheInitialStateAlone() {
    assertThat(hysteresis.success()).isEqualTo(Change.ADMITTED);
    assertThat(hysteresis.state()).isEqualTo(State.UP);
    Hysteresis dead = new Hysteresis(3, 2);
    assertThat(dead.failure()).isEqualTo(Change.EJECTED);
    assertThat(dead.state()).isEqualTo(State.DOWN);
  }

  @Test
  void aNodeKeptByAReload_goesOnFromItsState() {
    Hysteresis down = new Hysteresis(3, 2, State.DOWN);
    assertThat(down.success())
        .as("a down node is not readmitted by one probe")
        .isEqualTo(Change.NONE);
    assertThat(down.success()).isEqualTo(Change.READMITTED);
    Hysteresis up = new Hysteresis(3, 2, State.UP);
    assertThat(up.failure())
        .as("an admitted node is not ejected by one failure")
        .isEqualTo(Change.NONE);
    assertThat(up.state()).isEqualTo(State.UP);
  }

  @Test
  void ejects_onlyAfterConsecutiveFailures() {
    hysteresis.success();
    assertThat(hysteresis.failure()).isEqualTo(Change.NONE);
    assertThat(hysteresis.failure()).isEqualTo(Change.NONE);
    assertThat(hysteresis.success()).isEqualTo(Change.NONE);
    assertThat(hysteresis.failure()).isEqualTo(Change.NONE);
    assertThat(hysteresis.failure()).isEqualTo(Change.NONE);
    assertThat(hysteresis.state()).isEqualTo(State.UP);
    assertThat(hysteresis.failure()).isEqualTo(Change.EJECTED);
    assertThat(hysteresis.state()).isEqualTo(State.DOWN);
    assertThat(hysteresis.failure()).isEqualTo(Change.NONE);
  }

  @Test
  void readmits_onlyAfterConsecutiveSuccesses() {
    hysteresis.failure();
    assertThat(hysteresis.success()).isEqualTo(Change.NONE);
    assertThat(hysteresis.failure()).isEqualTo(Change.NONE);
    assertThat(hysteresis.success()).isEqualTo(Change.NONE);
    assertThat(hysteresis.state()).isEqualTo(State.DOWN);
    assertThat(hysteresis.success()).isEqualTo(Change.READMITTED);
    assertThat(hysteresis.state()).isEqualTo(State.UP);
  }

  @Test
  void aNodeAnsweringEveryOtherProbe_neverFlaps() {
    hysteresis.failure();
    for (int i = 0; i < 20; i++) {
      assertThat(hysteresis.success()).isEqualTo(Change.NONE);
      assertThat(hysteresis.failure()).isEqualTo(Change.NONE);
    }
    assertThat(hysteresis.state()).isEqualTo(State.DOWN);
  }
}
