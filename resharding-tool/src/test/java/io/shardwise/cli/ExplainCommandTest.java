package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {

  private final String map = CliRun.map("example.yaml");

  private String owner(Object key) throws Exception {
    var loaded = ShardMapLoader.load(Path.of(map));
    return HashRing.of(loaded.ring(), loaded.shards()).shardFor(key);
  }

  @Test
  void insertWithLiteralKeyShowsShardAndPrimary() throws Exception {
    CliRun run = CliRun.of("explain", map, "INSERT INTO users (user_id, name) VALUES (42, 'ann')");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("shard key  users.user_id = 42")
        .contains("route      Shard(" + owner(42L) + ") on PRIMARY")
        .contains("writes go to the primary");
  }

  @Test
  void selectWithBoundParameterShowsShardAndReplica() throws Exception {
    CliRun run =
        CliRun.of("explain", map, "SELECT * FROM orders WHERE user_id = ?", "--param", "7");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("shard key  orders.user_id = ?1")
        .contains("route      Shard(" + owner(7L) + ") on REPLICA")
        .contains("chosen by 'round-robin'");
  }

  @Test
  void selectWithUnboundParameterSaysTheShardIsDecidedPerExecution() {
    CliRun run = CliRun.of("explain", map, "SELECT * FROM orders WHERE user_id = ?");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("decided at each execution by the value bound to ?1")
        .contains("role       REPLICA");
  }

  @Test
  void multiRowInsertShowsEachShardsSqlAndParameters() throws Exception {
    long a = 1;
    long b = 2;
    while (owner(b).equals(owner(a))) {
      b++;
    }
    CliRun run =
        CliRun.of(
            "explain",
            map,
            "INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'b')",
            "--param",
            String.valueOf(a),
            "--param",
            String.valueOf(b));
    System.out.println(run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("on PRIMARY")
        .contains("sql " + owner(a))
        .contains("INSERT INTO users (user_id, name) VALUES (?, 'b')")
        .contains("?1 = param 2")
        .contains("never written into the SQL");
  }

  @Test
  void shardHintShowsTheHintedShard() throws Exception {
    CliRun run =
        CliRun.of("explain", map, "/* shardwise:shard=" + owner(1L) + " */ SELECT * FROM users");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("route      Shard(" + owner(1L) + ") on REPLICA")
        .contains("a shard=NAME hint picked the shard");
  }

  @Test
  void selectWithoutKeyShowsShardSqlAndMergeSteps() {
    CliRun run =
        CliRun.of("explain", map, "SELECT name FROM users WHERE name > 'a' ORDER BY name LIMIT 3");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("route      Shards[")
        .contains("shard sql  SELECT name FROM users WHERE name > 'a' ORDER BY name LIMIT 3")
        .contains("streaming k-way merge");
  }

  @Test
  void crossShardQueryThatCannotBeAnsweredExactlyIsRefusedWithItsReason() {
    CliRun run = CliRun.of("explain", map, "SELECT COUNT(DISTINCT name) FROM users");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("refused    SW005: SELECT on users spans shards");
  }

  @Test
  void insideATransactionReadsGoToThePrimary() {
    CliRun run =
        CliRun.of("explain", map, "SELECT * FROM users WHERE user_id = 1", "--in-transaction");
    assertThat(run.out()).contains("on PRIMARY").contains("read-write transaction");
  }

  @Test
  void keyType_convertsTheBoundTextAndSaysSo() throws Exception {
    String typedMap = CliRun.map("keytype.yaml");
    HashRing ring = CliRun.ring("keytype.yaml");
    long key = CliRun.keyWhoseTextLandsElsewhere(ring);
    CliRun run =
        CliRun.of(
            "explain", typedMap, "SELECT * FROM users WHERE user_id = ?", "--param", "str:" + key);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("shard key  users.user_id = ?1 (keyType integer)")
        .contains("as Long) = 0x")
        .contains(", converted from '" + key + "' by keyType integer")
        .contains("route      Shard(" + ring.shardFor(key) + ") on REPLICA");
    CliRun refused =
        CliRun.of("explain", typedMap, "SELECT * FROM users WHERE user_id = ?", "--param", "abc");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).contains("refused    22018: The shard key users.user_id");
  }
}
