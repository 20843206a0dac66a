package io.shardwise.driver.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GtidPositionTest {

  @Test
  void parse_readsDomainServerSeqPerDomain() {
    GtidPosition position = GtidPosition.parse("0-23316-11,1-7-40");
    assertThat(position.domains()).hasSize(2);
    assertThat(position.domains().get(0L).server()).isEqualTo(23316);
    assertThat(position.domains().get(1L).seq()).isEqualTo(40);
    assertThat(position).hasToString("0-23316-11,1-7-40");
  }

  @Test
  void parse_emptyIsThePositionBeforeAnyTransaction() {
    assertThat(GtidPosition.parse("").domains()).isEmpty();
    assertThat(GtidPosition.parse(null).domains()).isEmpty();
    assertThat(GtidPosition.parse("0-1-5").isAtLeast(GtidPosition.parse(""))).isTrue();
    assertThat(GtidPosition.parse("").isAtLeast(GtidPosition.parse("0-1-5"))).isFalse();
  }

  @Test
  void parse_keepsTheHighestSeqOfADomainListedTwice() {
    assertThat(GtidPosition.parse("0-1-9,0-2-12").domains().get(0L).seq()).isEqualTo(12);
  }

  @Test
  void isAtLeast_comparesSeqDomainByDomainWhateverTheServer() {
    GtidPosition replica = GtidPosition.parse("0-23316-11");
    assertThat(replica.isAtLeast(GtidPosition.parse("0-23316-11"))).isTrue();
    assertThat(replica.isAtLeast(GtidPosition.parse("0-23316-12"))).isFalse();
    // After a failover another server continues the domain's sequence.
    assertThat(GtidPosition.parse("0-99-12").isAtLeast(GtidPosition.parse("0-23316-11"))).isTrue();
  }

  @Test
  void isAtLeast_needsEveryDomainOfTheOther() {
    GtidPosition replica = GtidPosition.parse("0-1-100");
    assertThat(replica.isAtLeast(GtidPosition.parse("0-1-5,1-2-1"))).isFalse();
    assertThat(GtidPosition.parse("0-1-100,1-2-3").isAtLeast(GtidPosition.parse("0-1-5,1-2-1")))
        .isTrue();
  }

  @Test
  void distanceTo_countsMissingTransactionsOverDomains() {
    assertThat(GtidPosition.parse("0-1-10,1-2-3").distanceTo(GtidPosition.parse("0-1-15,1-2-5")))
        .isEqualTo(7);
    assertThat(GtidPosition.parse("0-1-15").distanceTo(GtidPosition.parse("0-1-10"))).isZero();
  }

  @Test
  void parse_rejectsMalformedGtids() {
    for (String bad : new String[] {"0-1", "a-b-c", "0-1-2-3", "0--1"}) {
      assertThatThrownBy(() -> GtidPosition.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
