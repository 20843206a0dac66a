package io.shardwise.driver.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WalLsnTest {

  @Test
  void parse_readsHighAndLowHalvesInHex() {
    assertThat(WalLsn.parse("0/3000148").value()).isEqualTo(0x3000148L);
    assertThat(WalLsn.parse("16/B374D848").value()).isEqualTo(0x16_B374D848L);
    assertThat(WalLsn.parse("FFFFFFFF/FFFFFFFF").value()).isEqualTo(-1L);
  }

  @Test
  void toString_roundTrips() {
    assertThat(WalLsn.parse("16/B374D848")).hasToString("16/B374D848");
    assertThat(WalLsn.parse("0/0")).hasToString("0/0");
  }

  @Test
  void isAtLeast_comparesUnsigned() {
    WalLsn low = WalLsn.parse("0/FFFFFFFF");
    WalLsn high = WalLsn.parse("1/0");
    WalLsn top = WalLsn.parse("FFFFFFFF/0");
    assertThat(high.isAtLeast(low)).isTrue();
    assertThat(low.isAtLeast(high)).isFalse();
    assertThat(low.isAtLeast(low)).isTrue();
    assertThat(top.isAtLeast(high)).isTrue();
  }

  @Test
  void distanceTo_isBytesBehindOrZero() {
    assertThat(WalLsn.parse("0/100").distanceTo(WalLsn.parse("0/180"))).isEqualTo(0x80);
    assertThat(WalLsn.parse("0/FFFFFFFF").distanceTo(WalLsn.parse("1/1"))).isEqualTo(2);
    assertThat(WalLsn.parse("0/180").distanceTo(WalLsn.parse("0/100"))).isZero();
  }

  @Test
  void parse_rejectsWhatIsNotAnLsn() {
    for (String bad : new String[] {"", "12", "/1", "1/", "G/1", "100000000/0", "0/-1"}) {
      assertThatThrownBy(() -> WalLsn.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void isAtLeast_refusesAGtidPosition() {
    assertThatThrownBy(() -> WalLsn.parse("0/1").isAtLeast(GtidPosition.parse("0-1-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
