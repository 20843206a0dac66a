package io.shardwise.driver.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.replication.GtidPosition;
import io.shardwise.driver.replication.WalLsn;
import org.junit.jupiter.api.Test;

class ReplicaLagTest {

  private static final PostgresDialect PG = PostgresDialect.INSTANCE;
  private static final MariaDbDialect MARIADB = MariaDbDialect.INSTANCE;

  private static ReplicaReading pg(String replayed, String received, long lastReplayAge) {
    return new ReplicaReading(
        null, WalLsn.parse(replayed), WalLsn.parse(received), lastReplayAge, -1, null);
  }

  @Test
  void postgres_caughtUpIsZeroLagHoweverIdle() {
    ReplicaReading idle = pg("0/500", "0/500", 3_600_000);
    assertThat(PG.lagMillis(idle, WalLsn.parse("0/500"), 0, 500)).isZero();
    assertThat(PostgresDialect.behind(idle, WalLsn.parse("0/500"))).isZero();
  }

  @Test
  void postgres_behindIsTimeSinceLastReplayedTransaction() {
    ReplicaReading paused = pg("0/500", "0/900", 4_200);
    assertThat(PostgresDialect.behind(paused, WalLsn.parse("0/800"))).isEqualTo(0x400);
    assertThat(PG.lagMillis(paused, WalLsn.parse("0/800"), 10_000, 500)).isEqualTo(4_200);
  }

  @Test
  void postgres_lagIsCappedByHowLongTheReplicaHasBeenSeenBehind() {
    // The primary was idle for an hour, then wrote: the replica's last replayed commit is an hour
    // old, but it has been behind for at most one probe interval.
    ReplicaReading justBehind = pg("0/500", "0/500", 3_600_000);
    assertThat(PG.lagMillis(justBehind, WalLsn.parse("0/600"), 0, 500)).isEqualTo(500);
  }

  @Test
  void postgres_measuresAgainstReceivedWalWhenThePrimaryIsUnknown() {
    ReplicaReading paused = pg("0/500", "0/900", 2_000);
    assertThat(PostgresDialect.behind(paused, null)).isEqualTo(0x400);
    assertThat(PG.lagMillis(paused, null, 5_000, 500)).isEqualTo(2_000);
  }

  @Test
  void postgres_notInRecoveryIsNotReplicating() {
    assertThat(PG.lagMillis(ReplicaReading.notReplicating("primary"), null, 0, 500)).isEqualTo(-1);
  }

  @Test
  void mariadb_caughtUpByGtidIsZeroLag() {
    ReplicaReading reading =
        new ReplicaReading(null, GtidPosition.parse("0-1-20"), null, -1, 3, null);
    assertThat(MARIADB.lagMillis(reading, GtidPosition.parse("0-1-20"), 0, 500)).isZero();
  }

  @Test
  void mariadb_behindIsSecondsBehindMaster() {
    ReplicaReading reading =
        new ReplicaReading(null, GtidPosition.parse("0-1-10"), null, -1, 3, null);
    assertThat(MARIADB.lagMillis(reading, GtidPosition.parse("0-1-20"), 0, 500)).isEqualTo(3_000);
  }

  @Test
  void mariadb_stoppedThreadIsNotReplicating() {
    ReplicaReading stopped = ReplicaReading.notReplicating("Slave_SQL_Running=No");
    assertThat(MARIADB.lagMillis(stopped, GtidPosition.parse("0-1-20"), 0, 500)).isEqualTo(-1);
  }

  @Test
  void dialect_isChosenFromTheUrl() {
    assertThat(Dialect.of("jdbc:postgresql://h/db")).isSameAs(PG);
    assertThat(Dialect.of("jdbc:mariadb://h/db")).isSameAs(MARIADB);
    assertThat(Dialect.of("jdbc:mysql://h/db")).isSameAs(MARIADB);
    assertThat(Dialect.of("jdbc:h2:mem:x")).isSameAs(NoReplicationDialect.INSTANCE);
    assertThat(Dialect.probes("jdbc:h2:mem:x")).isFalse();
    assertThat(Dialect.probes("jdbc:h2:tcp://127.0.0.1:1/x")).isTrue();
  }
}
