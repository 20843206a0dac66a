package io.shardwise.driver.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.driver.replication.GtidPosition;
import io.shardwise.driver.replication.WalLsn;
import io.shardwise.router.config.Engine;
import org.junit.jupiter.api.Test;

class ReplicaLagTest {

  private static final PostgresReplication PG = PostgresReplication.INSTANCE;
  private static final MariaDbReplication MARIADB = MariaDbReplication.INSTANCE;

  private static ReplicaReading pg(String replayed, String received, long lastReplayAge) {
    return new ReplicaReading(
        null, WalLsn.parse(replayed), WalLsn.parse(received), lastReplayAge, -1, null);
  }

  @Test
  void postgres_caughtUpIsZeroLagHoweverIdle() {
    ReplicaReading idle = pg("0/500", "0/500", 3_600_000);
    assertThat(lag(PG, idle, WalLsn.parse("0/500"), 0, 500)).isZero();
    assertThat(PG.behind(idle, WalLsn.parse("0/500"))).isZero();
  }

  @Test
  void postgres_behindIsTimeSinceLastReplayedTransaction() {
    ReplicaReading paused = pg("0/500", "0/900", 4_200);
    assertThat(PG.behind(paused, WalLsn.parse("0/800"))).isEqualTo(0x400);
    assertThat(lag(PG, paused, WalLsn.parse("0/800"), 10_000, 500)).isEqualTo(4_200);
  }

  @Test
  void postgres_lagIsCappedByHowLongTheReplicaHasBeenSeenBehind() {
    // The primary was idle for an hour, then wrote: the replica's last replayed commit is an hour
    // old, but it has been behind for at most one probe interval.
    ReplicaReading justBehind = pg("0/500", "0/500", 3_600_000);
    assertThat(lag(PG, justBehind, WalLsn.parse("0/600"), 0, 500)).isEqualTo(500);
  }

  @Test
  void postgres_measuresAgainstReceivedWalWhenThePrimaryIsUnknown() {
    ReplicaReading paused = pg("0/500", "0/900", 2_000);
    assertThat(PG.behind(paused, null)).isEqualTo(0x400);
    assertThat(lag(PG, paused, null, 5_000, 500)).isEqualTo(2_000);
  }

  @Test
  void mariadb_caughtUpByGtidIsZeroLag() {
    ReplicaReading reading =
        new ReplicaReading(null, GtidPosition.parse("0-1-20"), null, -1, 3, null);
    assertThat(lag(MARIADB, reading, GtidPosition.parse("0-1-20"), 0, 500)).isZero();
  }

  @Test
  void mariadb_behindIsSecondsBehindMaster() {
    ReplicaReading reading =
        new ReplicaReading(null, GtidPosition.parse("0-1-10"), null, -1, 3, null);
    assertThat(lag(MARIADB, reading, GtidPosition.parse("0-1-20"), 0, 500)).isEqualTo(3_000);
  }

  @Test
  void probe_isChosenByTheNodesEngine() {
    assertThat(ReplicationProbe.of(Engine.of("jdbc:postgresql://h/db"))).isSameAs(PG);
    assertThat(ReplicationProbe.of(Engine.of("jdbc:mariadb://h/db"))).isSameAs(MARIADB);
    assertThat(ReplicationProbe.of(Engine.of("jdbc:mysql://h/db"))).isSameAs(MARIADB);
    assertThat(ReplicationProbe.of(Engine.of("jdbc:h2:mem:x"))).isSameAs(NoReplication.INSTANCE);
    assertThat(ReplicationProbe.of(Engine.of("jdbc:oracle:thin:@h:1521/x")))
        .isSameAs(NoReplication.INSTANCE);
  }

  /** Lag as the monitor works it out: how far behind, then how long ago that was. */
  private static long lag(
      ReplicationProbe probe,
      ReplicaReading reading,
      io.shardwise.driver.replication.ReplicationPosition primary,
      long behindFor,
      long interval) {
    return probe.lagMillis(reading, probe.behind(reading, primary), behindFor, interval);
  }
}
