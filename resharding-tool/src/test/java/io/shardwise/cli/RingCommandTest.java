package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.router.ring.HashRing;
import org.junit.jupiter.api.Test;

class RingCommandTest {

  @Test
  void printsSharesThatAddUpAndLocatesKeys() {
    CliRun run = CliRun.of("ring", CliRun.map("example.yaml"), "42", "str:42");
    assertThat(run.exitCode()).isZero();
    double total =
        run.out()
            .lines()
            .filter(l -> l.trim().matches("s\\d\\s+[0-9.]+%"))
            .mapToDouble(l -> Double.parseDouble(l.trim().split("\\s+")[1].replace("%", "")))
            .sum();
    assertThat(total).isBetween(99.9, 100.1);
    assertThat(run.out()).containsPattern("key 42 -> s\\d").containsPattern("key str:42 -> s\\d");
  }

  @Test
  void table_locatesKeysAsValuesOfItsKeyType() throws Exception {
    String map = CliRun.map("keytype.yaml");
    HashRing ring = CliRun.ring("keytype.yaml");
    long key = CliRun.keyWhoseTextLandsElsewhere(ring);
    String owner = ring.shardFor(key);
    CliRun typed = CliRun.of("ring", map, "str:" + key, String.valueOf(key), "--table", "users");
    assertThat(typed.exitCode()).isZero();
    assertThat(typed.out())
        .contains("key str:" + key + " -> " + owner)
        .contains("key " + key + " -> " + owner);
    CliRun untyped = CliRun.of("ring", map, "str:" + key);
    assertThat(untyped.out()).contains("key str:" + key + " -> " + ring.shardFor("" + key));
  }

  @Test
  void table_refusesAValueThatDoesNotConvert_andAnUnknownTable() {
    String map = CliRun.map("keytype.yaml");
    CliRun refused = CliRun.of("ring", map, "str:abc", "--table", "users");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out())
        .contains("key str:abc -> refused: 22018: The shard key users.user_id has keyType integer");
    CliRun unknown = CliRun.of("ring", map, "42", "--table", "countries");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err())
        .contains("Table countries is not a sharded table of")
        .contains("its sharded tables are [devices, orders, users]");
  }
}
