package io.shardwise.driver.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthSettingsTest {

  private final HealthSettings settings =
      new HealthSettings(
          Duration.ofMillis(500), Duration.ofSeconds(1), 3, 3, Duration.ofSeconds(4));

  @Test
  void probesAnAdmittedNodeEveryInterval() {
    assertThat(settings.delayMillis(false, 0)).isEqualTo(500);
    assertThat(settings.delayMillis(false, 2)).isEqualTo(500);
  }

  @Test
  void backsOffWhileDown_upToTheMaximum() {
    assertThat(settings.delayMillis(true, 1)).isEqualTo(500);
    assertThat(settings.delayMillis(true, 2)).isEqualTo(1000);
    assertThat(settings.delayMillis(true, 3)).isEqualTo(2000);
    assertThat(settings.delayMillis(true, 4)).isEqualTo(4000);
    assertThat(settings.delayMillis(true, 40)).isEqualTo(4000);
  }

  @Test
  void aDownNodeThatAnswersIsProbedAtTheIntervalAgain() {
    assertThat(settings.delayMillis(true, 0)).isEqualTo(500);
  }
}
